//! SQLite's write-ahead log kept bounded, and its write lock watched.
//!
//! SQLite appends every commit to the log and copies it back into the database file at a
//! checkpoint; the log file is reused from its start only once a checkpoint has copied all of
//! it, which a stream of overlapping readers can put off for ever, and it never shrinks unless
//! told. So each connection caps what a reset leaves on disk (`journal_size_limit`), the
//! server's upkeep checkpoints every minute and, once the log is past the cap, waits briefly
//! for the readers to let it empty the file (`TRUNCATE`), and the bulk commands (import,
//! figures rebuild, keys, retention) empty it when they end.
//!
//! Every SQLite write transaction reports how long it held the lock and where it began
//! ([`crate::write_transaction`]), so a job that keeps writers waiting is named by the
//! metrics and the log. On PostgreSQL all of this is a no-op.

use std::panic::Location;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::sql_types::{Integer, Text};
use diesel::RunQueryDsl;

use crate::{DbConnection, StoreResult};

/// How long a SQLite writer waits for the lock before giving up.
pub(crate) const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

/// What a reset of the log leaves on disk at most, and the size past which the upkeep waits
/// for readers to empty it.
pub const JOURNAL_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

type Observer = Box<dyn Fn(Duration, &'static Location<'static>) + Send + Sync>;

/// One per server of the process (one in production; a test process starts many).
static OBSERVERS: Mutex<Vec<Observer>> = Mutex::new(Vec::new());
/// When a checkpoint last copied the whole log (Unix seconds; 0: not since start).
static LAST_CHECKPOINT: AtomicI64 = AtomicI64::new(0);

/// A hold longer than this is logged, with the code that took the lock.
const LOGGED_OVER: Duration = Duration::from_secs(1);

/// Have `observe` told how long each SQLite write transaction of the process held the write
/// lock, and the code that began it (a server's metrics, from its start).
pub fn observe_write_locks(
    observe: impl Fn(Duration, &'static Location<'static>) + Send + Sync + 'static,
) {
    if let Ok(mut observers) = OBSERVERS.lock() {
        observers.push(Box::new(observe));
    }
}

pub(crate) fn lock_held(held: Duration, at: &'static Location<'static>) {
    if held > LOGGED_OVER {
        let site = format!("{}:{}", at.file(), at.line());
        tracing::warn!(
            site,
            held_ms = held.as_millis() as u64,
            "write lock held long"
        );
    }
    if let Ok(observers) = OBSERVERS.lock() {
        for observe in observers.iter() {
            observe(held, at);
        }
    }
}

/// How hard a checkpoint tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoint {
    /// Copy what no reader still needs; never wait.
    Passive,
    /// Wait up to the given time for readers and writers, copy all, and empty the file.
    Truncate(Duration),
}

#[derive(diesel::QueryableByName)]
struct CheckpointRow {
    #[diesel(sql_type = Integer)]
    busy: i32,
}

#[derive(diesel::QueryableByName)]
struct DatabaseFile {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    file: String,
}

/// Checkpoint the log. Returns whether the whole log was copied (always, on PostgreSQL).
pub fn checkpoint(conn: &mut DbConnection, how: Checkpoint) -> StoreResult<bool> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(true);
    };
    let row: CheckpointRow = match how {
        Checkpoint::Passive => diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result(c)?,
        Checkpoint::Truncate(wait) => {
            // Writers wait behind a truncating checkpoint: wait less than they would.
            c.batch_execute(&format!("PRAGMA busy_timeout = {}", wait.as_millis()))?;
            let row = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").get_result(c);
            c.batch_execute(&format!("PRAGMA busy_timeout = {}", SQLITE_BUSY_TIMEOUT_MS))?;
            row?
        }
    };
    let whole = row.busy == 0;
    if whole {
        LAST_CHECKPOINT.store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
    }
    Ok(whole)
}

/// When a checkpoint last copied the whole log, in Unix seconds (0: not since start).
pub fn last_checkpoint() -> i64 {
    LAST_CHECKPOINT.load(Ordering::Relaxed)
}

/// The log file's size in bytes: 0 on PostgreSQL, for a database in memory, or when there
/// is no log file.
pub fn wal_bytes(conn: &mut DbConnection) -> StoreResult<u64> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(0);
    };
    let files: Vec<DatabaseFile> = diesel::sql_query("PRAGMA database_list").load(c)?;
    Ok(files
        .into_iter()
        .find(|f| f.name == "main" && !f.file.is_empty())
        .and_then(|f| std::fs::metadata(format!("{}-wal", f.file)).ok())
        .map_or(0, |m| m.len()))
}

/// After a bulk command: empty the log. Each try waits a second at most (a running server's
/// writers wait behind it, and must not wait long), for up to ten tries.
pub fn settle(conn: &mut DbConnection) -> StoreResult<bool> {
    for _ in 0..10 {
        if checkpoint(conn, Checkpoint::Truncate(Duration::from_secs(1)))? {
            return Ok(true);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Ok(false)
}
