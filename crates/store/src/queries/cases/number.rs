//! A case's number: the province's gap-free sequence for the year.

use diesel::prelude::*;

use crate::schema::{case_number_sequences, cases};
use crate::{DbConnection, StoreError, StoreResult};

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
