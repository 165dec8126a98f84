//! Writing cases: a new case with everything that belongs to it, its report and timeline,
//! and the moves that change it afterwards.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::{CaseStatus, RiskLevel, WebhookEvent};
use serde_json::json;

use crate::models::{CaseCategoryRow, CaseEventRow, CaseRow, ChildRow, ReportRow};
use crate::queries::webhooks;
use crate::schema::{case_categories, case_children, case_events, cases, reports};
use crate::{DbConnection, StoreError, StoreResult};

/// A new case and the rows that must commit with it.
pub struct NewCase<'a> {
    pub case: &'a CaseRow,
    pub categories: &'a [String],
    pub children: &'a [ChildRow],
}

pub fn insert_case(conn: &mut DbConnection, new: NewCase<'_>) -> StoreResult<()> {
    diesel::insert_into(cases::table)
        .values(new.case.clone())
        .execute(conn)?;
    let categories: Vec<CaseCategoryRow> = new
        .categories
        .iter()
        .map(|c| CaseCategoryRow {
            case_id: new.case.id.clone(),
            category: c.clone(),
        })
        .collect();
    if !categories.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_categories::table)
            .values(&categories)
            .execute(c))?;
    }
    if !new.children.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_children::table)
            .values(new.children)
            .execute(c))?;
    }
    Ok(())
}

pub fn insert_report(conn: &mut DbConnection, report: &ReportRow) -> StoreResult<()> {
    diesel::insert_into(reports::table)
        .values(report.clone())
        .execute(conn)?;
    Ok(())
}

/// Several events in one statement.
pub fn insert_events(conn: &mut DbConnection, events: &[CaseEventRow]) -> StoreResult<()> {
    if !events.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_events::table)
            .values(events)
            .execute(c))?;
    }
    Ok(())
}

pub fn insert_event(conn: &mut DbConnection, event: &CaseEventRow) -> StoreResult<()> {
    diesel::insert_into(case_events::table)
        .values(event.clone())
        .execute(conn)?;
    Ok(())
}

/// Move a case from `from` to `to`, only if it is still in `from` (a concurrent move wins
/// once, the other gets a conflict rather than overwriting it).
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    from: CaseStatus,
    to: CaseStatus,
    closed_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let changed = diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::status.eq(from.code())),
    )
    .set((
        cases::status.eq(to.code()),
        cases::closed_at.eq(closed_at),
        cases::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(StoreError::Conflict(format!("case is no longer `{from}`")));
    }
    // Every move of a case passes here: the clients that logged its reports hear of it in
    // the same transaction.
    let moved = json!({"from_status": from.code(), "to_status": to.code()});
    webhooks::announce(conn, id, WebhookEvent::CaseStatusChanged, moved, now)?;
    if let Some(at) = closed_at {
        let ended = json!({"status": to.code(), "closed_at": at.and_utc()});
        webhooks::announce(conn, id, WebhookEvent::CaseClosed, ended, now)?;
    }
    Ok(())
}

/// Mark a case still in `from` as a duplicate of `master`: the move to `duplicate` (which
/// ends the case, like any move out of the open states) and the link to the case kept.
pub fn mark_duplicate(
    conn: &mut DbConnection,
    id: &str,
    from: CaseStatus,
    master: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    set_status(conn, id, from, CaseStatus::Duplicate, Some(now), now)?;
    diesel::update(cases::table.find(id))
        .set(cases::duplicate_of.eq(master))
        .execute(conn)?;
    Ok(())
}

/// Set when verification starts; kept if it restarts (the first start counts).
pub fn set_plan_deadlines(
    conn: &mut DbConnection,
    id: &str,
    plan_due_at: NaiveDateTime,
    approval_due_at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set((
            cases::plan_due_at.eq(plan_due_at),
            cases::approval_due_at.eq(approval_due_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The risk level a step of case work came to (verification, assessment, review).
pub fn set_risk(
    conn: &mut DbConnection,
    id: &str,
    risk: RiskLevel,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set((cases::risk_level.eq(risk.code()), cases::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn touch(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set(cases::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
