//! Decree 56 case work (art. 25–30): which step's record a case takes in which status, who
//! writes and approves them, and what each move of the lifecycle needs first.

use crate::{AgencyKind, CaseStatus, CaseStep, DeadlineKind, PlanState, ReviewDecision, Role};

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

/// Who assigns a case its manager, and hands a leaver's cases to another worker: the
/// commune People's Committee's chair for the cases of its commune, and the province's
/// child-protection department for the cases it holds. The manager is always a worker of the
/// child-protection group of the case's commune: under Decree 56 case management is done by
/// the worker the commune assigns.
pub fn assigns_managers(role: Role, agency: Option<AgencyKind>) -> bool {
    match role {
        Role::CommuneChair => true,
        Role::AgencyOfficer => agency == Some(AgencyKind::ChildProtectionDept),
        _ => false,
    }
}

/// Who reads caseloads: those who assign managers, and supervisors (per commune).
pub fn reads_caseloads(role: Role, agency: Option<AgencyKind>) -> bool {
    role == Role::Supervisor || assigns_managers(role, agency)
}

/// How long a case may wait for its manager before that is the chair's task: the window in
/// which the commune verifies a report (the 12 hours of emergency measures from receipt).
pub const MANAGER_DUE_HOURS: i64 = 12;

/// Who reads the step records: the social work about a child and family is for those who do
/// it (the commune's group and chair) and those who follow it (the province's department and
/// supervisors). The police, the information department and the hotlines work from the
/// intake record and the referrals, and see that a step was recorded, not what it says.
pub fn reads_step_records(role: Role, agency: Option<AgencyKind>) -> bool {
    match role {
        Role::CommuneWorker | Role::CommuneChair | Role::Supervisor => true,
        Role::AgencyOfficer => agency == Some(AgencyKind::ChildProtectionDept),
        Role::Operator | Role::Police | Role::Admin | Role::PlanOfficer => false,
    }
}

/// The deadlines of case work that are a role's own to meet, and so its tasks: the group
/// acts in an emergency, writes the plan and reviews it; the chair decides emergency
/// measures and approves the plan. (Supervisors follow every breach in their reach;
/// referral acknowledgements are the receiving agency's.)
pub fn deadlines_owed_by(role: Role) -> &'static [DeadlineKind] {
    match role {
        Role::CommuneWorker => &[
            DeadlineKind::EmergencyAction,
            DeadlineKind::Plan,
            DeadlineKind::Review,
        ],
        Role::CommuneChair => &[DeadlineKind::EmergencyAction, DeadlineKind::Approval],
        _ => &[],
    }
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
    /// What is missing, as the API names it.
    pub fn code(self) -> String {
        match self {
            Missing::Record(step) => step.code().to_owned(),
            Missing::ApprovedPlan => "approved_plan".to_owned(),
            Missing::Decision(d) => format!("review_decision:{}", d.code()),
        }
    }

    /// What is missing, in Vietnamese.
    pub fn label_vi(self) -> String {
        match self {
            Missing::Record(step) => format!("chưa có hồ sơ bước “{}”", step.label_vi()),
            Missing::ApprovedPlan => "kế hoạch chưa được chủ tịch UBND xã phê duyệt".into(),
            Missing::Decision(d) => {
                format!("lần rà soát gần nhất chưa quyết định “{}”", d.label_vi())
            }
        }
    }
}

/// What the file must hold before a case moves from `from` to `to`, if something is missing.
pub fn missing_for(from: CaseStatus, to: CaseStatus, held: &Holdings) -> Option<Missing> {
    match (from, to) {
        (Verifying, Assessing) if !held.verification => {
            Some(Missing::Record(CaseStep::Verification))
        }
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
                assert_eq!(
                    step_open(*step, *status),
                    open.contains(status),
                    "{step} in {status}"
                );
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
        assert_eq!(
            missing_for(Planning, Intervening, &drafted),
            Some(Missing::ApprovedPlan)
        );
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
    fn step_records_are_read_by_those_who_do_or_follow_the_work() {
        use AgencyKind::*;
        assert!(reads_step_records(Role::CommuneChair, Some(CommuneCpGroup)));
        assert!(reads_step_records(
            Role::AgencyOfficer,
            Some(ChildProtectionDept)
        ));
        assert!(!reads_step_records(Role::AgencyOfficer, Some(InfoDept)));
        assert!(!reads_step_records(Role::Police, Some(Police)));
        assert!(!reads_step_records(Role::Operator, Some(Hotline)));
        assert_eq!(
            Missing::Decision(ReviewDecision::Close).code(),
            "review_decision:close"
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
