//! What every operation on one case checks first: the id as typed, whether the case is within
//! the caller's reach, and, for a write, whether the case still holds personal details to add
//! to (an erased case takes nothing new: what was erased would come back piece by piece).

use hotline_http::Caller;
use hotline_store::models::CaseRow;
use hotline_store::queries::cases;
use hotline_store::DbConnection;
use uuid::Uuid;

use crate::CaseError;

/// A case's id as typed: anything but a UUID is simply not found.
pub(crate) fn case_id(raw: &str) -> Result<String, CaseError> {
    Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| CaseError::NotFound)
}

/// Case `id` (as typed), if the caller may see it: what a form's handler asks before it reads
/// the form's body. Nothing of the case is shown, so nothing is audited; the operation the
/// form then calls reads it again, and audits that.
pub fn in_reach(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    cases::visible(conn, scope, &id)?;
    Ok(())
}

/// `case`, if it may still be written to: an erased case refuses every write.
pub(crate) fn writable(case: CaseRow) -> Result<CaseRow, CaseError> {
    match case.erased_at {
        Some(_) => Err(CaseError::Erased),
        None => Ok(case),
    }
}
