//! Filing a paper on a case: the checks (reach, what it hangs on, never abuse material),
//! then the row, the chunks and the audit entry in one transaction.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_cases::CaseError;
use hotline_domain::document::{adds_document, picture_needs_paper_declaration};
use hotline_domain::Category;
use hotline_http::Caller;
use hotline_store::models::CaseRow;
use hotline_store::queries::cases;
use hotline_store::queries::documents::{self as store, ChunkStore, DocumentRow};
use hotline_store::DbConnection;
use hotline_vault::Field;
use serde_json::json;

use crate::form::DocumentInput;
use crate::spool::Spooled;
use crate::view::DocumentView;
use crate::{case_uuid, DocumentError};

/// What a new paper is made of: what the form said, and the file as received.
pub struct NewDocument {
    pub input: DocumentInput,
    pub file: Spooled,
}

/// File `new` on case `case_id` (as typed): `document.add`.
pub fn add(
    conn: &mut DbConnection,
    caller: &Caller,
    (case_id, store): (&str, &dyn ChunkStore),
    mut new: NewDocument,
    now: DateTime<Utc>,
) -> Result<DocumentView, DocumentError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let role = caller.role().ok_or(DocumentError::MayNot)?;
    let case_id = case_uuid(case_id)?;
    let case = open_case(conn, scope, &case_id)?;
    let input = &new.input;
    let attachment = hotline_cases::papers::attachment_of(
        conn,
        input.step,
        input.referral_id.as_deref(),
        &case.id,
    )?;
    if !adds_document(role, caller.agency(), attachment) {
        return Err(DocumentError::MayNot);
    }
    refuse_abuse_material(conn, caller, &case, &new)?;

    let vault = caller.vault();
    let id = new.file.id.clone();
    let row = DocumentRow {
        id: id.clone(),
        case_id: case.id.clone(),
        step: input.step.map(|s| s.code().to_owned()),
        referral_id: input.referral_id.clone(),
        kind: input.kind.code().to_owned(),
        title: vault.seal(Field::DocumentTitle, &id, &input.title)?,
        dated: input.dated,
        media_type: new.file.media.mime().to_owned(),
        size: i64::try_from(new.file.size).unwrap_or(i64::MAX),
        chunks: i32::try_from(new.file.chunk_count()).unwrap_or(i32::MAX),
        scanned_paper: input.scanned_paper,
        file_key: Some(new.file.sealed_key(vault)?),
        added_by: caller.user_id().ok_or(DocumentError::MayNot)?,
        added_at: now.naive_utc(),
        erased_at: None,
    };
    let added_by = caller
        .principal()
        .map(|p| p.username.clone())
        .unwrap_or_default();
    let view = DocumentView::of(vault, &row, added_by)?;
    caller.audited(conn, now, |conn| -> Result<_, DocumentError> {
        // Read again inside the transaction: a case erased meanwhile takes no paper.
        open_case(conn, scope, &case.id)?;
        store::insert(conn, &row)?;
        new.file.chunks(|seq, body| -> Result<(), DocumentError> {
            Ok(store.write(conn, &id, seq, body)?)
        })?;
        let entry = Entry::new("document.add")
            .on("document", id.clone())
            .cases([case.id.clone()])
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(json!({
                "kind": row.kind, "step": row.step, "referral_id": row.referral_id,
                "media_type": row.media_type, "size": row.size, "chunks": row.chunks,
                "scanned_paper": row.scanned_paper,
            }));
        Ok((view, entry))
    })
}

/// The case, if the caller sees it and its details are not erased.
fn open_case(
    conn: &mut DbConnection,
    scope: hotline_domain::CaseScope,
    id: &str,
) -> Result<CaseRow, DocumentError> {
    let case = cases::visible(conn, scope, id)?;
    if case.erased_at.is_some() {
        return Err(CaseError::Erased.into());
    }
    Ok(case)
}

/// Abuse material is never held: a file recorded as online evidence on any case is refused,
/// and on a case of sexual abuse a picture only as a paper's scan, declared so.
fn refuse_abuse_material(
    conn: &mut DbConnection,
    caller: &Caller,
    case: &CaseRow,
    new: &NewDocument,
) -> Result<(), DocumentError> {
    let terms = caller.vault().terms();
    let keys: Vec<String> = [&new.file.sha256_sent, &new.file.sha256_kept]
        .into_iter()
        .map(|hash| terms.evidence_key("file_sha256", hash))
        .collect();
    if store::is_evidence_file(conn, &keys)? {
        tracing::warn!("an upload matching recorded evidence was refused");
        return Err(DocumentError::EvidenceFile);
    }
    if new.file.media.is_image() && !new.input.scanned_paper {
        let categories: Vec<Category> = cases::categories_of(conn, &[case.id.as_str()])?
            .remove(&case.id)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        if picture_needs_paper_declaration(&categories) {
            return Err(DocumentError::field(
                "scanned_paper",
                "Vụ việc xâm hại tình dục chỉ nhận ảnh chụp hoặc ảnh quét của giấy tờ. Hãy xác nhận đây là ảnh của giấy tờ; không tải lên hình ảnh xâm hại.",
            ));
        }
    }
    Ok(())
}
