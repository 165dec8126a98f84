use thiserror::Error;

/// Everything the store can fail with. `hotline-http` maps it to a response.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database URL: {0}")]
    BadUrl(String),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something that must be written with the change (the audit entry) could not be.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

impl StoreError {
    /// Whether the database could not be reached or went away mid-request (an outage, a
    /// restart, a cut connection, a lock held past the timeout): worth retrying, not a fault
    /// of the request or of the service.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            StoreError::Pool(_) | StoreError::Connect(_) | StoreError::Unavailable(_) => true,
            StoreError::Database(Error::BrokenTransactionManager) => true,
            StoreError::Database(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => {
                true
            }
            StoreError::Database(Error::DatabaseError(_, info)) => {
                let message = info.message().to_ascii_lowercase();
                [
                    "terminating connection",
                    "server closed the connection",
                    "no connection to the server",
                    "could not receive data",
                    "could not send data",
                    "connection to server",
                    "not currently accepting connections",
                    "the database system is",
                    "database is locked",
                ]
                .iter()
                .any(|m| message.contains(m))
            }
            _ => false,
        }
    }

    /// Whether the error is a unique-constraint violation (a lost race on insert).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Database(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
