//! A referral's lifecycle: the receiving agency acknowledges it, accepts or declines it, and
//! completes it with an outcome. The deadline watcher marks an unacknowledged one overdue;
//! a coordinator may hand an open one to another agency (reassigned).

use uuid::Uuid;

use crate::{AgencyKind, AgencyRef, Jurisdiction, ReferralStatus, Role};

use ReferralStatus::*;

/// What a receiving agency does with a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferralAction {
    Acknowledge,
    Accept,
    Decline,
    Complete,
}

impl ReferralAction {
    pub const ALL: [ReferralAction; 4] = [
        ReferralAction::Acknowledge,
        ReferralAction::Accept,
        ReferralAction::Decline,
        ReferralAction::Complete,
    ];

    /// The path segment and audit verb.
    pub fn code(self) -> &'static str {
        match self {
            ReferralAction::Acknowledge => "acknowledge",
            ReferralAction::Accept => "accept",
            ReferralAction::Decline => "decline",
            ReferralAction::Complete => "complete",
        }
    }

    /// The action as a Vietnamese verb phrase ("không thể …").
    pub fn label_vi(self) -> &'static str {
        match self {
            ReferralAction::Acknowledge => "xác nhận đã nhận",
            ReferralAction::Accept => "chấp nhận",
            ReferralAction::Decline => "từ chối",
            ReferralAction::Complete => "hoàn thành",
        }
    }

    /// The status the action leads to.
    pub fn target(self) -> ReferralStatus {
        match self {
            ReferralAction::Acknowledge => Acknowledged,
            ReferralAction::Accept => Accepted,
            ReferralAction::Decline => Declined,
            ReferralAction::Complete => Completed,
        }
    }
}

/// The actions a referral in `from` allows.
pub fn allowed_actions(from: ReferralStatus) -> &'static [ReferralAction] {
    use ReferralAction::*;
    match from {
        Pending | Overdue => &[Acknowledge, Accept, Decline],
        ReferralStatus::Acknowledged => &[Accept, Decline],
        ReferralStatus::Accepted => &[Complete],
        Declined | Completed | Reassigned | ClosedWithCase => &[],
    }
}

/// The moves an agency of `kind` may make on a referral in `from`: the province's
/// child-protection department coordinates and never declines (it hands the case on).
pub fn actions_for(from: ReferralStatus, kind: AgencyKind) -> Vec<ReferralAction> {
    allowed_actions(from)
        .iter()
        .copied()
        .filter(|a| !(*a == ReferralAction::Decline && kind == AgencyKind::ChildProtectionDept))
        .collect()
}

/// Whether a referral to an agency of `kind` is the offer of a service (health, psychological
/// support, legal aid, shelter, a non-state provider), which needs the consent of the
/// caregiver and of the child as the child's age allows, or a reason the law gives to act
/// without it. Reports to the police and to the commune and the province are duties and need
/// none.
pub fn offers_service(kind: AgencyKind) -> bool {
    matches!(
        kind,
        AgencyKind::HealthService
            | AgencyKind::PsychosocialSupport
            | AgencyKind::LegalAid
            | AgencyKind::Shelter
            | AgencyKind::SocialService
    )
}

/// From this age a child's own consent is asked for a service (the Law on Children asks for
/// the views of children from 7 on matters that concern them).
pub const CHILD_CONSENTS_FROM_AGE: i32 = 7;

/// Whether the referral still asks something of its agency.
pub fn is_open(status: ReferralStatus) -> bool {
    matches!(
        status,
        Pending | Overdue | ReferralStatus::Acknowledged | ReferralStatus::Accepted
    )
}

/// Whether the referral ended short of its agency finishing the work: declined, handed to
/// another agency, or ended because its case ended.
pub fn ended_without_work(status: ReferralStatus) -> bool {
    matches!(status, Declined | Reassigned | ClosedWithCase)
}

/// Whether a referral still lets its agency see the case: while it runs, once completed, and
/// whenever the agency had accepted the work (it keeps the record of what it did).
pub fn keeps_access(status: ReferralStatus, accepted: bool) -> bool {
    accepted || !ended_without_work(status)
}

/// Whether a caller may hand an open referral to another agency: the province's
/// child-protection department (which coordinates), a supervisor, or the agency the referral
/// went to; never another agency that merely works the same case.
pub fn may_replace(
    role: Role,
    caller_agency: Option<&AgencyRef>,
    referral_agency: Uuid,
    case_province: u16,
) -> bool {
    if role == Role::Supervisor {
        return true;
    }
    caller_agency.is_some_and(|a| {
        a.id == referral_agency
            || (a.kind == AgencyKind::ChildProtectionDept
                && a.jurisdiction == Jurisdiction::Province(case_province))
    })
}

/// Whether the receiving agency has yet to answer (the acknowledgement clock runs).
pub fn awaits_answer(status: ReferralStatus) -> bool {
    matches!(status, Pending | Overdue)
}

/// Roles that work an agency's inbox.
pub fn role_works_referrals(role: Role) -> bool {
    matches!(
        role,
        Role::CommuneWorker | Role::Police | Role::AgencyOfficer | Role::Supervisor
    )
}

/// Roles that may add a referral to a case or hand one to another agency.
pub fn role_may_refer(role: Role) -> bool {
    matches!(role, Role::AgencyOfficer | Role::Supervisor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_department_is_never_offered_a_decline() {
        use ReferralAction::*;
        assert_eq!(
            actions_for(Pending, AgencyKind::Police),
            vec![Acknowledge, Accept, Decline]
        );
        assert_eq!(
            actions_for(Pending, AgencyKind::ChildProtectionDept),
            vec![Acknowledge, Accept]
        );
        assert_eq!(
            actions_for(ReferralStatus::Accepted, AgencyKind::ChildProtectionDept),
            vec![Complete]
        );
    }

    #[test]
    fn every_status_allows_exactly_its_actions() {
        use ReferralAction::*;
        let table: &[(ReferralStatus, &[ReferralAction])] = &[
            (Pending, &[Acknowledge, Accept, Decline]),
            (Overdue, &[Acknowledge, Accept, Decline]),
            (ReferralStatus::Acknowledged, &[Accept, Decline]),
            (ReferralStatus::Accepted, &[Complete]),
            (Declined, &[]),
            (Completed, &[]),
            (Reassigned, &[]),
            (ClosedWithCase, &[]),
        ];
        assert_eq!(table.len(), ReferralStatus::ALL.len());
        for (status, expected) in table {
            for action in ReferralAction::ALL {
                assert_eq!(
                    allowed_actions(*status).contains(&action),
                    expected.contains(&action),
                    "{status} {action:?}"
                );
            }
        }
    }

    #[test]
    fn open_and_waiting_follow_the_lifecycle() {
        assert!(is_open(Overdue) && awaits_answer(Overdue));
        assert!(is_open(ReferralStatus::Accepted) && !awaits_answer(ReferralStatus::Accepted));
        assert!(!is_open(Declined) && !is_open(Reassigned) && !is_open(Completed));
        assert!(ended_without_work(Declined) && ended_without_work(Reassigned));
        assert!(!ended_without_work(Completed) && !ended_without_work(Pending));
        assert!(ended_without_work(ClosedWithCase) && !is_open(ClosedWithCase));
        assert!(keeps_access(ClosedWithCase, true) && !keeps_access(ClosedWithCase, false));
        assert!(keeps_access(Completed, true) && keeps_access(Pending, false));
    }

    #[test]
    fn only_the_department_a_supervisor_or_the_referrals_own_agency_replaces_it() {
        let agency = |kind, jurisdiction| AgencyRef {
            id: Uuid::new_v4(),
            code: "x".into(),
            kind,
            jurisdiction,
        };
        let police = agency(AgencyKind::Police, Jurisdiction::Province(46));
        let info = agency(AgencyKind::InfoDept, Jurisdiction::Province(46));
        let hue_cpd = agency(AgencyKind::ChildProtectionDept, Jurisdiction::Province(46));
        let hanoi_cpd = agency(AgencyKind::ChildProtectionDept, Jurisdiction::Province(1));
        let officer = Role::AgencyOfficer;
        assert!(may_replace(Role::Police, Some(&police), police.id, 46));
        assert!(!may_replace(officer, Some(&info), police.id, 46));
        assert!(may_replace(officer, Some(&hue_cpd), police.id, 46));
        assert!(!may_replace(officer, Some(&hanoi_cpd), police.id, 46));
        assert!(may_replace(Role::Supervisor, Some(&info), police.id, 46));
        assert!(!may_replace(officer, None, police.id, 46));
        assert!(!role_works_referrals(Role::Operator) && !role_works_referrals(Role::Admin));
        assert!(role_may_refer(Role::AgencyOfficer) && !role_may_refer(Role::Police));
    }
}
