//! The earlier values of corrected personal fields.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::field_versions;
use crate::{DbConnection, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = field_versions)]
pub struct FieldVersionRow {
    pub id: String,
    pub case_id: String,
    /// `child` or `case`.
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    /// The value replaced, sealed; `None` when the field was empty.
    pub previous: Option<String>,
    /// Why it was corrected, sealed.
    pub reason: String,
    pub changed_at: NaiveDateTime,
    pub changed_by: String,
}

pub fn insert(conn: &mut DbConnection, row: &FieldVersionRow) -> StoreResult<()> {
    diesel::insert_into(field_versions::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The corrections of case `case_id`, oldest first.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<FieldVersionRow>> {
    Ok(field_versions::table
        .filter(field_versions::case_id.eq(case_id))
        .order((field_versions::changed_at, field_versions::id))
        .select(FieldVersionRow::as_select())
        .load(conn)?)
}

/// Set a child's sealed name and the keyed hash that finds the same child elsewhere.
pub fn set_child_name(
    conn: &mut DbConnection,
    child_id: &str,
    sealed: Option<&str>,
    name_key: Option<&str>,
) -> StoreResult<()> {
    use crate::schema::case_children;
    diesel::update(case_children::table.find(child_id))
        .set((
            case_children::name.eq(sealed),
            case_children::name_key.eq(name_key),
            case_children::name_folded.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Set a child's sealed current location.
pub fn set_child_location(
    conn: &mut DbConnection,
    child_id: &str,
    sealed: Option<&str>,
) -> StoreResult<()> {
    use crate::schema::case_children;
    diesel::update(case_children::table.find(child_id))
        .set(case_children::current_location.eq(sealed))
        .execute(conn)?;
    Ok(())
}

/// Set a child's sealed date of birth with what it gives in clear: the age on receipt and
/// the year.
pub fn set_child_birth(
    conn: &mut DbConnection,
    child_id: &str,
    sealed: Option<&str>,
    (age_on_receipt, birth_year): (Option<i32>, Option<i32>),
) -> StoreResult<()> {
    use crate::schema::case_children;
    diesel::update(case_children::table.find(child_id))
        .set((
            case_children::birth_date.eq(None::<chrono::NaiveDate>),
            case_children::birth_date_sealed.eq(sealed),
            case_children::age_on_receipt.eq(age_on_receipt),
            case_children::birth_year.eq(birth_year),
        ))
        .execute(conn)?;
    Ok(())
}

/// Set a case's sealed place detail.
pub fn set_case_place(
    conn: &mut DbConnection,
    case_id: &str,
    sealed: Option<&str>,
) -> StoreResult<()> {
    use crate::schema::cases;
    diesel::update(cases::table.find(case_id))
        .set(cases::place_detail.eq(sealed))
        .execute(conn)?;
    Ok(())
}
