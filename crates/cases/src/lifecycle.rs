//! The lifecycle's checks as case work applies them: who may move a case where, and the note
//! a move may carry.

use hotline_domain::lifecycle::{self, TransitionCheck};
use hotline_domain::{CaseScope, CaseStatus, Role};
use hotline_http::Caller;

use crate::CaseError;

pub const MAX_NOTE_CHARS: usize = 10_000;

/// A note given with a move: trimmed, `None` when blank, at most [`MAX_NOTE_CHARS`].
pub(crate) fn optional_note(raw: Option<&str>) -> Result<Option<String>, CaseError> {
    let note = raw.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(CaseError::field(
            "note",
            format!("dài quá {MAX_NOTE_CHARS} ký tự"),
        ));
    }
    Ok(note.map(str::to_owned))
}

/// A caller who moves cases: the cases it reads, and the role it moves them with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mover {
    pub scope: CaseScope,
    pub role: Role,
}

impl Mover {
    /// The caller as a mover of case `id` (as typed), with that id; `refused` for a role that
    /// never moves cases.
    pub(crate) fn of(
        caller: &Caller,
        id: &str,
        refused: CaseError,
    ) -> Result<(Mover, String), CaseError> {
        let (scope, role) = crate::guard::mover(caller, refused)?;
        Ok((Mover { scope, role }, crate::guard::case_id(id)?))
    }
}

/// Whether `role` may move a case from `from` to `to`: refused by the lifecycle (with the
/// states it allows) or by the role.
pub(crate) fn may_move(role: Role, from: CaseStatus, to: CaseStatus) -> Result<(), CaseError> {
    match lifecycle::check(role, from, to) {
        TransitionCheck::Allowed(_) => Ok(()),
        TransitionCheck::NotInLifecycle { allowed } => Err(CaseError::Lifecycle {
            from,
            to,
            allowed: allowed.to_vec(),
        }),
        TransitionCheck::RoleMayNot => Err(CaseError::RoleMayNotMove { from, to }),
    }
}
