use hotline_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuthError {
    /// Wrong username or password; deliberately says neither which.
    #[error("invalid username or password")]
    InvalidCredentials,
    #[error("missing or invalid access token")]
    InvalidToken,
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("token signing failed: {0}")]
    Signing(String),
    #[error("stored user is inconsistent: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The attempt's audit entry could not be written: nothing is granted unrecorded.
    #[error(transparent)]
    Audit(#[from] hotline_audit::AuditError),
}

impl From<hotline_store::DieselError> for AuthError {
    fn from(e: hotline_store::DieselError) -> Self {
        AuthError::Store(e.into())
    }
}
