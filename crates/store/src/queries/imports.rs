//! Cases imported from past registers: the row each came from.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::case_imports;
use crate::{DbConnection, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_imports)]
pub struct ImportRow {
    pub case_id: String,
    /// `source:key`: the register, and the row's key in it.
    pub source_key: String,
    pub imported_by: String,
    pub imported_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &ImportRow) -> StoreResult<()> {
    diesel::insert_into(case_imports::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// Which of `keys` were imported already.
pub fn imported_keys(conn: &mut DbConnection, keys: &[&str]) -> StoreResult<Vec<String>> {
    Ok(case_imports::table
        .filter(case_imports::source_key.eq_any(keys))
        .select(case_imports::source_key)
        .load(conn)?)
}

/// Where case `case_id` came from, if it was imported.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Option<ImportRow>> {
    Ok(case_imports::table
        .find(case_id)
        .select(ImportRow::as_select())
        .first(conn)
        .optional()?)
}
