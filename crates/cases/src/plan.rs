//! A plan's approval (Decree 56, Mẫu 05): the commune group submits it, the commune's chair
//! approves it or returns it with a reason; a returned plan is edited and submitted again.
//! Each move is a new version of the plan, so its whole history stays. Submitting meets the
//! plan's deadline, approving the approval's, and an approved plan sets its first review.

use chrono::{DateTime, Utc};
use hotline_domain::casework::{self, Missing};
use hotline_domain::{CaseStatus, CaseStep, DeadlineKind, PlanState, Role};
use hotline_http::Caller;
use hotline_store::models::{CaseEventRow, CaseRow, CaseStepRow, DeadlineRow};
use hotline_store::queries::casework::{self as stored, Which};
use hotline_store::queries::{agencies, cases, outbox, users};
use hotline_store::DbConnection;
use hotline_vault::SealText;
use serde_json::json;

use crate::deadlines::review_due;
use crate::entries::case_entry;
use crate::guard::{self, case_id};
use crate::lifecycle::optional_note;
use crate::steps::records::PlanRecord;
use crate::steps::{body, plan_state, record_view, File, StepRecordView};
use crate::CaseError;

/// What is done with a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanMove {
    Submit,
    Approve,
    Return,
}

impl PlanMove {
    fn target(self) -> PlanState {
        match self {
            PlanMove::Submit => PlanState::Submitted,
            PlanMove::Approve => PlanState::Approved,
            PlanMove::Return => PlanState::Returned,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            PlanMove::Submit => "submit",
            PlanMove::Approve => "approve",
            PlanMove::Return => "return",
        }
    }

    /// Who may: the group submits; only the chair decides.
    fn permitted(self, role: Role) -> bool {
        match self {
            PlanMove::Submit => casework::role_writes_steps(role),
            PlanMove::Approve | PlanMove::Return => casework::role_approves_plans(role),
        }
    }
}

/// Submit, approve or return the plan of case `id` (as typed): `case.plan.<verb>`. A return
/// needs its `reason`. The plan as it now stands is returned.
pub fn move_plan(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    mv: PlanMove,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StepRecordView, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let role = caller.role().ok_or(CaseError::MayNotApprove)?;
    if !mv.permitted(role) {
        return Err(match mv {
            PlanMove::Submit => CaseError::MayNotWriteSteps,
            _ => CaseError::MayNotApprove,
        });
    }
    let id = case_id(id)?;
    let reason = optional_note(reason)?;
    if mv == PlanMove::Return && reason.is_none() {
        return Err(CaseError::field("reason", "cần nêu lý do trả lại kế hoạch"));
    }
    caller.audited(conn, now, |conn| {
        let case = guard::writable(cases::visible(conn, scope, &id)?)?;
        if case.status != CaseStatus::Planning {
            return Err(CaseError::StepNotCurrent {
                step: CaseStep::Plan,
                status: case.status,
            });
        }
        let rows = crate::sealed::steps_of(conn, caller.vault(), &id)?;
        let file = File::new(&rows, case.plan_cycle);
        let latest = file
            .latest(CaseStep::Plan)
            .ok_or(CaseError::Incomplete(Missing::Record(CaseStep::Plan)))?;
        let from = plan_state(latest)?;
        let to = mv.target();
        if !casework::plan_may(from, to) {
            return Err(CaseError::PlanMove { from, to });
        }
        let row = CaseStepRow {
            id: uuid::Uuid::now_v7().to_string(),
            version: latest.version + 1,
            plan_state: Some(to.into()),
            note: reason.clone().filter(|_| mv == PlanMove::Return),
            recorded_by: caller.user_id().unwrap_or_default(),
            recorded_at: now.naive_utc(),
            ..latest.clone()
        };
        crate::sealed::insert_step(conn, caller.vault(), &row)?;
        cases::touch(conn, &id, now.naive_utc())?;
        let deadlines = follow_up(conn, &case, mv, latest, now)?;
        let notified = announce(conn, &case, mv, now)?;
        let at = json!({"cycle": row.cycle, "version": row.version});
        let kind = match mv {
            PlanMove::Submit => "plan.submitted",
            PlanMove::Approve => "plan.approved",
            PlanMove::Return => "plan.returned",
        };
        cases::insert_event(
            conn,
            &CaseEventRow::new(&id, caller.user_id(), kind, now.naive_utc())
                .sealed_text(caller.vault(), Some(at.to_string()))?,
        )?;
        let action = match mv {
            PlanMove::Submit => "case.plan.submit",
            PlanMove::Approve => "case.plan.approve",
            PlanMove::Return => "case.plan.return",
        };
        let entry = case_entry(action, &case).detail(json!({
            "cycle": row.cycle, "version": row.version, "from": from, "to": to,
            "deadlines": deadlines, "notified": notified, "move": mv.verb(),
        }));
        let view = record_view(conn, caller, &case, CaseStep::Plan, (row.cycle, row.round))?;
        Ok((view, entry))
    })
}

/// The deadlines a move meets or sets.
fn follow_up(
    conn: &mut DbConnection,
    case: &CaseRow,
    mv: PlanMove,
    plan: &CaseStepRow,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, CaseError> {
    let which = |kind| Which {
        case_id: &case.id,
        kind,
        cycle: case.plan_cycle,
        round: Some(1),
    };
    Ok(match mv {
        PlanMove::Submit => {
            let met = stored::meet(conn, &which(DeadlineKind::Plan), now.naive_utc())?;
            json!({"plan": {"in_time": met.in_time, "late": met.late}})
        }
        PlanMove::Approve => {
            let met = stored::meet(conn, &which(DeadlineKind::Approval), now.naive_utc())?;
            let record: PlanRecord = body(plan)?;
            let due = review_due(record.next_review);
            stored::add_deadlines(
                conn,
                &[DeadlineRow::pending(
                    &case.id,
                    DeadlineKind::Review,
                    (case.plan_cycle, 1),
                    due,
                    now.naive_utc(),
                )],
            )?;
            json!({"approval": {"in_time": met.in_time, "late": met.late},
                   "first_review": due.and_utc()})
        }
        PlanMove::Return => json!({}),
    })
}

/// Tell whoever acts next: a submitted plan goes to the commune's chair; an approved or
/// returned one back to the commune's group. By e-mail through the outbox, with the case
/// number and dates only. Returns how many messages were queued.
fn announce(
    conn: &mut DbConnection,
    case: &CaseRow,
    mv: PlanMove,
    now: DateTime<Utc>,
) -> Result<usize, CaseError> {
    let (kind, to): (&str, Vec<(String, String)>) = match mv {
        PlanMove::Submit => (
            "plan.submitted",
            users::emails_in_commune(conn, Role::CommuneChair.code(), case.commune_code)?,
        ),
        PlanMove::Approve | PlanMove::Return => {
            let kind = if mv == PlanMove::Approve {
                "plan.approved"
            } else {
                "plan.returned"
            };
            let groups = agencies::commune_groups(conn, case.commune_code)?;
            (
                kind,
                groups
                    .into_iter()
                    .filter_map(|a| Some((a.email.filter(|e| !e.trim().is_empty())?, a.id)))
                    .collect(),
            )
        }
    };
    // A submitted plan is for the chair to decide by the approval deadline.
    let due = (mv == PlanMove::Submit)
        .then_some(case.approval_due_at)
        .flatten()
        .map(|t| t.and_utc());
    let payload = json!({"case_id": case.id, "cycle": case.plan_cycle, "due_at": due}).to_string();
    let to = to
        .iter()
        .map(|(email, agency)| (email.as_str(), Some(agency.as_str())));
    Ok(outbox::queue_about_case(
        conn,
        (kind, &case.id),
        to,
        &payload,
        now.naive_utc(),
    )?)
}
