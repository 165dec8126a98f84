//! The deadlines of a case's work: set as the work reaches each step, met by the records that
//! answer them, cancelled when a case ends, and watched (`watch`) for breaches. A case's
//! deadlines are listed with its referrals' acknowledgement deadlines beside them.

pub mod watch;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use hotline_domain::{lifecycle, referral, time, CaseStatus, DeadlineKind, DeadlineState};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::{AgencyRow, CaseRow, DeadlineRow, ReferralRow};
use hotline_store::queries::casework as stored;
use hotline_store::queries::{cases, referrals};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::entries::case_entry;
use crate::guard::case_id;
use crate::CaseError;

/// A review planned for `date` is due by the end of that day in Vietnam.
pub(crate) fn review_due(date: NaiveDate) -> NaiveDateTime {
    let next = date.succ_opt().unwrap_or(date);
    time::vietnam_midnight(next).naive_utc()
}

/// One deadline of a case.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    pub due_at: DateTime<Utc>,
    pub state: DeadlineState,
    /// When the work it asks for was done (also for one done late: then `state` is `breached`).
    pub met_at: Option<DateTime<Utc>>,
    pub breached_at: Option<DateTime<Utc>>,
    /// The plan cycle and review round it belongs to (case-work deadlines).
    pub cycle: Option<i32>,
    pub round: Option<i32>,
    /// The agencies a breach was escalated to, by code.
    pub escalated_to: Vec<String>,
    /// For `referral_ack`: the referral, and the agency that must acknowledge it.
    pub referral_id: Option<String>,
    pub agency_code: Option<String>,
}

impl DeadlineView {
    pub(crate) fn of(row: &DeadlineRow) -> DeadlineView {
        DeadlineView {
            kind: row.kind,
            due_at: row.due_at.and_utc(),
            state: row.state,
            met_at: row.met_at.map(|t| t.and_utc()),
            breached_at: row.breached_at.map(|t| t.and_utc()),
            cycle: Some(row.cycle),
            round: Some(row.round),
            escalated_to: row
                .escalated_to
                .as_deref()
                .and_then(|codes| serde_json::from_str(codes).ok())
                .unwrap_or_default(),
            referral_id: None,
            agency_code: None,
        }
    }

    /// A referral's acknowledgement deadline: met by the agency's first answer (acknowledge,
    /// accept or decline), breached when the watcher escalated it, cancelled when the
    /// referral ended unanswered (handed to another agency, or ended with its case).
    pub(crate) fn of_referral(r: &ReferralRow, agency: &AgencyRow) -> DeadlineView {
        let answered = [r.acknowledged_at, r.accepted_at, r.declined_at]
            .into_iter()
            .flatten()
            .min();
        let state = if r.escalated_at.is_some() {
            DeadlineState::Breached
        } else if answered.is_some() {
            DeadlineState::Met
        } else if referral::awaits_answer(r.status) {
            DeadlineState::Pending
        } else {
            DeadlineState::Cancelled
        };
        DeadlineView {
            kind: DeadlineKind::ReferralAck,
            due_at: r.due_at.and_utc(),
            state,
            met_at: answered.map(|t| t.and_utc()),
            breached_at: r.escalated_at.map(|t| t.and_utc()),
            cycle: None,
            round: None,
            escalated_to: Vec::new(),
            referral_id: Some(r.id.clone()),
            agency_code: Some(agency.code.clone()),
        }
    }
}

/// Every deadline of a case, with its referrals' acknowledgements, the soonest first.
pub(crate) fn deadlines_of(
    conn: &mut DbConnection,
    case_id: &str,
) -> Result<Vec<DeadlineView>, CaseError> {
    let mut all: Vec<DeadlineView> = stored::deadlines_of(conn, case_id)?
        .iter()
        .map(DeadlineView::of)
        .collect();
    all.extend(
        referrals::for_case(conn, case_id)?
            .iter()
            .map(|(r, a)| DeadlineView::of_referral(r, a)),
    );
    all.sort_by_key(|a| a.due_at);
    Ok(all)
}

/// The deadlines of case `id` (as typed): `case.deadlines.read`. Anyone who reads the case
/// reads them: they are dates and states, nothing about the child.
pub fn list_deadlines(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<DeadlineView>, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    caller.audited(conn, now, |conn| {
        let case = cases::visible(conn, scope, &id)?;
        let list = deadlines_of(conn, &id)?;
        let entry = case_entry("case.deadlines.read", &case).detail(json!({"count": list.len()}));
        Ok((list, entry))
    })
}

/// The plan and approval deadlines of a new plan cycle, counted from `now` in working days;
/// the case shows them as its current ones.
fn start_cycle(
    conn: &mut DbConnection,
    router: &Router,
    case_id: &str,
    cycle: i32,
    now: DateTime<Utc>,
) -> Result<(), CaseError> {
    let due = router.deadlines.plan_deadlines(&router.calendar, now);
    let (plan, approval) = (due.plan_due_at.naive_utc(), due.approval_due_at.naive_utc());
    stored::add_deadlines(
        conn,
        &[
            DeadlineRow::pending(
                case_id,
                DeadlineKind::Plan,
                (cycle, 1),
                plan,
                now.naive_utc(),
            ),
            DeadlineRow::pending(
                case_id,
                DeadlineKind::Approval,
                (cycle, 1),
                approval,
                now.naive_utc(),
            ),
        ],
    )?;
    cases::set_plan_deadlines(conn, case_id, plan, approval)?;
    Ok(())
}

/// What a move of the lifecycle does to a case's cycle and deadlines: verification starts
/// the plan's clock (Decree 56 counts from it); a review that starts a new plan, or a
/// reopened case, starts a new cycle with its own clock; an ended case owes nothing more.
/// Returns what changed, for the audit entry.
pub(crate) fn on_move(
    conn: &mut DbConnection,
    router: &Router,
    case: &CaseRow,
    (from, to): (CaseStatus, CaseStatus),
    now: DateTime<Utc>,
) -> Result<serde_json::Value, CaseError> {
    let reopened = !lifecycle::is_open(from);
    let new_cycle = reopened || (from == CaseStatus::Reviewing && to == CaseStatus::Planning);
    let mut cycle = case.plan_cycle;
    let mut cancelled = 0;
    if new_cycle {
        cycle += 1;
        stored::set_plan_cycle(conn, &case.id, case.plan_cycle, cycle)?;
        cancelled += stored::cancel_pending(conn, &case.id, None)?;
    }
    if !lifecycle::is_open(to) {
        cancelled += stored::cancel_pending(conn, &case.id, None)?;
    }
    let started = new_cycle || to == CaseStatus::Verifying;
    if started {
        start_cycle(conn, router, &case.id, cycle, now)?;
    }
    Ok(
        json!({"cycle": cycle, "new_cycle": new_cycle, "clock_started": started,
              "deadlines_cancelled": cancelled}),
    )
}
