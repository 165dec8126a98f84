//! The data subject's copy: everything the service holds about one child, in the cases the
//! supervisor's scope covers, as one JSON document. The child is found in other cases the
//! way the duplicate check finds it (the keyed hash of the name, and the year of birth).
//! The informants' identities are third parties' data and are left out; the export says so.

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::queries::{cases, erasure};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::corrections::{versions_of, FieldVersionView};
use super::holds::supervisor_scope;
use crate::dto::{CaseDetailView, ChildView};
use crate::guard::case_id;
use crate::steps::{self, StepRecordView};
use crate::view::{view_of, Reader};
use crate::CaseError;

/// What is left out of an export, and why.
const WITHHELD: &str = "Thông tin định danh của người báo tin (họ tên, số điện thoại, tài khoản) là dữ liệu của người khác và không có trong bản trích xuất.";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectExport {
    pub generated_at: DateTime<Utc>,
    /// The child as the case asked about records it.
    pub subject: ChildView,
    /// Every case in the caller's scope that holds the child, the one asked about first.
    pub cases: Vec<SubjectCase>,
    /// What the export leaves out.
    pub withheld: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectCase {
    /// The case as it reads (informants' identities removed).
    pub case: CaseDetailView,
    /// The Decree 56 step records, with every version.
    pub step_records: Vec<StepRecordView>,
    /// Values corrected since, and what they were.
    pub corrections: Vec<FieldVersionView>,
}

impl SubjectExport {
    /// The number of the case the export was asked from, for the file's name.
    pub fn case_number(&self) -> &str {
        self.cases
            .first()
            .map_or("", |c| c.case.case_number.as_str())
    }
}

/// Export everything held about child `child_id` of case `id`.
pub fn export_child(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    child_id: &str,
    now: DateTime<Utc>,
) -> Result<SubjectExport, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let vault = caller.vault();
    caller.audited_read(conn, now, |conn| {
        let case = cases::visible(conn, scope, &id)?;
        let child = cases::children_of(conn, &case.id)?
            .into_iter()
            .find(|c| c.id == child_id)
            .ok_or(CaseError::NotFound)?;
        let mut ids = vec![case.id.clone()];
        if let Some(key) = &child.name_key {
            for other in erasure::cases_of_child(conn, key, child.birth_year)? {
                if !ids.contains(&other) {
                    ids.push(other);
                }
            }
        }
        let mut found = Vec::new();
        for case_id in &ids {
            match cases::visible(conn, scope, case_id) {
                Ok(row) => found.push(row),
                Err(hotline_store::StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let reads_steps = steps::may_read_steps(caller).is_ok();
        let mut exported = Vec::new();
        for row in found {
            let step_records = if reads_steps {
                steps::steps_view(conn, caller, &row)?.records
            } else {
                Vec::new()
            };
            let corrections = versions_of(conn, vault, &row.id)?;
            let mut view = view_of(conn, Reader::of(caller, scope), row)?;
            for report in &mut view.reports {
                report.informant = None;
            }
            exported.push(SubjectCase {
                case: view,
                step_records,
                corrections,
            });
        }
        let subject = exported
            .first()
            .and_then(|c| c.case.children.iter().find(|c| c.id == child.id))
            .cloned()
            .ok_or(CaseError::NotFound)?;
        let case_ids: Vec<String> = exported.iter().map(|c| c.case.id.clone()).collect();
        let entry = crate::entries::case_entry("child.export", &case)
            .cases(case_ids.clone())
            .detail(json!({
                "case_number": case.case_number,
                "child_id": child.id,
                "cases": case_ids,
            }));
        Ok((
            SubjectExport {
                generated_at: now,
                subject,
                cases: exported,
                withheld: vec![WITHHELD.to_owned()],
            },
            entry,
        ))
    })
}
