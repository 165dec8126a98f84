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
/// is not empty (an erased value required by its column) and does not start with `prefix` (the sealed prefix: values in clear; a data key's prefix:
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
             WHERE id > $1 AND {column} IS NOT NULL AND {column} <> '' AND {column} NOT LIKE $2 \
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

/// Up to `limit` (id, value) of `table.column` after id `after`, in id order, whose value is
/// not empty: every value, to be read (a check that each opens).
pub fn every_value(
    conn: &mut DbConnection,
    (table, column): (&str, &str),
    after: &str,
    limit: i64,
) -> StoreResult<Vec<(String, String)>> {
    let sql = for_backend(
        conn,
        format!(
            "SELECT id, {column} AS value FROM {table} \
             WHERE id > $1 AND {column} IS NOT NULL AND {column} <> '' ORDER BY id LIMIT $2"
        ),
    );
    let rows: Vec<Value> = diesel::sql_query(sql)
        .bind::<Text, _>(after)
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
            "SELECT COUNT(*) AS n FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' AND {column} NOT LIKE $1"
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

/// A piece of evidence written before evidence had a keyed hash: its value is in clear.
#[derive(Debug, Clone)]
pub struct UnkeyedEvidence {
    pub id: String,
    pub kind: String,
    pub value: String,
}

/// Up to `limit` evidence rows after id `after` with no keyed hash yet.
pub fn unkeyed_evidence(
    conn: &mut DbConnection,
    after: &str,
    limit: i64,
) -> StoreResult<Vec<UnkeyedEvidence>> {
    use crate::schema::case_evidence;
    let rows: Vec<(String, String, String)> = case_evidence::table
        .filter(case_evidence::id.gt(after))
        .filter(case_evidence::value_key.is_null())
        .order(case_evidence::id)
        .limit(limit)
        .select((case_evidence::id, case_evidence::kind, case_evidence::value))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, value)| UnkeyedEvidence { id, kind, value })
        .collect())
}

/// Give evidence row `id` its keyed hash, if it has none yet.
pub fn key_evidence(conn: &mut DbConnection, id: &str, key: &str) -> StoreResult<()> {
    use crate::schema::case_evidence;
    diesel::update(
        case_evidence::table
            .find(id)
            .filter(case_evidence::value_key.is_null()),
    )
    .set(case_evidence::value_key.eq(key))
    .execute(conn)?;
    Ok(())
}

/// Up to `limit` (id, online document) of reports after id `after` whose online details are
/// not sealed: written whole in clear before sealing, or (erased reports) only the counted
/// facts.
pub fn clear_online(
    conn: &mut DbConnection,
    after: &str,
    limit: i64,
) -> StoreResult<Vec<(String, String)>> {
    use crate::schema::reports;
    Ok(reports::table
        .filter(reports::id.gt(after))
        .filter(reports::online_sealed.is_null())
        .filter(reports::online.is_not_null())
        .order(reports::id)
        .limit(limit)
        .select((reports::id, reports::online.assume_not_null()))
        .load(conn)?)
}

/// Replace report `id`'s online document `old` (if it still holds it, unsealed) by its
/// counted facts in clear and the whole document sealed; returns whether it did.
pub fn seal_online(
    conn: &mut DbConnection,
    id: &str,
    old: &str,
    (counted, sealed): (&str, &str),
) -> StoreResult<bool> {
    use crate::schema::reports;
    let n = diesel::update(
        reports::table
            .find(id)
            .filter(reports::online.eq(old))
            .filter(reports::online_sealed.is_null()),
    )
    .set((
        reports::online.eq(counted),
        reports::online_sealed.eq(sealed),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
