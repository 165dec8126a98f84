//! Cases: numbering, writing a new case with everything that belongs to it, scoped reads,
//! status moves and the timeline.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::{CaseScope, CaseStatus, Category, RiskLevel};

use crate::models::{CaseCategoryRow, CaseEventRow, CaseRow, ChildRow, ReportRow};
use crate::schema::{
    case_categories, case_children, case_events, case_number_sequences, cases, reports,
};
use crate::{DbConnection, MultiBackend, StoreError, StoreResult};

/// Take the next number in the province's sequence for `year`.
///
/// Must run inside the transaction that inserts the case: the increment holds the row lock
/// (PostgreSQL) or the write lock (SQLite) until commit, and a rollback returns the number,
/// so numbers stay unique and gap-free however many intakes run at once. Because that lock
/// serialises every intake in a province, callers take the number as the last step before
/// commit, and the common case (the row exists) is a single statement.
pub fn next_case_sequence(
    conn: &mut DbConnection,
    province_code: i32,
    year: i32,
) -> StoreResult<i64> {
    if let Some(value) = increment(conn, province_code, year)? {
        return Ok(value);
    }
    // First case of the province's year: create the counter (a concurrent creator may win;
    // either way the row then exists) and increment it.
    let seed = (
        case_number_sequences::province_code.eq(province_code),
        case_number_sequences::year.eq(year),
        case_number_sequences::last_value.eq(0_i64),
    );
    crate::insert_or_ignore!(&mut *conn, case_number_sequences::table, seed)?;
    increment(conn, province_code, year)?.ok_or_else(|| {
        StoreError::Corrupt(format!(
            "case number counter {province_code}/{year} vanished"
        ))
    })
}

/// Increment the counter and return its new value, or `None` when it does not exist yet.
fn increment(conn: &mut DbConnection, province_code: i32, year: i32) -> StoreResult<Option<i64>> {
    let key = case_number_sequences::table.find((province_code, year));
    let bump = case_number_sequences::last_value.eq(case_number_sequences::last_value + 1_i64);
    match conn {
        DbConnection::Pg(c) => Ok(diesel::update(key)
            .set(bump)
            .returning(case_number_sequences::last_value)
            .get_result(c)
            .optional()?),
        DbConnection::Sqlite(_) => {
            if diesel::update(key).set(bump).execute(conn)? == 0 {
                return Ok(None);
            }
            Ok(Some(
                key.select(case_number_sequences::last_value).first(conn)?,
            ))
        }
    }
}

/// PostgreSQL: take the next number of the province's counter and store it on the case, with
/// the search text that starts with it, in one statement, so the counter row (which every
/// intake in the province waits for) is held for one round trip and the commit. Returns the
/// sequence value, or `None` when the counter row does not exist yet (then use
/// [`next_case_sequence`] and [`set_number`]). SQLite has one writer; it needs no such care.
///
/// The number reads `PP-YYYY-NNNNNN` (see `hotline_domain::CaseNumber`): `prefix` is
/// `PP-YYYY-`, and the sequence is zero-padded to at least six digits.
pub fn number_case_in_one_statement(
    conn: &mut DbConnection,
    case_id: &str,
    (province_code, year): (i32, i32),
    prefix: &str,
) -> StoreResult<Option<i64>> {
    use diesel::sql_types::{BigInt, Integer, Text};
    #[derive(QueryableByName)]
    struct Taken {
        #[diesel(sql_type = BigInt)]
        last_value: i64,
    }
    let DbConnection::Pg(pg) = conn else {
        return Ok(None);
    };
    let taken: Option<Taken> = diesel::sql_query(
        "WITH next AS (
             UPDATE case_number_sequences SET last_value = last_value + 1
             WHERE province_code = $1 AND year = $2
             RETURNING last_value, $3 || lpad(last_value::text,
                 greatest(6, length(last_value::text)), '0') AS number)
         UPDATE cases SET case_number = next.number
         FROM next WHERE cases.id = $4
         RETURNING next.last_value",
    )
    .bind::<Integer, _>(province_code)
    .bind::<Integer, _>(year)
    .bind::<Text, _>(prefix)
    .bind::<Text, _>(case_id)
    .get_result(pg)
    .optional()?;
    Ok(taken.map(|t| t.last_value))
}

/// Give a case inserted with a provisional number its real one.
pub fn set_number(conn: &mut DbConnection, id: &str, case_number: &str) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set(cases::case_number.eq(case_number))
        .execute(conn)?;
    Ok(())
}

/// A new case and the rows that must commit with it.
pub struct NewCase<'a> {
    pub case: &'a CaseRow,
    pub categories: &'a [String],
    pub children: &'a [ChildRow],
}

pub fn insert_case(conn: &mut DbConnection, new: NewCase<'_>) -> StoreResult<()> {
    diesel::insert_into(cases::table)
        .values(new.case.clone())
        .execute(conn)?;
    let categories: Vec<CaseCategoryRow> = new
        .categories
        .iter()
        .map(|c| CaseCategoryRow {
            case_id: new.case.id.clone(),
            category: c.clone(),
        })
        .collect();
    if !categories.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_categories::table)
            .values(&categories)
            .execute(c))?;
    }
    if !new.children.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_children::table)
            .values(new.children)
            .execute(c))?;
    }
    Ok(())
}

pub fn insert_report(conn: &mut DbConnection, report: &ReportRow) -> StoreResult<()> {
    diesel::insert_into(reports::table)
        .values(report.clone())
        .execute(conn)?;
    Ok(())
}

/// Several events in one statement.
pub fn insert_events(conn: &mut DbConnection, events: &[CaseEventRow]) -> StoreResult<()> {
    if !events.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_events::table)
            .values(events)
            .execute(c))?;
    }
    Ok(())
}

pub fn insert_event(conn: &mut DbConnection, event: &CaseEventRow) -> StoreResult<()> {
    diesel::insert_into(case_events::table)
        .values(event.clone())
        .execute(conn)?;
    Ok(())
}

/// Filters of `GET /api/v1/cases`, already validated. `terms` are the search's words as the
/// index stores them (see [`super::search_terms`]): a case must hold every one.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub terms: Vec<Vec<u8>>,
    /// How many of a word's cases a search reads at a time; `None`:
    /// [`super::case_search::CHUNK`]. (Tests lower it to cross many reads.)
    pub chunk: Option<i64>,
    /// How far the list counts exactly; `None`: [`COUNTED_EXACTLY`]. (Tests lower it.)
    pub counted_up_to: Option<i64>,
    pub status: Option<CaseStatus>,
    pub commune_code: Option<i32>,
    pub category: Option<Category>,
    pub risk_level: Option<RiskLevel>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

impl CaseFilter {
    /// Whether any filter besides the search words narrows the list.
    pub fn narrows(&self) -> bool {
        self.status.is_some()
            || self.commune_code.is_some()
            || self.category.is_some()
            || self.risk_level.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }
}

pub(crate) type BoxedCases<'a> = cases::BoxedQuery<'a, MultiBackend>;

/// The ids of the cases referred to `agency` by a referral that still lets it see them (see
/// `domain::referral::keeps_access`; a macro: MultiBackend cannot box a subquery).
macro_rules! referred_to {
    ($agency:expr) => {{
        // An alias, so that a query already joined to referrals can be scoped by it too.
        let referred = diesel::alias!($crate::schema::referrals as referred);
        $crate::queries::cases::referred_to!(@keeping referred, $agency)
            .select(referred.field($crate::schema::referrals::case_id))
    }};
    // Only those of cases outside `$commune`: two index ranges either side of it.
    ($agency:expr, outside $commune:expr) => {{
        let referred = diesel::alias!($crate::schema::referrals as referred);
        let commune = referred.field($crate::schema::referrals::case_commune_code);
        $crate::queries::cases::referred_to!(@keeping referred, $agency)
            .filter(commune.lt($commune).or(commune.gt($commune)))
            .select(referred.field($crate::schema::referrals::case_id))
    }};
    (@keeping $referred:ident, $agency:expr) => {
        $referred
            .filter(
                $referred
                    .field($crate::schema::referrals::agency_id)
                    .eq($agency.to_string()),
            )
            .filter(
                $referred
                    .field($crate::schema::referrals::status)
                    .ne_all($crate::queries::referrals::ended_without_work())
                    .or($referred
                        .field($crate::schema::referrals::accepted_at)
                        .is_not_null()),
            )
    };
}
pub(crate) use referred_to;

/// `$query` (boxed, with `cases` in its FROM clause) narrowed to the cases `$scope` may see:
/// one definition of a scope in SQL for a case list, a join over cases (deadlines, tasks) and
/// the dashboard's counts alike.
macro_rules! in_scope {
    ($query:expr, $scope:expr) => {
        match $scope {
            hotline_domain::CaseScope::All => $query,
            hotline_domain::CaseScope::Province(p) => {
                $query.filter($crate::schema::cases::province_code.eq(i32::from(p)))
            }
            hotline_domain::CaseScope::Commune(c) => $query.filter(
                $crate::schema::cases::commune_code.eq(i32::try_from(c).unwrap_or(i32::MAX)),
            ),
            hotline_domain::CaseScope::LoggedBy(agency) => {
                $query.filter($crate::schema::cases::id.eq_any(
                    $crate::schema::reports::table
                        .filter($crate::schema::reports::agency_id.eq(agency.to_string()))
                        .filter($crate::schema::reports::case_id.is_not_null())
                        .select($crate::schema::reports::case_id.assume_not_null()),
                ))
            }
            hotline_domain::CaseScope::ReferredTo(agency) => {
                $query.filter($crate::schema::cases::id.eq_any($crate::queries::cases::referred_to!(agency)))
            }
            hotline_domain::CaseScope::CommuneOrReferred { commune, agency } => {
                let commune = i32::try_from(commune).unwrap_or(i32::MAX);
                $query.filter($crate::schema::cases::commune_code.eq(commune).or(
                    $crate::schema::cases::id.eq_any($crate::queries::cases::referred_to!(
                        agency, outside commune
                    )),
                ))
            }
        }
    };
}
pub(crate) use in_scope;

/// The cases `scope` may see.
pub(crate) fn scoped<'a>(scope: CaseScope) -> BoxedCases<'a> {
    in_scope!(cases::table.into_boxed(), scope)
}

pub(crate) fn filtered<'a>(scope: CaseScope, filter: &'a Narrowing<'a>) -> BoxedCases<'a> {
    narrowed(scoped(scope), filter)
}

/// A list's filters, and for a search the cases found to hold its words (see
/// [`super::case_search`]).
pub(crate) struct Narrowing<'a> {
    pub filter: &'a CaseFilter,
    pub among: Option<&'a [String]>,
}

/// `query` narrowed by the list's filters.
fn narrowed<'a>(mut query: BoxedCases<'a>, narrowing: &'a Narrowing<'a>) -> BoxedCases<'a> {
    let filter = narrowing.filter;
    if let Some(among) = narrowing.among {
        query = query.filter(cases::id.eq_any(among));
    }
    if let Some(status) = filter.status {
        query = query.filter(cases::status.eq(status.code()));
    }
    if let Some(commune) = filter.commune_code {
        query = query.filter(cases::commune_code.eq(commune));
    }
    if let Some(risk) = filter.risk_level {
        query = query.filter(cases::risk_level.eq(risk.code()));
    }
    if let Some(category) = filter.category {
        query = query.filter(
            cases::id.eq_any(
                case_categories::table
                    .filter(case_categories::category.eq(category.code()))
                    .select(case_categories::case_id),
            ),
        );
    }
    if let Some(from) = filter.from {
        query = query.filter(cases::received_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(cases::received_at.lt(to));
    }
    query
}

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
        let found = super::case_search::find(conn, scope, filter, offset + per_page, cap)?;
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

/// A list counts its cases exactly up to this many (or up to the end of the page asked for,
/// if further), and past it says only that there are more: an exact count over a province's
/// million cases would cost more than the page itself, and tells a person nothing more.
pub const COUNTED_EXACTLY: i64 = 1000;

/// How many cases a list holds: `n` exactly, or (not `exact`) `n` or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub n: i64,
    pub exact: bool,
}

impl Total {
    /// How far a list whose page ends at `page_end` counts: `counted_up_to` (default
    /// [`COUNTED_EXACTLY`]), or the page's end if further.
    pub fn cap(counted_up_to: Option<i64>, page_end: i64) -> i64 {
        counted_up_to.unwrap_or(COUNTED_EXACTLY).max(page_end)
    }

    /// The total of a list of which `counted` rows were read, no more than one past `cap`.
    pub fn counted(counted: i64, cap: i64) -> Total {
        Total {
            n: counted.min(cap),
            exact: counted <= cap,
        }
    }
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

/// Move a case from `from` to `to`, only if it is still in `from` (a concurrent move wins
/// once, the other gets a conflict rather than overwriting it).
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    from: CaseStatus,
    to: CaseStatus,
    closed_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let changed = diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::status.eq(from.code())),
    )
    .set((
        cases::status.eq(to.code()),
        cases::closed_at.eq(closed_at),
        cases::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!("case is no longer `{from}`")))
    }
}

/// Mark a case still in `from` as a duplicate of `master`: the move to `duplicate` (which
/// ends the case, like any move out of the open states) and the link to the case kept.
pub fn mark_duplicate(
    conn: &mut DbConnection,
    id: &str,
    from: CaseStatus,
    master: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    set_status(conn, id, from, CaseStatus::Duplicate, Some(now), now)?;
    diesel::update(cases::table.find(id))
        .set(cases::duplicate_of.eq(master))
        .execute(conn)?;
    Ok(())
}

/// Set when verification starts; kept if it restarts (the first start counts).
pub fn set_plan_deadlines(
    conn: &mut DbConnection,
    id: &str,
    plan_due_at: NaiveDateTime,
    approval_due_at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set((
            cases::plan_due_at.eq(plan_due_at),
            cases::approval_due_at.eq(approval_due_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The risk level a step of case work came to (verification, assessment, review).
pub fn set_risk(
    conn: &mut DbConnection,
    id: &str,
    risk: RiskLevel,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set((cases::risk_level.eq(risk.code()), cases::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn touch(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(cases::table.find(id))
        .set(cases::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
