//! `hotline retention run`: erase what the retention policy says is due (or, with
//! `--dry-run`, list it), as the servers' daily run does.

use hotline_cases::privacy::retention::{self, DueRecord, Swept};
use hotline_vault::Vault;

use crate::config::Config;
use crate::startup::{load_policy, prepare_database};
use crate::{keys, StartError};

/// What a run did: the records due (listed on a dry run) and what was erased.
pub enum Outcome {
    WouldErase(Vec<DueRecord>),
    Erased(Swept),
}

pub fn run(config: &Config, dry_run: bool) -> Result<Outcome, StartError> {
    let policy = load_policy(config)?;
    let pool = prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let now = chrono::Utc::now();
    if dry_run {
        return retention::due(&mut conn, &policy, now)
            .map(Outcome::WouldErase)
            .map_err(|e| StartError::Other(e.to_string()));
    }
    let master = keys::master_key(config, false)?;
    let stored = hotline_vault::stored_keys(&mut conn)?;
    let vault = Vault::new(master, &stored, None).map_err(|e| StartError::Other(e.to_string()))?;
    let erased = retention::run(&mut conn, &vault, &policy, now)
        .map(Outcome::Erased)
        .map_err(|e| StartError::Other(e.to_string()))?;
    hotline_store::wal::settle(&mut conn)?;
    Ok(erased)
}
