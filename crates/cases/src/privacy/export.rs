//! The data subject's copy: what the service holds about one child, as one JSON document.
//!
//! A child's other cases are found as the duplicate check finds a child (the keyed hash of
//! the folded name and the year of birth, in the same commune) and are only offered: each
//! joins the copy once the supervisor has confirmed it is the same child, for a namesake's
//! file is another child's. From every case in the copy, only this child's own rows go: the
//! other children of a case, their corrections and the services given to them stay out, and
//! so do the informants' identities, which are third parties' data. The copy says so.

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::models::{CaseRow, ChildRow};
use hotline_store::queries::{cases, erasure};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::corrections::{versions_of, FieldVersionView};
use crate::dto::{CaseDetailView, ChildView};
use crate::guard::case_id;
use crate::guard::supervisor_scope;
use crate::guard::Reader;
use crate::steps::{self, StepRecordView};
use crate::view::view_of;
use crate::CaseError;

/// What is left out of an export, and why.
const WITHHELD: [&str; 2] = [
    "Thông tin định danh của người báo tin (họ tên, số điện thoại, tài khoản) là dữ liệu của người khác và không có trong bản trích xuất.",
    "Thông tin của những trẻ em khác trong cùng vụ việc (họ tên, ngày sinh, nơi ở, dịch vụ đã nhận) không có trong bản trích xuất.",
];

/// The most cases a supervisor may confirm into one copy.
pub const MAX_CONFIRMED: usize = 50;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectExport {
    pub generated_at: DateTime<Utc>,
    /// The child as the case asked about records it.
    pub subject: ChildView,
    /// The case asked about first, then each case the supervisor confirmed holds the same
    /// child; from each, only this child's rows.
    pub cases: Vec<SubjectCase>,
    /// Other cases that may hold the same child (same keyed name and year of birth, same
    /// commune), not in the copy until confirmed (`confirm`).
    pub candidates: Vec<CandidateCase>,
    /// What the export leaves out.
    pub withheld: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectCase {
    /// The case as it reads, with only this child among its children (informants' identities
    /// removed).
    pub case: CaseDetailView,
    /// The Decree 56 step records, with every version.
    pub step_records: Vec<StepRecordView>,
    /// This child's values corrected since, and what they were.
    pub corrections: Vec<FieldVersionView>,
    /// The case's papers (signed forms, decisions, other bodies' papers), each downloaded
    /// on its own from `download` (a download is audited as a reading of the paper).
    pub documents: Vec<SubjectPaper>,
}

/// A paper of a case in the copy, and where its file is read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectPaper {
    #[serde(flatten)]
    pub document: crate::papers::DocumentView,
    /// Where the file is read: `/api/v1/documents/{id}`.
    pub download: String,
}

/// The papers of case `case_id` the caller reads, each with where its file is read.
fn papers_of(
    conn: &mut DbConnection,
    caller: &Caller,
    case_id: &str,
) -> Result<Vec<SubjectPaper>, CaseError> {
    Ok(crate::papers::views(conn, caller, case_id)?
        .into_iter()
        .map(|document| SubjectPaper {
            download: format!("/api/v1/documents/{}", document.id),
            document,
        })
        .collect())
}

/// A case that may hold the same child, for the supervisor to confirm or leave out.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateCase {
    pub case_id: String,
    pub case_number: String,
    pub status: String,
    pub received_at: DateTime<Utc>,
}

impl SubjectExport {
    /// The number of the case the export was asked from, for the file's name.
    pub fn case_number(&self) -> &str {
        self.cases
            .first()
            .map_or("", |c| c.case.case_number.as_str())
    }
}

/// Whether `other` is the same child as `subject` the way the duplicate check sees it.
fn same_child(subject: &ChildRow, other: &ChildRow) -> bool {
    subject.name_key.is_some()
        && subject.birth_year.is_some()
        && other.name_key == subject.name_key
        && other.birth_year == subject.birth_year
}

/// Case `id` within `scope` and its child `child_id`; either absent is not found.
fn case_and_child(
    conn: &mut DbConnection,
    scope: hotline_domain::CaseScope,
    (id, child_id): (&str, &str),
) -> Result<(CaseRow, hotline_store::models::ChildRow), CaseError> {
    let case = cases::visible(conn, scope, id)?;
    let child = cases::children_of(conn, &case.id)?
        .into_iter()
        .find(|c| c.id == child_id)
        .ok_or(CaseError::NotFound)?;
    Ok((case, child))
}

/// The cases of `scope`, other than `case`, that hold a child of `child`'s keyed name and
/// year of birth in `case`'s commune, newest first.
fn candidates_of(
    conn: &mut DbConnection,
    scope: hotline_domain::CaseScope,
    case: &CaseRow,
    child: &ChildRow,
) -> Result<Vec<CaseRow>, CaseError> {
    let (Some(key), Some(year)) = (&child.name_key, child.birth_year) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for id in erasure::cases_of_child(conn, key, year, case.commune_code)? {
        if id == case.id {
            continue;
        }
        match cases::visible(conn, scope, &id) {
            Ok(row) => found.push(row),
            Err(hotline_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.received_at));
    Ok(found)
}

/// The case ids `confirm` names (comma-separated, as typed), each a candidate.
fn confirmed_ids(confirm: &[String], candidates: &[CaseRow]) -> Result<Vec<String>, CaseError> {
    if confirm.len() > MAX_CONFIRMED {
        return Err(CaseError::field(
            "confirm",
            format!("tối đa {MAX_CONFIRMED} vụ việc"),
        ));
    }
    let mut ids = Vec::new();
    for raw in confirm {
        let id = case_id(raw)
            .map_err(|_| CaseError::field("confirm", format!("“{raw}” không phải mã vụ việc")))?;
        if !candidates.iter().any(|c| c.id == id) {
            return Err(CaseError::field(
                "confirm",
                format!("vụ việc {id} không phải vụ việc có thể của trẻ này"),
            ));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// `row` as the copy gives it: only the children that are `subject`, their corrections and
/// the services given to them (or to no child in particular).
fn subject_case(
    conn: &mut DbConnection,
    (caller, reader): (&Caller, Reader<'_>),
    row: CaseRow,
    subject: &ChildRow,
) -> Result<SubjectCase, CaseError> {
    let own: Vec<String> = cases::children_of(conn, &row.id)?
        .into_iter()
        .filter(|c| c.id == subject.id || same_child(subject, c))
        .map(|c| c.id)
        .collect();
    let step_records = match steps::may_read_steps(caller).is_ok() {
        true => steps::steps_view(conn, caller, &row)?.records,
        false => Vec::new(),
    };
    let corrections = versions_of(conn, reader.vault, &row.id)?
        .into_iter()
        .filter(|v| v.entity != "child" || own.contains(&v.entity_id))
        .collect();
    let documents = papers_of(conn, caller, &row.id)?;
    let mut view = view_of(conn, reader, row)?;
    view.children.retain(|c| own.contains(&c.id));
    view.indicators
        .services
        .retain(|s| s.child_id.as_ref().is_none_or(|id| own.contains(id)));
    // Other cases' numbers are no part of this child's file.
    view.possible_duplicates.clear();
    for report in &mut view.reports {
        report.informant = None;
    }
    Ok(SubjectCase {
        case: view,
        step_records,
        corrections,
        documents,
    })
}

/// What a supervisor decides before exporting a child's copy: the child, and the other cases
/// that may hold it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportChoice {
    pub case_number: String,
    /// The child's name, opened (none when not given, or erased).
    pub child_name: Option<String>,
    pub candidates: Vec<CandidateCase>,
}

fn candidate(c: CaseRow) -> CandidateCase {
    CandidateCase {
        case_id: c.id,
        case_number: c.case_number,
        status: c.status.code().to_owned(),
        received_at: c.received_at.and_utc(),
    }
}

/// The cases that may hold child `child_id` of case `id` too, for the supervisor to confirm
/// before the copy is made (`child.export.prepare`: their numbers are shown).
pub fn export_candidates(
    conn: &mut DbConnection,
    caller: &Caller,
    (id, child_id): (&str, &str),
    now: DateTime<Utc>,
) -> Result<ExportChoice, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    caller.audited_read(conn, now, |conn| {
        let (case, child) = case_and_child(conn, scope, (&id, child_id))?;
        let candidates: Vec<CandidateCase> = candidates_of(conn, scope, &case, &child)?
            .into_iter()
            .map(candidate)
            .collect();
        let child_name = crate::sealed::open(
            caller.vault(),
            hotline_vault::Field::ChildName,
            &child.id,
            child.name.as_deref(),
        )?;
        let listed: Vec<String> = std::iter::once(case.id.clone())
            .chain(candidates.iter().map(|c| c.case_id.clone()))
            .collect();
        let entry = crate::entries::case_entry("child.export.prepare", &case)
            .cases(listed)
            .detail(json!({
                "case_number": case.case_number,
                "child_id": child.id,
                "candidates": candidates.iter().map(|c| &c.case_id).collect::<Vec<_>>(),
            }));
        Ok((
            ExportChoice {
                case_number: case.case_number.clone(),
                child_name,
                candidates,
            },
            entry,
        ))
    })
}

/// Export what is held about child `child_id` of case `id`, with the other cases in `confirm`
/// (each one a candidate the supervisor confirmed is the same child).
pub fn export_child(
    conn: &mut DbConnection,
    caller: &Caller,
    (id, child_id): (&str, &str),
    confirm: &[String],
    now: DateTime<Utc>,
) -> Result<SubjectExport, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let reader = Reader::of(caller, scope);
    caller.audited_read(conn, now, |conn| {
        let (case, child) = case_and_child(conn, scope, (&id, child_id))?;
        let found = candidates_of(conn, scope, &case, &child)?;
        let confirmed = confirmed_ids(confirm, &found)?;
        let (chosen, offered): (Vec<CaseRow>, Vec<CaseRow>) =
            found.into_iter().partition(|c| confirmed.contains(&c.id));
        let mut exported = vec![subject_case(conn, (caller, reader), case.clone(), &child)?];
        for row in chosen {
            exported.push(subject_case(conn, (caller, reader), row, &child)?);
        }
        let subject = exported
            .first()
            .and_then(|c| c.case.children.iter().find(|c| c.id == child.id))
            .cloned()
            .ok_or(CaseError::NotFound)?;
        let candidates: Vec<CandidateCase> = offered.into_iter().map(candidate).collect();
        let case_ids: Vec<String> = exported.iter().map(|c| c.case.id.clone()).collect();
        // The candidates' numbers are shown too: their trails say so.
        let listed = case_ids
            .iter()
            .cloned()
            .chain(candidates.iter().map(|c| c.case_id.clone()));
        let entry = crate::entries::case_entry("child.export", &case)
            .cases(listed)
            .detail(json!({
                "case_number": case.case_number,
                "child_id": child.id,
                "cases": case_ids,
                "candidates": candidates.iter().map(|c| &c.case_id).collect::<Vec<_>>(),
            }));
        Ok((
            SubjectExport {
                generated_at: now,
                subject,
                cases: exported,
                candidates,
                withheld: WITHHELD.iter().map(|w| (*w).to_owned()).collect(),
            },
            entry,
        ))
    })
}
