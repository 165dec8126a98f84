//! Cases imported from past registers: the row each came from, and the rows held until a
//! department officer places them (their old commune was divided in 2025).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{case_imports, import_holds};
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

/// Which of `keys` were imported already, or are held for placing.
pub fn imported_keys(conn: &mut DbConnection, keys: &[&str]) -> StoreResult<Vec<String>> {
    let mut found: Vec<String> = case_imports::table
        .filter(case_imports::source_key.eq_any(keys))
        .select(case_imports::source_key)
        .load(conn)?;
    found.extend(
        import_holds::table
            .filter(import_holds::source_key.eq_any(keys))
            .filter(import_holds::placed_at.is_null())
            .select(import_holds::source_key)
            .load::<String>(conn)?,
    );
    Ok(found)
}

/// Where case `case_id` came from, if it was imported.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Option<ImportRow>> {
    Ok(case_imports::table
        .find(case_id)
        .select(ImportRow::as_select())
        .first(conn)
        .optional()?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = import_holds)]
pub struct HoldRow {
    pub id: String,
    pub source_key: String,
    pub row_number: i32,
    pub province_code: i32,
    pub old_code: String,
    pub old_name: String,
    pub old_district: String,
    /// The 2025 communes that took a part of the old one, codes separated by commas.
    pub among: String,
    pub received_at: NaiveDateTime,
    /// The row, sealed.
    pub payload: String,
    pub held_at: NaiveDateTime,
    pub placed_case_id: Option<String>,
    pub placed_by: Option<String>,
    pub placed_at: Option<NaiveDateTime>,
}

pub fn insert_hold(conn: &mut DbConnection, row: &HoldRow) -> StoreResult<()> {
    diesel::insert_into(import_holds::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The rows of `province` waiting to be placed, oldest report first (at most `limit`).
pub fn waiting(conn: &mut DbConnection, province: i32, limit: i64) -> StoreResult<Vec<HoldRow>> {
    Ok(import_holds::table
        .filter(import_holds::province_code.eq(province))
        .filter(import_holds::placed_at.is_null())
        .order((import_holds::received_at, import_holds::id))
        .limit(limit)
        .select(HoldRow::as_select())
        .load(conn)?)
}

/// How many rows of `province` wait to be placed.
pub fn waiting_count(conn: &mut DbConnection, province: i32) -> StoreResult<i64> {
    Ok(import_holds::table
        .filter(import_holds::province_code.eq(province))
        .filter(import_holds::placed_at.is_null())
        .count()
        .get_result(conn)?)
}

pub fn hold(conn: &mut DbConnection, id: &str) -> StoreResult<Option<HoldRow>> {
    Ok(import_holds::table
        .find(id)
        .select(HoldRow::as_select())
        .first(conn)
        .optional()?)
}

/// Mark hold `id` placed as case `case_id` by `user`, and empty its payload, if it still
/// waits; `false` when someone placed it meanwhile.
pub fn mark_placed(
    conn: &mut DbConnection,
    id: &str,
    (case_id, user): (&str, &str),
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let changed = diesel::update(
        import_holds::table
            .filter(import_holds::id.eq(id))
            .filter(import_holds::placed_at.is_null()),
    )
    .set((
        import_holds::placed_case_id.eq(case_id),
        import_holds::placed_by.eq(user),
        import_holds::placed_at.eq(now),
        import_holds::payload.eq(""),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}
