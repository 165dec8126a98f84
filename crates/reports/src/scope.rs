//! Whose figures a caller reads. The counts of cases follow its agency's place: a commune's
//! group and chair see their commune, a province's department, police and supervisors their
//! province, the national line the country; figures are counts, never a case, so they follow
//! the place and not the referrals. The plan's activities are read over the same place,
//! except by the bodies that only record their own work (`plan_officer`): they read their
//! own agency's activities and no case figures. An administrator reads none.

use hotline_domain::{AgencyKind, Jurisdiction, Role};
use hotline_http::Caller;
use hotline_store::queries::figures::Area;
use hotline_store::queries::plan_activities::Whose;

use crate::ReportsError;

/// What a caller's figures cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureScope {
    /// The place whose cases are counted; none for a body that reads only its own work.
    pub cases: Option<Area>,
    pub activities: Whose,
}

fn area(jurisdiction: Jurisdiction) -> Result<Area, ReportsError> {
    Ok(match jurisdiction {
        Jurisdiction::National => Area::Nation,
        Jurisdiction::Province(p) => Area::Province(i32::from(p)),
        Jurisdiction::Commune { commune, .. } => {
            Area::Commune(i32::try_from(commune).map_err(|_| ReportsError::NoFigures)?)
        }
    })
}

/// The figures `caller` reads.
pub fn scope_of(caller: &Caller) -> Result<FigureScope, ReportsError> {
    let role = caller.role().ok_or(ReportsError::NoFigures)?;
    let agency = caller.agency().ok_or(ReportsError::NoFigures)?;
    match role {
        Role::Admin => Err(ReportsError::NoFigures),
        Role::PlanOfficer => Ok(FigureScope {
            cases: None,
            activities: Whose::Agency(agency.id.to_string()),
        }),
        _ => {
            let area = area(agency.jurisdiction)?;
            Ok(FigureScope {
                cases: Some(area),
                activities: Whose::Area(area),
            })
        }
    }
}

/// Whether `role` records its agency's work against the plan: the bodies of the plan, and
/// the departments, police, communes and supervisors that work it.
pub fn records_activities(role: Role) -> bool {
    matches!(
        role,
        Role::PlanOfficer
            | Role::AgencyOfficer
            | Role::Police
            | Role::CommuneWorker
            | Role::CommuneChair
            | Role::Supervisor
    )
}

/// Whose activities `caller` lists: the place's for supervisors and for the departments that
/// compile the reports (information) or follow the plan (child protection); its own
/// agency's for everyone else who records them.
pub fn activities_of(caller: &Caller) -> Result<Whose, ReportsError> {
    let role = caller.role().ok_or(ReportsError::NoFigures)?;
    let agency = caller.agency().ok_or(ReportsError::NoFigures)?;
    if !records_activities(role) {
        return Err(ReportsError::NoActivities);
    }
    let compiles = role == Role::Supervisor
        || (role == Role::AgencyOfficer
            && matches!(
                agency.kind,
                AgencyKind::InfoDept | AgencyKind::ChildProtectionDept
            ));
    if compiles {
        Ok(Whose::Area(area(agency.jurisdiction)?))
    } else {
        Ok(Whose::Agency(agency.id.to_string()))
    }
}
