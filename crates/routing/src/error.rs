use hotline_store::StoreError;
use thiserror::Error;

/// Everything routing can fail with. Mapped to HTTP by `hotline-http` (via `ApiError`).
#[derive(Debug, Error)]
pub enum RoutingError {
    /// A rules or holiday file that cannot be used; one line naming the key and the problem.
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] hotline_audit::AuditError),
}
