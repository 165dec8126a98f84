use hotline_audit::AuditError;
use hotline_http::{Fails, Failure};
use hotline_intake::IntakeError;
use hotline_store::StoreError;
use thiserror::Error;

/// What a report from the public, or a status lookup, can fail with.
#[derive(Debug, Error)]
pub enum PublicError {
    /// The report itself, as intake checks it.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// No hotline is configured to take the public's reports for the place.
    #[error("no hotline agency is configured to take public reports")]
    NoReceivingHotline,
    /// Something this service guarantees itself did not hold (the form's account, a code
    /// just generated).
    #[error("{0}")]
    Broken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

impl From<hotline_store::DieselError> for PublicError {
    fn from(e: hotline_store::DieselError) -> Self {
        PublicError::Store(e.into())
    }
}

impl Fails for PublicError {
    fn failure(self) -> Failure {
        match self {
            PublicError::Intake(e) => e.failure(),
            PublicError::NoReceivingHotline => Failure::Unavailable(self.to_string()),
            PublicError::Broken(e) => Failure::Internal(e),
            PublicError::Store(e) => e.failure(),
            PublicError::Audit(e) => e.failure(),
        }
    }
}
