//! Linking a case as the duplicate of another: it moves to `duplicate`, its open referrals go
//! to the case kept (or end as `reassigned` where that agency already has one there), its
//! evidence is added to the case kept, and both timelines record the link.

use chrono::{DateTime, NaiveDateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{lifecycle, referral, CaseScope, CaseStatus};
use hotline_http::Caller;
use hotline_store::models::{CaseEventRow, CaseRow};
use hotline_store::queries::{cases, evidence, referrals};
use hotline_store::{DbConnection, StoreError, StoreResult};

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::lifecycle::{may_move, optional_note, Mover};
use crate::view::current_view;
use crate::CaseError;

/// Link case `id` as the duplicate of the case `of` names (its id or number), in one audited
/// transaction; the duplicate as it now reads.
pub fn link_duplicate(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    of: &str,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let (mover, id) = Mover::of(caller, id, CaseError::MayNotLink)?;
    let of = of.trim().to_owned();
    let note = optional_note(note)?;
    caller.audited(conn, now, |conn| {
        let entry = link(conn, caller, mover, (&id, &of), note, now)?;
        let view = current_view(conn, mover.scope, &id)?;
        Ok((view, entry))
    })
}

/// The link of case `id` to the case `of` names, inside the caller's transaction; returns
/// its audit entry.
pub(crate) fn link(
    conn: &mut DbConnection,
    caller: &Caller,
    Mover { scope, role }: Mover,
    (id, of): (&str, &str),
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<Entry, CaseError> {
    let dup = cases::visible(conn, scope, id)?;
    let kept = find_kept(conn, scope, of)?;
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
    let handed = hand_over_referrals(conn, &dup.id, &kept.id, at)?;
    let evidence_copied = evidence::copy_to(conn, &dup.id, &kept.id, at)?;
    let user_id = caller.user_id();
    cases::insert_events(
        conn,
        &[
            CaseEventRow::new(&dup.id, user_id.clone(), "duplicate_linked", at)
                .moving(Some(from), CaseStatus::Duplicate)
                .with_text(Some(match &note {
                    Some(n) => format!("Trùng với vụ việc {}. {n}", kept.case_number),
                    None => format!("Trùng với vụ việc {}.", kept.case_number),
                })),
            CaseEventRow::new(&kept.id, user_id, "duplicate_received", at)
                .with_text(Some(format!(
                    "Vụ việc {} được liên kết là bản trùng của vụ việc này; {} chuyển giao được chuyển sang, {} đã có sẵn.",
                    dup.case_number, handed.moved.len(), handed.merged.len()
                ))),
        ],
    )?;
    cases::touch(conn, &kept.id, at)?;
    Ok(
        case_entry("case.link_duplicate", &dup).detail(serde_json::json!({
            "case_number": dup.case_number, "from": from.code(),
            "kept_case_id": kept.id, "kept_case_number": kept.case_number,
            "referrals_moved": handed.moved, "referrals_merged": handed.merged,
            "evidence_copied": evidence_copied, "with_note": note.is_some(),
        })),
    )
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

struct Handed {
    moved: Vec<String>,
    merged: Vec<String>,
}

/// Each open referral of the duplicate moves to the case kept, unless its agency already has
/// an open referral there: then it ends as `reassigned`, pointing at that one.
fn hand_over_referrals(
    conn: &mut DbConnection,
    dup: &str,
    kept: &str,
    at: NaiveDateTime,
) -> StoreResult<Handed> {
    let mut handed = Handed {
        moved: Vec::new(),
        merged: Vec::new(),
    };
    for (r, _) in referrals::for_case(conn, dup)? {
        if !referral::is_open(r.status) {
            continue;
        }
        match referrals::open_for(conn, kept, &r.agency_id)? {
            Some(existing) => {
                referrals::mark_replaced(conn, &r.id, r.status, &existing.id, at)?;
                handed.merged.push(r.id);
            }
            None => {
                referrals::move_to_case(conn, &r.id, r.status, kept, at)?;
                handed.moved.push(r.id);
            }
        }
    }
    Ok(handed)
}
