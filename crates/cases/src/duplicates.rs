//! Linking a case as the duplicate of another: it moves to `duplicate`, its open referrals go
//! to the case kept (or end as `reassigned` where that agency already has one there), its
//! evidence is added to the case kept, and both timelines record the link.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{lifecycle, CaseScope, CaseStatus};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::{CaseEventRow, CaseRow};
use hotline_store::queries::cases;
use hotline_store::{DbConnection, StoreError};
use hotline_vault::SealText;

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard;
use crate::guard::Reader;
use crate::handover::hand_over;
use crate::lifecycle::{may_move, optional_note, Mover};
use crate::view::current_view;
use crate::CaseError;

/// Link case `id` as the duplicate of the case `of` names (its id or number), in one audited
/// transaction; the duplicate as it now reads.
pub fn link_duplicate(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    id: &str,
    of: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let (mover, id) = Mover::of(caller, id, CaseError::MayNotLink)?;
    let of = of.trim().to_owned();
    let note = optional_note(note)?;
    caller.audited(conn, now, |conn| {
        let entry = link(conn, (caller, router), mover, (&id, &of), note, now)?;
        let view = current_view(conn, Reader::of(caller, mover.scope), &id)?;
        Ok((view, entry))
    })
}

/// The link of case `id` to the case `of` names, inside the caller's transaction; returns
/// its audit entry.
pub(crate) fn link(
    conn: &mut DbConnection,
    (caller, router): (&Caller, &Router),
    Mover { scope, role }: Mover,
    (id, of): (&str, &str),
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Entry, CaseError> {
    let dup = guard::writable(cases::visible(conn, scope, id)?)?;
    let kept = guard::writable(find_kept(conn, scope, of)?)?;
    if kept.id == dup.id {
        return Err(CaseError::field(
            "of",
            "một vụ việc không thể trùng với chính nó",
        ));
    }
    if kept.status == CaseStatus::Duplicate {
        return Err(CaseError::KeptIsDuplicate {
            case_number: kept.case_number,
        });
    }
    if !lifecycle::is_open(kept.status) {
        return Err(CaseError::KeptClosed {
            case_number: kept.case_number,
        });
    }
    let from = dup.status;
    may_move(role, from, CaseStatus::Duplicate)?;
    let at = now.naive_utc();
    cases::mark_duplicate(conn, &dup.id, from, &kept.id, at)?;
    // The work goes on in the case kept: the duplicate owes no deadline, and no commune is
    // asked to take it.
    hotline_store::queries::casework::cancel_pending(conn, &dup.id, None)?;
    let withdrawn = crate::transfers::withdraw_waiting(conn, caller, &dup, now)?;
    let user_id = caller.user_id();
    let handed = hand_over(
        conn,
        (router, caller.vault()),
        &dup,
        &kept,
        (user_id.as_deref(), now),
    )?;
    let evidence_copied =
        crate::sealed::copy_evidence(conn, caller.vault(), (&dup.id, &kept.id), at)?;
    cases::insert_events(
        conn,
        &[
            CaseEventRow::new(&dup.id, user_id.clone(), "duplicate_linked", at)
                .moving(Some(from), CaseStatus::Duplicate)
                .sealed_text(caller.vault(), Some(match &note {
                    Some(n) => format!("Trùng với vụ việc {}. {n}", kept.case_number),
                    None => format!("Trùng với vụ việc {}.", kept.case_number),
                }))?,
            CaseEventRow::new(&kept.id, user_id, "duplicate_received", at)
                .sealed_text(caller.vault(), Some(format!(
                    "Vụ việc {} được liên kết là bản trùng của vụ việc này; {} chuyển tuyến được chuyển sang, {} đã có sẵn, {} chuyển cho cơ quan của địa bàn này, {} kết thúc.",
                    dup.case_number, handed.moved.len(), handed.merged.len(),
                    handed.rerouted.len(), handed.ended.len()
                )))?,
        ],
    )?;
    cases::touch(conn, &kept.id, at)?;
    Ok(case_entry("case.link_duplicate", &dup)
        .cases([kept.id.clone()])
        .detail(serde_json::json!({
            "case_number": dup.case_number, "from": from.code(),
            "kept_case_id": kept.id, "kept_case_number": kept.case_number,
            "referrals_moved": handed.moved, "referrals_merged": handed.merged,
        "referrals_rerouted": handed.rerouted, "referrals_ended": handed.ended,
            "evidence_copied": evidence_copied, "with_note": note.is_some(),
            "transfer_withdrawn": withdrawn,
        })))
}

/// The case named by id or case number, if the caller may see it; the same answer whether
/// it does not exist or lies outside the scope.
fn find_kept(conn: &mut DbConnection, scope: CaseScope, of: &str) -> Result<CaseRow, CaseError> {
    let found = match uuid::Uuid::parse_str(of) {
        Ok(uuid) => cases::visible(conn, scope, &uuid.to_string()),
        Err(_) => cases::visible_by_number(conn, scope, of),
    };
    match found {
        Ok(case) => Ok(case),
        Err(StoreError::NotFound) => Err(CaseError::field("of", "không tìm thấy vụ việc này")),
        Err(e) => Err(e.into()),
    }
}
