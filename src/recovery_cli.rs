//! `hotline keys recovery-kit` and `hotline keys recover`: the keys split among three named
//! officials on paper (any two recover them), and the keys written back from two shares.
//! The kit is made where the service runs, from the keys it runs with; recovering needs no
//! database and no configuration, only the shares (a province that lost its server has
//! nothing else).

use std::path::{Path, PathBuf};

use hotline_recovery::{join, paper, split, KeySet};

use crate::config::Config;
use crate::keys::{self, KEPT_FILES};
use crate::{startup, StartError};

/// A share's page is a few kilobytes; anything much larger is no share.
const MAX_SHARE_BYTES: u64 = 64 * 1024;

/// Write one page per holder into `out` (`share-1.txt` …), and record the kit in the audit
/// log. Returns the kit's id.
pub fn kit(config: &Config, holders: &[String], out: &Path) -> Result<String, StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let keys = key_set(config)?;
    let made = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let shares = split(&keys, holders, &made).map_err(|e| StartError::Other(e.to_string()))?;
    std::fs::create_dir_all(out)
        .map_err(|e| StartError::Other(format!("{}: {e}", out.display())))?;
    for share in &shares {
        let path = out.join(format!("share-{}.txt", share.number));
        keys::write_key_file(&path, paper::print(share).as_bytes())?;
    }
    let kit = shares.first().map(|s| s.kit.clone()).unwrap_or_default();
    let entry = hotline_audit::Entry::new("keys.recovery_kit")
        .detail(serde_json::json!({"kit": kit, "holders": holders}));
    hotline_store::write_transaction(&mut conn, |conn| crate::audit_cli(conn, entry))?;
    Ok(kit)
}

/// The keys the service runs with, as their text.
fn key_set(config: &Config) -> Result<KeySet, StartError> {
    let text = |bytes: Vec<u8>, what: &str| {
        String::from_utf8(bytes).map_err(|_| {
            StartError::Other(format!(
                "{what}: not text; a kit keeps keys written as text"
            ))
        })
    };
    let database = match (&config.database.key, config.database.key_file.as_str()) {
        (Some(key), _) => Some(key.trim().to_owned()),
        (None, "") => None,
        (None, file) => Some(text(
            std::fs::read(file)
                .map_err(|e| StartError::Config(format!("database_key_file: {file}: {e}")))?
                .trim_ascii()
                .to_vec(),
            "database key",
        )?),
    };
    Ok(KeySet {
        master: text(keys::master_secret(config, false)?, "master key")?,
        signing: text(keys::signing_key(config)?, "signing key")?,
        contact: keys::contact_secret(config)?
            .map(|k| text(k, "contact key"))
            .transpose()?,
        database,
    })
}

/// Join the shares in `files` and write the keys into `to`, under the names the service
/// reads from its data directory. Returns the files written.
pub fn recover(files: &[PathBuf], to: &Path) -> Result<Vec<PathBuf>, StartError> {
    let mut shares = Vec::with_capacity(files.len());
    for file in files {
        let size = std::fs::metadata(file)
            .map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?
            .len();
        if size > MAX_SHARE_BYTES {
            return Err(StartError::Other(format!(
                "{}: {size} bytes is no share",
                file.display()
            )));
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?;
        let share = paper::read(&text)
            .map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?;
        shares.push(share);
    }
    let keys = join(&shares).map_err(|e| StartError::Other(e.to_string()))?;
    std::fs::create_dir_all(to).map_err(|e| StartError::Other(format!("{}: {e}", to.display())))?;
    let [master_file, signing_file] = KEPT_FILES;
    let mut wanted = vec![
        (master_file, keys.master.clone()),
        (signing_file, keys.signing.clone()),
    ];
    if let Some(contact) = &keys.contact {
        wanted.push(("contact.key", contact.clone()));
    }
    if let Some(database) = &keys.database {
        wanted.push(("database.key", database.clone()));
    }
    // Nothing is overwritten: a key file already there may be the one that works.
    if let Some((name, _)) = wanted.iter().find(|(name, _)| to.join(name).exists()) {
        return Err(StartError::Other(format!(
            "{} exists already: recover into an empty directory",
            to.join(name).display()
        )));
    }
    let mut written = Vec::new();
    for (name, key) in wanted {
        let path = to.join(name);
        keys::write_key_file(&path, key.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
