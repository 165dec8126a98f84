//! Opening the sealed fields of rows an operation has already read in the caller's scope.

use chrono::NaiveDate;
use hotline_store::models::{CaseStepRow, ChildRow};
use hotline_store::queries::casework;
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::CaseError;

/// The value of `field` of row `id`, opened.
pub(crate) fn open(
    vault: &Vault,
    field: Field,
    id: &str,
    stored: Option<&str>,
) -> Result<Option<String>, CaseError> {
    Ok(vault.open_opt(field, id, stored)?)
}

/// A child's date of birth: sealed, or in clear for a child written before sealing.
pub(crate) fn birth_date(vault: &Vault, child: &ChildRow) -> Result<Option<NaiveDate>, CaseError> {
    let Some(sealed) = child.birth_date_sealed.as_deref() else {
        return Ok(child.birth_date);
    };
    let text = vault.open(Field::ChildBirthDate, &child.id, sealed)?;
    text.parse().map(Some).map_err(|_| {
        StoreError::Corrupt(format!("child {} has a bad date of birth", child.id)).into()
    })
}

/// The step records of case `case_id`, their body and note opened.
pub(crate) fn steps_of(
    conn: &mut DbConnection,
    vault: &Vault,
    case_id: &str,
) -> Result<Vec<CaseStepRow>, CaseError> {
    casework::steps_of(conn, case_id)?
        .into_iter()
        .map(|mut row| {
            row.body = vault.open(Field::StepBody, &row.id, &row.body)?;
            row.note = vault.open_opt(Field::StepNote, &row.id, row.note.as_deref())?;
            Ok(row)
        })
        .collect()
}

/// Store step record `row` (body and note in clear), sealing its body and note.
pub(crate) fn insert_step(
    conn: &mut DbConnection,
    vault: &Vault,
    row: &CaseStepRow,
) -> Result<(), CaseError> {
    let mut sealed = row.clone();
    sealed.body = vault.seal(Field::StepBody, &row.id, &row.body);
    sealed.note = vault.seal_opt(Field::StepNote, &row.id, row.note.as_deref());
    casework::insert_step(conn, &sealed)?;
    Ok(())
}
