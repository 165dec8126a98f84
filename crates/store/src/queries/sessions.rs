//! Console sessions: begun at sign-in, seen on each request, ended by signing out, by time,
//! or for every session of a user at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::SessionRow;
use crate::schema::console_sessions;
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, row: &SessionRow) -> StoreResult<()> {
    diesel::insert_into(console_sessions::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// A session not yet ended, by the hash of its cookie.
pub fn open(conn: &mut DbConnection, id_hash: &str) -> StoreResult<Option<SessionRow>> {
    Ok(console_sessions::table
        .filter(console_sessions::id_hash.eq(id_hash))
        .filter(console_sessions::ended_at.is_null())
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn touch(conn: &mut DbConnection, id_hash: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(
        console_sessions::table
            .filter(console_sessions::id_hash.eq(id_hash))
            .filter(console_sessions::ended_at.is_null()),
    )
    .set(console_sessions::last_seen_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// End one session; returns whether it was still open.
pub fn end(conn: &mut DbConnection, id_hash: &str, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        console_sessions::table
            .filter(console_sessions::id_hash.eq(id_hash))
            .filter(console_sessions::ended_at.is_null()),
    )
    .set(console_sessions::ended_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// End every open session of a user (deactivated, or a password reset); returns how many.
pub fn end_all_of(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        console_sessions::table
            .filter(console_sessions::user_id.eq(user_id))
            .filter(console_sessions::ended_at.is_null()),
    )
    .set(console_sessions::ended_at.eq(now))
    .execute(conn)?)
}
