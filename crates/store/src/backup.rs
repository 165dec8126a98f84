//! What a backup and a restore ask of the database: a consistent copy of an SQLite file, and
//! what a restored copy holds.

use diesel::sql_types::{BigInt, Text};
use diesel::RunQueryDsl;

use crate::{DbConnection, StoreError, StoreResult};

/// Copy the database into a new file at `to`: one consistent snapshot, taken while the
/// server keeps reading and writing (`VACUUM INTO` reads in one transaction). SQLite only.
pub fn copy_into(conn: &mut DbConnection, to: &std::path::Path) -> StoreResult<()> {
    let DbConnection::Sqlite(c) = conn else {
        return Err(StoreError::Conflict(
            "a file copy is SQLite's; PostgreSQL is backed up with its own tools".into(),
        ));
    };
    let path = to
        .to_str()
        .ok_or_else(|| StoreError::Conflict("the path is not UTF-8".into()))?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(path)
        .execute(c)?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many cases and reports the database holds.
pub fn cases_and_reports(conn: &mut DbConnection) -> StoreResult<(i64, i64)> {
    let mut count = |table: &str| -> StoreResult<i64> {
        let row: Count =
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result(conn)?;
        Ok(row.n)
    };
    Ok((count("cases")?, count("reports")?))
}
