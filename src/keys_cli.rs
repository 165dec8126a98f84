//! `hotline keys`: a new master key for the stored keys (`rotate`), and every sealed value
//! moved to a new data key (`reencrypt`), while the servers run.

use std::path::Path;
use std::time::Duration;

use hotline_store::queries::vault_keys;
use hotline_store::write_transaction;
use hotline_vault::{moving, MasterKey, Vault};

use crate::config::Config;
use crate::{keys, startup, StartError};

fn vault_error(e: hotline_vault::VaultError) -> StartError {
    StartError::Other(e.to_string())
}

/// Re-wrap every stored key under the master key in `new_secret`, in one transaction. The
/// sealed values do not change; every server must then start with the new key.
pub fn rotate(config: &Config, new_secret: &[u8]) -> Result<usize, StartError> {
    let new = MasterKey::from_secret(new_secret)
        .map_err(|e| StartError::Config(format!("new master key: {e}")))?;
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let old = keys::master_key(config, false)?;
    write_transaction(&mut conn, |conn| {
        let stored = hotline_vault::stored_keys(conn)?;
        let rewrapped = Vault::rewrap(&old, &new, &stored).map_err(|e| match e {
            hotline_vault::VaultError::Store(e) => e,
            other => hotline_store::StoreError::Conflict(format!(
                "master_key: {other}: the configured master key is not this database's"
            )),
        })?;
        let rows: Vec<(i32, String)> = rewrapped.into_iter().map(|k| (k.id, k.wrapped)).collect();
        vault_keys::rewrap(conn, &rows)?;
        Ok::<_, hotline_store::StoreError>(rows.len())
    })
    .map_err(StartError::from)
}

/// The new master key: the file `path`, or HOTLINE_NEW_MASTER_KEY.
pub fn new_secret(path: Option<&Path>) -> Result<Vec<u8>, StartError> {
    match path {
        Some(path) => std::fs::read(path)
            .map(|b| b.trim_ascii().to_vec())
            .map_err(|e| StartError::Config(format!("--new-key-file: {}: {e}", path.display()))),
        None => std::env::var("HOTLINE_NEW_MASTER_KEY")
            .map(|k| k.trim().as_bytes().to_vec())
            .map_err(|_| {
                StartError::Config(
                    "new master key: set HOTLINE_NEW_MASTER_KEY or give --new-key-file".into(),
                )
            }),
    }
}

/// What `reencrypt` did.
pub struct Reencrypted {
    pub key_id: i32,
    pub moved: usize,
    pub left: usize,
}

/// Seal every value again under a new data key (or, with `resume`, under the newest one, to
/// finish a run that stopped), `batch` values to a transaction. Servers pick the new key up
/// within `settle` (their key ring is read again every minute); values they seal under the
/// old key meanwhile are moved by a further pass.
pub fn reencrypt(
    config: &Config,
    resume: bool,
    batch: i64,
    settle: Duration,
) -> Result<Reencrypted, StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let master = keys::master_key(config, false)?;
    if !resume {
        let newest = vault_keys::newest_data_key(&mut conn)?;
        let key = Vault::new_data_key(&master, newest + 1);
        let row = vault_keys::row(
            key.id,
            &key.purpose,
            key.wrapped,
            chrono::Utc::now().naive_utc(),
        );
        write_transaction(&mut conn, |conn| vault_keys::insert(conn, &[row]))?;
    }
    let stored = hotline_vault::stored_keys(&mut conn)?;
    let vault = Vault::new(master, &stored, None).map_err(vault_error)?;
    let mut moved = 0;
    // A pass, then another once the servers have surely seen the new key.
    for pass in 0..2 {
        if pass > 0 {
            std::thread::sleep(settle);
        }
        moved += moving::reseal_all(&mut conn, &vault, batch).map_err(vault_error)?;
    }
    let left = moving::left_to_move(&mut conn, &vault).map_err(vault_error)?;
    hotline_store::wal::settle(&mut conn)?;
    Ok(Reencrypted {
        key_id: vault.active_key(),
        moved,
        left,
    })
}

/// Open every sealed value with the keys configured. Returns how many opened; an error
/// naming the first that did not, and how many, otherwise.
pub fn verify(config: &Config) -> Result<usize, StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let master = keys::master_key(config, false)?;
    let stored = hotline_vault::stored_keys(&mut conn)?;
    let vault = Vault::new(master, &stored, None).map_err(|_| {
        StartError::Other(
            "the master key at hand does not open this database's keys: recover them with `hotline keys recover`".into(),
        )
    })?;
    let found = moving::open_all(&mut conn, &vault, 1000).map_err(vault_error)?;
    match found.failed.first() {
        None => Ok(found.opened),
        Some((column, id)) => Err(StartError::Other(format!(
            "{} sealed values do not open (the first: {column} of row {id}); {} do",
            found.failed.len(),
            found.opened
        ))),
    }
}
