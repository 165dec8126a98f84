//! Moving a case along the Decree 56 lifecycle. A move to `duplicate` is a link to the case
//! kept (a duplicate without one would keep its referrals open, and escalating, on a case
//! nobody works).

use chrono::{DateTime, Utc};
use hotline_domain::casework::missing_for;
use hotline_domain::{lifecycle, AgencyKind, CaseStatus, CaseStep, ClosureReason};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::{AgencyRow, CaseEventRow, CaseRow, CaseStepRow, OutboxRow};
use hotline_store::queries::{agencies, cases, outbox, places, referrals};
use hotline_store::DbConnection;
use hotline_vault::SealText;
use serde_json::json;

use crate::deadlines::on_move;
use crate::dto::{CaseDetailView, TransitionRequest};
use crate::duplicates::link;
use crate::entries::case_entry;
use crate::guard;
use crate::guard::Reader;
use crate::lifecycle::{may_move, optional_note, Mover};
use crate::steps::records::ClosureRecord;
use crate::steps::{body, File};
use crate::view::current_view;
use crate::CaseError;

/// A child who moved away is handed to the commune it moved to: that commune's group and its
/// province's department are told (by e-mail, with the case number and places only) that
/// case work closed here continues there. Returns how many notices were queued.
fn hand_over(
    conn: &mut DbConnection,
    case: &CaseRow,
    closure: &CaseStepRow,
    now: DateTime<Utc>,
) -> Result<usize, CaseError> {
    let record: ClosureRecord = body(closure)?;
    let (ClosureReason::MovedAway, Some(code)) = (record.reason, record.new_commune_code) else {
        return Ok(0);
    };
    let Some(commune) = places::commune(conn, code)? else {
        return Ok(0);
    };
    let mut to: Vec<AgencyRow> = agencies::commune_groups(conn, code)?;
    to.extend(referrals::province_agency(
        conn,
        AgencyKind::ChildProtectionDept.code(),
        commune.province_code,
    )?);
    let from = places::commune(conn, case.commune_code)?.map(|c| c.name);
    // Places' names and codes only: a commune is not a child's address.
    let payload = json!({
        "case_id": case.id, "from_commune_code": case.commune_code, "to_commune_code": code,
        "from_commune": from, "to_commune": commune.name,
    })
    .to_string();
    let messages: Vec<OutboxRow> = to
        .iter()
        .filter_map(|a| {
            let email = a.email.as_deref().filter(|e| !e.trim().is_empty())?;
            Some(OutboxRow::about_case(
                "case.handed_over",
                &case.id,
                Some(&a.id),
                email,
                payload.clone(),
                now.naive_utc(),
            ))
        })
        .collect();
    outbox::insert(conn, &messages)?;
    Ok(messages.len())
}

/// Move case `id` (as typed) to the status the request names (`case.transition`, or
/// `case.link_duplicate` for a move to `duplicate`); the case as it now reads.
pub fn transition_case(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    id: &str,
    request: &TransitionRequest,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let (mover, id) = Mover::of(caller, id, CaseError::MayNotTransition)?;
    let (scope, role) = (mover.scope, mover.role);
    let to: CaseStatus = request
        .to
        .parse()
        .map_err(|_| CaseError::field("to", "mã trạng thái không hợp lệ"))?;
    let note = optional_note(request.note.as_deref())?;
    let duplicate_of = match (to, request.duplicate_of.as_deref().map(str::trim)) {
        (CaseStatus::Duplicate, Some(of)) if !of.is_empty() => Some(of.to_owned()),
        (CaseStatus::Duplicate, _) => {
            return Err(CaseError::field(
                "duplicate_of",
                "cần vụ việc được giữ lại (mã hoặc số vụ việc)",
            ))
        }
        _ => None,
    };
    caller.audited(conn, now, |conn| {
        let entry = match duplicate_of {
            Some(of) => link(conn, (caller, router), mover, (&id, &of), note, now)?,
            None => {
                let row = guard::writable(cases::visible(conn, scope, &id)?)?;
                let from = row.status;
                may_move(role, from, to)?;
                let steps = crate::sealed::steps_of(conn, caller.vault(), &id)?;
                let file = File::new(&steps, row.plan_cycle);
                if let Some(missing) = missing_for(from, to, &file.holdings()?) {
                    return Err(CaseError::Incomplete(missing));
                }
                let ends = !lifecycle::is_open(to);
                let closed_at = ends.then_some(now.naive_utc());
                cases::set_status(conn, &id, from, to, closed_at, now.naive_utc())?;
                // Nobody is asked to work an ended case: its referrals end with it.
                let ended = if ends {
                    referrals::end_with_case(conn, &id, now.naive_utc())?
                } else {
                    Vec::new()
                };
                let deadlines = on_move(conn, router, &row, (from, to), now)?;
                let handed_over = match (to, file.latest(CaseStep::Closure)) {
                    (CaseStatus::Closed, Some(closure)) => hand_over(conn, &row, closure, now)?,
                    _ => 0,
                };
                cases::insert_event(
                    conn,
                    &CaseEventRow::new(&id, caller.user_id(), "transition", now.naive_utc())
                        .moving(Some(from), to)
                        .sealed_text(caller.vault(), note.clone())?,
                )?;
                case_entry("case.transition", &row).detail(serde_json::json!({
                    "from": from.code(), "to": to.code(), "with_note": note.is_some(),
                    "referrals_ended": ended, "deadlines": deadlines,
                    "hand_over_notices": handed_over,
                }))
            }
        };
        let view = current_view(conn, Reader::of(caller, scope), &id)?;
        Ok((view, entry))
    })
}
