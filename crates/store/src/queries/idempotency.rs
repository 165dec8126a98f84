//! Stored first responses for `Idempotency-Key` replays.

use diesel::prelude::*;

use crate::models::IdempotencyRow;
use crate::schema::idempotency_keys;
use crate::{DbConnection, StoreResult};

pub fn find(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
) -> StoreResult<Option<IdempotencyRow>> {
    Ok(idempotency_keys::table
        .find((user_id, key))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Record the response; a concurrent request with the same key makes this a unique
/// violation, which rolls back the whole intake so only the first one stands.
pub fn insert(conn: &mut DbConnection, row: &IdempotencyRow) -> StoreResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}
