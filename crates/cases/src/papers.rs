//! Which papers of a case a caller reads: a paper follows the reach of what it hangs on (the
//! rule is the domain's, `document::reads_document`). The documents crate files and sends
//! them; the case file lists them.

use hotline_domain::document::{reads_document, Attachment};
use hotline_domain::DocumentStep;
use hotline_http::Caller;
use hotline_store::queries::documents::{self as store, DocumentRow};
use hotline_store::queries::referrals;
use hotline_store::DbConnection;
use uuid::Uuid;

use crate::CaseError;

/// What a paper (its step, or its referral, of case `case_id`) hangs on; a referral of
/// another case is refused, naming `referral_id`.
pub fn attachment_of(
    conn: &mut DbConnection,
    step: Option<DocumentStep>,
    referral_id: Option<&str>,
    case_id: &str,
) -> Result<Attachment, CaseError> {
    let Some(id) = referral_id else {
        return Ok(step.map_or(Attachment::Case, Attachment::Step));
    };
    let referral = referrals::find(conn, id)?
        .filter(|r| r.case_id == case_id)
        .ok_or_else(|| {
            CaseError::field("referral_id", "Không có lần chuyển gửi này trong vụ việc.")
        })?;
    let agency = Uuid::parse_str(&referral.agency_id).map_err(|_| {
        CaseError::Store(hotline_store::StoreError::Corrupt(format!(
            "referral {id}: agency id"
        )))
    })?;
    Ok(Attachment::Referral { agency })
}

/// What stored paper `row` hangs on.
pub fn attachment_of_row(
    conn: &mut DbConnection,
    row: &DocumentRow,
) -> Result<Attachment, CaseError> {
    let step: Option<DocumentStep> = row.step.as_deref().and_then(|s| s.parse().ok());
    attachment_of(conn, step, row.referral_id.as_deref(), &row.case_id)
}

/// Whether the caller reads paper `row` (of a case it sees).
pub fn reads(
    conn: &mut DbConnection,
    caller: &Caller,
    row: &DocumentRow,
) -> Result<bool, CaseError> {
    let Some(role) = caller.role() else {
        return Ok(false);
    };
    Ok(reads_document(
        role,
        caller.agency(),
        attachment_of_row(conn, row)?,
    ))
}

/// The papers of case `case_id` (one the caller sees) that the caller reads, oldest first,
/// with who filed each.
pub fn readable(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
) -> Result<Vec<(DocumentRow, String)>, CaseError> {
    let mut papers = Vec::new();
    for (row, added_by) in store::of_case(conn, case_id)? {
        if reads(conn, caller, &row)? {
            papers.push((row, added_by));
        }
    }
    Ok(papers)
}

/// A paper as the case file lists it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PaperLine {
    pub id: String,
    pub kind: hotline_domain::DocumentKind,
    pub title: String,
    pub dated: chrono::NaiveDate,
    pub step: Option<DocumentStep>,
    pub referral_id: Option<String>,
    pub media_type: String,
    pub size: i64,
    pub added_by: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

/// The papers of case `case_id` the caller reads, as the case file lists them.
pub fn lines(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
) -> Result<Vec<PaperLine>, CaseError> {
    let corrupt = |id: &str| {
        CaseError::Store(hotline_store::StoreError::Corrupt(format!(
            "document {id}: a code"
        )))
    };
    readable(conn, caller, case_id)?
        .into_iter()
        .map(|(row, added_by)| {
            Ok(PaperLine {
                kind: row.kind.parse().map_err(|_| corrupt(&row.id))?,
                step: row.step.as_deref().and_then(|s| s.parse().ok()),
                title: caller.vault().open(
                    hotline_vault::Field::DocumentTitle,
                    &row.id,
                    &row.title,
                )?,
                id: row.id,
                dated: row.dated,
                referral_id: row.referral_id,
                media_type: row.media_type,
                size: row.size,
                added_by,
                added_at: row.added_at.and_utc(),
            })
        })
        .collect()
}
