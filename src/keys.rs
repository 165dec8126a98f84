//! The token signing key: from HOTLINE_JWT_SECRET, from a key file, or (embedded default
//! only) generated once under the data directory.

use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::StartError;

const GENERATED_KEY_FILE: &str = "jwt-signing.key";

pub fn signing_key(config: &Config) -> Result<Vec<u8>, StartError> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.as_bytes().to_vec());
    }
    if !config.jwt_key_file.is_empty() {
        return read_key(Path::new(&config.jwt_key_file), "jwt_key_file");
    }
    let path = config.data_dir.join(GENERATED_KEY_FILE);
    if path.is_file() {
        return read_key(&path, "data_dir");
    }
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        StartError::Config(format!(
            "data_dir: cannot create {}: {e}",
            config.data_dir.display()
        ))
    })?;
    let key = hex::encode(rand::random::<[u8; 32]>());
    write_private(&path, key.as_bytes()).map_err(|e| {
        StartError::Config(format!("data_dir: cannot write {}: {e}", path.display()))
    })?;
    tracing::warn!(path = %path.display(), "created a new random token signing key; keep this file private and backed up");
    Ok(key.into_bytes())
}

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
    if let Some(secret) = &config.contact_key {
        return Ok(secret.as_bytes().to_vec());
    }
    if !config.contact_key_file.is_empty() {
        return read_key(Path::new(&config.contact_key_file), "contact_key_file");
    }
    Ok(hotline_audit::query::derive_key(
        signing_key,
        "hotline contact fingerprints v1",
    ))
}
