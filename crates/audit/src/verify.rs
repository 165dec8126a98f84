//! Recomputing the chain.

use chrono::Duration;
use diesel::prelude::*;
use hotline_store::models::{AuditEntryRow, AuditSealRow};
use hotline_store::schema::{audit_entries, audit_seals};
use hotline_store::DbConnection;
use serde::Serialize;

use crate::chain::{BatchHasher, GENESIS};
use crate::AuditError;

/// How much older than the previous seal an entry may honestly be: the longest a request's
/// transaction can run. An older entry arriving later is a backdated forgery.
pub const BACKDATE_TOLERANCE_SECS: i64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub ok: bool,
    /// Entries in the log.
    pub entries: i64,
    /// The highest seq covered by a seal (0 before the first seal).
    pub sealed_through: i64,
    pub seals: i64,
    /// The first entry that does not match its seal, or that is missing from it.
    pub first_bad_seq: Option<i64>,
    /// What failed, in words (no personal data: seqs and seal numbers only).
    pub problem: Option<String>,
}

const SEAL_PAGE: i64 = 1_000;

pub fn verify(conn: &mut DbConnection) -> Result<VerifyReport, AuditError> {
    let entries: i64 = audit_entries::table.count().get_result(conn)?;
    let mut report = VerifyReport {
        ok: true,
        entries,
        sealed_through: 0,
        seals: 0,
        first_bad_seq: None,
        problem: None,
    };
    let mut prev_hash = GENESIS.to_owned();
    let mut prev_sealed_at = None;
    let mut expected_no = 1_i64;
    loop {
        let seals: Vec<AuditSealRow> = audit_seals::table
            .filter(audit_seals::seal_no.ge(expected_no))
            .order(audit_seals::seal_no)
            .limit(SEAL_PAGE)
            .select(AuditSealRow::as_select())
            .load(conn)?;
        if seals.is_empty() {
            break;
        }
        for seal in &seals {
            let after = report.sealed_through;
            if seal.seal_no != expected_no || seal.prev_hash != prev_hash || seal.first_seq <= after
            {
                return Ok(fail(
                    report,
                    after + 1,
                    format!(
                        "seal {} does not follow seal {}",
                        seal.seal_no,
                        expected_no - 1
                    ),
                ));
            }
            let batch: Vec<AuditEntryRow> = audit_entries::table
                .filter(audit_entries::seq.gt(after))
                .filter(audit_entries::seq.le(seal.last_seq))
                .order(audit_entries::seq)
                .select(AuditEntryRow::as_select())
                .load(conn)?;
            let mut hasher = BatchHasher::new(&prev_hash);
            batch.iter().for_each(|e| hasher.add(e));
            let (count, hash) = (hasher.count(), hasher.finish());
            if count != seal.entry_count || hash != seal.hash {
                let bad = first_bad(&batch, seal, after);
                return Ok(fail(
                    report,
                    bad,
                    format!("entries of seal {} do not match it", seal.seal_no),
                ));
            }
            if let Some(bad) = backdated(&batch, prev_sealed_at) {
                return Ok(fail(
                    report,
                    bad,
                    format!("entry {bad} is older than the seal before it"),
                ));
            }
            report.sealed_through = seal.last_seq;
            report.seals += 1;
            prev_hash = seal.hash.clone();
            prev_sealed_at = Some(seal.sealed_at);
            expected_no += 1;
        }
    }
    // Entries not yet sealed cannot be checked against a seal, but none may predate the last one.
    let tail: Vec<AuditEntryRow> = match prev_sealed_at {
        Some(sealed_at) => audit_entries::table
            .filter(audit_entries::seq.gt(report.sealed_through))
            .filter(audit_entries::at.lt(sealed_at - Duration::seconds(BACKDATE_TOLERANCE_SECS)))
            .order(audit_entries::seq)
            .limit(1)
            .select(AuditEntryRow::as_select())
            .load(conn)?,
        None => Vec::new(),
    };
    if let Some(e) = tail.first() {
        return Ok(fail(
            report,
            e.seq,
            format!("unsealed entry {} is older than the last seal", e.seq),
        ));
    }
    Ok(report)
}

fn fail(mut report: VerifyReport, seq: i64, problem: String) -> VerifyReport {
    report.ok = false;
    report.first_bad_seq = Some(seq);
    report.problem = Some(problem);
    report
}

/// Where a failing batch first goes wrong. When the seal covered an unbroken run of seqs,
/// a missing or moved entry is found exactly; otherwise the batch's first entry is named.
fn first_bad(batch: &[AuditEntryRow], seal: &AuditSealRow, after: i64) -> i64 {
    let contiguous = seal.last_seq - seal.first_seq + 1 == seal.entry_count;
    if contiguous {
        if let Some((i, _)) = batch
            .iter()
            .enumerate()
            .find(|(i, e)| e.seq != seal.first_seq + *i as i64)
        {
            return seal.first_seq + i as i64;
        }
        if (batch.len() as i64) < seal.entry_count {
            return seal.first_seq + batch.len() as i64;
        }
    }
    if batch.first().is_some_and(|e| e.seq < seal.first_seq) {
        return batch.first().map_or(after + 1, |e| e.seq);
    }
    seal.first_seq
}

fn backdated(
    batch: &[AuditEntryRow],
    prev_sealed_at: Option<chrono::NaiveDateTime>,
) -> Option<i64> {
    let limit = prev_sealed_at? - Duration::seconds(BACKDATE_TOLERANCE_SECS);
    batch.iter().find(|e| e.at < limit).map(|e| e.seq)
}
