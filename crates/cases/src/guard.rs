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

/// What a form on a case asks to do: who may try at all is known before its body is read, by
/// the same rules the operation applies first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Read it, or add a note: whoever reads cases.
    Read,
    /// Move it along the lifecycle.
    Move,
    /// Close it as a duplicate of another.
    Link,
    /// Approve or return its plan.
    DecidePlan,
    /// Hold, correct, export or erase its personal data.
    Privacy,
}

/// Whether the caller may try `attempt` on case `id` (as typed): its role first (403 for a
/// role that never does this, wherever the case), then whether the case is within its reach
/// (404). Nothing of the case is shown, so nothing is audited; the operation checks again.
pub fn may_attempt(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    attempt: Attempt,
) -> Result<(), CaseError> {
    match attempt {
        Attempt::Read => {}
        Attempt::Move => {
            crate::lifecycle::Mover::of(caller, id, CaseError::MayNotTransition)?;
        }
        Attempt::Link => {
            crate::lifecycle::Mover::of(caller, id, CaseError::MayNotLink)?;
        }
        Attempt::DecidePlan => {
            if !caller
                .role()
                .is_some_and(hotline_domain::casework::role_approves_plans)
            {
                return Err(CaseError::MayNotApprove);
            }
        }
        Attempt::Privacy => {
            crate::privacy::holds::supervisor_scope(caller)?;
        }
    }
    in_reach(conn, caller, id)
}

/// `case`, if it may still be written to: an erased case refuses every write.
pub(crate) fn writable(case: CaseRow) -> Result<CaseRow, CaseError> {
    match case.erased_at {
        Some(_) => Err(CaseError::Erased),
        None => Ok(case),
    }
}
