//! Tying an audit entry to the request that caused it.

use hotline_audit::{Actor, AuditError};
use hotline_auth::Principal;

use crate::{ApiError, ClientIp};

/// The acting user as the audit log records it.
pub fn actor(principal: &Principal, ip: &ClientIp) -> Actor {
    Actor {
        id: Some(principal.user_id.to_string()),
        name: Some(principal.username.clone()),
        role: Some(principal.role.code().to_owned()),
        ip: ip.0.clone(),
    }
}

/// An entry that cannot be written refuses the whole request: nothing is served or changed
/// unaudited.
pub fn unaudited(e: AuditError) -> ApiError {
    ApiError::Unavailable(format!("audit log unavailable: {e}"))
}

impl From<AuditError> for ApiError {
    fn from(e: AuditError) -> Self {
        unaudited(e)
    }
}

/// Where the caller's agency lies, so that its entries fall in the right supervisor's view.
pub fn place_of(principal: &Principal) -> (Option<i32>, Option<i32>) {
    use hotline_domain::Jurisdiction;
    match principal.agency.as_ref().map(|a| a.jurisdiction) {
        Some(Jurisdiction::Province(p)) => (Some(i32::from(p)), None),
        Some(Jurisdiction::Commune { province, commune }) => {
            (Some(i32::from(province)), i32::try_from(commune).ok())
        }
        Some(Jurisdiction::National) | None => (None, None),
    }
}
