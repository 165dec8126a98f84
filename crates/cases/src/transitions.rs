//! Moving a case along the Decree 56 lifecycle. A move to `duplicate` is a link to the case
//! kept (a duplicate without one would keep its referrals open, and escalating, on a case
//! nobody works).

use chrono::{DateTime, Utc};
use hotline_domain::casework::missing_for;
use hotline_domain::{lifecycle, CaseStatus};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::CaseEventRow;
use hotline_store::queries::{cases, referrals};
use hotline_store::DbConnection;
use hotline_vault::SealText;

use crate::deadlines::on_move;
use crate::dto::{CaseDetailView, TransitionRequest};
use crate::duplicates::link;
use crate::entries::case_entry;
use crate::guard;
use crate::guard::Reader;
use crate::lifecycle::{may_move, optional_note, Mover};
use crate::steps::File;
use crate::view::current_view;
use crate::CaseError;

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
                // Nor is another commune asked to take it.
                let withdrawn = if ends {
                    crate::transfers::withdraw_waiting(conn, caller, &row, now)?
                } else {
                    None
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
                    "transfer_withdrawn": withdrawn,
                }))
            }
        };
        let view = current_view(conn, Reader::of(caller, scope), &id)?;
        Ok((view, entry))
    })
}
