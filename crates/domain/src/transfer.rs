//! Moving a case to the commune where the child now lives: who proposes it, who answers it,
//! and which answers a transfer still takes. The sending side (the commune's group or chair of
//! the case's commune, or its province's child-protection department) proposes; the
//! receiving side (the group or chair of the commune named, or that commune's province's
//! department) accepts or refuses, within the time a referral is given.

use crate::{AgencyKind, AgencyRef, Jurisdiction, Role, TransferStatus};

/// Where a case is, or is to go: province and commune (2025 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub province: u16,
    pub commune: u32,
}

/// An answer to a proposed transfer, or its withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferMove {
    Accept,
    Refuse,
    Cancel,
}

impl TransferMove {
    /// The status the move leads to.
    pub fn target(self) -> TransferStatus {
        match self {
            TransferMove::Accept => TransferStatus::Accepted,
            TransferMove::Refuse => TransferStatus::Refused,
            TransferMove::Cancel => TransferStatus::Cancelled,
        }
    }
}

/// Whether a transfer in `status` still waits for its answer.
pub fn is_open(status: TransferStatus) -> bool {
    status == TransferStatus::Proposed
}

/// Whether `role` in an agency of `kind` ever takes part in a transfer: the commune's group
/// and chair, and the province's child-protection department.
pub fn role_transfers(role: Role, kind: Option<AgencyKind>) -> bool {
    matches!(
        (role, kind),
        (
            Role::CommuneWorker | Role::CommuneChair,
            Some(AgencyKind::CommuneCpGroup)
        ) | (Role::AgencyOfficer, Some(AgencyKind::ChildProtectionDept))
    )
}

/// What a side that no longer (or not yet) holds a case may still see of it: the sending
/// side what it did, up to the acceptance; the receiving side the case it is asked to take,
/// while it decides. Both read only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    HandedOn,
    Offered,
}

/// The sight the user has of a case through a transfer in `status` from `from` to `to`.
pub fn sight(
    role: Role,
    agency: Option<&AgencyRef>,
    (from, to): (Place, Place),
    status: TransferStatus,
) -> Option<Sight> {
    // The sending province's supervisors keep following what their province did.
    let oversees_sender = role == Role::Supervisor
        && agency.is_some_and(|a| a.jurisdiction.covers_place(from.province, from.commune));
    match status {
        TransferStatus::Accepted if speaks_for(role, agency, from) || oversees_sender => {
            Some(Sight::HandedOn)
        }
        TransferStatus::Proposed if speaks_for(role, agency, to) => Some(Sight::Offered),
        _ => None,
    }
}

/// Whether the user of `role` in `agency` acts for the commune `place` lies in, or for its
/// province's child-protection department: the two that speak for a place in a transfer.
pub fn speaks_for(role: Role, agency: Option<&AgencyRef>, place: Place) -> bool {
    let Some(agency) = agency else {
        return false;
    };
    match (role, agency.kind, agency.jurisdiction) {
        (
            Role::CommuneWorker | Role::CommuneChair,
            AgencyKind::CommuneCpGroup,
            Jurisdiction::Commune { province, commune },
        ) => province == place.province && commune == place.commune,
        (Role::AgencyOfficer, AgencyKind::ChildProtectionDept, Jurisdiction::Province(p)) => {
            p == place.province
        }
        _ => false,
    }
}

/// Whether the user may propose to move a case from `from` (the case's place) to `to`: the
/// sending side only, and never to the commune the case is in already.
pub fn may_propose(role: Role, agency: Option<&AgencyRef>, from: Place, to: Place) -> bool {
    from != to && speaks_for(role, agency, from)
}

/// Whether the user may make `mv` on a proposed transfer from `from` to `to`: the receiving
/// side answers it; the sending side may withdraw it.
pub fn may_move(
    role: Role,
    agency: Option<&AgencyRef>,
    (from, to): (Place, Place),
    mv: TransferMove,
) -> bool {
    match mv {
        TransferMove::Accept | TransferMove::Refuse => speaks_for(role, agency, to),
        TransferMove::Cancel => speaks_for(role, agency, from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_agency as agency;

    const THUAN_AN: Place = Place {
        province: 46,
        commune: 19900,
    };
    const DUONG_NO: Place = Place {
        province: 46,
        commune: 19909,
    };
    const BA_DINH: Place = Place {
        province: 1,
        commune: 4,
    };

    fn group(place: Place) -> AgencyRef {
        agency(
            AgencyKind::CommuneCpGroup,
            Jurisdiction::Commune {
                province: place.province,
                commune: place.commune,
            },
        )
    }

    #[test]
    fn the_sending_side_proposes_and_withdraws_the_receiving_side_answers() {
        let sender = group(THUAN_AN);
        let receiver = group(BA_DINH);
        let hue_dept = agency(AgencyKind::ChildProtectionDept, Jurisdiction::Province(46));
        let hanoi_dept = agency(AgencyKind::ChildProtectionDept, Jurisdiction::Province(1));
        let worker = Role::CommuneWorker;

        assert!(may_propose(worker, Some(&sender), THUAN_AN, BA_DINH));
        assert!(may_propose(
            Role::AgencyOfficer,
            Some(&hue_dept),
            THUAN_AN,
            BA_DINH
        ));
        assert!(!may_propose(worker, Some(&receiver), THUAN_AN, BA_DINH));
        assert!(!may_propose(worker, Some(&sender), THUAN_AN, THUAN_AN));
        // Another commune's group, the police and supervisors do not move cases.
        assert!(!may_propose(
            worker,
            Some(&group(DUONG_NO)),
            THUAN_AN,
            BA_DINH
        ));
        let police = agency(AgencyKind::Police, Jurisdiction::Province(46));
        assert!(!may_propose(Role::Police, Some(&police), THUAN_AN, BA_DINH));
        assert!(!may_propose(
            Role::Supervisor,
            Some(&hue_dept),
            THUAN_AN,
            BA_DINH
        ));

        let across = (THUAN_AN, BA_DINH);
        for mv in [TransferMove::Accept, TransferMove::Refuse] {
            assert!(may_move(worker, Some(&receiver), across, mv));
            assert!(may_move(Role::CommuneChair, Some(&receiver), across, mv));
            assert!(may_move(Role::AgencyOfficer, Some(&hanoi_dept), across, mv));
            assert!(!may_move(worker, Some(&sender), across, mv));
            assert!(!may_move(Role::AgencyOfficer, Some(&hue_dept), across, mv));
        }
        assert!(may_move(
            worker,
            Some(&sender),
            across,
            TransferMove::Cancel
        ));
        assert!(!may_move(
            worker,
            Some(&receiver),
            across,
            TransferMove::Cancel
        ));
    }

    #[test]
    fn the_sending_side_keeps_sight_and_the_receiving_side_sees_what_it_is_offered() {
        let sender = group(THUAN_AN);
        let receiver = group(BA_DINH);
        let worker = Role::CommuneWorker;
        let across = (THUAN_AN, BA_DINH);
        let accepted = TransferStatus::Accepted;
        let proposed = TransferStatus::Proposed;
        assert_eq!(
            sight(worker, Some(&sender), across, accepted),
            Some(Sight::HandedOn)
        );
        assert_eq!(
            sight(worker, Some(&receiver), across, proposed),
            Some(Sight::Offered)
        );
        // Once answered the receiving side holds the case itself; a refusal or withdrawal
        // gives nobody sight; the sending side still holds a proposed case.
        assert_eq!(sight(worker, Some(&receiver), across, accepted), None);
        assert_eq!(sight(worker, Some(&sender), across, proposed), None);
        for ended in [TransferStatus::Refused, TransferStatus::Cancelled] {
            assert_eq!(sight(worker, Some(&receiver), across, ended), None);
            assert_eq!(sight(worker, Some(&sender), across, ended), None);
        }
        assert_eq!(
            sight(worker, Some(&group(DUONG_NO)), across, accepted),
            None
        );
        let hue_dept = agency(AgencyKind::ChildProtectionDept, Jurisdiction::Province(46));
        assert_eq!(
            sight(Role::Supervisor, Some(&hue_dept), across, accepted),
            Some(Sight::HandedOn)
        );
        let back = (BA_DINH, THUAN_AN);
        assert_eq!(
            sight(Role::Supervisor, Some(&hue_dept), back, accepted),
            None
        );
        assert!(role_transfers(worker, Some(AgencyKind::CommuneCpGroup)));
        assert!(role_transfers(
            Role::AgencyOfficer,
            Some(AgencyKind::ChildProtectionDept)
        ));
        assert!(!role_transfers(
            Role::AgencyOfficer,
            Some(AgencyKind::Police)
        ));
        assert!(!role_transfers(
            Role::Supervisor,
            Some(AgencyKind::ChildProtectionDept)
        ));
        assert!(!role_transfers(Role::Operator, Some(AgencyKind::Hotline)));
    }

    #[test]
    fn only_a_proposed_transfer_waits_for_an_answer() {
        assert!(is_open(TransferStatus::Proposed));
        for done in [
            TransferStatus::Accepted,
            TransferStatus::Refused,
            TransferStatus::Cancelled,
        ] {
            assert!(!is_open(done));
        }
        assert_eq!(TransferMove::Accept.target(), TransferStatus::Accepted);
        assert_eq!(TransferMove::Refuse.target(), TransferStatus::Refused);
        assert_eq!(TransferMove::Cancel.target(), TransferStatus::Cancelled);
    }
}
