//! A past case from a province's register, written as it was: received on its own date, in
//! its own status and ended on its own date, so it counts in the figures of its own periods.
//! It is marked imported with the register's row (`source_key`), gets the next number of its
//! own year, and is found by search like any case. Nothing is sent: no referral, no
//! deadline, no mail, no webhook (those belong to cases worked here).

use chrono::{DateTime, Utc};
use hotline_audit::{append, Actor, Entry};
use hotline_domain::CaseStatus;
use hotline_store::models::{CaseEventRow, CommuneRow};
use hotline_store::queries::cases;
use hotline_store::queries::imports::{self, ImportRow};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::Vault;
use serde_json::json;

use crate::record::{case_row, child_rows, index_and_number, report_row};
use crate::validate::ValidReport;

/// A register's row that passed intake's checks.
#[derive(Debug, Clone)]
pub struct PastCase {
    /// `source:key`: the same row imported again is recognised by it.
    pub source_key: String,
    pub report: ValidReport,
    pub status: CaseStatus,
    pub closed_at: Option<DateTime<Utc>>,
    /// The spreadsheet's row number.
    pub row: usize,
}

/// Who imports: the account recorded as having opened the cases, the hotline whose register
/// it is, and the audit log's name for the run.
pub struct Importer<'a> {
    pub user_id: &'a str,
    pub agency_id: &'a str,
    pub actor: &'a Actor,
}

/// Write `past`, in commune `commune`, inside the caller's transaction: the case, its
/// children, its report, the import's mark, the timeline, the search words, its number, and
/// `case.import` in the audit log. Returns the case's id and number.
pub fn record_past(
    conn: &mut DbConnection,
    vault: &Vault,
    importer: &Importer<'_>,
    (past, commune): (&PastCase, &CommuneRow),
    now: DateTime<Utc>,
) -> Result<(String, String), StoreError> {
    let report = &past.report;
    let case_id = uuid::Uuid::new_v4().to_string();
    let children = child_rows(vault, &case_id, report)?;
    let categories: Vec<String> = report
        .categories
        .iter()
        .map(|c| c.code().to_owned())
        .collect();
    let opener = (importer.user_id.to_owned(), importer.agency_id.to_owned());
    let mut case = case_row(vault, &case_id, (report, commune), opener, now)?;
    case.status = past.status;
    case.closed_at = past.closed_at.map(|t| t.naive_utc());
    cases::insert_case(
        conn,
        cases::NewCase {
            case: &case,
            categories: &categories,
            children: &children,
        },
    )?;
    let report_id = uuid::Uuid::new_v4().to_string();
    let who = (
        importer.user_id.to_owned(),
        Some(importer.agency_id.to_owned()),
    );
    let place = (Some(commune.province_code), Some(commune.code));
    let row = report_row(vault, (&report_id, Some(&case_id)), report, who, place, now)?;
    cases::insert_report(conn, &row)?;
    imports::insert(
        conn,
        &ImportRow {
            case_id: case_id.clone(),
            source_key: past.source_key.clone(),
            imported_by: importer.user_id.to_owned(),
            imported_at: now.naive_utc(),
        },
    )?;
    let event = CaseEventRow::new(
        &case_id,
        Some(importer.user_id.to_owned()),
        "imported",
        now.naive_utc(),
    )
    .moving(None, past.status);
    cases::insert_events(conn, &[event])?;
    index_and_number(conn, vault, &mut case, (report, &commune.name))?;
    let entry = Entry::new("case.import")
        .on("case", case.id.clone())
        .cases([case.id.clone()])
        .place(Some(case.province_code), Some(case.commune_code))
        .detail(json!({
            "source_key": past.source_key, "row": past.row, "status": past.status.code(),
            "case_number": case.case_number,
        }));
    append(conn, importer.actor, entry, now)?;
    Ok((case.id, case.case_number))
}
