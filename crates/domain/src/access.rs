//! Who sees which cases: every role's reach, derived from its agency's jurisdiction.
//! The store turns a [`CaseScope`] into a WHERE clause; nothing is visible by default.

use uuid::Uuid;

use crate::{AgencyKind, Role};

/// The area an agency answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jurisdiction {
    /// The whole country (the national 111 line).
    National,
    Province(u16),
    Commune {
        province: u16,
        commune: u32,
    },
}

impl Jurisdiction {
    /// Whether a place in `province` lies inside this jurisdiction's province (or the country).
    pub fn covers_province(self, province: u16) -> bool {
        match self {
            Jurisdiction::National => true,
            Jurisdiction::Province(p) | Jurisdiction::Commune { province: p, .. } => p == province,
        }
    }

    /// Whether a place (province and commune) lies inside this jurisdiction: an agency of
    /// the province, of that very commune, or of the whole country serves it.
    pub fn covers_place(self, province: u16, commune: u32) -> bool {
        match self {
            Jurisdiction::National => true,
            Jurisdiction::Province(p) => p == province,
            Jurisdiction::Commune {
                province: p,
                commune: c,
            } => p == province && c == commune,
        }
    }

    /// The province and commune codes as stored beside a record (`None` where the
    /// jurisdiction spans more), so that an audit entry falls in the right supervisor's view.
    pub fn place_codes(self) -> (Option<i32>, Option<i32>) {
        match self {
            Jurisdiction::National => (None, None),
            Jurisdiction::Province(p) => (Some(i32::from(p)), None),
            Jurisdiction::Commune { province, commune } => {
                (Some(i32::from(province)), i32::try_from(commune).ok())
            }
        }
    }

    /// The province this jurisdiction lies in (`None`: the whole country).
    pub fn province(self) -> Option<u16> {
        match self {
            Jurisdiction::National => None,
            Jurisdiction::Province(p) | Jurisdiction::Commune { province: p, .. } => Some(p),
        }
    }
}

/// What a user is told when its role reads no case contents.
pub const NO_CASE_ACCESS: &str = "Vai trò này không được xem nội dung vụ việc.";

/// What access decisions need to know of a user's agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRef {
    pub id: Uuid,
    pub code: String,
    pub kind: AgencyKind,
    pub jurisdiction: Jurisdiction,
}

/// The set of cases a user may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    All,
    Province(u16),
    Commune(u32),
    /// Cases whose reports this agency logged (the national line sees what it took).
    LoggedBy(Uuid),
    /// Cases referred to this agency.
    ReferredTo(Uuid),
    /// A commune group's reach: the cases of its commune, and any referred to it (a case
    /// the province handed over from elsewhere, where the child now lives).
    CommuneOrReferred {
        commune: u32,
        agency: Uuid,
    },
}

/// The cases `role` in `agency` may read, or `None` when the role reads no case contents
/// (administrators, or a user whose agency does not fit its role).
pub fn case_scope(role: Role, agency: Option<&AgencyRef>) -> Option<CaseScope> {
    let agency = agency?;
    match (role, agency.jurisdiction) {
        // Administrators, and the bodies that only record their work against the plan.
        (Role::Admin | Role::PlanOfficer, _) => None,
        (Role::Operator, Jurisdiction::National) => Some(CaseScope::LoggedBy(agency.id)),
        (Role::Operator, Jurisdiction::Province(p) | Jurisdiction::Commune { province: p, .. }) => {
            Some(CaseScope::Province(p))
        }
        (Role::CommuneWorker, Jurisdiction::Commune { commune, .. }) => {
            Some(CaseScope::CommuneOrReferred {
                commune,
                agency: agency.id,
            })
        }
        (Role::CommuneWorker, _) => None,
        // The commune People's Committee's chair approves the plans of its commune's cases.
        (Role::CommuneChair, Jurisdiction::Commune { commune, .. }) => {
            Some(CaseScope::Commune(commune))
        }
        (Role::CommuneChair, _) => None,
        (Role::Police | Role::AgencyOfficer, _) => Some(CaseScope::ReferredTo(agency.id)),
        (Role::Supervisor, Jurisdiction::National) => Some(CaseScope::All),
        (Role::Supervisor, Jurisdiction::Province(p)) => Some(CaseScope::Province(p)),
        (Role::Supervisor, Jurisdiction::Commune { commune, .. }) => {
            Some(CaseScope::Commune(commune))
        }
    }
}

/// Whether a user of `role` in `agency` reads why a case is under a legal hold: the hold is
/// the province's decision (a court, a police investigation), and its reason can name the
/// proceedings or a person. Supervisors and the child-protection department read it; others
/// who see the case see only that it is held, since when and by whom.
pub fn reads_hold_reasons(role: Role, agency: Option<&AgencyRef>) -> bool {
    role == Role::Supervisor || agency.is_some_and(|a| a.kind == AgencyKind::ChildProtectionDept)
}

/// Whether a user of `role` in `agency` may log a report about a place in `province`.
pub fn may_log_report(role: Role, agency: Option<&AgencyRef>, province: u16) -> bool {
    role == Role::Operator && agency.is_some_and(|a| a.jurisdiction.covers_province(province))
}

/// An agency of `kind` over `jurisdiction`, as the rules' tests need one.
#[cfg(test)]
pub(crate) fn test_agency(kind: AgencyKind, jurisdiction: Jurisdiction) -> AgencyRef {
    AgencyRef {
        id: Uuid::nil(),
        code: "x".into(),
        kind,
        jurisdiction,
    }
}

#[cfg(test)]
mod tests {
    use super::test_agency as agency;
    use super::*;

    #[test]
    fn each_role_reaches_only_its_own() {
        let hue = agency(AgencyKind::Hotline, Jurisdiction::Province(46));
        let national = agency(AgencyKind::Hotline, Jurisdiction::National);
        let commune = agency(
            AgencyKind::CommuneCpGroup,
            Jurisdiction::Commune {
                province: 46,
                commune: 19900,
            },
        );
        let police = agency(AgencyKind::Police, Jurisdiction::Province(46));

        assert_eq!(
            case_scope(Role::Operator, Some(&hue)),
            Some(CaseScope::Province(46))
        );
        assert_eq!(
            case_scope(Role::Operator, Some(&national)),
            Some(CaseScope::LoggedBy(Uuid::nil()))
        );
        assert_eq!(
            case_scope(Role::CommuneWorker, Some(&commune)),
            Some(CaseScope::CommuneOrReferred {
                commune: 19900,
                agency: Uuid::nil()
            })
        );
        assert_eq!(case_scope(Role::CommuneWorker, Some(&hue)), None);
        assert_eq!(
            case_scope(Role::Police, Some(&police)),
            Some(CaseScope::ReferredTo(Uuid::nil()))
        );
        assert_eq!(
            case_scope(Role::Supervisor, Some(&hue)),
            Some(CaseScope::Province(46))
        );
        assert_eq!(
            case_scope(Role::Supervisor, Some(&national)),
            Some(CaseScope::All)
        );
        assert_eq!(case_scope(Role::Admin, Some(&hue)), None);
        assert_eq!(case_scope(Role::Supervisor, None), None);
    }

    #[test]
    fn operators_log_inside_their_province_and_the_national_line_anywhere() {
        let hue = agency(AgencyKind::Hotline, Jurisdiction::Province(46));
        let national = agency(AgencyKind::Hotline, Jurisdiction::National);
        assert!(may_log_report(Role::Operator, Some(&hue), 46));
        assert!(!may_log_report(Role::Operator, Some(&hue), 1));
        assert!(may_log_report(Role::Operator, Some(&national), 1));
        assert!(!may_log_report(Role::Supervisor, Some(&hue), 46));
    }
}
