//! The figures kept as counts per day, and the marks that say which days a change has made
//! stale. Triggers (migration 000017) mark the province and day of every row a figure is
//! counted from, in the writer's own transaction; the folder reads a batch of marked days,
//! recomputes them whole, and deletes exactly the marks it read, so a mark written while it
//! worked stays for the next fold.
//!
//! Levels: a commune's counts have its province and its code; a province's have commune 0;
//! the nation's have province 0 and are the sum of the provinces' of the same day.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::schema::{figure_counts, figure_dirty};
use crate::{per_backend, DbConnection, StoreResult};

/// The province code of the nation's counts, and the commune code of a province's.
pub const WHOLE: i32 = 0;

/// One count of one day.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = figure_counts)]
pub struct DayCount {
    pub province_code: i32,
    pub commune_code: i32,
    pub figure: String,
    pub day: NaiveDate,
    pub key: String,
    pub n: i64,
}

/// Keep two folders apart: both would replace the same day's counts. On SQLite the
/// folder's `BEGIN IMMEDIATE` already does; PostgreSQL takes a lock for the transaction.
pub fn lock_folding(conn: &mut DbConnection) -> StoreResult<()> {
    if let DbConnection::Pg(c) = conn {
        // An arbitrary constant naming this lock among the database's advisory locks.
        diesel::sql_query("SELECT pg_advisory_xact_lock(170017)").execute(c)?;
    }
    Ok(())
}

/// The id of the newest mark (0 when there is none).
pub fn last_mark(conn: &mut DbConnection) -> StoreResult<i64> {
    let last: Option<i64> = figure_dirty::table
        .select(diesel::dsl::max(figure_dirty::id))
        .get_result(conn)?;
    Ok(last.unwrap_or(0))
}

/// Up to `limit` (province, day) pairs marked by marks up to `last`, oldest marks first.
pub fn dirty_days(
    conn: &mut DbConnection,
    last: i64,
    limit: i64,
) -> StoreResult<Vec<(i32, NaiveDate)>> {
    let mut days: Vec<(i32, NaiveDate)> = figure_dirty::table
        .filter(figure_dirty::id.le(last))
        .select((figure_dirty::province_code, figure_dirty::day))
        .order(figure_dirty::id)
        .limit(limit * 8)
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    days.retain(|d| seen.insert(*d));
    days.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(days)
}

/// How many (province, day) pairs marks up to `last` name: the days a fold will count.
pub fn dirty_day_count(conn: &mut DbConnection, last: i64) -> StoreResult<u64> {
    let days: Vec<(i32, NaiveDate)> = figure_dirty::table
        .filter(figure_dirty::id.le(last))
        .select((figure_dirty::province_code, figure_dirty::day))
        .distinct()
        .load(conn)?;
    Ok(u64::try_from(days.len()).unwrap_or_default())
}

/// The ids of the marks of `days`, to be deleted once they are recomputed.
pub fn marks_of(conn: &mut DbConnection, days: &[(i32, NaiveDate)]) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::new();
    for (province, day) in days {
        let found: Vec<i64> = figure_dirty::table
            .filter(figure_dirty::province_code.eq(province))
            .filter(figure_dirty::day.eq(day))
            .select(figure_dirty::id)
            .load(conn)?;
        ids.extend(found);
    }
    Ok(ids)
}

/// Delete the marks read.
pub fn forget_marks(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<()> {
    for chunk in ids.chunks(1000) {
        diesel::delete(figure_dirty::table.filter(figure_dirty::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(())
}

/// How many of the marks `ids` are still there (another fold forgets the ones it counted).
pub fn marks_present(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<usize> {
    let mut present = 0;
    for chunk in ids.chunks(1000) {
        let n: i64 = figure_dirty::table
            .filter(figure_dirty::id.eq_any(chunk))
            .count()
            .get_result(conn)?;
        present += usize::try_from(n).unwrap_or_default();
    }
    Ok(present)
}

/// Replace a province's counts of a day (its own and its communes') with `counts`.
pub fn replace_day(
    conn: &mut DbConnection,
    province: i32,
    day: NaiveDate,
    counts: &[DayCount],
) -> StoreResult<()> {
    diesel::delete(
        figure_counts::table
            .filter(figure_counts::day.eq(day))
            .filter(figure_counts::province_code.eq(province)),
    )
    .execute(conn)?;
    // Six values a row; SQLite takes 32,766 bound values a statement.
    for chunk in counts.chunks(2000) {
        per_backend!(conn, |c| diesel::insert_into(figure_counts::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// Sum the nation's counts of `day` from its provinces'.
pub fn sum_nation(conn: &mut DbConnection, day: NaiveDate) -> StoreResult<()> {
    diesel::delete(
        figure_counts::table
            .filter(figure_counts::day.eq(day))
            .filter(figure_counts::province_code.eq(WHOLE)),
    )
    .execute(conn)?;
    let rows: Vec<(String, String, i64)> = figure_counts::table
        .filter(figure_counts::day.eq(day))
        .filter(figure_counts::province_code.ne(WHOLE))
        .filter(figure_counts::commune_code.eq(WHOLE))
        .select((figure_counts::figure, figure_counts::key, figure_counts::n))
        .load(conn)?;
    let mut sums: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for (figure, key, n) in rows {
        *sums.entry((figure, key)).or_default() += n;
    }
    let counts: Vec<DayCount> = sums
        .into_iter()
        .map(|((figure, key), n)| DayCount {
            province_code: WHOLE,
            commune_code: WHOLE,
            figure,
            day,
            key,
            n,
        })
        .collect();
    for chunk in counts.chunks(2000) {
        per_backend!(conn, |c| diesel::insert_into(figure_counts::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// Which counts to read: (province, commune), [`WHOLE`] for the level above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub province: i32,
    pub commune: i32,
}

/// The counts of one figure at one level, days `$from` to `$to` included.
macro_rules! of_figure {
    ($level:expr, $figure:expr, $from:expr, $to:expr) => {
        figure_counts::table
            .filter(figure_counts::province_code.eq($level.province))
            .filter(figure_counts::commune_code.eq($level.commune))
            .filter(figure_counts::figure.eq($figure))
            .filter(figure_counts::day.ge($from))
            .filter(figure_counts::day.le($to))
    };
}

/// (key, n) of one figure at one level, summed over the days `from` to `to` included. The
/// database adds up: a year is some 2,000 counts a day, a few hundred keys.
pub fn sums(
    conn: &mut DbConnection,
    level: Level,
    figure: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(String, i64)>> {
    Ok(of_figure!(level, figure, from, to)
        .group_by(figure_counts::key)
        .select((figure_counts::key, sum_of_n()))
        .load(conn)?)
}

/// (day, n) of one figure at one level, all its keys together, days `from` to `to`.
pub fn per_day(
    conn: &mut DbConnection,
    level: Level,
    figure: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(NaiveDate, i64)>> {
    Ok(of_figure!(level, figure, from, to)
        .group_by(figure_counts::day)
        .select((figure_counts::day, sum_of_n()))
        .load(conn)?)
}

/// `SUM(n)` as a BIGINT on both backends (PostgreSQL's sum of BIGINT is NUMERIC).
fn sum_of_n() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql::<diesel::sql_types::BigInt>("CAST(SUM(n) AS BIGINT)")
}

/// Every (province, day) anything is counted on, as migration 000017 marked them, with
/// `day` the backend's expression of a stored time's day in Vietnam.
fn every_day(day: fn(&str) -> String) -> String {
    format!(
        "SELECT COALESCE(province_code, -1), {} FROM reports
         UNION SELECT province_code, {} FROM cases
         UNION SELECT province_code, {} FROM cases WHERE closed_at IS NOT NULL
         UNION SELECT case_province_code, {} FROM referrals
         UNION SELECT c.province_code, {} FROM case_deadlines d JOIN cases c ON c.id = d.case_id
         UNION SELECT c.province_code, s.provided_on FROM case_services s
             JOIN cases c ON c.id = s.case_id",
        day("received_at"),
        day("received_at"),
        day("closed_at"),
        day("created_at"),
        day("d.due_at"),
    )
}

/// Drop every count and mark every day: the next fold recounts everything from the cases.
pub fn reset(conn: &mut DbConnection) -> StoreResult<()> {
    diesel::delete(figure_counts::table).execute(conn)?;
    match conn {
        DbConnection::Pg(c) => {
            let days = every_day(|t| format!("figure_day({t})"));
            diesel::sql_query(format!(
                "INSERT INTO figure_dirty (province_code, day) {days}"
            ))
            .execute(c)?;
        }
        DbConnection::Sqlite(c) => {
            let days = every_day(|t| format!("date({t}, '+7 hours')"));
            diesel::sql_query(format!(
                "INSERT OR IGNORE INTO figure_dirty (province_code, day) {days}"
            ))
            .execute(c)?;
        }
    }
    Ok(())
}
