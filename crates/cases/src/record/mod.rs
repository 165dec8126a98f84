//! The case file for the record: everything the caller may see of one case (the intake
//! record, the step records, the referrals, the deadlines and the timeline) as one JSON
//! document, or as a printable Vietnamese document laid out like the Decree's forms
//! (`page`). It is built from the same views as the API's reads, so it never shows more than
//! they do; it is audited as an export.

mod page;

pub use page::{render_html, render_step_form};

/// The printed file's policy: its own styles only (inline, so that it prints alone), no
/// script, no frame, nothing fetched.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::queries::cases;
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::deadlines::{deadlines_of, DeadlineView};
use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::case_id;
use crate::guard::Reader;
use crate::steps::{may_read_steps, steps_view, StepsView};
use crate::view::view_of;
use crate::CaseError;

/// The format a record is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    Json,
    Html,
    /// One step record, printed as its form to be signed.
    StepForm,
}

impl RecordFormat {
    fn code(self) -> &'static str {
        match self {
            RecordFormat::Json => "json",
            RecordFormat::Html => "html",
            RecordFormat::StepForm => "step_form",
        }
    }
}

/// The whole case file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseRecord {
    pub generated_at: DateTime<Utc>,
    /// Username of who exported it.
    pub generated_by: Option<String>,
    /// The case as `GET /api/v1/cases/{id}` shows it: the intake record (reports,
    /// children, informant where consented), referrals, evidence and timeline.
    pub case: CaseDetailView,
    /// The step records with their versions; null when the caller's role does not read them.
    pub steps: Option<StepsView>,
    /// The deadlines of the case's work and of its referrals.
    pub deadlines: Vec<DeadlineView>,
    /// The papers filed on the case that the caller reads.
    pub documents: Vec<crate::papers::DocumentView>,
}

/// Case `id` (as typed) as one document: `case.record.export`.
pub fn export_record(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    format: RecordFormat,
    now: DateTime<Utc>,
) -> Result<CaseRecord, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    let reads_steps = may_read_steps(caller).is_ok();
    caller.audited(conn, now, |conn| {
        let row = cases::visible(conn, scope, &id)?;
        let entry = case_entry("case.record.export", &row).detail(json!({
            "case_number": row.case_number, "format": format.code(), "steps": reads_steps,
        }));
        let steps = if reads_steps {
            Some(steps_view(conn, caller, &row)?)
        } else {
            None
        };
        let deadlines = deadlines_of(conn, &id)?;
        let documents = crate::papers::views(conn, caller, &id)?;
        let case = view_of(conn, Reader::of(caller, scope), row)?;
        let record = CaseRecord {
            generated_at: now,
            generated_by: caller.principal().map(|p| p.username.clone()),
            case,
            steps,
            deadlines,
            documents,
        };
        Ok((record, entry))
    })
}
