//! The database URL decides the backend. Parsed here, by scheme, so that a mistyped
//! PostgreSQL URL can never silently become a new SQLite file.

use std::path::PathBuf;

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `postgres://` or `postgresql://`, passed to libpq as given.
    Postgres(String),
    /// `sqlite://PATH`: a file path (relative to the working directory, or absolute with
    /// `sqlite:///abs/path`).
    Sqlite(PathBuf),
    /// An SQLite file encrypted whole by SQLCipher (a build with the `sqlcipher` feature),
    /// opened with `key`.
    SqliteCipher(PathBuf, SqliteKey),
}

/// The key an SQLCipher file is encrypted under: 32 bytes derived from the configured secret,
/// given to SQLCipher as a raw key (no passphrase stretching on every connection).
#[derive(Clone, PartialEq, Eq)]
pub struct SqliteKey([u8; 32]);

/// Fewest bytes of secret an SQLCipher key is derived from.
pub const MIN_SQLITE_SECRET_BYTES: usize = 32;

impl SqliteKey {
    pub fn derive(secret: &[u8]) -> Result<SqliteKey, StoreError> {
        use sha2::Digest;
        if secret.len() < MIN_SQLITE_SECRET_BYTES {
            return Err(StoreError::BadUrl(format!(
                "the database key must have at least {MIN_SQLITE_SECRET_BYTES} bytes"
            )));
        }
        let mut h = sha2::Sha256::new();
        h.update(b"hotline sqlcipher key v1\0");
        h.update(secret);
        Ok(SqliteKey(h.finalize().into()))
    }

    /// The statements that give the key to SQLCipher, the first on every connection. SQLCipher
    /// would also print its own lines about a wrong key: the start says it in one.
    pub(crate) fn pragma(&self) -> String {
        format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\";",
            hex::encode(self.0)
        )
    }
}

impl std::fmt::Debug for SqliteKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteKey(..)")
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(StoreError::BadUrl(
                "empty; expected sqlite://PATH or postgres://...".into(),
            ));
        }
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(StoreError::BadUrl(
                "has no scheme; expected sqlite://PATH or postgres://... (a bare path is refused)"
                    .into(),
            ));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => {
                if rest.is_empty() {
                    return Err(StoreError::BadUrl(
                        "postgres:// URL names no host or database".into(),
                    ));
                }
                Ok(DatabaseUrl::Postgres(url.to_owned()))
            }
            "sqlite" => {
                if rest.is_empty() {
                    return Err(StoreError::BadUrl("sqlite:// URL names no file".into()));
                }
                Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)))
            }
            other => Err(StoreError::BadUrl(format!(
                "unknown scheme `{other}`; expected sqlite://PATH or postgres://..."
            ))),
        }
    }

    /// The same SQLite file, encrypted by SQLCipher under the key derived from `secret`.
    pub fn with_sqlite_key(self, secret: &[u8]) -> Result<Self, StoreError> {
        match self {
            DatabaseUrl::Sqlite(path) | DatabaseUrl::SqliteCipher(path, _) => {
                Ok(DatabaseUrl::SqliteCipher(path, SqliteKey::derive(secret)?))
            }
            DatabaseUrl::Postgres(_) => Err(StoreError::BadUrl(
                "a database key encrypts an SQLite file; PostgreSQL's storage is encrypted by its own means".into(),
            )),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Sqlite(_) | DatabaseUrl::SqliteCipher(..) => "sqlite",
        }
    }

    /// The URL with any password replaced, for logs and error lines.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) | DatabaseUrl::SqliteCipher(p, _) => {
                format!("sqlite://{}", p.display())
            }
            DatabaseUrl::Postgres(u) => redact_password(u),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    let slash = if rest.contains('/') { "/" } else { "" };
    if userinfo.contains(':') {
        format!("{scheme}://{user}:***@{host}{slash}{tail}")
    } else {
        url.to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chooses_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/hotline.db").unwrap(),
            DatabaseUrl::Sqlite("data/hotline.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/h.db").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/h.db".into())
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgresql://h/db").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
    }

    #[test]
    fn refuses_bare_paths_and_unknown_schemes() {
        for bad in [
            "data/hotline.db",
            "",
            "mysql://h/db",
            "postgre://h/db",
            "sqlite://",
        ] {
            let err = DatabaseUrl::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("database URL:"), "{bad}: {err}");
        }
    }

    #[test]
    fn redacts_passwords() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db:5432/hotline").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db:5432/hotline");
        assert!(!url.redacted().contains("s3cret"));
    }
}
