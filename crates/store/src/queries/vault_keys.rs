//! The stored (wrapped) keys personal fields are sealed under.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::VaultKeyRow;
use crate::schema::vault_keys;
use crate::{DbConnection, StoreResult};

pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<VaultKeyRow>> {
    Ok(vault_keys::table
        .order(vault_keys::id)
        .select(VaultKeyRow::as_select())
        .load(conn)?)
}

pub fn insert(conn: &mut DbConnection, rows: &[VaultKeyRow]) -> StoreResult<()> {
    // One row at a time: the multi-backend connection has no batch insert.
    for row in rows {
        diesel::insert_into(vault_keys::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Replace each key's wrapped form (the same keys under a new master key).
pub fn rewrap(conn: &mut DbConnection, rows: &[(i32, String)]) -> StoreResult<()> {
    for (id, wrapped) in rows {
        diesel::update(vault_keys::table.find(id))
            .set(vault_keys::wrapped.eq(wrapped))
            .execute(conn)?;
    }
    Ok(())
}

/// The newest data key's id (0 when none).
pub fn newest_data_key(conn: &mut DbConnection) -> StoreResult<i32> {
    Ok(vault_keys::table
        .filter(vault_keys::purpose.eq("data"))
        .select(diesel::dsl::max(vault_keys::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0))
}

pub fn row(id: i32, purpose: &str, wrapped: String, now: NaiveDateTime) -> VaultKeyRow {
    VaultKeyRow {
        id,
        purpose: purpose.to_owned(),
        wrapped,
        created_at: now,
    }
}
