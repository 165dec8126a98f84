//! Recomputing the chain.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use hotline_store::models::{AuditEntryRow, AuditSealRow};
use hotline_store::schema::{audit_entries, audit_seals};
use hotline_store::DbConnection;
use serde::Serialize;

use crate::chain::{entry_digest, BatchHasher, SealKey, GENESIS, LOCATOR_BYTES};
use crate::checkpoint::Checkpoint;
use crate::AuditError;

/// How much older than the previous seal an entry may honestly be: the longest a request's
/// transaction can run. An older entry arriving later is a backdated forgery.
pub const BACKDATE_TOLERANCE_SECS: i64 = 300;

/// What verifying the chain found (also the answer of `GET /api/v1/audit/verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VerifyReport {
    pub ok: bool,
    /// Entries in the log.
    pub entries: i64,
    /// Entries the checked seals hold (those through `sealed_through`).
    pub entries_sealed: i64,
    /// The highest seq covered by a seal (0 before the first seal).
    pub sealed_through: i64,
    pub seals: i64,
    /// The hash of the last seal that checked out: note it somewhere else (with `seals`) and
    /// a later verify can prove the log was not cut back behind it (see [`check_anchor`]).
    pub head_hash: Option<String>,
    /// The first entry that does not match its seal, or that is missing from it.
    pub first_bad_seq: Option<i64>,
    /// What failed, in words (no personal data: seqs and seal numbers only).
    pub problem: Option<String>,
    /// Seals from before keyed seals (plain SHA-256): a writer of the database could have
    /// recomputed them, so they are only as good as an anchor noted outside it.
    pub unkeyed_seals: i64,
    /// The seal an earlier verification had checked and this one started after (only the
    /// entries sealed since were hashed); null when the whole log was.
    pub resumed_from_seal: Option<i64>,
}

/// Seals checked per round trip.
const SEAL_PAGE: i64 = 500;

/// One entry as verification needs it.
struct Digested {
    seq: i64,
    at: NaiveDateTime,
    digest: [u8; 32],
}

/// The digests of the entries with `after < seq <= through`, in seq order.
fn digests(conn: &mut DbConnection, after: i64, through: i64) -> Result<Vec<Digested>, AuditError> {
    let rows: Vec<AuditEntryRow> = audit_entries::table
        .filter(audit_entries::seq.gt(after))
        .filter(audit_entries::seq.le(through))
        .order(audit_entries::seq)
        .select(AuditEntryRow::as_select())
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|e| Digested {
            seq: e.seq,
            at: e.at,
            digest: entry_digest(e),
        })
        .collect())
}

pub fn verify(conn: &mut DbConnection, key: &SealKey) -> Result<VerifyReport, AuditError> {
    verify_with(std::slice::from_mut(conn), key)
}

/// A seal that failed: its number, the first bad seq, and why.
type Failure = (i64, i64, String);

/// Where a verification starts: from the beginning, or after a seal an earlier one checked.
struct Start {
    seals: i64,
    entries_sealed: i64,
    sealed_through: i64,
    hash: String,
    sealed_at: Option<NaiveDateTime>,
    keyed_seen: bool,
    unkeyed_seals: i64,
    resumed_from: Option<i64>,
}

impl Start {
    fn genesis() -> Start {
        Start {
            seals: 0,
            entries_sealed: 0,
            sealed_through: 0,
            hash: GENESIS.to_owned(),
            sealed_at: None,
            keyed_seen: false,
            unkeyed_seals: 0,
            resumed_from: None,
        }
    }

    /// After checkpoint `c`, whose seals hold `entries_sealed` entries.
    fn after(c: &Checkpoint, entries_sealed: i64) -> Start {
        Start {
            seals: c.seal_no,
            entries_sealed,
            sealed_through: c.sealed_through,
            hash: c.hash.clone(),
            sealed_at: Some(c.sealed_at),
            keyed_seen: c.keyed,
            unkeyed_seals: c.unkeyed_seals,
            resumed_from: Some(c.seal_no),
        }
    }
}

/// Verify with several connections: seals are independent once their links are checked, so
/// their entries are read and hashed in parallel, one thread per connection.
pub fn verify_with(conns: &mut [DbConnection], key: &SealKey) -> Result<VerifyReport, AuditError> {
    verify_from(conns, key, Start::genesis())
}

/// Verify from the newest checkpoint an earlier verification recorded (see
/// [`crate::checkpoint`]), hashing only the entries sealed since; from the beginning when there
/// is none. A checkpoint whose seal is gone or changed means the log was cut back or rewritten
/// behind it: the whole log is then verified, and fails with what it finds, or with that.
pub fn verify_resuming(
    conns: &mut [DbConnection],
    key: &SealKey,
) -> Result<VerifyReport, AuditError> {
    let Some(first) = conns.first_mut() else {
        return Err(AuditError::Detail("verify needs a connection".into()));
    };
    let Some(from) = crate::checkpoint::latest(first, key)? else {
        return verify_with(conns, key);
    };
    let stored: Option<String> = audit_seals::table
        .filter(audit_seals::seal_no.eq(from.seal_no))
        .select(audit_seals::hash)
        .first(first)
        .optional()?;
    if stored.as_deref() == Some(from.hash.as_str()) {
        let entries_sealed = match from.entries_sealed {
            Some(n) => n,
            None => entries_of_seals_through(first, from.seal_no)?,
        };
        return verify_from(conns, key, Start::after(&from, entries_sealed));
    }
    let whole = verify_with(conns, key)?;
    if !whole.ok {
        return Ok(whole);
    }
    let what = match stored {
        None => "is gone: the log was cut back",
        Some(_) => "has another hash: the log was rewritten",
    };
    let bad = whole.sealed_through.min(from.sealed_through) + 1;
    let problem = format!(
        "seal {}, verified on {}, {what}",
        from.seal_no,
        from.verified_at.format("%Y-%m-%d %H:%M")
    );
    Ok(fail(whole, bad, problem))
}

/// What the seals through seal `seal_no` hold, by their own counts.
fn entries_of_seals_through(conn: &mut DbConnection, seal_no: i64) -> Result<i64, AuditError> {
    let n: Option<i64> = audit_seals::table
        .filter(audit_seals::seal_no.le(seal_no))
        .select(sql::<Nullable<BigInt>>("CAST(SUM(entry_count) AS BIGINT)"))
        .first(conn)?;
    Ok(n.unwrap_or(0))
}

/// Verify from `start`, and count the log's entries: when the chain holds, from the counts
/// of its seals (each proven by its hash) and the entries after the last, so that a resumed
/// verification does not count ten million rows; when it does not, the rows themselves.
fn verify_from(
    conns: &mut [DbConnection],
    key: &SealKey,
    start: Start,
) -> Result<VerifyReport, AuditError> {
    let mut report = check_from(conns, key, start)?;
    let conn = &mut conns[0];
    report.entries = if report.ok {
        let unsealed: i64 = audit_entries::table
            .filter(audit_entries::seq.gt(report.sealed_through))
            .count()
            .get_result(conn)?;
        report.entries_sealed + unsealed
    } else {
        audit_entries::table.count().get_result(conn)?
    };
    Ok(report)
}

/// The chain from `start`, seal by seal (`entries` left at 0 for [`verify_from`]).
fn check_from(
    conns: &mut [DbConnection],
    key: &SealKey,
    start: Start,
) -> Result<VerifyReport, AuditError> {
    if conns.is_empty() {
        return Err(AuditError::Detail("verify needs a connection".into()));
    }
    let mut report = VerifyReport {
        ok: true,
        entries: 0,
        entries_sealed: start.entries_sealed,
        sealed_through: start.sealed_through,
        seals: start.seals,
        head_hash: start.resumed_from.map(|_| start.hash.clone()),
        first_bad_seq: None,
        problem: None,
        unkeyed_seals: start.unkeyed_seals,
        resumed_from_seal: start.resumed_from,
    };
    let mut prev_hash = start.hash;
    let mut keyed_seen = start.keyed_seen;
    let keyed_since = keyed_since(&mut conns[0])?;
    let mut prev_sealed_at: Option<NaiveDateTime> = start.sealed_at;
    let mut expected_no = start.seals + 1;
    let total = match hotline_domain::progress::shown() {
        true => audit_seals::table
            .select(diesel::dsl::max(audit_seals::last_seq))
            .get_result::<Option<i64>>(&mut conns[0])?
            .map(|last| u64::try_from(last - report.sealed_through).unwrap_or_default()),
        false => None,
    };
    let task = hotline_domain::progress::task("audit verify", total);
    loop {
        let seals: Vec<AuditSealRow> = audit_seals::table
            .filter(audit_seals::seal_no.ge(expected_no))
            .order(audit_seals::seal_no)
            .limit(SEAL_PAGE * conns.len() as i64)
            .select(AuditSealRow::as_select())
            .load(&mut conns[0])?;
        if seals.is_empty() {
            break;
        }
        // Links first, in order: each seal must follow the one before it.
        let mut linked = seals.len();
        let mut link_failure = None;
        let (mut hash, mut through) = (prev_hash.clone(), report.sealed_through);
        for (i, seal) in seals.iter().enumerate() {
            if seal.seal_no != expected_no + i as i64
                || seal.prev_hash != hash
                || seal.first_seq <= through
                || seal.last_seq < seal.first_seq
            {
                linked = i;
                link_failure = Some((
                    through + 1,
                    format!("seal {} does not follow the one before it", seal.seal_no),
                ));
                break;
            }
            // Once seals are keyed (since the migration that began them, and after the first
            // keyed seal), an unkeyed one is a forgery: a chain recomputed without the key.
            let too_late = keyed_since.is_some_and(|t| seal.sealed_at >= t);
            if !seal.keyed && (keyed_seen || too_late) {
                linked = i;
                link_failure = Some((
                    seal.first_seq,
                    format!("seal {} is not keyed, after keyed seals", seal.seal_no),
                ));
                break;
            }
            keyed_seen |= seal.keyed;
            report.unkeyed_seals += i64::from(!seal.keyed);
            hash.clone_from(&seal.hash);
            through = seal.last_seq;
        }
        // Then the contents of the linked seals, split among the connections.
        let linked_seals = &seals[..linked];
        let entries: i64 = linked_seals.iter().map(|s| s.entry_count).sum();
        task.advance(u64::try_from(entries).unwrap_or_default());
        let per_thread = linked_seals.len().div_ceil(conns.len()).max(1);
        let starts: Vec<(i64, Option<NaiveDateTime>)> =
            std::iter::once((report.sealed_through, prev_sealed_at))
                .chain(linked_seals.iter().map(|s| (s.last_seq, Some(s.sealed_at))))
                .collect();
        let failures: Vec<Result<Option<Failure>, AuditError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = linked_seals
                .chunks(per_thread)
                .zip(conns.iter_mut())
                .enumerate()
                .map(|(g, (group, conn))| {
                    let (after, sealed_at) = starts[g * per_thread];
                    scope.spawn(move || check_group(conn, group, (after, sealed_at), key))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(AuditError::Detail("a verify thread panicked".into()))
                    })
                })
                .collect()
        });
        let mut earliest: Option<Failure> = None;
        for f in failures {
            if let Some(f) = f? {
                if earliest.as_ref().is_none_or(|e| f.0 < e.0) {
                    earliest = Some(f);
                }
            }
        }
        if let Some((seal_no, bad, problem)) = earliest {
            let held: Vec<&AuditSealRow> =
                seals.iter().take_while(|s| s.seal_no < seal_no).collect();
            report.seals += seal_no - expected_no;
            report.sealed_through = held.last().map_or(report.sealed_through, |s| s.last_seq);
            report.entries_sealed += held.iter().map(|s| s.entry_count).sum::<i64>();
            return Ok(fail(report, bad, problem));
        }
        report.entries_sealed += linked_seals.iter().map(|s| s.entry_count).sum::<i64>();
        if let Some((bad, problem)) = link_failure {
            report.seals += linked as i64;
            report.sealed_through = through;
            return Ok(fail(report, bad, problem));
        }
        report.seals += linked as i64;
        report.sealed_through = through;
        report.head_hash = linked_seals
            .last()
            .map(|s| s.hash.clone())
            .or(report.head_hash);
        prev_hash = hash;
        prev_sealed_at = linked_seals.last().map(|s| s.sealed_at).or(prev_sealed_at);
        expected_no += linked as i64;
    }
    // Entries not yet sealed cannot be checked against a seal, but none may predate the last one.
    if let Some(sealed_at) = prev_sealed_at {
        let backdated: Option<i64> = audit_entries::table
            .filter(audit_entries::seq.gt(report.sealed_through))
            .filter(audit_entries::at.lt(sealed_at - Duration::seconds(BACKDATE_TOLERANCE_SECS)))
            .select(audit_entries::seq)
            .order(audit_entries::seq)
            .first(&mut conns[0])
            .optional()?;
        if let Some(seq) = backdated {
            return Ok(fail(
                report,
                seq,
                format!("unsealed entry {seq} is older than the last seal"),
            ));
        }
    }
    Ok(report)
}

/// When this database began keyed seals: the time the migration that added them ran.
fn keyed_since(conn: &mut DbConnection) -> Result<Option<NaiveDateTime>, AuditError> {
    #[derive(diesel::QueryableByName)]
    struct RunOn {
        #[diesel(sql_type = diesel::sql_types::Timestamp)]
        run_on: NaiveDateTime,
    }
    let found: Option<RunOn> = diesel::sql_query(
        "SELECT run_on FROM __diesel_schema_migrations WHERE version = '20261130000006'",
    )
    .get_result(conn)
    .optional()?;
    Ok(found.map(|r| r.run_on))
}

/// Check consecutive, already linked seals against their entries; the first failure, if any.
fn check_group(
    conn: &mut DbConnection,
    group: &[AuditSealRow],
    (mut after, mut prev_sealed_at): (i64, Option<NaiveDateTime>),
    key: &SealKey,
) -> Result<Option<Failure>, AuditError> {
    let Some(end) = group.last().map(|s| s.last_seq) else {
        return Ok(None);
    };
    let page = digests(conn, after, end)?;
    let mut cursor = 0;
    for seal in group {
        let start = cursor;
        while cursor < page.len() && page[cursor].seq <= seal.last_seq {
            cursor += 1;
        }
        let batch = &page[start..cursor];
        let mut hasher = BatchHasher::new(&seal.prev_hash);
        batch.iter().for_each(|d| hasher.add_digest(&d.digest));
        let (count, hash) = (hasher.count(), hasher.finish(seal.keyed.then_some(key)));
        if count != seal.entry_count || hash != seal.hash {
            let bad = first_bad(batch, seal, after);
            return Ok(Some((
                seal.seal_no,
                bad,
                format!("entries of seal {} do not match it", seal.seal_no),
            )));
        }
        if let Some(limit) = prev_sealed_at.map(|t| t - Duration::seconds(BACKDATE_TOLERANCE_SECS))
        {
            if let Some(d) = batch.iter().find(|d| d.at < limit) {
                return Ok(Some((
                    seal.seal_no,
                    d.seq,
                    format!("entry {} is older than the seal before it", d.seq),
                )));
            }
        }
        after = seal.last_seq;
        prev_sealed_at = Some(seal.sealed_at);
    }
    Ok(None)
}

fn fail(mut report: VerifyReport, seq: i64, problem: String) -> VerifyReport {
    report.ok = false;
    report.first_bad_seq = Some(seq);
    report.problem = Some(problem);
    report
}

/// Where a failing batch first goes wrong: an entry missing from an unbroken run of seqs, or
/// the first entry whose digest differs from the locator the seal kept for its position.
fn first_bad(batch: &[Digested], seal: &AuditSealRow, after: i64) -> i64 {
    let contiguous = seal.last_seq - seal.first_seq + 1 == seal.entry_count;
    let locators: Vec<&[u8]> = seal
        .entry_digests
        .as_bytes()
        .chunks(LOCATOR_BYTES * 2)
        .collect();
    for (i, d) in batch.iter().enumerate() {
        let expected_seq = seal.first_seq + i as i64;
        if contiguous && d.seq != expected_seq {
            return expected_seq.min(d.seq);
        }
        if locators
            .get(i)
            .is_none_or(|l| *l != hex::encode(&d.digest[..LOCATOR_BYTES]).as_bytes())
        {
            return d.seq;
        }
    }
    if (batch.len() as i64) < seal.entry_count {
        return match batch.last() {
            Some(d) if contiguous => d.seq + 1,
            Some(d) => d.seq,
            None => seal.first_seq,
        };
    }
    batch
        .first()
        .map_or(after + 1, |d| d.seq.min(seal.first_seq))
}

/// Whether seal `seal_no` still exists with `hash`: a log cut back behind a head noted
/// earlier (entries and seals deleted together) fails here though its chain is consistent.
pub fn check_anchor(
    conn: &mut DbConnection,
    seal_no: i64,
    hash: &str,
) -> Result<Result<(), String>, AuditError> {
    let stored: Option<String> = audit_seals::table
        .filter(audit_seals::seal_no.eq(seal_no))
        .select(audit_seals::hash)
        .first(conn)
        .optional()?;
    Ok(match stored {
        None => Err(format!("seal {seal_no} is gone: the log was cut back")),
        Some(h) if h != hash => Err(format!(
            "seal {seal_no} has another hash: the log was rewritten"
        )),
        Some(_) => Ok(()),
    })
}
