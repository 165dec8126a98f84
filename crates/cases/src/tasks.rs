//! A caller's tasks: the deadlines that are its to meet, across cases and referrals, overdue
//! first and then those due within a week (and every plan waiting for approval) (Primero's task list, with the statutory clocks).
//! The commune group has its emergency measures, plans and reviews; the chair its emergency
//! decisions and the plans waiting for approval; every agency the referrals it has not
//! answered; supervisors, besides, every breach in their reach that nobody has made good;
//! and the side a case is to be transferred to, the proposal it has to answer.
//! Scoped and audited like a case list.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::time::vietnam_date;
use hotline_domain::{casework, referral, CaseScope, CaseStatus, DeadlineKind};
use hotline_domain::{DeadlineState, PlanState, ReferralStatus, Role, TaskKind};
use hotline_http::Caller;
use hotline_reports::due::{reports_due, TASK_DAYS};
use hotline_reports::FigureSettings;
use hotline_store::models::CaseRow;
use hotline_store::queries::casework as stored;
use hotline_store::queries::managers as stored_managers;
use hotline_store::queries::referrals;
use hotline_store::{DbConnection, StoreError};
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

/// Tasks are counted up to this many: "more than 1,000" tells a person as much as the exact
/// figure, which would read every owed deadline of a large reach on every visit.
pub const COUNT_CAP: usize = 1000;

/// One thing to do by a deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskItem {
    pub kind: TaskKind,
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
    /// Who manages the case (a user id and username), if anyone does.
    pub manager_id: Option<String>,
    pub manager: Option<String>,
    /// The caller manages the case: the task is the caller's own (the group's other members
    /// see it too, and may help).
    pub yours: bool,
}

/// The caller's tasks, overdue first (oldest first), then the rest by due time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<TaskItem>,
    /// The tasks are as of this instant.
    pub as_of: DateTime<Utc>,
    /// Tasks not yet overdue show this many days ahead.
    pub window_days: i64,
    /// How many tasks there are in all, counted up to [`COUNT_CAP`]; at most [`MAX_TASKS`]
    /// are listed.
    pub total: usize,
    /// How many of them are overdue, counted up to [`COUNT_CAP`].
    pub overdue: usize,
    /// There are more than [`COUNT_CAP`] tasks: `total` (and perhaps `overdue`) stopped
    /// counting there.
    pub counts_capped: bool,
    /// The plan's reports the caller's agency owes within 30 days, soonest first.
    pub reports_due: Vec<hotline_reports::due::ReportDue>,
}

/// The tasks of one source (one query): its most urgent, and how many it has.
#[derive(Default)]
struct Found {
    items: Vec<TaskItem>,
    total: usize,
    overdue: usize,
}

impl Found {
    fn add(&mut self, other: Found) {
        self.items.extend(other.items);
        self.total += other.total;
        self.overdue += other.overdue;
    }
}

fn item(view: DeadlineView, case: &CaseRow, now: DateTime<Utc>) -> TaskItem {
    TaskItem {
        kind: view.kind.into(),
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
        manager_id: case.manager_id.clone(),
        manager: None,
        yours: false,
    }
}

/// A task of `kind` on a case, due at `due_at` (a manager to name, a transfer to answer).
fn case_task(
    case: &CaseRow,
    kind: TaskKind,
    due_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> TaskItem {
    TaskItem {
        kind,
        case_id: case.id.clone(),
        case_number: case.case_number.clone(),
        due_at,
        overdue: due_at < now,
        state: if due_at < now {
            DeadlineState::Breached
        } else {
            DeadlineState::Pending
        },
        label: kind.label_vi().to_owned(),
        case_status: case.status,
        commune_code: case.commune_code,
        referral_id: None,
        agency_code: None,
        manager_id: case.manager_id.clone(),
        manager: None,
        yours: false,
    }
}

/// The chair's cases that need a manager: those nobody manages past the verification window
/// (due when it closed), and those whose manager has left (due at once).
fn managers_needed(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let window = Duration::hours(casework::MANAGER_DUE_HOURS);
    let before = (now - window).naive_utc();
    let unmanaged = stored_managers::unmanaged_since(conn, scope, before, LIMIT)?;
    let (leavers, replace) = stored_managers::managed_by_leavers(conn, scope, (LIMIT, CAP))?;
    let items: Vec<TaskItem> = unmanaged
        .iter()
        .map(|c| {
            case_task(
                c,
                TaskKind::AssignManager,
                c.received_at.and_utc() + window,
                now,
            )
        })
        .chain(
            leavers
                .iter()
                .map(|(c, _)| case_task(c, TaskKind::ReplaceManager, now, now)),
        )
        .collect();
    // Every unmanaged case is overdue (its window has closed); a leaver's is due now.
    let overdue = stored_managers::count_unmanaged_since(conn, scope, before, CAP)?;
    Ok(Found {
        total: usize::try_from(overdue + replace).unwrap_or(0),
        overdue: usize::try_from(overdue).unwrap_or(0),
        items,
    })
}

/// Who manages the cases of `items`, by username; whether each is the caller's own.
fn name_managers(
    conn: &mut DbConnection,
    items: &mut [TaskItem],
    caller: &Caller,
) -> Result<(), CaseError> {
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|t| t.manager_id.as_deref())
        .collect();
    let names = hotline_store::queries::users::usernames(conn, &ids)?;
    let me = caller.user_id();
    for t in items {
        t.manager = t.manager_id.as_ref().and_then(|id| names.get(id).cloned());
        t.yours = me.is_some() && t.manager_id == me;
    }
    Ok(())
}

/// A source's most urgent `items` with its counts: `count` counted up to its window's end
/// `until` for the total, and up to `now` for the overdue.
fn counted(
    conn: &mut DbConnection,
    items: Vec<TaskItem>,
    (until, now): (NaiveDateTime, NaiveDateTime),
    count: impl Fn(&mut DbConnection, NaiveDateTime) -> Result<i64, StoreError>,
) -> Result<Found, CaseError> {
    let total = count(conn, until)?;
    let overdue = count(conn, now)?;
    Ok(Found {
        items,
        total: usize::try_from(total).unwrap_or(0),
        overdue: usize::try_from(overdue).unwrap_or(0),
    })
}

const LIMIT: i64 = MAX_TASKS as i64;
const CAP: i64 = COUNT_CAP as i64;

/// The most urgent owed deadlines of `owed` and how many there are (`owed.until` is the
/// window's end; overdue ones are those due before `now`).
fn owed_deadlines(
    conn: &mut DbConnection,
    owed: stored::Owed<'_>,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let items = stored::owed_in_scope(conn, &owed, LIMIT)?
        .iter()
        .map(|(d, c)| item(DeadlineView::of(d), c, now))
        .collect();
    let window = (owed.until, now.naive_utc());
    counted(conn, items, window, |conn, until| {
        stored::count_owed(conn, &stored::Owed { until, ..owed }, CAP)
    })
}

/// Whether the chair can act on an approval deadline now: only a submitted plan is approved.
fn plan_submitted(conn: &mut DbConnection, case: &CaseRow) -> Result<bool, CaseError> {
    // The plan's state is a column in clear: the records' sealed text is not needed.
    let rows = stored::steps_of(conn, &case.id)?;
    Ok(File::new(&rows, case.plan_cycle).plan_state()? == Some(PlanState::Submitted))
}

/// Plans waiting for the chair's approval, however far their deadline: only those of cases
/// with a plan once submitted are read (few), then each file says whether it still is.
fn approvals(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let owed = stored::Owed {
        scope,
        kinds: &[DeadlineKind::Approval],
        until: (now + Duration::days(3650)).naive_utc(),
        plan_submitted: true,
    };
    let mut found = Found::default();
    for (d, case) in stored::owed_in_scope(conn, &owed, CAP)? {
        if plan_submitted(conn, &case)? {
            let task = item(DeadlineView::of(&d), &case, now);
            found.total += 1;
            found.overdue += usize::from(task.overdue);
            found.items.push(task);
        }
    }
    found.items.truncate(MAX_TASKS);
    Ok(found)
}

/// The case-work deadlines `role` owes in `scope` (`until`: how far ahead).
fn owed(
    conn: &mut DbConnection,
    scope: CaseScope,
    role: Role,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let mut found = Found::default();
    let kinds = casework::deadlines_owed_by(role);
    let others: Vec<DeadlineKind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != DeadlineKind::Approval)
        .collect();
    if !others.is_empty() {
        let owed = stored::Owed {
            scope,
            kinds: &others,
            until: until.naive_utc(),
            plan_submitted: false,
        };
        found.add(owed_deadlines(conn, owed, now)?);
    }
    if kinds.contains(&DeadlineKind::Approval) {
        found.add(approvals(conn, scope, now)?);
    }
    if role == Role::CommuneChair {
        found.add(managers_needed(conn, scope, now)?);
    }
    if role == Role::Supervisor {
        let all: Vec<DeadlineKind> = DeadlineKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != DeadlineKind::ReferralAck)
            .collect();
        let late = stored::Owed {
            scope,
            kinds: &all,
            until: now.naive_utc(),
            plan_submitted: false,
        };
        found.add(owed_deadlines(conn, late, now)?);
    }
    Ok(found)
}

/// The most urgent referrals of `waiting`, and how many there are.
fn waiting_referrals(
    conn: &mut DbConnection,
    waiting: referrals::Waiting<'_>,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let items = referrals::due_with_case(conn, &waiting, LIMIT)?
        .iter()
        .map(|(r, case, a)| item(DeadlineView::of_referral(r, a), case, now))
        .collect();
    let window = (waiting.until, now.naive_utc());
    counted(conn, items, window, |conn, until| {
        referrals::count_waiting(conn, &referrals::Waiting { until, ..waiting }, CAP)
    })
}

/// Referrals awaiting the answer of the caller's agency, and, for supervisors, the escalated
/// ones in their reach.
fn unanswered(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: CaseScope,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let Some(role) = caller.role() else {
        return Ok(Found::default());
    };
    let mut found = Found::default();
    let own = caller.agency().map(|a| a.id.to_string());
    let works = referral::role_works_referrals(role);
    if let (true, Some(agency_id)) = (works, own.as_deref()) {
        let waiting = referrals::Waiting {
            agency_id: Some(agency_id),
            other_than: None,
            scope: None,
            statuses: &[ReferralStatus::Pending, ReferralStatus::Overdue],
            until: until.naive_utc(),
        };
        found.add(waiting_referrals(conn, waiting, now)?);
    }
    if role == Role::Supervisor {
        // Its own agency's are listed above already.
        let escalated = referrals::Waiting {
            agency_id: None,
            other_than: own.as_deref().filter(|_| works),
            scope: Some(scope),
            statuses: &[ReferralStatus::Overdue],
            until: now.naive_utc(),
        };
        found.add(waiting_referrals(conn, escalated, now)?);
    }
    Ok(found)
}

/// The transfers the caller's side is asked to answer, due when a referral's answer would be.
fn transfers_to_answer(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Found, CaseError> {
    let waiting = crate::transfers::to_answer(conn, caller)?;
    let items: Vec<TaskItem> = waiting
        .iter()
        .map(|(t, case)| {
            let mut task = case_task(case, TaskKind::AnswerTransfer, t.due_at.and_utc(), now);
            // The task is the receiving side's: where the case is to go.
            task.commune_code = t.to_commune_code;
            task.manager_id = None;
            task
        })
        .collect();
    Ok(Found {
        total: items.len(),
        overdue: items.iter().filter(|t| t.overdue).count(),
        items,
    })
}

/// The caller's tasks as of `now`: `task.list`, with the cases it showed.
pub fn list_tasks(
    conn: &mut DbConnection,
    caller: &Caller,
    figures: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<TaskList, CaseError> {
    let role = caller.role().ok_or(CaseError::NoCaseAccess)?;
    let reports_due = caller.agency().map_or_else(Vec::new, |a| {
        reports_due(figures, a.kind, vietnam_date(now), TASK_DAYS)
    });
    let (province, commune) = caller.place();
    // The bodies that only report their work against the plan have no case work: their
    // tasks are the reports they owe.
    let Some(scope) = caller.case_scope() else {
        if role != Role::PlanOfficer {
            return Err(CaseError::NoCaseAccess);
        }
        return caller.audited_read(conn, now, |_| {
            let entry = Entry::new("task.list").place(province, commune).detail(
                json!({"count": 0, "total": 0, "overdue": 0, "reports_due": reports_due.len()}),
            );
            let list = TaskList {
                items: Vec::new(),
                as_of: now,
                window_days: WINDOW_DAYS,
                total: 0,
                overdue: 0,
                counts_capped: false,
                reports_due,
            };
            Ok((list, entry))
        });
    };
    let until = now + Duration::days(WINDOW_DAYS);
    caller.audited_read(conn, now, |conn| {
        let mut found = owed(conn, scope, role, until, now)?;
        found.add(unanswered(conn, caller, scope, until, now)?);
        found.add(transfers_to_answer(conn, caller, now)?);
        let mut items = found.items;
        // The same deadline can come from two sources (a supervisor's agency and a breach).
        let mut keys = HashSet::new();
        items.retain(|t| keys.insert((t.kind, t.case_id.clone(), t.referral_id.clone(), t.due_at)));
        // Overdue means due before now: due time alone orders overdue first, oldest first.
        items.sort_by(|a, b| {
            a.due_at
                .cmp(&b.due_at)
                .then(a.case_number.cmp(&b.case_number))
        });
        items.truncate(MAX_TASKS);
        name_managers(conn, &mut items, caller)?;
        let counts_capped = found.total >= COUNT_CAP;
        let (total, overdue) = (
            found.total.clamp(items.len(), COUNT_CAP.max(items.len())),
            found.overdue.min(COUNT_CAP),
        );
        let entry = Entry::new("task.list")
            .place(province, commune)
            .cases(items.iter().map(|t| t.case_id.clone()))
            .detail(
                json!({"count": items.len(), "total": total, "overdue": overdue,
                           "counts_capped": counts_capped, "reports_due": reports_due.len()}),
            );
        let list = TaskList {
            items,
            as_of: now,
            window_days: WINDOW_DAYS,
            total,
            overdue,
            counts_capped,
            reports_due,
        };
        Ok((list, entry))
    })
}
