//! The token signing key and the master key: each from the environment, from a key file, or
//! (embedded default only) generated once under the data directory.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::StartError;

const GENERATED_KEY_FILE: &str = "jwt-signing.key";
const GENERATED_MASTER_KEY_FILE: &str = "master.key";

pub fn signing_key(config: &Config) -> Result<Vec<u8>, StartError> {
    if let Some(secret) = &config.jwt.secret {
        return Ok(secret.as_bytes().to_vec());
    }
    if !config.jwt.key_file.is_empty() {
        return read_key(Path::new(&config.jwt.key_file), "jwt_key_file");
    }
    generated(config, GENERATED_KEY_FILE, "token signing key")
}

/// The key kept in `file` under the data directory, created on first use.
fn generated(config: &Config, file: &str, what: &str) -> Result<Vec<u8>, StartError> {
    let path = config.server.data_dir.join(file);
    if path.is_file() {
        return read_key(&path, "data_dir");
    }
    std::fs::create_dir_all(&config.server.data_dir).map_err(|e| {
        StartError::Config(format!(
            "data_dir: cannot create {}: {e}",
            config.server.data_dir.display()
        ))
    })?;
    let key = hex::encode(rand::random::<[u8; 32]>());
    write_private(&path, key.as_bytes()).map_err(|e| {
        StartError::Config(format!("data_dir: cannot write {}: {e}", path.display()))
    })?;
    tracing::warn!(path = %path.display(), "created a new random {what}; keep this file private and backed up");
    Ok(key.into_bytes())
}

/// The master key: HOTLINE_MASTER_KEY, `master_key_file`, or (the embedded default; the
/// configuration check refuses PostgreSQL without one) the one kept under the data
/// directory, generated there only for a database that has no keys yet (`may_generate`).
pub fn master_key(
    config: &Config,
    may_generate: bool,
) -> Result<hotline_vault::MasterKey, StartError> {
    hotline_vault::MasterKey::from_secret(&master_secret(config, may_generate)?)
        .map_err(|e| StartError::Config(format!("master_key: {e}")))
}

/// The master key's text, as configured (see [`master_key`]).
pub fn master_secret(config: &Config, may_generate: bool) -> Result<Vec<u8>, StartError> {
    let kept = config.server.data_dir.join(GENERATED_MASTER_KEY_FILE);
    if let Some(secret) = &config.master.key {
        Ok(secret.trim().as_bytes().to_vec())
    } else if !config.master.key_file.is_empty() {
        read_key(Path::new(&config.master.key_file), "master_key_file")
    } else if may_generate || kept.is_file() {
        generated(config, GENERATED_MASTER_KEY_FILE, "master key")
    } else {
        Err(StartError::Config(format!(
            "master_key: the database's personal fields are sealed, and no master key is given (HOTLINE_MASTER_KEY, master_key_file, or {})",
            kept.display()
        )))
    }
}

/// The names the keys are kept under in the data directory, where the embedded default reads
/// them (and where `hotline keys recover` writes them back).
pub const KEPT_FILES: [&str; 2] = [GENERATED_MASTER_KEY_FILE, GENERATED_KEY_FILE];

fn read_key(path: &Path, key: &str) -> Result<Vec<u8>, StartError> {
    let bytes = std::fs::read(path)
        .map_err(|e| StartError::Config(format!("{key}: cannot read {}: {e}", path.display())))?;
    let trimmed = bytes.trim_ascii().to_vec();
    if trimmed.len() < hotline_auth::token::MIN_KEY_BYTES {
        return Err(StartError::Config(format!(
            "{key}: {} holds fewer than {} bytes",
            path.display(),
            hotline_auth::token::MIN_KEY_BYTES
        )));
    }
    Ok(trimmed)
}

/// Create a file readable by its owner only.
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents)
}

/// The key repeat contacts are hashed under: HOTLINE_CONTACT_KEY, `contact_key_file`, or
/// else derived from the token signing key.
pub fn contact_key(config: &Config, signing_key: &[u8]) -> Result<Vec<u8>, StartError> {
    Ok(contact_secret(config)?.unwrap_or_else(|| {
        hotline_audit::query::derive_key(signing_key, "hotline contact fingerprints v1")
    }))
}

/// The contact key's text when one is configured (`None`: derived from the signing key).
pub fn contact_secret(config: &Config) -> Result<Option<Vec<u8>>, StartError> {
    if let Some(secret) = &config.contact.key {
        return Ok(Some(secret.as_bytes().to_vec()));
    }
    if !config.contact.key_file.is_empty() {
        return read_key(Path::new(&config.contact.key_file), "contact_key_file").map(Some);
    }
    Ok(None)
}

/// Write a key file readable by its owner only; never over an existing file.
pub fn write_key_file(path: &Path, contents: &[u8]) -> Result<(), StartError> {
    write_private(path, contents).map_err(|e| StartError::Other(format!("{}: {e}", path.display())))
}
