//! Reading one case, as a scope may see it: the row, its children, its reports and timeline.

use diesel::prelude::*;
use hotline_domain::CaseScope;

use crate::models::{CaseCategoryRow, CaseEventRow, CaseRow, ChildRow, ReportRow};
use crate::queries::scope::{scoped, BoxedCases};
use crate::schema::{case_categories, case_children, case_events, cases, reports};
use crate::{DbConnection, StoreError, StoreResult};

/// The categories of each case of `ids`, by case id.
pub fn categories_of(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, Vec<String>>> {
    let rows: Vec<CaseCategoryRow> = case_categories::table
        .filter(case_categories::case_id.eq_any(ids))
        .order((case_categories::case_id, case_categories::category))
        .select(CaseCategoryRow::as_select())
        .load(conn)?;
    let mut map = std::collections::HashMap::<String, Vec<String>>::new();
    for row in rows {
        map.entry(row.case_id).or_default().push(row.category);
    }
    Ok(map)
}

/// A case as `scope` may see it: `NotFound` both when it does not exist and when it lies
/// outside the scope, so that a refusal reveals nothing.
pub fn visible(conn: &mut DbConnection, scope: CaseScope, id: &str) -> StoreResult<CaseRow> {
    first_visible(conn, scope, |q| q.filter(cases::id.eq(id)))
}

/// The one case `narrow` picks out of what `scope` may see; `NotFound` otherwise.
fn first_visible<'a>(
    conn: &mut DbConnection,
    scope: CaseScope,
    narrow: impl FnOnce(BoxedCases<'a>) -> BoxedCases<'a>,
) -> StoreResult<CaseRow> {
    narrow(scoped(scope))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Of these cases, in their order, the ones `scope` may see. Scopes of place are checked on
/// the rows (a scoped query would be planned from the province's index and read all its
/// cases); the others with one query over these ids.
pub fn visible_among(
    conn: &mut DbConnection,
    scope: CaseScope,
    rows: Vec<CaseRow>,
) -> StoreResult<Vec<CaseRow>> {
    Ok(match scope {
        CaseScope::All => rows,
        CaseScope::Province(p) => rows
            .into_iter()
            .filter(|c| c.province_code == i32::from(p))
            .collect(),
        CaseScope::Commune(m) => rows
            .into_iter()
            .filter(|c| i64::from(c.commune_code) == i64::from(m))
            .collect(),
        _ => {
            if rows.is_empty() {
                return Ok(rows);
            }
            let ids: Vec<&str> = rows.iter().map(|c| c.id.as_str()).collect();
            let seen: std::collections::HashSet<String> = scoped(scope)
                .filter(cases::id.eq_any(ids))
                .select(cases::id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            rows.into_iter().filter(|c| seen.contains(&c.id)).collect()
        }
    })
}

/// Of these case ids, the ones `scope` may see, with their numbers.
pub fn visible_numbers(
    conn: &mut DbConnection,
    scope: CaseScope,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<CaseRow> = cases::table
        .filter(cases::id.eq_any(ids))
        .select(CaseRow::as_select())
        .load(conn)?;
    Ok(visible_among(conn, scope, rows)?
        .into_iter()
        .map(|c| (c.id, c.case_number))
        .collect())
}

/// A case by its number, as `scope` may see it (`NotFound` otherwise).
pub fn visible_by_number(
    conn: &mut DbConnection,
    scope: CaseScope,
    number: &str,
) -> StoreResult<CaseRow> {
    first_visible(conn, scope, |q| q.filter(cases::case_number.eq(number)))
}

/// Everything stored about one case.
pub struct CaseDetail {
    pub case: CaseRow,
    pub categories: Vec<String>,
    pub children: Vec<ChildRow>,
    pub reports: Vec<ReportRow>,
    pub events: Vec<CaseEventRow>,
}

/// A case's children, in the order they were reported.
pub fn children_of(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<ChildRow>> {
    Ok(case_children::table
        .filter(case_children::case_id.eq(case_id))
        .order(case_children::position)
        .select(ChildRow::as_select())
        .load(conn)?)
}

pub fn detail(conn: &mut DbConnection, case: CaseRow) -> StoreResult<CaseDetail> {
    let categories = categories_of(conn, &[case.id.as_str()])?
        .remove(&case.id)
        .unwrap_or_default();
    let children = children_of(conn, &case.id)?;
    let reports = reports::table
        .filter(reports::case_id.eq(&case.id))
        .order((reports::received_at, reports::id))
        .select(ReportRow::as_select())
        .load(conn)?;
    let events = case_events::table
        .filter(case_events::case_id.eq(&case.id))
        .order((case_events::at, case_events::id))
        .select(CaseEventRow::as_select())
        .load(conn)?;
    Ok(CaseDetail {
        case,
        categories,
        children,
        reports,
        events,
    })
}
