//! Batches over a sealed column, for moving values written in clear to sealed ones and
//! values sealed under an old data key to the newest. Tables and columns come from the fixed
//! list of sealed fields, never from input; each batch walks the table by id, so a run that
//! stops can start again from the beginning and only meet what is left.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::{DbConnection, StoreResult};

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    value: String,
}

/// `pg_sql` with PostgreSQL's `$n` parameters, as the connection's backend writes them.
fn for_backend(conn: &DbConnection, pg_sql: String) -> String {
    match conn {
        DbConnection::Pg(_) => pg_sql,
        DbConnection::Sqlite(_) => pg_sql.replace('$', "?"),
    }
}

/// Up to `limit` (id, value) of `table.column` after id `after`, in id order, whose value
/// does not start with `prefix` (the sealed prefix: values in clear; a data key's prefix:
/// values sealed under another key).
pub fn batch(
    conn: &mut DbConnection,
    (table, column): (&str, &str),
    prefix: &str,
    after: &str,
    limit: i64,
) -> StoreResult<Vec<(String, String)>> {
    let pattern = format!("{prefix}%");
    let sql = for_backend(
        conn,
        format!(
            "SELECT id, {column} AS value FROM {table} \
             WHERE id > $1 AND {column} IS NOT NULL AND {column} NOT LIKE $2 \
             ORDER BY id LIMIT $3"
        ),
    );
    let rows: Vec<Value> = diesel::sql_query(sql)
        .bind::<Text, _>(after)
        .bind::<Text, _>(pattern)
        .bind::<BigInt, _>(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id, r.value)).collect())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many values of `table.column` do not start with `prefix`.
pub fn count(
    conn: &mut DbConnection,
    (table, column): (&str, &str),
    prefix: &str,
) -> StoreResult<usize> {
    let sql = for_backend(
        conn,
        format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE {column} IS NOT NULL AND {column} NOT LIKE $1"
        ),
    );
    let row: Count = diesel::sql_query(sql)
        .bind::<Text, _>(format!("{prefix}%"))
        .get_result(conn)?;
    Ok(usize::try_from(row.n).unwrap_or_default())
}

/// Set `table.column` of row `id` to `new` if it still holds `old` (a write by the server
/// since the batch was read wins); returns whether it did.
pub fn replace(
    conn: &mut DbConnection,
    (table, column): (&str, &str),
    id: &str,
    old: &str,
    new: &str,
) -> StoreResult<bool> {
    let sql = for_backend(
        conn,
        format!("UPDATE {table} SET {column} = $1 WHERE id = $2 AND {column} = $3"),
    );
    let n = diesel::sql_query(sql)
        .bind::<Text, _>(new)
        .bind::<Text, _>(id)
        .bind::<Text, _>(old)
        .execute(conn)?;
    Ok(n == 1)
}

/// A child written before names were hashed and dates of birth sealed.
#[derive(Debug, Clone)]
pub struct ClearChild {
    pub id: String,
    /// The name as stored: in clear for a child written before sealing.
    pub name: Option<String>,
    pub name_folded: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    /// When the child's case was received (its age is counted on that day).
    pub received_at: chrono::NaiveDateTime,
}

/// Up to `limit` children after id `after` with no name key for a name in clear, or still
/// holding a folded name or a date of birth in clear.
pub fn clear_children(
    conn: &mut DbConnection,
    after: &str,
    limit: i64,
) -> StoreResult<Vec<ClearChild>> {
    use crate::schema::{case_children, cases};
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDate>,
        chrono::NaiveDateTime,
    );
    let rows: Vec<Row> = case_children::table
        .inner_join(cases::table)
        .filter(case_children::id.gt(after))
        .filter(
            case_children::name_folded
                .is_not_null()
                .or(case_children::birth_date.is_not_null())
                .or(case_children::name_key.is_null().and(
                    case_children::name
                        .is_not_null()
                        .and(case_children::name.not_like("hx1.%")),
                )),
        )
        .order(case_children::id)
        .limit(limit)
        .select((
            case_children::id,
            case_children::name,
            case_children::name_folded,
            case_children::birth_date,
            cases::received_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, name_folded, birth_date, received_at)| ClearChild {
                id,
                name,
                name_folded,
                birth_date,
                received_at,
            },
        )
        .collect())
}

/// What replaces a child's folded name and date of birth.
pub struct SealedChild<'a> {
    pub name_key: Option<&'a str>,
    pub birth_date_sealed: Option<&'a str>,
    pub age_on_receipt: Option<i32>,
}

/// Replace child `id`'s folded name and date of birth by their keyed hash and sealed form.
pub fn seal_child(conn: &mut DbConnection, id: &str, sealed: SealedChild<'_>) -> StoreResult<()> {
    use crate::schema::case_children;
    diesel::update(case_children::table.find(id))
        .set((
            case_children::name_folded.eq(None::<String>),
            case_children::birth_date.eq(None::<chrono::NaiveDate>),
        ))
        .execute(conn)?;
    if let Some(key) = sealed.name_key {
        diesel::update(case_children::table.find(id))
            .set(case_children::name_key.eq(key))
            .execute(conn)?;
    }
    if let Some(birth) = sealed.birth_date_sealed {
        diesel::update(case_children::table.find(id))
            .set((
                case_children::birth_date_sealed.eq(birth),
                case_children::age_on_receipt.eq(sealed.age_on_receipt),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Empty the clear search text of up to `limit` cases after id `after` (the search index
/// holds their words as keyed hashes); returns how many and the last id, `None` when none
/// was left.
pub fn empty_search_text(
    conn: &mut DbConnection,
    after: &str,
    limit: i64,
) -> StoreResult<Option<(usize, String)>> {
    use crate::schema::cases;
    let ids: Vec<String> = cases::table
        .filter(cases::id.gt(after))
        .filter(cases::search_text.ne(""))
        .order(cases::id)
        .limit(limit)
        .select(cases::id)
        .load(conn)?;
    diesel::update(cases::table.filter(cases::id.eq_any(&ids)))
        .set(cases::search_text.eq(""))
        .execute(conn)?;
    Ok(ids.last().map(|last| (ids.len(), last.clone())))
}
