//! A page of the cases a scope may see, newest first, with its total.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::CaseScope;

use super::read::categories_of;
use crate::models::CaseRow;
use crate::queries::scope::{
    filtered, narrowed, referred_to, BoxedCases, CaseFilter, Narrowing, Total,
};
use crate::schema::cases;
use crate::{DbConnection, StoreResult};

/// How deep into a list two disjoint parts of a scope are still read and merged.
const MERGED_DEPTH: i64 = 10_000;

/// `query` in a list's order: newest receipt first.
fn newest_first(query: BoxedCases<'_>) -> BoxedCases<'_> {
    query.order((cases::received_at.desc(), cases::case_number.desc()))
}

/// Up to `limit` cases of `query` after `offset`, newest receipt first.
fn newest(
    conn: &mut DbConnection,
    query: BoxedCases<'_>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<CaseRow>> {
    Ok(newest_first(query)
        .limit(limit)
        .offset(offset)
        .select(CaseRow::as_select())
        .load(conn)?)
}

/// A case row with its category codes.
pub type CaseWithCategories = (CaseRow, Vec<String>);

/// One page of visible cases, newest receipt first, with their categories, and the total.
pub fn list(
    conn: &mut DbConnection,
    scope: CaseScope,
    filter: &CaseFilter,
    page: i64,
    per_page: i64,
) -> StoreResult<(Vec<CaseWithCategories>, Total)> {
    let offset = (page - 1).saturating_mul(per_page);
    let cap = Total::cap(filter.counted_up_to, offset.saturating_add(per_page));
    let (rows, total) = if filter.terms.is_empty() {
        let narrowing = Narrowing {
            filter,
            among: None,
        };
        listed(conn, scope, &narrowing, (offset, per_page), cap)?
    } else {
        let found = super::search::find(conn, scope, filter, offset + per_page, cap)?;
        let query = cases::table.into_boxed();
        let rows = newest(
            conn,
            query.filter(cases::id.eq_any(&found.through_page)),
            per_page,
            offset,
        )?;
        (rows, found.total)
    };
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut categories = categories_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let cats = categories.remove(&row.id).unwrap_or_default();
            (row, cats)
        })
        .collect();
    Ok((items, total))
}

/// A page of a list without search words, and its total counted up to `cap`.
fn listed(
    conn: &mut DbConnection,
    scope: CaseScope,
    narrowing: &Narrowing<'_>,
    (offset, per_page): (i64, i64),
    cap: i64,
) -> StoreResult<(Vec<CaseRow>, Total)> {
    let (rows, counted) = match scope {
        CaseScope::CommuneOrReferred { commune, agency } if offset + per_page <= MERGED_DEPTH => {
            let commune = i32::try_from(commune).unwrap_or(i32::MAX);
            home_and_referred(conn, (commune, agency), narrowing, (offset, per_page), cap)?
        }
        _ => {
            let counted = count_up_to(conn, filtered(scope, narrowing), cap)?;
            (
                newest(conn, filtered(scope, narrowing), per_page, offset)?,
                counted,
            )
        }
    };
    Ok((rows, Total::counted(counted, cap)))
}

/// How many rows `query` gives, counting no further than one past `cap`.
fn count_up_to(conn: &mut DbConnection, query: BoxedCases<'_>, cap: i64) -> StoreResult<i64> {
    let ids: Vec<String> = query
        .select(cases::id)
        .limit(cap.saturating_add(1))
        .load(conn)?;
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// A page of a commune group's list. Its commune's cases and those referred to it from
/// elsewhere are two disjoint sets, each counted (up to one past `cap`) and read newest first
/// from its own index,
/// and merged here: as one OR query the database would gather every case of the commune, to
/// count them and to sort them, for each page. Past [`MERGED_DEPTH`] the one query is
/// cheaper than reading all the pages before.
fn home_and_referred(
    conn: &mut DbConnection,
    (commune, agency): (i32, uuid::Uuid),
    filter: &Narrowing<'_>,
    (offset, per_page): (i64, i64),
    cap: i64,
) -> StoreResult<(Vec<CaseRow>, i64)> {
    let home = || {
        let query = cases::table.into_boxed();
        narrowed(query.filter(cases::commune_code.eq(commune)), filter)
    };
    // Cases referred from elsewhere are few (a child's commune is most often the case's own):
    // their ids are read first, so that the database starts from them and not from, say,
    // every case of a status.
    let outside: Vec<String> = referred_to!(agency, outside commune).load(conn)?;
    let elsewhere = || {
        let query = cases::table.into_boxed();
        narrowed(query.filter(cases::id.eq_any(&outside)), filter)
    };
    let mut total = count_up_to(conn, home(), cap)?;
    if !outside.is_empty() {
        total += count_up_to(conn, elsewhere(), cap)?;
    }
    // Only the order's keys of the pages before are read; the page's own rows in full.
    let newest_keys = |conn: &mut DbConnection, query: BoxedCases<'_>| {
        newest_first(query)
            .limit(offset + per_page)
            .select((cases::received_at, cases::case_number, cases::id))
            .load::<(NaiveDateTime, String, String)>(conn)
    };
    let mut keys = newest_keys(conn, home())?;
    if !outside.is_empty() {
        keys.extend(newest_keys(conn, elsewhere())?);
    }
    keys.sort_by(|a, b| (&b.0, &b.1).cmp(&(&a.0, &a.1)));
    let ids: Vec<String> = keys
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(0))
        .map(|(_, _, id)| id)
        .collect();
    let mut rows: Vec<CaseRow> = cases::table
        .filter(cases::id.eq_any(&ids))
        .select(CaseRow::as_select())
        .load(conn)?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok((rows, total))
}
