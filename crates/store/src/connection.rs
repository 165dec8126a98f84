//! One connection type over both databases, its pool, and the write-transaction rule.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use crate::url::DatabaseUrl;
use crate::wal::SQLITE_BUSY_TIMEOUT_MS;
use crate::{StoreError, StoreResult};

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Run the same diesel expression on whichever backend `conn` is, for the statements
/// diesel's MultiBackend cannot express (multi-row INSERT, ON CONFLICT, ...).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConnection::Pg($c) => $body,
            $crate::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// `INSERT` that skips rows whose key is already there, on either backend: PostgreSQL says
/// `ON CONFLICT DO NOTHING`, SQLite `INSERT OR IGNORE` (MultiBackend has neither). Evaluates
/// to the number of rows inserted, as a `QueryResult<usize>`.
#[macro_export]
macro_rules! insert_or_ignore {
    ($conn:expr, $table:expr, $values:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::DbConnection::Pg(c) => diesel::insert_into($table)
                .values($values)
                .on_conflict_do_nothing()
                .execute(c),
            $crate::DbConnection::Sqlite(c) => diesel::insert_or_ignore_into($table)
                .values($values)
                .execute(c),
        }
    }};
}

impl DbConnection {
    /// Open one connection for `url`, with the per-connection settings each backend needs.
    pub fn open(url: &DatabaseUrl) -> StoreResult<Self> {
        match url {
            DatabaseUrl::Postgres(u) => {
                let mut conn = PgConnection::establish(u)
                    .map_err(|e| StoreError::Connect(one_line(&e.to_string())))?;
                conn.batch_execute("SET TIME ZONE 'UTC'")?;
                Ok(DbConnection::Pg(conn))
            }
            DatabaseUrl::Sqlite(path) => open_sqlite(path, None),
            DatabaseUrl::SqliteCipher(path, key) => open_sqlite(path, Some(key)),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, DbConnection::Pg(_))
    }
}

#[derive(diesel::QueryableByName)]
struct CipherVersion {
    #[diesel(sql_type = diesel::sql_types::Text)]
    cipher_version: String,
}

/// Open the SQLite file at `path`; with `key`, through SQLCipher, which must then be the
/// SQLite this binary was built with, and the key the one the file was encrypted under.
/// Deleted content is overwritten (`secure_delete`): an erased file's key, an erased name,
/// must not linger in the file's free pages.
fn open_sqlite(
    path: &std::path::Path,
    key: Option<&crate::url::SqliteKey>,
) -> StoreResult<DbConnection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Connect(format!("cannot create {}: {e}", dir.display())))?;
    }
    let path = path
        .to_str()
        .ok_or_else(|| StoreError::BadUrl("SQLite path is not UTF-8".into()))?;
    let mut conn = SqliteConnection::establish(path)
        .map_err(|e| StoreError::Connect(one_line(&e.to_string())))?;
    if let Some(key) = key {
        conn.batch_execute(&key.pragma())?;
        let cipher: Vec<CipherVersion> =
            diesel::RunQueryDsl::load(diesel::sql_query("PRAGMA cipher_version"), &mut conn)?;
        if cipher.iter().all(|c| c.cipher_version.is_empty()) {
            return Err(StoreError::Connect(
                            "a database key is set, but this build has no SQLCipher: build with `--features sqlcipher`".into(),
                        ));
        }
        if conn
            .batch_execute("SELECT count(*) FROM sqlite_master")
            .is_err()
        {
            return Err(StoreError::Connect(format!(
                "the database key does not open {path}: another key, or a file not encrypted"
            )));
        }
    }
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA journal_size_limit = {limit};
                     PRAGMA foreign_keys = ON;
                     PRAGMA secure_delete = ON;",
        limit = crate::wal::JOURNAL_SIZE_LIMIT
    ))?;
    Ok(DbConnection::Sqlite(conn))
}

/// Keep SQLite's query planner informed of how the tables have grown. Without statistics it
/// guesses that an equality on an index matches ten rows, and a province's index can then
/// look cheaper than a list of a thousand ids. `optimize` analyses only the tables that
/// changed enough, each on a sample (`analysis_limit`), so this takes milliseconds at a
/// million cases. PostgreSQL's autovacuum does this by itself.
pub fn refresh_planner_statistics(conn: &mut DbConnection) -> StoreResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
    }
    Ok(())
}

/// libpq's messages span several lines; start-up errors are printed as one.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Run `f` in a transaction meant to write.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front:
/// a deferred transaction that reads and then writes can fail with SQLITE_BUSY at once,
/// without waiting for `busy_timeout`, when another writer got there first. How long it then
/// holds the lock, and the caller, are reported (see [`crate::wal`]).
#[track_caller]
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(f),
        DbConnection::Sqlite(inner) => {
            let at = std::panic::Location::caller();
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let locked = std::time::Instant::now();
            let _report = HoldReport { locked, at };
            match f(conn) {
                Ok(value) => {
                    match <DbConnection as Connection>::TransactionManager::commit_transaction(conn)
                    {
                        Ok(()) => Ok(value),
                        Err(commit_error) => {
                            // The manager has already tried to roll back; report the commit error.
                            Err(commit_error.into())
                        }
                    }
                }
                Err(user_error) => {
                    // The caller's error is the one worth reporting; a failed rollback leaves
                    // the connection marked broken, and the pool discards it.
                    let _ = <DbConnection as Connection>::TransactionManager::rollback_transaction(
                        conn,
                    );
                    Err(user_error)
                }
            }
        }
    }
}

/// Run `f` in a transaction that only reads: one snapshot on SQLite (a deferred transaction
/// takes no write lock), and a transaction on PostgreSQL.
pub fn read_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(f)
}

/// Reports the lock's hold when dropped: after the commit or the rollback, on every path.
struct HoldReport {
    locked: std::time::Instant,
    at: &'static std::panic::Location<'static>,
}

impl Drop for HoldReport {
    fn drop(&mut self) {
        crate::wal::lock_held(self.locked.elapsed(), self.at);
    }
}

/// Run `claim_and_act` for each of `ids`, each in a write transaction of its own (a failure
/// stops the run; what committed stays): how a watcher works through what is due, where any
/// number of servers may run the same watcher and each claim lets exactly one act. Returns
/// how many this call acted on.
#[track_caller]
pub fn each_claimed<E, F>(
    conn: &mut DbConnection,
    ids: &[String],
    mut claim_and_act: F,
) -> Result<usize, E>
where
    F: FnMut(&mut DbConnection, &str) -> Result<bool, E>,
    E: From<diesel::result::Error>,
{
    let mut acted = 0;
    for id in ids {
        if write_transaction(conn, |conn| claim_and_act(conn, id))? {
            acted += 1;
        }
    }
    Ok(acted)
}

/// r2d2 manager that opens connections by our parsed URL, never by guessing.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        DbConnection::open(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        conn.batch_execute("SELECT 1").map_err(StoreError::from)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        use diesel::r2d2::R2D2Connection;
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

/// Pool sizing and waiting.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub max_size: u32,
    pub connect_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_size: 16,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Build a pool and prove the database answers (one clear error rather than a lazy failure).
pub fn build_pool(url: &DatabaseUrl, options: PoolOptions) -> StoreResult<Pool> {
    // Fail fast with the real cause: r2d2 would only report a timeout.
    drop(DbConnection::open(url)?);
    r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.connect_timeout)
        // A round trip per checkout would cost more than it saves: broken connections are
        // found by `has_broken` on return, and a failed query is retried by the client.
        .test_on_check_out(false)
        .build(Manager { url: url.clone() })
        .map_err(StoreError::from)
}
