//! Notes on a case's timeline.

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::models::CaseEventRow;
use hotline_store::queries::cases;
use hotline_store::DbConnection;
use hotline_vault::SealText;

use crate::dto::TimelineEntry;
use crate::entries::case_entry;
use crate::guard::{self, case_id};
use crate::lifecycle::MAX_NOTE_CHARS;
use crate::CaseError;

/// Add a note to case `id` (as typed): the timeline event and `case.note` commit together.
pub fn add_note(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<TimelineEntry, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    let text = text.trim().to_owned();
    if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
        return Err(CaseError::field(
            "text",
            format!("cần từ 1 đến {MAX_NOTE_CHARS} ký tự"),
        ));
    }
    let event = CaseEventRow::new(&id, caller.user_id(), "note", now.naive_utc())
        .sealed_text(caller.vault(), Some(text.clone()))?;
    caller.audited(conn, now, |conn| {
        let row = guard::writable(cases::visible(conn, scope, &id)?)?;
        cases::insert_event(conn, &event)?;
        cases::touch(conn, &id, now.naive_utc())?;
        let entry = case_entry("case.note", &row).detail(serde_json::json!({"note_id": event.id}));
        Ok((
            TimelineEntry {
                id: event.id.clone(),
                at: now,
                actor: caller.principal().map(|p| p.username.clone()),
                kind: event.kind.clone(),
                from_status: None,
                to_status: None,
                text: Some(text),
            },
            entry,
        ))
    })
}
