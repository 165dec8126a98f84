//! Erasure of a case on a lawful request: the same erasure as the retention run, decided by
//! a supervisor, with the grounds and the request recorded. Only an ended case is erased (a
//! child still being protected needs the file), and never one under a legal hold.

use chrono::{DateTime, Utc};
use hotline_domain::{lifecycle, ErasureReason};
use hotline_http::Caller;
use hotline_store::queries::{cases, holds};
use hotline_store::{write_transaction, DbConnection};

use super::erase::{erase_case, Basis};
use crate::dto::CaseDetailView;
use crate::guard::case_id;
use crate::guard::Reader;
use crate::guard::{required_text, supervisor_scope};
use crate::view::current_view;
use crate::CaseError;

/// Erase case `id` for `reason` (an [`ErasureReason`] code); `note` names the request (who
/// asked, when, the document), kept sealed on the case's timeline.
pub fn erase_on_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    (reason, note): (&str, &str),
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let reason: ErasureReason = reason.trim().parse().map_err(|_| {
        CaseError::field(
            "reason",
            format!(
                "một trong: {}",
                ErasureReason::ALL
                    .iter()
                    .map(|r| r.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let note = required_text("note", note)?;
    write_transaction(conn, |conn| {
        let case = cases::visible(conn, scope, &id)?;
        if lifecycle::is_open(case.status) {
            return Err(CaseError::StillOpen);
        }
        if holds::in_force(conn, &case.id)?.is_some() {
            return Err(CaseError::UnderHold);
        }
        if case.erased_at.is_some() {
            return Err(CaseError::Erased);
        }
        let basis = Basis::Request { reason, note };
        erase_case(
            conn,
            (caller.actor(), caller.vault()),
            &case.id,
            &basis,
            now,
        )?
        .ok_or(CaseError::Erased)?;
        current_view(conn, Reader::of(caller, scope), &case.id)
    })
}
