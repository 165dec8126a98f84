//! Decree 56 case work (art. 25–30): which step's record a case takes in which status, who
//! writes and approves them, and what each move of the lifecycle needs first.

use crate::{CaseStatus, CaseStep, PlanState, ReviewDecision, Role};

use CaseStatus::*;

/// Whether a step's record may be written while a case is in `status`: a step's record is
/// kept while its step is current, and fixed once the case has moved past it.
pub fn step_open(step: CaseStep, status: CaseStatus) -> bool {
    match step {
        CaseStep::Verification => matches!(status, New | Verifying),
        CaseStep::Assessment => status == Assessing,
        CaseStep::Plan => status == Planning,
        CaseStep::Review => matches!(status, Intervening | Reviewing),
        CaseStep::Closure => status == Reviewing,
    }
}

/// Who writes step records: the commune's standing group, and supervisors.
pub fn role_writes_steps(role: Role) -> bool {
    matches!(role, Role::CommuneWorker | Role::Supervisor)
}

/// Who approves or returns a plan: the commune People's Committee's chair (or a deputy).
pub fn role_approves_plans(role: Role) -> bool {
    role == Role::CommuneChair
}

/// What a case's file holds, as far as the lifecycle asks, in the current plan cycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holdings {
    pub verification: bool,
    pub assessment: bool,
    /// The state of the current cycle's plan, if one was written.
    pub plan: Option<PlanState>,
    /// The decision of the current cycle's latest review, if any.
    pub review: Option<ReviewDecision>,
    pub closure: bool,
}

/// What a move needs that the file does not hold yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A step's record.
    Record(CaseStep),
    /// A plan the chair has approved.
    ApprovedPlan,
    /// A review that decided this.
    Decision(ReviewDecision),
}

impl Missing {
    /// What is missing, in Vietnamese.
    pub fn label_vi(self) -> String {
        match self {
            Missing::Record(step) => format!("chưa có hồ sơ bước “{}”", step.label_vi()),
            Missing::ApprovedPlan => "kế hoạch chưa được chủ tịch UBND xã phê duyệt".into(),
            Missing::Decision(d) => format!("lần rà soát gần nhất chưa quyết định “{}”", d.label_vi()),
        }
    }
}

/// What the file must hold before a case moves from `from` to `to`, if something is missing.
pub fn missing_for(from: CaseStatus, to: CaseStatus, held: &Holdings) -> Option<Missing> {
    match (from, to) {
        (Verifying, Assessing) if !held.verification => Some(Missing::Record(CaseStep::Verification)),
        (Assessing, Planning) if !held.assessment => Some(Missing::Record(CaseStep::Assessment)),
        (Planning, Intervening) if held.plan != Some(PlanState::Approved) => {
            Some(Missing::ApprovedPlan)
        }
        (Reviewing, Closed) if held.review != Some(ReviewDecision::Close) => {
            Some(Missing::Decision(ReviewDecision::Close))
        }
        (Reviewing, Closed) if !held.closure => Some(Missing::Record(CaseStep::Closure)),
        (Reviewing, Planning) if held.review != Some(ReviewDecision::NewCycle) => {
            Some(Missing::Decision(ReviewDecision::NewCycle))
        }
        _ => None,
    }
}

/// The moves a plan takes: submitted from a draft or a returned plan; approved or returned
/// only once submitted.
pub fn plan_may(from: Option<PlanState>, to: PlanState) -> bool {
    use PlanState::*;
    matches!(
        (from, to),
        (Some(Draft | Returned), Submitted) | (Some(Submitted), Approved | Returned)
    )
}

/// Whether a plan in `state` may still be edited (a submitted or approved plan is fixed;
/// a returned one is edited and submitted again).
pub fn plan_editable(state: Option<PlanState>) -> bool {
    matches!(state, None | Some(PlanState::Draft | PlanState::Returned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_is_written_while_it_is_current_only() {
        let table: &[(CaseStep, &[CaseStatus])] = &[
            (CaseStep::Verification, &[New, Verifying]),
            (CaseStep::Assessment, &[Assessing]),
            (CaseStep::Plan, &[Planning]),
            (CaseStep::Review, &[Intervening, Reviewing]),
            (CaseStep::Closure, &[Reviewing]),
        ];
        for (step, open) in table {
            for status in CaseStatus::ALL {
                assert_eq!(step_open(*step, *status), open.contains(status), "{step} in {status}");
            }
        }
    }

    #[test]
    fn a_move_names_the_record_it_lacks() {
        let none = Holdings::default();
        assert_eq!(
            missing_for(Verifying, Assessing, &none),
            Some(Missing::Record(CaseStep::Verification))
        );
        assert_eq!(missing_for(New, Verifying, &none), None);
        let drafted = Holdings {
            plan: Some(PlanState::Submitted),
            ..none
        };
        assert_eq!(missing_for(Planning, Intervening, &drafted), Some(Missing::ApprovedPlan));
        let approved = Holdings {
            plan: Some(PlanState::Approved),
            ..none
        };
        assert_eq!(missing_for(Planning, Intervening, &approved), None);
        let decided = Holdings {
            review: Some(ReviewDecision::Close),
            ..none
        };
        assert_eq!(
            missing_for(Reviewing, Closed, &decided),
            Some(Missing::Record(CaseStep::Closure))
        );
        let closing = Holdings {
            closure: true,
            ..decided
        };
        assert_eq!(missing_for(Reviewing, Closed, &closing), None);
        assert_eq!(
            missing_for(Reviewing, Planning, &closing),
            Some(Missing::Decision(ReviewDecision::NewCycle))
        );
    }

    #[test]
    fn a_plan_is_submitted_then_approved_or_returned_and_resubmitted() {
        use PlanState::*;
        assert!(plan_may(Some(Draft), Submitted));
        assert!(plan_may(Some(Submitted), Approved));
        assert!(plan_may(Some(Submitted), Returned));
        assert!(plan_may(Some(Returned), Submitted));
        assert!(!plan_may(None, Submitted));
        assert!(!plan_may(Some(Draft), Approved));
        assert!(!plan_may(Some(Approved), Returned));
        assert!(plan_editable(Some(Returned)) && !plan_editable(Some(Submitted)));
    }
}
