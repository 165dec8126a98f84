//! What every operation on one case checks first: the id as typed, whether the case is within
//! the caller's reach, and, for a write, whether the case still holds personal details to add
//! to (an erased case takes nothing new: what was erased would come back piece by piece).

use hotline_domain::{CaseScope, Role};
use hotline_http::Caller;
use hotline_store::models::CaseRow;
use hotline_store::queries::cases;
use hotline_store::DbConnection;
use hotline_vault::Vault;
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
    /// Assign its manager.
    Assign,
    /// Propose to move it to another commune.
    Transfer,
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
            mover(caller, CaseError::MayNotTransition)?;
        }
        Attempt::Link => {
            mover(caller, CaseError::MayNotLink)?;
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
            supervisor_scope(caller)?;
        }
        Attempt::Assign => {
            assigner_scope(caller)?;
        }
        Attempt::Transfer => {
            transferer_role(caller)?;
        }
    }
    in_reach(conn, caller, id)
}

/// Who reads a case: what the caller may see, the key ring to open it with, and whether a
/// legal hold's reason is the caller's to read (`hotline_domain::access::reads_hold_reasons`).
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a> {
    pub scope: CaseScope,
    pub vault: &'a Vault,
    pub hold_reasons: bool,
    /// Who reads (what the case's transfers ask of it).
    pub caller: &'a Caller,
}

impl<'a> Reader<'a> {
    /// `caller`, reading within `scope` (its own, as the operation checked it).
    pub(crate) fn of(caller: &'a Caller, scope: CaseScope) -> Self {
        let hold_reasons = caller
            .role()
            .is_some_and(|r| hotline_domain::access::reads_hold_reasons(r, caller.agency()));
        Reader {
            scope,
            vault: caller.vault(),
            hold_reasons,
            caller,
        }
    }
}

/// The scope within which the caller assigns case managers; refused for a role that never
/// does (`hotline_domain::casework::assigns_managers`).
pub(crate) fn assigner_scope(caller: &Caller) -> Result<CaseScope, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let kind = caller.agency().map(|a| a.kind);
    match caller.role() {
        Some(role) if hotline_domain::casework::assigns_managers(role, kind) => Ok(scope),
        _ => Err(CaseError::MayNotAssign),
    }
}

/// The caller's role, if it takes part in transfers at all
/// (`hotline_domain::transfer::role_transfers`); refused otherwise, wherever the case.
pub(crate) fn transferer_role(caller: &Caller) -> Result<Role, CaseError> {
    let kind = caller.agency().map(|a| a.kind);
    caller
        .role()
        .filter(|role| hotline_domain::transfer::role_transfers(*role, kind))
        .ok_or(CaseError::MayNotTransfer)
}

/// The case scope of a supervisor; refused for any other role.
pub(crate) fn supervisor_scope(caller: &Caller) -> Result<hotline_domain::CaseScope, CaseError> {
    match (caller.role(), caller.case_scope()) {
        (Some(Role::Supervisor), Some(scope)) => Ok(scope),
        _ => Err(CaseError::NotSupervisor),
    }
}

/// The longest free text a request carries for the record (a reason, a note).
const REASON_MAX: usize = 1000;

/// A free text the request must carry, trimmed, of sensible length.
pub(crate) fn required_text(field: &str, text: &str) -> Result<String, CaseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CaseError::field(field, "bắt buộc"));
    }
    if text.chars().count() > REASON_MAX {
        return Err(CaseError::field(
            field,
            format!("tối đa {REASON_MAX} ký tự"),
        ));
    }
    Ok(text.to_owned())
}

/// The scope of a caller whose role moves cases, and its role; `refused` for a role that
/// never does.
pub(crate) fn mover(caller: &Caller, refused: CaseError) -> Result<(CaseScope, Role), CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let role = caller
        .role()
        .filter(|r| hotline_domain::lifecycle::role_may_transition(*r))
        .ok_or(refused)?;
    Ok((scope, role))
}

/// `case`, if it may still be written to: an erased case refuses every write.
pub(crate) fn writable(case: CaseRow) -> Result<CaseRow, CaseError> {
    match case.erased_at {
        Some(_) => Err(CaseError::Erased),
        None => Ok(case),
    }
}
