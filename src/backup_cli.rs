//! `hotline backup` and `hotline restore` on SQLite, the embedded default. A backup is one
//! consistent copy of the database taken while the service runs; it holds the personal fields
//! sealed, so it is opened only with the keys, which are kept apart (`hotline keys
//! recovery-kit`). A restore checks that the keys at hand open the backup before it touches
//! the database, keeps the database it replaces, and brings the copy to the current schema.
//! PostgreSQL is backed up with its own tools (`deploy/backup-postgres.sh`).

use std::path::{Path, PathBuf};

use hotline_store::queries::health::DATABASE_ENTITY;
use hotline_store::{wal, DatabaseUrl, DbConnection};

use crate::config::Config;
use crate::{keys, startup, StartError};

const POSTGRES: &str = "on PostgreSQL, back up and restore with its own tools: deploy/backup-postgres.sh (pg_dump) or pgBackRest; see docs/RUNBOOKS.md";

/// Copy the database into `to` (a new file), recording the backup in the audit log first
/// (so the copy carries the record of itself). Returns the copy's size in bytes.
pub fn backup(config: &Config, to: &Path) -> Result<u64, StartError> {
    sqlite_path(config)?;
    if to.exists() {
        return Err(StartError::Other(format!(
            "{} exists: a backup never overwrites a file",
            to.display()
        )));
    }
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    record(&mut conn, "db.backup", to)?;
    let copying = hotline_domain::progress::task("backup", None);
    hotline_store::backup::copy_into(&mut conn, to)?;
    drop(copying);
    restrict(to)?;
    let size = std::fs::metadata(to)
        .map_err(|e| StartError::Other(format!("{}: {e}", to.display())))?
        .len();
    Ok(size)
}

/// What a restore found in the copy it put back.
pub struct Restored {
    pub cases: i64,
    pub reports: i64,
    /// Where the database it replaced was kept, if there was one.
    pub replaced: Option<PathBuf>,
}

/// Put the backup `from` back as the database (the server stopped). Nothing changes unless
/// the keys configured open the backup's data keys.
pub fn restore(config: &Config, from: &Path) -> Result<Restored, StartError> {
    let target = sqlite_path(config)?;
    let staged = with_suffix(&target, ".restoring");
    remove_with_log(&staged)?;
    std::fs::copy(from, &staged)
        .map_err(|e| StartError::Other(format!("{}: {e}", from.display())))?;
    restrict(&staged)?;
    if let Err(e) = check_keys(config, &staged) {
        remove_with_log(&staged)?;
        return Err(e);
    }
    // The keys open the copy: from here on it replaces the database.
    let _restoring = hotline_domain::progress::task("restore", None);
    let replaced = match target.exists() {
        true => {
            let kept = with_suffix(
                &target,
                &format!(".replaced-{}", chrono::Utc::now().format("%Y%m%d%H%M%S")),
            );
            for suffix in ["", "-wal", "-shm"] {
                let (now, then) = (with_suffix(&target, suffix), with_suffix(&kept, suffix));
                if now.exists() {
                    rename(&now, &then)?;
                }
            }
            Some(kept)
        }
        false => None,
    };
    rename(&staged, &target)?;
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    record(&mut conn, "db.restore", from)?;
    let (cases, reports) = hotline_store::backup::cases_and_reports(&mut conn)?;
    Ok(Restored {
        cases,
        reports,
        replaced,
    })
}

/// The configured master key must unwrap the staged copy's data keys: a restore without
/// the keys fails here, with one line, before the database is touched.
fn check_keys(config: &Config, staged: &Path) -> Result<(), StartError> {
    let url = match config.database()? {
        DatabaseUrl::SqliteCipher(_, key) => DatabaseUrl::SqliteCipher(staged.to_owned(), key),
        _ => DatabaseUrl::Sqlite(staged.to_owned()),
    };
    let mut conn = DbConnection::open(&url).map_err(|e| {
        StartError::Other(format!(
            "{}: not a database this service wrote ({e})",
            staged.display()
        ))
    })?;
    let stored = hotline_vault::stored_keys(&mut conn)
        .map_err(|e| StartError::Other(format!("the backup is not a hotline database: {e}")))?;
    let master = keys::master_key(config, false)?;
    hotline_vault::Vault::new(master, &stored, None).map_err(|_| {
        StartError::Other(
            "restore: the master key at hand does not open this backup's keys; recover the keys with `hotline keys recover` first".into(),
        )
    })?;
    wal::checkpoint(
        &mut conn,
        wal::Checkpoint::Truncate(std::time::Duration::from_secs(1)),
    )?;
    Ok(())
}

/// `action` in the audit log, against the database (where the metrics find the last backup),
/// naming the file only, never its directory.
fn record(conn: &mut DbConnection, action: &'static str, file: &Path) -> Result<(), StartError> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    let entry = hotline_audit::Entry::new(action)
        .on(DATABASE_ENTITY, "main")
        .detail(serde_json::json!({"file": name}));
    hotline_store::write_transaction(conn, |conn| crate::audit_cli(conn, entry))
}

fn sqlite_path(config: &Config) -> Result<PathBuf, StartError> {
    match config.database()? {
        DatabaseUrl::Sqlite(path) | DatabaseUrl::SqliteCipher(path, _) => Ok(path),
        DatabaseUrl::Postgres(_) => Err(StartError::Other(POSTGRES.into())),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn rename(from: &Path, to: &Path) -> Result<(), StartError> {
    std::fs::rename(from, to)
        .map_err(|e| StartError::Other(format!("{} → {}: {e}", from.display(), to.display())))
}

/// Remove `path` and the log files beside it, if there.
fn remove_with_log(path: &Path) -> Result<(), StartError> {
    for suffix in ["", "-wal", "-shm"] {
        let file = with_suffix(path, suffix);
        if file.exists() {
            std::fs::remove_file(&file)
                .map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?;
        }
    }
    Ok(())
}

/// A backup holds the service's data: readable by its owner only.
fn restrict(path: &Path) -> Result<(), StartError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| StartError::Other(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}
