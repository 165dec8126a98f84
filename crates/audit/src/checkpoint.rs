//! Where verifications of the chain got to. A verification that finds the chain whole
//! records the seal it reached; the next starts after it, so a log of ten million entries is
//! not hashed again every night. Each record carries a MAC under the seal key: one written by
//! someone without the key is not believed, and verification starts from the beginning.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use hotline_store::schema::{audit_checkpoints, audit_seals};
use hotline_store::DbConnection;

use crate::chain::SealKey;
use crate::{AuditError, VerifyReport};

/// A seal a verification reached, with what verifying from it needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_checkpoints)]
pub struct Checkpoint {
    pub seal_no: i64,
    pub hash: String,
    pub sealed_through: i64,
    pub sealed_at: NaiveDateTime,
    pub keyed: bool,
    pub unkeyed_seals: i64,
    pub verified_at: NaiveDateTime,
    pub mac: String,
    /// Entries the seals through `seal_no` hold; `None` in checkpoints written before it
    /// was kept.
    pub entries_sealed: Option<i64>,
}

impl Checkpoint {
    fn mac_of(&self, key: &SealKey) -> String {
        let fields = format!(
            "{}\0{}\0{}\0{}\0{}\0{}\0{}",
            self.seal_no,
            self.hash,
            self.sealed_through,
            self.sealed_at.and_utc().timestamp_micros(),
            self.keyed,
            self.unkeyed_seals,
            self.verified_at.and_utc().timestamp_micros(),
        );
        // Version 1 is kept for the checkpoints written before the entry count.
        let text = match self.entries_sealed {
            None => format!("hotline audit checkpoint v1\0{fields}"),
            Some(n) => format!("hotline audit checkpoint v2\0{fields}\0{n}"),
        };
        key.mac(text.as_bytes())
    }
}

/// The newest checkpoint, if its MAC holds under `key`.
pub fn latest(conn: &mut DbConnection, key: &SealKey) -> Result<Option<Checkpoint>, AuditError> {
    let newest: Option<Checkpoint> = audit_checkpoints::table
        .order(audit_checkpoints::seal_no.desc())
        .select(Checkpoint::as_select())
        .first(conn)
        .optional()?;
    Ok(newest.filter(|c| c.mac == c.mac_of(key)))
}

/// Record the seal a verification that found the chain whole reached (nothing when it did not,
/// or when nothing is sealed yet). Returns the checkpoint recorded.
pub fn record(
    conn: &mut DbConnection,
    key: &SealKey,
    report: &VerifyReport,
    at: DateTime<Utc>,
) -> Result<Option<Checkpoint>, AuditError> {
    let (true, Some(hash)) = (report.ok, report.head_hash.clone()) else {
        return Ok(None);
    };
    let seal: Option<(NaiveDateTime, bool)> = audit_seals::table
        .filter(audit_seals::seal_no.eq(report.seals))
        .filter(audit_seals::hash.eq(&hash))
        .select((audit_seals::sealed_at, audit_seals::keyed))
        .first(conn)
        .optional()?;
    let Some((sealed_at, keyed)) = seal else {
        return Ok(None);
    };
    let mut checkpoint = Checkpoint {
        seal_no: report.seals,
        hash,
        sealed_through: report.sealed_through,
        sealed_at,
        keyed,
        unkeyed_seals: report.unkeyed_seals,
        verified_at: hotline_domain::time::at_storage_precision(at).naive_utc(),
        mac: String::new(),
        entries_sealed: Some(report.entries_sealed),
    };
    checkpoint.mac = checkpoint.mac_of(key);
    hotline_store::insert_or_ignore!(&mut *conn, audit_checkpoints::table, checkpoint.clone())?;
    Ok(Some(checkpoint))
}
