//! Reading a case's step records: all of them with their versions, as the caller's role
//! may read them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hotline_domain::{casework, CaseStep};
use hotline_http::Caller;
use hotline_store::models::{CaseRow, CaseStepRow};
use hotline_store::queries::{cases, users};
use hotline_store::DbConnection;
use serde_json::json;

use super::{plan_state, File, StepRecordView, StepVersionView, StepsView};
use crate::entries::case_entry;
use crate::guard::case_id;
use crate::CaseError;

/// Every step record of case `id` (as typed), with its versions: `case.steps.read`.
pub fn read_steps(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<StepsView, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    may_read_steps(caller)?;
    let id = case_id(id)?;
    caller.audited(conn, now, |conn| {
        let case = cases::visible(conn, scope, &id)?;
        let view = steps_view(conn, caller, &case)?;
        let entry = case_entry("case.steps.read", &case)
            .detail(json!({"records": view.records.len(), "cycle": case.plan_cycle}));
        Ok((view, entry))
    })
}

/// Refused unless the caller's role reads step records.
pub(crate) fn may_read_steps(caller: &Caller) -> Result<(), CaseError> {
    let kind = caller.agency().map(|a| a.kind);
    match caller.role() {
        Some(role) if casework::reads_step_records(role, kind) => Ok(()),
        _ => Err(CaseError::MayNotReadSteps),
    }
}

/// Whether the caller could save a new version of this record now.
fn editable(
    caller: &Caller,
    case: &CaseRow,
    file: &File<'_>,
    (step, cycle, round): (CaseStep, i32, i32),
) -> Result<bool, CaseError> {
    let writer = caller.role().is_some_and(casework::role_writes_steps);
    let latest = file.latest(step).is_some_and(|r| r.round == round);
    let plan_open = step != CaseStep::Plan || casework::plan_editable(file.plan_state()?);
    Ok(writer
        && cycle == case.plan_cycle
        && latest
        && plan_open
        && casework::step_open(step, case.status))
}

/// Every step record of a case, as the caller sees them (it reads step records).
pub(crate) fn steps_view(
    conn: &mut DbConnection,
    caller: &Caller,
    case: &CaseRow,
) -> Result<StepsView, CaseError> {
    let rows = crate::sealed::steps_of(conn, caller.vault(), &case.id)?;
    let records = records_of(conn, caller, case, &rows, None)?;
    Ok(StepsView {
        case_id: case.id.clone(),
        case_number: case.case_number.clone(),
        cycle: case.plan_cycle,
        records,
    })
}

/// One record (step, cycle and round) of a case, as it now stands.
pub(crate) fn record_view(
    conn: &mut DbConnection,
    caller: &Caller,
    case: &CaseRow,
    step: CaseStep,
    key: (i32, i32),
) -> Result<StepRecordView, CaseError> {
    let rows = crate::sealed::steps_of(conn, caller.vault(), &case.id)?;
    records_of(conn, caller, case, &rows, Some((step, key.0, key.1)))?
        .pop()
        .ok_or(CaseError::NotFound)
}

fn records_of(
    conn: &mut DbConnection,
    caller: &Caller,
    case: &CaseRow,
    rows: &[CaseStepRow],
    only: Option<(CaseStep, i32, i32)>,
) -> Result<Vec<StepRecordView>, CaseError> {
    let actors: Vec<&str> = rows.iter().map(|r| r.recorded_by.as_str()).collect();
    let names: HashMap<String, String> = users::usernames(conn, &actors)?;
    let file = File::new(rows, case.plan_cycle);
    // Rows come ordered by cycle, step, round and version: a record is a run of them.
    let mut records: Vec<StepRecordView> = Vec::new();
    for row in rows {
        let key = (row.step, row.cycle, row.round);
        if only.is_some_and(|o| o != key) {
            continue;
        }
        let version = StepVersionView {
            version: row.version,
            body: serde_json::from_str(&row.body).map_err(|_| {
                CaseError::Store(hotline_store::StoreError::Corrupt(format!(
                    "step record {} has bad body",
                    row.id
                )))
            })?,
            plan_state: plan_state(row)?,
            note: row.note.clone(),
            recorded_by: names.get(&row.recorded_by).cloned(),
            recorded_at: row.recorded_at.and_utc(),
        };
        match records.last_mut() {
            Some(last) if (last.step, last.cycle, last.round) == key => {
                last.plan_state = version.plan_state;
                last.versions.push(version);
            }
            _ => records.push(StepRecordView {
                step: row.step,
                cycle: row.cycle,
                round: row.round,
                plan_state: version.plan_state,
                editable: editable(caller, case, &file, key)?,
                versions: vec![version],
            }),
        }
    }
    Ok(records)
}
