//! Whose figures a caller reads: those of its agency's place. A commune's group and chair see
//! their commune, a province's department, police and supervisors their province, the
//! national line and national supervisors the country. Figures are counts, never a case, so
//! they follow the place and not the referrals; an administrator reads none.

use hotline_domain::{Jurisdiction, Role};
use hotline_http::Caller;
use hotline_store::queries::figures::Area;

use crate::ReportsError;

/// The area whose figures `caller` reads.
pub fn area_of(caller: &Caller) -> Result<Area, ReportsError> {
    let role = caller.role().ok_or(ReportsError::NoFigures)?;
    if role == Role::Admin {
        return Err(ReportsError::NoFigures);
    }
    let agency = caller.agency().ok_or(ReportsError::NoFigures)?;
    Ok(match agency.jurisdiction {
        Jurisdiction::National => Area::Nation,
        Jurisdiction::Province(p) => Area::Province(i32::from(p)),
        Jurisdiction::Commune { commune, .. } => {
            Area::Commune(i32::try_from(commune).map_err(|_| ReportsError::NoFigures)?)
        }
    })
}
