//! Provinces and communes (2025 codes), loaded from the statistics office's list.

use diesel::prelude::*;

use crate::models::{CommuneRow, ProvinceRow};
use crate::schema::{communes, provinces};
use crate::{DbConnection, StoreResult};

/// Rows per INSERT; keeps bind parameters well under either database's limit.
const CHUNK: usize = 400;

/// Insert the provinces and communes not yet present; existing codes are left alone (a code
/// keeps its meaning from its `valid_from` date). Returns how many rows were added.
pub fn load(
    conn: &mut DbConnection,
    provinces: &[ProvinceRow],
    communes: &[CommuneRow],
) -> StoreResult<usize> {
    let mut added = 0;
    for chunk in provinces.chunks(CHUNK) {
        added += crate::insert_or_ignore!(&mut *conn, provinces::table, chunk.to_vec())?;
    }
    for chunk in communes.chunks(CHUNK) {
        added += crate::insert_or_ignore!(&mut *conn, communes::table, chunk.to_vec())?;
    }
    Ok(added)
}

pub fn commune(conn: &mut DbConnection, code: i32) -> StoreResult<Option<CommuneRow>> {
    Ok(communes::table
        .find(code)
        .select(CommuneRow::as_select())
        .first(conn)
        .optional()?)
}

/// The names of the communes of `codes`, by code.
pub fn commune_names(
    conn: &mut DbConnection,
    codes: &[i32],
) -> StoreResult<std::collections::HashMap<i32, String>> {
    let rows: Vec<(i32, String)> = communes::table
        .filter(communes::code.eq_any(codes))
        .select((communes::code, communes::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn communes_in(conn: &mut DbConnection, province_code: i32) -> StoreResult<Vec<CommuneRow>> {
    Ok(communes::table
        .filter(communes::province_code.eq(province_code))
        .order(communes::code)
        .select(CommuneRow::as_select())
        .load(conn)?)
}

pub fn province(conn: &mut DbConnection, code: i32) -> StoreResult<Option<ProvinceRow>> {
    Ok(provinces::table
        .find(code)
        .select(ProvinceRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn provinces(conn: &mut DbConnection) -> StoreResult<Vec<ProvinceRow>> {
    Ok(provinces::table
        .order(provinces::name)
        .select(ProvinceRow::as_select())
        .load(conn)?)
}

/// Communes whose folded name contains `folded` (already folded: lower case, no
/// diacritics), in one province or all, at most `limit`, by name.
pub fn search_communes(
    conn: &mut DbConnection,
    province_code: Option<i32>,
    folded: &str,
    limit: i64,
) -> StoreResult<Vec<CommuneRow>> {
    // `%`, `_` and the escape itself match literally: a search is for words, not patterns.
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut query = communes::table
        .filter(
            communes::name_folded
                .like(format!("%{escaped}%"))
                .escape('\\'),
        )
        .order(communes::name_folded)
        .limit(limit)
        .select(CommuneRow::as_select())
        .into_boxed();
    if let Some(p) = province_code {
        query = query.filter(communes::province_code.eq(p));
    }
    Ok(query.load(conn)?)
}
