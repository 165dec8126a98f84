//! The legal hold in force on a case, as its reader may see it.

use hotline_store::queries::holds as stored;
use hotline_store::queries::users;
use hotline_store::DbConnection;
use hotline_vault::Field;

use crate::dto::LegalHoldView;
use crate::guard::Reader;
use crate::CaseError;

/// The hold in force on case `case_id` (the caller has read the case in scope): its reason
/// opened for those who read it, empty for the others.
pub(crate) fn hold_view(
    conn: &mut DbConnection,
    reader: Reader<'_>,
    case_id: &str,
) -> Result<Option<LegalHoldView>, CaseError> {
    let Some(hold) = stored::in_force(conn, case_id)? else {
        return Ok(None);
    };
    let names = users::usernames(conn, &[hold.placed_by.as_str()])?;
    Ok(Some(LegalHoldView {
        placed_at: hold.placed_at.and_utc(),
        placed_by: names.get(&hold.placed_by).cloned(),
        reason: match reader.hold_reasons {
            true => reader
                .vault
                .open(Field::HoldReason, &hold.id, &hold.reason)?,
            false => String::new(),
        },
    }))
}
