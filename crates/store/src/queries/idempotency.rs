//! Stored first responses for `Idempotency-Key` replays, kept for a limited time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::IdempotencyRow;
use crate::schema::idempotency_keys;
use crate::{DbConnection, StoreResult};

/// The first response to `key` of `user_id`, if it was stored at or after `kept_since`.
pub fn find(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
    kept_since: NaiveDateTime,
) -> StoreResult<Option<IdempotencyRow>> {
    Ok(idempotency_keys::table
        .find((user_id, key))
        .filter(idempotency_keys::created_at.ge(kept_since))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Drop the response to `key` of `user_id` stored before `kept_since`, so the key can be used
/// again.
pub fn forget(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
    kept_since: NaiveDateTime,
) -> StoreResult<()> {
    diesel::delete(
        idempotency_keys::table
            .find((user_id, key))
            .filter(idempotency_keys::created_at.lt(kept_since)),
    )
    .execute(conn)?;
    Ok(())
}

/// Drop every response stored before `kept_since`; how many went.
pub fn expire(conn: &mut DbConnection, kept_since: NaiveDateTime) -> StoreResult<usize> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(kept_since)))
            .execute(conn)?,
    )
}

/// Record the response; a concurrent request with the same key makes this a unique
/// violation, which rolls back the whole intake so only the first one stands.
pub fn insert(conn: &mut DbConnection, row: &IdempotencyRow) -> StoreResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}
