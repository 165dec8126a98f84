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
