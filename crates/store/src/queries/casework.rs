//! Decree 56 case work: the versions of each step record, a case's plan cycle, and the
//! deadlines of its work with the claim the watcher takes on a breached one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::{
    lifecycle, CaseScope, CaseStatus, CaseStep, DeadlineKind, DeadlineState, PlanState,
};

use crate::models::{CaseRow, CaseStepRow, DeadlineRow};
use crate::schema::{case_deadlines, case_steps, cases};
use crate::{DbConnection, StoreError, StoreResult};

/// Every version of every step record of a case, by cycle, step, round and version.
pub fn steps_of(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<CaseStepRow>> {
    Ok(case_steps::table
        .filter(case_steps::case_id.eq(case_id))
        .order((
            case_steps::cycle,
            case_steps::step,
            case_steps::round,
            case_steps::version,
        ))
        .select(CaseStepRow::as_select())
        .load(conn)?)
}

/// Add a version. Two people saving the same record at once would both write the next
/// version: the unique key lets one win and the other gets a conflict (to reload and retry).
pub fn insert_step(conn: &mut DbConnection, row: &CaseStepRow) -> StoreResult<()> {
    match diesel::insert_into(case_steps::table)
        .values(row.clone())
        .execute(conn)
    {
        Ok(_) => Ok(()),
        Err(e) => {
            let e = StoreError::from(e);
            if e.is_unique_violation() {
                Err(StoreError::Conflict(format!(
                    "{} was saved by someone else at the same time",
                    row.step
                )))
            } else {
                Err(e)
            }
        }
    }
}

/// Move a case to its next plan cycle, only from `from` (a concurrent move wins once).
pub fn set_plan_cycle(conn: &mut DbConnection, id: &str, from: i32, to: i32) -> StoreResult<()> {
    let changed = diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::plan_cycle.eq(from)),
    )
    .set(cases::plan_cycle.eq(to))
    .execute(conn)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict("the case's plan cycle changed".into()))
    }
}

/// Add deadlines; one already there (same case, kind, cycle and round) is kept as it is.
pub fn add_deadlines(conn: &mut DbConnection, rows: &[DeadlineRow]) -> StoreResult<()> {
    for row in rows {
        crate::insert_or_ignore!(&mut *conn, case_deadlines::table, row.clone())?;
    }
    Ok(())
}

/// A case's deadlines, the soonest first.
pub fn deadlines_of(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<DeadlineRow>> {
    Ok(case_deadlines::table
        .filter(case_deadlines::case_id.eq(case_id))
        .order((case_deadlines::due_at, case_deadlines::kind))
        .select(DeadlineRow::as_select())
        .load(conn)?)
}

/// Which deadline: a case's of `kind` in `cycle`, and one round of it, or every round.
#[derive(Debug, Clone, Copy)]
pub struct Which<'a> {
    pub case_id: &'a str,
    pub kind: DeadlineKind,
    pub cycle: i32,
    pub round: Option<i32>,
}

macro_rules! which {
    ($w:expr) => {{
        let w: &Which<'_> = $w;
        let mut q = case_deadlines::table
            .filter(case_deadlines::case_id.eq(w.case_id.to_owned()))
            .filter(case_deadlines::kind.eq(w.kind.code()))
            .filter(case_deadlines::cycle.eq(w.cycle))
            .into_boxed();
        if let Some(round) = w.round {
            q = q.filter(case_deadlines::round.eq(round));
        }
        q.select(case_deadlines::id)
    }};
}

/// What meeting a deadline came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Met {
    /// Deadlines met in time by this.
    pub in_time: usize,
    /// Deadlines already past when this came (met late: the time is kept, the breach stays).
    pub late: usize,
}

/// Record that the work a deadline asks for was done at `at`. A pending deadline not yet due
/// at `at` is met; one already past keeps (or will get) its breach, with `at` kept as when
/// the work was done late.
pub fn meet(conn: &mut DbConnection, which: &Which<'_>, at: NaiveDateTime) -> StoreResult<Met> {
    let ids: Vec<String> = which!(which).load(conn)?;
    if ids.is_empty() {
        return Ok(Met::default());
    }
    let in_time = diesel::update(
        case_deadlines::table
            .filter(case_deadlines::id.eq_any(&ids))
            .filter(case_deadlines::state.eq(DeadlineState::Pending.code()))
            .filter(case_deadlines::due_at.ge(at)),
    )
    .set((
        case_deadlines::state.eq(DeadlineState::Met.code()),
        case_deadlines::met_at.eq(at),
    ))
    .execute(conn)?;
    let late = diesel::update(
        case_deadlines::table
            .filter(case_deadlines::id.eq_any(&ids))
            .filter(case_deadlines::state.eq_any([
                DeadlineState::Pending.code(),
                DeadlineState::Breached.code(),
            ]))
            .filter(case_deadlines::due_at.lt(at))
            .filter(case_deadlines::met_at.is_null()),
    )
    .set(case_deadlines::met_at.eq(at))
    .execute(conn)?;
    Ok(Met { in_time, late })
}

/// Move a pending deadline to a new due time (a review date changed before it came).
pub fn reschedule(
    conn: &mut DbConnection,
    which: &Which<'_>,
    due_at: NaiveDateTime,
) -> StoreResult<usize> {
    let ids: Vec<String> = which!(which).load(conn)?;
    Ok(diesel::update(
        case_deadlines::table
            .filter(case_deadlines::id.eq_any(&ids))
            .filter(case_deadlines::state.eq(DeadlineState::Pending.code()))
            .filter(case_deadlines::met_at.is_null()),
    )
    .set(case_deadlines::due_at.eq(due_at))
    .execute(conn)?)
}

/// Cancel a pending deadline that is no longer owed (a review that decided not to go on
/// needs no next one). Returns how many.
pub fn cancel_round(conn: &mut DbConnection, which: &Which<'_>) -> StoreResult<usize> {
    let ids: Vec<String> = which!(which).load(conn)?;
    Ok(diesel::update(
        case_deadlines::table
            .filter(case_deadlines::id.eq_any(&ids))
            .filter(case_deadlines::state.eq(DeadlineState::Pending.code())),
    )
    .set(case_deadlines::state.eq(DeadlineState::Cancelled.code()))
    .execute(conn)?)
}

/// Cancel a case's pending deadlines (of `kinds`, or all): the case ended, or its work moved
/// on, and nothing is owed any more. Returns how many.
pub fn cancel_pending(
    conn: &mut DbConnection,
    case_id: &str,
    kinds: Option<&[DeadlineKind]>,
) -> StoreResult<usize> {
    let mut q = diesel::update(case_deadlines::table)
        .filter(case_deadlines::case_id.eq(case_id))
        .filter(case_deadlines::state.eq(DeadlineState::Pending.code()))
        .into_boxed();
    if let Some(kinds) = kinds {
        let codes: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
        q = q.filter(case_deadlines::kind.eq_any(codes));
    }
    Ok(
        q.set(case_deadlines::state.eq(DeadlineState::Cancelled.code()))
            .execute(conn)?,
    )
}

/// The codes of the statuses of cases still worked (`lifecycle::is_open`), for a SQL filter.
pub(crate) fn open_statuses() -> Vec<&'static str> {
    CaseStatus::ALL
        .iter()
        .filter(|s| lifecycle::is_open(**s))
        .map(|s| s.code())
        .collect()
}

/// Pending deadlines past due, the oldest first: only candidates, [`claim_breach`] decides.
pub fn due_for_breach(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(case_deadlines::table
        .filter(case_deadlines::state.eq(DeadlineState::Pending.code()))
        .filter(
            case_deadlines::case_id.eq_any(
                cases::table
                    .filter(cases::status.eq_any(open_statuses()))
                    .select(cases::id),
            ),
        )
        .filter(case_deadlines::due_at.lt(now))
        .order(case_deadlines::due_at)
        .limit(limit)
        .select(case_deadlines::id)
        .load(conn)?)
}

/// Mark one deadline breached, if it is still pending and past due and its case is still
/// worked: the conditional update is the claim, so of several watchers exactly one gets it
/// (as `referrals::claim_escalation`).
pub fn claim_breach(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<DeadlineRow>> {
    let changed = diesel::update(
        case_deadlines::table
            .filter(case_deadlines::id.eq(id))
            .filter(case_deadlines::state.eq(DeadlineState::Pending.code()))
            .filter(case_deadlines::due_at.lt(now))
            .filter(
                case_deadlines::case_id.eq_any(
                    cases::table
                        .filter(cases::status.eq_any(open_statuses()))
                        .select(cases::id),
                ),
            ),
    )
    .set((
        case_deadlines::state.eq(DeadlineState::Breached.code()),
        case_deadlines::breached_at.eq(now),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Ok(None);
    }
    Ok(Some(
        case_deadlines::table
            .find(id)
            .select(DeadlineRow::as_select())
            .first(conn)?,
    ))
}

/// Record to whom a breach was escalated (JSON list of agency codes).
pub fn set_escalated_to(conn: &mut DbConnection, id: &str, codes: &str) -> StoreResult<()> {
    diesel::update(case_deadlines::table.find(id))
        .set(case_deadlines::escalated_to.eq(codes))
        .execute(conn)?;
    Ok(())
}

/// Which deadlines are owed: of `kinds`, on the open cases `scope` sees, pending ones due
/// before `until` and breached ones whose work is still not done.
#[derive(Debug, Clone, Copy)]
pub struct Owed<'k> {
    pub scope: CaseScope,
    pub kinds: &'k [DeadlineKind],
    pub until: NaiveDateTime,
    /// Only deadlines of cases with a plan once submitted (the chair's approvals; whether
    /// it is still the submitted one is the caller's to check on the file).
    pub plan_submitted: bool,
}

type DeadlinesOfCases<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::InnerJoin<case_deadlines::table, cases::table>,
    crate::MultiBackend,
>;

/// The owed deadlines in one state (each state read in its own index order, so that a
/// page of the soonest stops early instead of sorting every owed deadline).
fn owed_query<'a>(owed: &Owed<'_>, state: DeadlineState) -> DeadlinesOfCases<'a> {
    let kinds: Vec<&'static str> = owed.kinds.iter().map(|k| k.code()).collect();
    let mut query = case_deadlines::table
        .inner_join(cases::table)
        .into_boxed()
        .filter(case_deadlines::state.eq(state.code()))
        .filter(case_deadlines::kind.eq_any(kinds))
        .filter(cases::status.eq_any(open_statuses()));
    query = match state {
        DeadlineState::Breached => query.filter(case_deadlines::met_at.is_null()),
        _ => query.filter(case_deadlines::due_at.lt(owed.until)),
    };
    if owed.plan_submitted {
        query = query.filter(
            case_deadlines::case_id.eq_any(
                case_steps::table
                    .filter(case_steps::step.eq(CaseStep::Plan.code()))
                    .filter(case_steps::plan_state.eq(PlanState::Submitted.code()))
                    .select(case_steps::case_id),
            ),
        );
    }
    super::scope::in_scope!(query, owed.scope)
}

const OWED_STATES: [DeadlineState; 2] = [DeadlineState::Breached, DeadlineState::Pending];

/// The `limit` soonest owed deadlines with their cases, soonest first.
pub fn owed_in_scope(
    conn: &mut DbConnection,
    owed: &Owed<'_>,
    limit: i64,
) -> StoreResult<Vec<(DeadlineRow, CaseRow)>> {
    let mut rows: Vec<(DeadlineRow, CaseRow)> = Vec::new();
    for state in OWED_STATES {
        rows.extend(
            owed_query(owed, state)
                .order((case_deadlines::due_at, case_deadlines::id))
                .limit(limit)
                .select((DeadlineRow::as_select(), CaseRow::as_select()))
                .load::<(DeadlineRow, CaseRow)>(conn)?,
        );
    }
    rows.sort_by(|a, b| (a.0.due_at, &a.0.id).cmp(&(b.0.due_at, &b.0.id)));
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

/// How many deadlines are owed, counted up to `cap` (a person reads "more than 1,000" as
/// well as the exact figure, and the exact one would read every owed deadline).
pub fn count_owed(conn: &mut DbConnection, owed: &Owed<'_>, cap: i64) -> StoreResult<i64> {
    let mut total = 0;
    for state in OWED_STATES {
        let ids: Vec<String> = owed_query(owed, state)
            .select(case_deadlines::id)
            .limit(cap - total)
            .load(conn)?;
        total += i64::try_from(ids.len()).unwrap_or(cap);
        if total >= cap {
            break;
        }
    }
    Ok(total)
}
