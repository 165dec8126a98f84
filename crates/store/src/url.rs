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

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Sqlite(_) => "sqlite",
        }
    }

    /// The URL with any password replaced, for logs and error lines.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
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
