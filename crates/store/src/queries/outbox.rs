//! The outbox: messages to send, written in the transaction of what they announce.

use diesel::prelude::*;

use crate::models::OutboxRow;
use crate::schema::outbox;
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, rows: &[OutboxRow]) -> StoreResult<()> {
    // One statement per row: MultiBackend has no batch insert.
    for row in rows {
        diesel::insert_into(outbox::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// The messages that announce a referral, oldest first.
pub fn for_referral(conn: &mut DbConnection, referral_id: &str) -> StoreResult<Vec<OutboxRow>> {
    Ok(outbox::table
        .filter(outbox::referral_id.eq(referral_id))
        .order((outbox::created_at, outbox::id))
        .select(OutboxRow::as_select())
        .load(conn)?)
}
