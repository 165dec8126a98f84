//! Reading papers: a case's list, as far as the caller's reach goes, and one paper's bytes,
//! opened a chunk at a time as they are sent. A paper the caller may not read is "not
//! found", like a case outside its scope.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_cases::CaseError;
use hotline_domain::document::handles_documents;
use hotline_http::Caller;
use hotline_store::queries::cases;
use hotline_store::queries::documents::{self as store, ChunkStore};
use hotline_store::queries::users;
use hotline_store::DbConnection;
use hotline_vault::{ChunkSealer, FileKey};
use serde_json::json;

use crate::view::{DocumentList, DocumentView};
use crate::{case_uuid, DocumentError};

/// Refused unless the caller's role handles papers at all.
fn handles(caller: &Caller) -> Result<(), DocumentError> {
    caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    match caller.role() {
        Some(role) if handles_documents(role, caller.agency()) => Ok(()),
        _ => Err(DocumentError::MayNot),
    }
}

/// Refused before a form's body is read: the caller must see the case and handle papers.
pub fn may_file_on(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
) -> Result<(), DocumentError> {
    handles(caller)?;
    hotline_cases::guard::in_reach(conn, caller, case_id)?;
    Ok(())
}

/// The papers of case `case_id` (as typed) the caller reads: `document.list`.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
    now: DateTime<Utc>,
) -> Result<DocumentList, DocumentError> {
    handles(caller)?;
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let case_id = case_uuid(case_id)?;
    caller.audited_read(conn, now, |conn| -> Result<_, DocumentError> {
        let case = cases::visible(conn, scope, &case_id)?;
        let items = hotline_cases::papers::views(conn, caller, &case.id)?;
        let entry = Entry::new("document.list")
            .on("case", case.id.clone())
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(json!({"documents": items.len()}));
        Ok((DocumentList { items }, entry))
    })
}

/// A paper opened for sending: what it is, and how to open its chunks.
pub struct Download {
    pub view: DocumentView,
    pub chunks: i32,
    pub sealer: ChunkSealer,
}

impl Download {
    /// Chunk `seq` of the paper, opened (`None` past the last).
    pub fn chunk(
        &self,
        conn: &mut DbConnection,
        store: &dyn ChunkStore,
        seq: i32,
    ) -> Result<Option<Vec<u8>>, DocumentError> {
        if seq >= self.chunks {
            return Ok(None);
        }
        let missing = || {
            DocumentError::Store(hotline_store::StoreError::Corrupt(format!(
                "document {}: chunk {seq} is missing",
                self.view.id
            )))
        };
        let body = store.read(conn, &self.view.id, seq)?.ok_or_else(missing)?;
        let seq_u32 = u32::try_from(seq).map_err(|_| missing())?;
        Ok(Some(self.sealer.open(
            seq_u32,
            seq + 1 == self.chunks,
            &body,
        )?))
    }
}

/// Paper `id` (as typed), if the caller reads it: `document.read`, committed before a byte
/// is sent.
pub fn open(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Download, DocumentError> {
    handles(caller)?;
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_uuid(id)?;
    caller.audited_read(conn, now, |conn| -> Result<_, DocumentError> {
        let row = store::find(conn, &id)?
            .filter(|r| r.erased_at.is_none())
            .ok_or(CaseError::NotFound)?;
        let case = cases::visible(conn, scope, &row.case_id)?;
        if !hotline_cases::papers::reads(conn, caller, &row)? {
            return Err(CaseError::NotFound.into());
        }
        let stored_key = row.file_key.as_deref().ok_or(CaseError::NotFound)?;
        let sealer = FileKey::open(caller.vault(), &row.id, stored_key)?.chunks(&row.id);
        let added_by = users::by_id(conn, &row.added_by)?
            .map(|u| u.username)
            .unwrap_or_default();
        let view = DocumentView::of(caller.vault(), &row, added_by)?;
        let entry = Entry::new("document.read")
            .on("document", row.id.clone())
            .cases([case.id.clone()])
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(json!({"kind": row.kind, "step": row.step, "size": row.size}));
        Ok((
            Download {
                view,
                chunks: row.chunks,
                sealer,
            },
            entry,
        ))
    })
}
