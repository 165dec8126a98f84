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

/// A paper as the API, the console, the case file and the child's copy show it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub case_id: String,
    pub kind: hotline_domain::DocumentKind,
    pub title: String,
    /// The paper's own date.
    pub dated: chrono::NaiveDate,
    /// `application/pdf`, `image/jpeg` or `image/png`, as the file's bytes said.
    pub media_type: String,
    /// Bytes kept (a picture's metadata taken out).
    pub size: i64,
    /// The step record it belongs to, if any.
    pub step: Option<DocumentStep>,
    /// The referral it belongs to, if any.
    pub referral_id: Option<String>,
    /// The uploader declared a picture to be a scan of a paper.
    pub scanned_paper: bool,
    /// Username of who filed it.
    pub added_by: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

impl DocumentView {
    /// The view of a stored row (its title opened).
    pub fn of(
        vault: &hotline_vault::Vault,
        row: &DocumentRow,
        added_by: String,
    ) -> Result<Self, CaseError> {
        let corrupt = |what: &str| {
            CaseError::Store(hotline_store::StoreError::Corrupt(format!(
                "document {}: {what}",
                row.id
            )))
        };
        Ok(DocumentView {
            id: row.id.clone(),
            case_id: row.case_id.clone(),
            kind: row.kind.parse().map_err(|_| corrupt("kind"))?,
            title: vault.open(hotline_vault::Field::DocumentTitle, &row.id, &row.title)?,
            dated: row.dated,
            media_type: row.media_type.clone(),
            size: row.size,
            step: row
                .step
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| corrupt("step"))?,
            referral_id: row.referral_id.clone(),
            scanned_paper: row.scanned_paper,
            added_by,
            added_at: row.added_at.and_utc(),
        })
    }

    /// The name a download is given: the paper's kind, its date and its type, never its
    /// title (which can name the child).
    pub fn file_name(&self) -> String {
        let extension = hotline_domain::document::MediaType::from_mime(&self.media_type)
            .map_or("bin", |m| m.extension());
        format!("{}-{}.{extension}", self.kind.code(), self.dated)
    }
}

/// The papers of case `case_id` the caller reads, as views.
pub fn views(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
) -> Result<Vec<DocumentView>, CaseError> {
    readable(conn, caller, case_id)?
        .into_iter()
        .map(|(row, added_by)| DocumentView::of(caller.vault(), &row, added_by))
        .collect()
}
