//! The case lifecycle of Decree 56/2017 art. 25-30, and who may move a case along it.
//!
//! `new → verifying → assessing → planning → intervening → reviewing → closed`; a review may
//! start a new plan cycle; verification or assessment may end in `no_action`; a case may be
//! found to be a `duplicate` before work starts; closed, unfounded and duplicate cases can be
//! reopened by a supervisor.

use crate::{CaseStatus, Role};

use CaseStatus::*;

/// The kind of move, which decides who may make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// Along the process, or ending it.
    Forward,
    /// Bringing back a closed, unfounded or duplicate case.
    Reopen,
}

/// The states a case may move to from `from`, in the order a user would consider them.
pub fn next_states(from: CaseStatus) -> &'static [CaseStatus] {
    match from {
        New => &[Verifying, NoAction, Duplicate],
        Verifying => &[Assessing, NoAction, Duplicate],
        Assessing => &[Planning, NoAction],
        Planning => &[Intervening],
        Intervening => &[Reviewing],
        Reviewing => &[Closed, Planning],
        Closed => &[Assessing],
        NoAction => &[Verifying],
        Duplicate => &[Verifying],
    }
}

/// Whether a case in this state is still being worked.
pub fn is_open(status: CaseStatus) -> bool {
    !matches!(status, Closed | NoAction | Duplicate)
}

/// What a member of the public who reported a case is told of it, and nothing more:
/// `received` until work starts, `closed` once it ended, `in_progress` between.
pub fn public_status(status: CaseStatus) -> &'static str {
    match status {
        New => "received",
        Closed | NoAction | Duplicate => "closed",
        _ => "in_progress",
    }
}

/// Whether a role ever moves cases; others get 403 before anything is looked up.
pub fn role_may_transition(role: Role) -> bool {
    matches!(
        role,
        Role::Operator | Role::CommuneWorker | Role::Supervisor
    )
}

/// The outcome of checking one requested move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionCheck {
    Allowed(MoveKind),
    /// The lifecycle has no such move; carries what it does allow.
    NotInLifecycle {
        allowed: &'static [CaseStatus],
    },
    /// The move exists but this role may not make it.
    RoleMayNot,
}

/// Decide whether `role` may move a case from `from` to `to`.
pub fn check(role: Role, from: CaseStatus, to: CaseStatus) -> TransitionCheck {
    let allowed = next_states(from);
    if !allowed.contains(&to) {
        return TransitionCheck::NotInLifecycle { allowed };
    }
    let kind = if is_open(from) {
        MoveKind::Forward
    } else {
        MoveKind::Reopen
    };
    let permitted = match role {
        Role::Supervisor => true,
        Role::CommuneWorker => kind == MoveKind::Forward,
        // Operators triage: they may set aside a new case as unfounded or a duplicate, and
        // leave verification to the commune.
        Role::Operator => from == New && matches!(to, NoAction | Duplicate),
        // The chair approves plans (a step of its own), and moves no case.
        Role::Police
        | Role::AgencyOfficer
        | Role::CommuneChair
        | Role::Admin
        | Role::PlanOfficer => false,
    };
    if permitted {
        TransitionCheck::Allowed(kind)
    } else {
        TransitionCheck::RoleMayNot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (from, to) pair: the lifecycle table, written out independently of `next_states`.
    #[test]
    fn lifecycle_table() {
        let allowed: &[(CaseStatus, CaseStatus)] = &[
            (New, Verifying),
            (New, NoAction),
            (New, Duplicate),
            (Verifying, Assessing),
            (Verifying, NoAction),
            (Verifying, Duplicate),
            (Assessing, Planning),
            (Assessing, NoAction),
            (Planning, Intervening),
            (Intervening, Reviewing),
            (Reviewing, Closed),
            (Reviewing, Planning),
            (Closed, Assessing),
            (NoAction, Verifying),
            (Duplicate, Verifying),
        ];
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                let expected = allowed.contains(&(*from, *to));
                let got = matches!(
                    check(Role::Supervisor, *from, *to),
                    TransitionCheck::Allowed(_)
                );
                assert_eq!(got, expected, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn refused_move_names_the_allowed_states() {
        assert_eq!(
            check(Role::CommuneWorker, New, Closed),
            TransitionCheck::NotInLifecycle {
                allowed: &[Verifying, NoAction, Duplicate]
            }
        );
    }

    #[test]
    fn only_supervisors_reopen_and_operators_only_set_aside_new_cases() {
        use MoveKind::{Forward, Reopen};
        use TransitionCheck::{Allowed, RoleMayNot};
        for (role, from, to, expected) in [
            (Role::Supervisor, Closed, Assessing, Allowed(Reopen)),
            (Role::CommuneWorker, Closed, Assessing, RoleMayNot),
            (Role::CommuneWorker, Reviewing, Closed, Allowed(Forward)),
            (Role::Operator, New, Duplicate, Allowed(Forward)),
            (Role::Operator, New, Verifying, RoleMayNot),
            (Role::Operator, Verifying, NoAction, RoleMayNot),
        ] {
            assert_eq!(check(role, from, to), expected, "{role:?}: {from} -> {to}");
        }
    }

    #[test]
    fn police_and_admins_never_move_cases() {
        for role in [Role::Police, Role::AgencyOfficer, Role::Admin] {
            assert!(!role_may_transition(role));
            assert_eq!(check(role, New, Verifying), TransitionCheck::RoleMayNot);
        }
    }
}
