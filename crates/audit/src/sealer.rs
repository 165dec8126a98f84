//! Sealing: chaining committed entries in batches, without a lock on appends.
//!
//! An entry's `seq` comes from the database when it is inserted, but transactions commit in
//! any order, so seq 11 may still be uncommitted when seq 12 is visible. A batch may only end
//! at a seq below which nothing can still appear:
//! * SQLite has one writer at a time, so whatever is visible is final.
//! * On PostgreSQL the sealer notes the highest visible seq with the transaction horizon of
//!   that moment (`pg_snapshot_xmax`), and seals through it on a later tick, once every
//!   transaction that was running then has ended (`pg_snapshot_xmin` has passed it). Every
//!   appender takes its transaction id before its seq (see `append`), which makes that sound.
//!
//! Several instances may run a sealer on one database: a transaction-scoped advisory lock lets
//! one seal at a time, and the seal number's primary key refuses a second seal with the same
//! place in the chain, so there is only ever one chain.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable};
use hotline_store::models::{AuditEntryRow, AuditSealRow};
use hotline_store::schema::{audit_entries, audit_seals};
use hotline_store::{write_transaction, DbConnection};

use crate::chain::{BatchHasher, SealKey, GENESIS};
use crate::AuditError;

/// Arbitrary, fixed key for `pg_try_advisory_xact_lock`: "audit seal".
const SEAL_LOCK_KEY: i64 = 0x4155_4449_5453_4541;

/// The most entries one seal covers (a large backlog is sealed over several ticks).
pub const MAX_BATCH: i64 = 20_000;

#[derive(Debug, Clone, Copy)]
struct Candidate {
    through: i64,
    horizon: i64,
}

pub struct Sealer {
    instance: String,
    candidate: Option<Candidate>,
    key: SealKey,
}

impl Sealer {
    pub fn new(instance: impl Into<String>, key: SealKey) -> Sealer {
        Sealer {
            instance: instance.into(),
            candidate: None,
            key,
        }
    }

    /// Seal what can be sealed now; returns the new seal, if any.
    pub fn tick(
        &mut self,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<Option<AuditSealRow>, AuditError> {
        if conn.is_postgres() {
            self.tick_postgres(conn, now)
        } else {
            write_transaction(conn, |conn| {
                let last = last_seal(conn)?;
                let through = audit_entries::table
                    .select(diesel::dsl::max(audit_entries::seq))
                    .first::<Option<i64>>(conn)?;
                match through {
                    Some(through) if through > last.as_ref().map_or(0, |s| s.last_seq) => seal(
                        conn,
                        last.as_ref(),
                        through,
                        (&self.instance, &self.key),
                        now,
                    ),
                    _ => Ok(None),
                }
            })
        }
    }

    fn tick_postgres(
        &mut self,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<Option<AuditSealRow>, AuditError> {
        let candidate = self.candidate;
        let (instance, key) = (self.instance.clone(), self.key.clone());
        let (sealed, next) = conn.transaction(|conn| {
            let DbConnection::Pg(pg) = &mut *conn else {
                return Ok((None, None));
            };
            let locked = diesel::select(diesel::dsl::sql::<Bool>(&format!(
                "pg_try_advisory_xact_lock({SEAL_LOCK_KEY})"
            )))
            .get_result::<bool>(pg)?;
            if !locked {
                return Ok::<_, AuditError>((None, candidate));
            }
            let (visible_max, xmin, xmax) = diesel::select((
                diesel::dsl::sql::<Nullable<BigInt>>("(SELECT max(seq) FROM audit_entries)"),
                diesel::dsl::sql::<BigInt>("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
                diesel::dsl::sql::<BigInt>("pg_snapshot_xmax(pg_current_snapshot())::text::bigint"),
            ))
            .get_result::<(Option<i64>, i64, i64)>(pg)?;
            let last = last_seal(conn)?;
            let sealed_through = last.as_ref().map_or(0, |s| s.last_seq);
            let mut sealed = None;
            let mut keep = candidate.filter(|c| c.through > sealed_through);
            if let Some(c) = keep.filter(|c| xmin >= c.horizon) {
                sealed = seal(conn, last.as_ref(), c.through, (&instance, &key), now)?;
                let reached = sealed.as_ref().map_or(sealed_through, |s| s.last_seq);
                keep = (c.through > reached).then_some(c);
            }
            let next = keep.or_else(|| {
                visible_max
                    .filter(|m| *m > sealed_through)
                    .map(|through| Candidate {
                        through,
                        horizon: xmax,
                    })
            });
            Ok((sealed, next))
        })?;
        self.candidate = next;
        Ok(sealed)
    }
}

fn last_seal(conn: &mut DbConnection) -> Result<Option<AuditSealRow>, AuditError> {
    Ok(audit_seals::table
        .order(audit_seals::seal_no.desc())
        .select(AuditSealRow::as_select())
        .first(conn)
        .optional()?)
}

/// Seal the entries after `last` up to `through` (at most `MAX_BATCH` of them).
fn seal(
    conn: &mut DbConnection,
    last: Option<&AuditSealRow>,
    through: i64,
    (instance, key): (&str, &SealKey),
    now: DateTime<Utc>,
) -> Result<Option<AuditSealRow>, AuditError> {
    let after = last.map_or(0, |s| s.last_seq);
    let entries: Vec<AuditEntryRow> = audit_entries::table
        .filter(audit_entries::seq.gt(after))
        .filter(audit_entries::seq.le(through))
        .order(audit_entries::seq)
        .limit(MAX_BATCH)
        .select(AuditEntryRow::as_select())
        .load(conn)?;
    let (Some(first), Some(end)) = (entries.first(), entries.last()) else {
        return Ok(None);
    };
    let prev_hash = last.map_or(GENESIS.to_owned(), |s| s.hash.clone());
    let mut hasher = BatchHasher::new(&prev_hash);
    entries.iter().for_each(|e| hasher.add(e));
    let row = AuditSealRow {
        seal_no: last.map_or(1, |s| s.seal_no + 1),
        first_seq: first.seq,
        last_seq: end.seq,
        entry_count: hasher.count(),
        entry_digests: hasher.locators().to_owned(),
        prev_hash,
        hash: hasher.finish(Some(key)),
        sealed_at: hotline_domain::time::at_storage_precision(now).naive_utc(),
        sealed_by: instance.to_owned(),
        keyed: true,
    };
    diesel::insert_into(audit_seals::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(Some(row))
}
