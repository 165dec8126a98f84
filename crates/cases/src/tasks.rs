//! A caller's tasks: the deadlines that are its to meet, across cases and referrals, overdue
//! first and then those due within a week (and every plan waiting for approval) (Primero's task list, with the statutory clocks).
//! The commune group has its emergency measures, plans and reviews; the chair its emergency
//! decisions and the plans waiting for approval; every agency the referrals it has not
//! answered; supervisors, besides, every breach in their reach that nobody has made good.
//! Scoped and audited like a case list.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use hotline_audit::Entry;
use hotline_domain::{casework, referral, CaseScope, CaseStatus, DeadlineKind};
use hotline_domain::{DeadlineState, PlanState, ReferralStatus, Role};
use hotline_http::Caller;
use hotline_store::models::{CaseRow, DeadlineRow};
use hotline_store::queries::casework as stored;
use hotline_store::queries::{cases, referrals};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::deadlines::DeadlineView;
use crate::steps::File;
use crate::CaseError;

/// How far ahead a task shows.
pub const WINDOW_DAYS: i64 = 7;

/// Tasks listed at most, the most urgent first: more than a day's work, and the audit entry
/// names each listed case.
pub const MAX_TASKS: usize = 200;

/// One thing to do by a deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskItem {
    pub kind: DeadlineKind,
    pub case_id: String,
    pub case_number: String,
    pub due_at: DateTime<Utc>,
    /// Past due and not done.
    pub overdue: bool,
    pub state: DeadlineState,
    /// What is to be done, in Vietnamese.
    pub label: String,
    pub case_status: CaseStatus,
    pub commune_code: i32,
    /// For `referral_ack`: the referral, and the agency that must answer it.
    pub referral_id: Option<String>,
    pub agency_code: Option<String>,
}

/// The caller's tasks, overdue first (oldest first), then the rest by due time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<TaskItem>,
    /// The tasks are as of this instant.
    pub as_of: DateTime<Utc>,
    /// Tasks not yet overdue show this many days ahead.
    pub window_days: i64,
    /// How many tasks there are in all; at most [`MAX_TASKS`] are listed.
    pub total: usize,
}

fn item(view: DeadlineView, case: &CaseRow, now: DateTime<Utc>) -> TaskItem {
    TaskItem {
        kind: view.kind,
        case_id: case.id.clone(),
        case_number: case.case_number.clone(),
        due_at: view.due_at,
        overdue: view.due_at < now,
        state: view.state,
        label: view.kind.label_vi().to_owned(),
        case_status: case.status,
        commune_code: case.commune_code,
        referral_id: view.referral_id,
        agency_code: view.agency_code,
    }
}

/// Whether the chair can act on an approval deadline now: only a submitted plan is approved.
fn plan_submitted(conn: &mut DbConnection, case: &CaseRow) -> Result<bool, CaseError> {
    let rows = stored::steps_of(conn, &case.id)?;
    Ok(File::new(&rows, case.plan_cycle).plan_state()? == Some(PlanState::Submitted))
}

/// The case-work deadlines `role` owes in `scope` (`until`: how far ahead).
fn owed(
    conn: &mut DbConnection,
    scope: CaseScope,
    role: Role,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<TaskItem>, CaseError> {
    let mut items = Vec::new();
    let kinds = casework::deadlines_owed_by(role);
    let (approvals, others): (Vec<DeadlineKind>, Vec<DeadlineKind>) =
        kinds.iter().partition(|k| **k == DeadlineKind::Approval);
    if !others.is_empty() {
        for (d, case) in stored::owed_in_scope(conn, scope, &others, until.naive_utc())? {
            items.push(item(DeadlineView::of(&d), &case, now));
        }
    }
    // A plan waiting for approval is the chair's to decide now, however far its deadline;
    // one not yet submitted is not the chair's to act on.
    if !approvals.is_empty() {
        let whenever = (now + Duration::days(3650)).naive_utc();
        for (d, case) in stored::owed_in_scope(conn, scope, &approvals, whenever)? {
            if plan_submitted(conn, &case)? {
                items.push(item(DeadlineView::of(&d), &case, now));
            }
        }
    }
    if role == Role::Supervisor {
        let all: Vec<DeadlineKind> = DeadlineKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != DeadlineKind::ReferralAck)
            .collect();
        let late: Vec<(DeadlineRow, CaseRow)> =
            stored::owed_in_scope(conn, scope, &all, now.naive_utc())?;
        items.extend(late.iter().map(|(d, c)| item(DeadlineView::of(d), c, now)));
    }
    Ok(items)
}

/// Referrals awaiting the answer of the caller's agency, and, for supervisors, the escalated
/// ones in their reach.
fn unanswered(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: CaseScope,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<TaskItem>, CaseError> {
    let Some(role) = caller.role() else {
        return Ok(Vec::new());
    };
    let mut items = Vec::new();
    let mut seen = Vec::new();
    if let (true, Some(agency)) = (referral::role_works_referrals(role), caller.agency()) {
        let waiting = [ReferralStatus::Pending, ReferralStatus::Overdue];
        let agency_id = agency.id.to_string();
        for (r, case, a) in
            referrals::due_with_case(conn, Some(&agency_id), &waiting, until.naive_utc())?
        {
            if lifecycle_open(&case) {
                seen.push(r.id.clone());
                items.push(item(DeadlineView::of_referral(&r, &a), &case, now));
            }
        }
    }
    if role == Role::Supervisor {
        let late =
            referrals::due_with_case(conn, None, &[ReferralStatus::Overdue], now.naive_utc())?;
        let case_rows: Vec<CaseRow> = late.iter().map(|(_, c, _)| c.clone()).collect();
        let visible: HashMap<String, CaseRow> = cases::visible_among(conn, scope, case_rows)?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        for (r, _, a) in late {
            if let Some(case) = visible.get(&r.case_id) {
                if !seen.contains(&r.id) && lifecycle_open(case) {
                    items.push(item(DeadlineView::of_referral(&r, &a), case, now));
                }
            }
        }
    }
    Ok(items)
}

fn lifecycle_open(case: &CaseRow) -> bool {
    hotline_domain::lifecycle::is_open(case.status)
}

/// The caller's tasks as of `now`: `task.list`, with the cases it showed.
pub fn list_tasks(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<TaskList, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let role = caller.role().ok_or(CaseError::NoCaseAccess)?;
    let until = now + Duration::days(WINDOW_DAYS);
    let (province, commune) = caller.place();
    caller.audited_read(conn, now, |conn| {
        let mut items = owed(conn, scope, role, until, now)?;
        items.extend(unanswered(conn, caller, scope, until, now)?);
        // The same deadline can come from two sources (a supervisor's own and a breach).
        let mut keys = std::collections::HashSet::new();
        items.retain(|t| keys.insert((t.kind, t.case_id.clone(), t.referral_id.clone(), t.due_at)));
        items.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.due_at.cmp(&b.due_at)));
        let overdue = items.iter().filter(|t| t.overdue).count();
        let total = items.len();
        items.truncate(MAX_TASKS);
        let entry = Entry::new("task.list")
            .place(province, commune)
            .cases(items.iter().map(|t| t.case_id.clone()))
            .detail(json!({"count": items.len(), "total": total, "overdue": overdue}));
        let list = TaskList {
            items,
            as_of: now,
            window_days: WINDOW_DAYS,
            total,
        };
        Ok((list, entry))
    })
}
