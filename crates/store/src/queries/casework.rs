//! Decree 56 case work: the versions of each step record, a case's plan cycle, and the
//! deadlines of its work with the claim the watcher takes on a breached one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::{lifecycle, CaseScope, CaseStatus, DeadlineKind, DeadlineState};

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

/// The codes of the statuses of cases still worked.
fn open_statuses() -> Vec<&'static str> {
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

/// Deadlines someone still owes on open cases that `scope` sees: pending ones due before
/// `until`, and breached ones whose work is still not done; of `kinds`, soonest first.
/// Owed deadlines are few beside the cases, so they are read first and then scoped.
pub fn owed_in_scope(
    conn: &mut DbConnection,
    scope: CaseScope,
    kinds: &[DeadlineKind],
    until: NaiveDateTime,
) -> StoreResult<Vec<(DeadlineRow, CaseRow)>> {
    let open = open_statuses();
    let kinds: Vec<&str> = kinds.iter().map(|k| k.code()).collect();
    let rows: Vec<(DeadlineRow, CaseRow)> = case_deadlines::table
        .inner_join(cases::table)
        .filter(cases::status.eq_any(open))
        .filter(case_deadlines::kind.eq_any(kinds))
        .filter(
            case_deadlines::state
                .eq(DeadlineState::Pending.code())
                .and(case_deadlines::due_at.lt(until))
                .or(case_deadlines::state
                    .eq(DeadlineState::Breached.code())
                    .and(case_deadlines::met_at.is_null())),
        )
        .order(case_deadlines::due_at)
        .select((DeadlineRow::as_select(), CaseRow::as_select()))
        .load(conn)?;
    let (deadlines, case_rows): (Vec<DeadlineRow>, Vec<CaseRow>) = rows.into_iter().unzip();
    let seen: std::collections::HashMap<String, CaseRow> =
        super::cases::visible_among(conn, scope, case_rows)?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
    Ok(deadlines
        .into_iter()
        .filter_map(|d| {
            let case = seen.get(&d.case_id)?.clone();
            Some((d, case))
        })
        .collect())
}
