//! What a request may reach: the caller's case scope, and record ids taken from a path.

use hotline_auth::Principal;
use hotline_domain::CaseScope;

use crate::ApiError;

/// The caller's case scope, or 403 for a role that reads no case contents.
pub fn case_scope(principal: &Principal) -> Result<CaseScope, ApiError> {
    principal
        .case_scope()
        .ok_or_else(|| ApiError::Forbidden("Vai trò này không được xem nội dung vụ việc.".into()))
}

/// A record's id as it appears in a path (a UUID, in its canonical form); anything else is
/// simply not found.
pub fn path_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::NotFound)
}
