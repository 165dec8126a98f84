//! The outbox: messages to send, written in the transaction of what they announce.

use diesel::prelude::*;

use crate::models::OutboxRow;
use crate::schema::outbox;
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, rows: &[OutboxRow]) -> StoreResult<()> {
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(outbox::table)
            .values(rows)
            .execute(c))?;
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
