//! The step records of Decree 56 case work (forms Mẫu 02–06): saving one (each save a new
//! version, while its step is current) and reading them all. Who writes them and who reads
//! them is `hotline_domain::casework`'s to say; every save and read is audited.

mod file;
mod read;
pub mod records;

use hotline_vault::SealText;

use chrono::{DateTime, NaiveDate, Utc};
use hotline_domain::casework::{self, Missing};
use hotline_domain::{time, CaseScope, CaseStep, PlanState, ReviewDecision};
use hotline_http::json::typed;
use hotline_http::Caller;
use hotline_store::models::{CaseEventRow, CaseRow, CaseStepRow, DeadlineRow};
use hotline_store::queries::cases;
use hotline_store::queries::casework::{self as stored, Which};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

pub(crate) use file::{body, plan_state, File};
pub use read::read_steps;
pub(crate) use read::{may_read_steps, record_view, steps_view};
use records::{AssessmentRecord, ClosureRecord, PlanRecord, ReviewRecord, VerificationRecord};

use crate::deadlines::review_due;
use crate::entries::case_entry;
use crate::guard::{self, case_id};
use crate::CaseError;

/// One saved version of a step record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepVersionView {
    pub version: i32,
    /// The record as saved (its shape is the step's: `VerificationRecord`, `PlanRecord` ...).
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
    /// A plan's place in approval after this version.
    pub plan_state: Option<PlanState>,
    /// Why a plan was returned.
    pub note: Option<String>,
    /// Username of who saved it.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A step record with every version of it, the oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepRecordView {
    pub step: CaseStep,
    /// The plan cycle it belongs to (a review may start a new one; so does a reopen).
    pub cycle: i32,
    /// Which review of the cycle; 1 for the other steps.
    pub round: i32,
    pub plan_state: Option<PlanState>,
    /// Whether the caller's next save would add a version to this record now.
    pub editable: bool,
    pub versions: Vec<StepVersionView>,
}

/// Every step record of a case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepsView {
    pub case_id: String,
    pub case_number: String,
    /// The plan cycle the case's work is in.
    pub cycle: i32,
    pub records: Vec<StepRecordView>,
}

/// A record as sent, typed by its step.
enum Record {
    Verification(VerificationRecord),
    Assessment(AssessmentRecord),
    Plan(PlanRecord),
    Review(ReviewRecord),
    Closure(ClosureRecord),
}

impl Record {
    fn parse(step: CaseStep, document: &serde_json::Value) -> Result<Record, CaseError> {
        let failed = |f| match f {
            hotline_http::Failure::Invalid(errors) => CaseError::Invalid(errors),
            _ => CaseError::field("body", "không đọc được hồ sơ"),
        };
        Ok(match step {
            CaseStep::Verification => Record::Verification(typed(document).map_err(failed)?),
            CaseStep::Assessment => Record::Assessment(typed(document).map_err(failed)?),
            CaseStep::Plan => Record::Plan(typed(document).map_err(failed)?),
            CaseStep::Review => Record::Review(typed(document).map_err(failed)?),
            CaseStep::Closure => Record::Closure(typed(document).map_err(failed)?),
        })
    }
}

/// The date in Vietnam at `now`.
pub(crate) fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&time::vietnam()).date_naive()
}

/// A step named in a path: an unknown one is no resource at all.
pub(crate) fn step_of(raw: &str) -> Result<CaseStep, CaseError> {
    raw.parse().map_err(|_| CaseError::NotFound)
}

/// The scope of a caller who writes step records.
fn writer_scope(caller: &Caller) -> Result<CaseScope, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    caller
        .role()
        .filter(|r| casework::role_writes_steps(*r))
        .ok_or(CaseError::MayNotWriteSteps)?;
    Ok(scope)
}

/// Case `id`, when `step`'s record may be written on it: within reach, not erased, and the
/// step open at the case's status.
fn open_step(
    conn: &mut DbConnection,
    scope: CaseScope,
    id: &str,
    step: CaseStep,
) -> Result<CaseRow, CaseError> {
    let case = guard::writable(cases::visible(conn, scope, id)?)?;
    if !casework::step_open(step, case.status) {
        return Err(CaseError::StepNotCurrent {
            step,
            status: case.status,
        });
    }
    Ok(case)
}

/// Whether the caller may save `step`'s record on case `id` (as typed) as the case stands:
/// what a form asks before its body is read. `save_step` asks the same again inside its
/// transaction.
pub fn may_save_step(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    step: CaseStep,
) -> Result<(), CaseError> {
    let scope = writer_scope(caller)?;
    let id = case_id(id)?;
    open_step(conn, scope, &id, step).map(|_| ())
}

/// Save a new version of `step`'s record of case `id` (as typed), from `document` (the
/// step's record as JSON): `case.step.save`. The record as it now stands is returned.
pub fn save_step(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    step: &str,
    document: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<StepRecordView, CaseError> {
    let scope = writer_scope(caller)?;
    let step = step_of(step)?;
    let id = case_id(id)?;
    let record = Record::parse(step, document)?;
    caller.audited(conn, now, |conn| {
        let case = open_step(conn, scope, &id, step)?;
        let rows = crate::sealed::steps_of(conn, caller.vault(), &id)?;
        let file = File::new(&rows, case.plan_cycle);
        let saving = prepare(&file, record, now)?;
        let row = CaseStepRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: id.clone(),
            step,
            cycle: case.plan_cycle,
            round: saving.round,
            version: saving.version,
            body: saving.body.to_string(),
            plan_state: saving.plan_state.map(String::from),
            note: None,
            recorded_by: caller.user_id().unwrap_or_default(),
            recorded_at: now.naive_utc(),
        };
        crate::sealed::insert_step(conn, caller.vault(), &row)?;
        if let Some(risk) = saving.risk {
            cases::set_risk(conn, &id, risk, now.naive_utc())?;
        } else {
            cases::touch(conn, &id, now.naive_utc())?;
        }
        let deadlines = follow_up(conn, &case, &saving, now)?;
        let at =
            json!({"step": step, "cycle": row.cycle, "round": row.round, "version": row.version});
        cases::insert_event(
            conn,
            &CaseEventRow::new(&id, caller.user_id(), "step.saved", now.naive_utc())
                .sealed_text(caller.vault(), Some(at.to_string()))?,
        )?;
        let entry = case_entry("case.step.save", &case).detail(json!({
            "step": step, "cycle": row.cycle, "round": row.round, "version": row.version,
            "risk": saving.risk, "deadlines": deadlines,
        }));
        let view = record_view(conn, caller, &case, step, (row.cycle, row.round))?;
        Ok((view, entry))
    })
}

/// What a save writes, decided from the record and the file.
struct Saving {
    round: i32,
    version: i32,
    body: serde_json::Value,
    plan_state: Option<PlanState>,
    /// The case's risk level as this step found it.
    risk: Option<hotline_domain::RiskLevel>,
    /// An emergency measure taken, and when.
    emergency_at: Option<DateTime<Utc>>,
    /// A review saved: its round, and the next review it sets (none: it decides otherwise).
    review: Option<(i32, Option<NaiveDate>)>,
}

fn next_version(file: &File<'_>, step: CaseStep, round: i32) -> i32 {
    file.rows
        .iter()
        .filter(|r| r.step == step && r.cycle == file.cycle && r.round == round)
        .map(|r| r.version)
        .max()
        .unwrap_or(0)
        + 1
}

fn as_json<T: Serialize>(record: &T) -> Result<serde_json::Value, CaseError> {
    serde_json::to_value(record)
        .map_err(|e| CaseError::Store(hotline_store::StoreError::Corrupt(e.to_string())))
}

/// Check `record` against the file and decide what saving it writes.
fn prepare(file: &File<'_>, record: Record, now: DateTime<Utc>) -> Result<Saving, CaseError> {
    let saving = |step, body, risk| Saving {
        round: 1,
        version: next_version(file, step, 1),
        body,
        plan_state: None,
        risk,
        emergency_at: None,
        review: None,
    };
    Ok(match record {
        Record::Verification(mut r) => {
            r.check(now).map_err(CaseError::Invalid)?;
            Saving {
                emergency_at: r.emergency_action.as_ref().map(|a| a.taken_at),
                ..saving(CaseStep::Verification, as_json(&r)?, Some(r.initial_risk))
            }
        }
        Record::Assessment(mut r) => {
            r.check().map_err(CaseError::Invalid)?;
            saving(CaseStep::Assessment, as_json(&r)?, Some(r.risk))
        }
        Record::Plan(mut r) => {
            let state = file.plan_state()?;
            if !casework::plan_editable(state) {
                return Err(CaseError::PlanLocked {
                    state: state.unwrap_or(PlanState::Submitted),
                });
            }
            r.check(today(now)).map_err(CaseError::Invalid)?;
            Saving {
                plan_state: Some(PlanState::Draft),
                ..saving(CaseStep::Plan, as_json(&r)?, None)
            }
        }
        Record::Review(mut r) => {
            let plan = file
                .approved_plan()?
                .ok_or(CaseError::Incomplete(Missing::ApprovedPlan))?;
            r.check(today(now), plan.actions.len())
                .map_err(CaseError::Invalid)?;
            let round = match file.latest_review()? {
                None => 1,
                Some((row, last)) if last.reviewed_on == r.reviewed_on => row.round,
                Some((row, last)) if last.reviewed_on < r.reviewed_on => row.round + 1,
                Some((_, last)) => {
                    return Err(CaseError::field(
                        "reviewed_on",
                        format!(
                            "phải sau lần rà soát trước ({})",
                            last.reviewed_on.format("%d/%m/%Y")
                        ),
                    ))
                }
            };
            let next = (r.decision == ReviewDecision::Continue)
                .then_some(r.next_review)
                .flatten();
            Saving {
                round,
                version: next_version(file, CaseStep::Review, round),
                body: as_json(&r)?,
                plan_state: None,
                risk: Some(r.risk_now),
                emergency_at: None,
                review: Some((round, next)),
            }
        }
        Record::Closure(mut r) => {
            let decided = file.latest_review()?.map(|(_, r)| r.decision);
            if decided != Some(ReviewDecision::Close) {
                return Err(CaseError::Incomplete(Missing::Decision(
                    ReviewDecision::Close,
                )));
            }
            r.check().map_err(CaseError::Invalid)?;
            saving(CaseStep::Closure, as_json(&r)?, None)
        }
    })
}

/// The deadlines a save meets or sets: the emergency measure meets the 12-hour clock; a
/// review meets its own date and sets the next. Returns what changed, for the audit entry.
fn follow_up(
    conn: &mut DbConnection,
    case: &CaseRow,
    saving: &Saving,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, CaseError> {
    let mut changed = serde_json::Map::new();
    // The 12-hour clock runs from the first receipt, in the first cycle only.
    if let (Some(at), 1) = (saving.emergency_at, case.plan_cycle) {
        let which = Which {
            case_id: &case.id,
            kind: hotline_domain::DeadlineKind::EmergencyAction,
            cycle: 1,
            round: Some(1),
        };
        let met = stored::meet(conn, &which, at.naive_utc())?;
        changed.insert(
            "emergency_action".into(),
            json!({"in_time": met.in_time, "late": met.late}),
        );
    }
    if let Some((round, next)) = saving.review {
        let this = Which {
            case_id: &case.id,
            kind: hotline_domain::DeadlineKind::Review,
            cycle: case.plan_cycle,
            round: Some(round),
        };
        let met = stored::meet(conn, &this, now.naive_utc())?;
        changed.insert(
            "review".into(),
            json!({"in_time": met.in_time, "late": met.late}),
        );
        let following = Which {
            round: Some(round + 1),
            ..this
        };
        match next {
            Some(date) => {
                let due = review_due(date);
                stored::add_deadlines(
                    conn,
                    &[DeadlineRow::pending(
                        &case.id,
                        following.kind,
                        (case.plan_cycle, round + 1),
                        due,
                        now.naive_utc(),
                    )],
                )?;
                stored::reschedule(conn, &following, due)?;
                changed.insert("next_review".into(), json!(due.and_utc()));
            }
            None => {
                let cancelled = stored::cancel_round(conn, &following)?;
                if cancelled > 0 {
                    changed.insert("next_review_cancelled".into(), json!(cancelled));
                }
            }
        }
    }
    Ok(serde_json::Value::Object(changed))
}
