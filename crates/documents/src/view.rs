//! A paper as the API and the console show it, and what it hangs on.

use chrono::{DateTime, NaiveDate, Utc};
use hotline_domain::document::MediaType;
use hotline_domain::{DocumentKind, DocumentStep};
use hotline_store::queries::documents::DocumentRow;
use hotline_vault::{Field, Vault};
use serde::Serialize;
use utoipa::ToSchema;

use crate::DocumentError;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub case_id: String,
    pub kind: DocumentKind,
    pub title: String,
    /// The paper's own date.
    pub dated: NaiveDate,
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
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentView>,
}

impl DocumentView {
    /// The view of a stored row (its title opened).
    pub fn of(vault: &Vault, row: &DocumentRow, added_by: String) -> Result<Self, DocumentError> {
        let corrupt = |what: &str| {
            DocumentError::Store(hotline_store::StoreError::Corrupt(format!(
                "document {}: {what}",
                row.id
            )))
        };
        Ok(DocumentView {
            id: row.id.clone(),
            case_id: row.case_id.clone(),
            kind: row.kind.parse().map_err(|_| corrupt("kind"))?,
            title: vault.open(Field::DocumentTitle, &row.id, &row.title)?,
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
        let extension = MediaType::from_mime(&self.media_type).map_or("bin", |m| m.extension());
        format!("{}-{}.{extension}", self.kind.code(), self.dated)
    }
}
