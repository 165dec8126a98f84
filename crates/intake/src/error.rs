use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What logging a report, or looking up earlier contacts, can fail with.
#[derive(Debug, Error)]
pub enum IntakeError {
    /// Only hotline operators log reports.
    #[error("only operators log reports")]
    NotAnOperator,
    /// Only hotline operators look up earlier contacts (the operator on the call).
    #[error("only operators look up contacts")]
    LookupNotAllowed,
    /// Fields (or the `Idempotency-Key` header) that do not fit, all of them at once.
    #[error("invalid report")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

/// A value that cannot be sealed is stored data gone wrong, like any corrupt row.
impl From<hotline_vault::VaultError> for IntakeError {
    fn from(e: hotline_vault::VaultError) -> Self {
        IntakeError::Store(e.into())
    }
}

impl From<hotline_store::DieselError> for IntakeError {
    fn from(e: hotline_store::DieselError) -> Self {
        IntakeError::Store(e.into())
    }
}

impl Fails for IntakeError {
    fn failure(self) -> Failure {
        match self {
            IntakeError::NotAnOperator => {
                Failure::Forbidden("Chỉ tư vấn viên đường dây nóng được ghi nhận thông báo.".into())
            }
            IntakeError::LookupNotAllowed => Failure::Forbidden(
                "Chỉ tư vấn viên đường dây nóng được tra cứu liên hệ trước.".into(),
            ),
            IntakeError::Invalid(errors) => Failure::Invalid(errors),
            IntakeError::Store(e) => e.failure(),
            IntakeError::Audit(e) => e.failure(),
        }
    }
}
