use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What reading the audit log can fail with.
#[derive(Debug, Error)]
pub enum OversightError {
    /// Only supervisors read the log.
    #[error("only supervisors read the audit log")]
    NotSupervisor,
    /// A supervisor whose account belongs to no jurisdiction.
    #[error("the account has no jurisdiction")]
    NoJurisdiction,
    #[error("invalid query")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<hotline_store::DieselError> for OversightError {
    fn from(e: hotline_store::DieselError) -> Self {
        OversightError::Store(e.into())
    }
}

impl Fails for OversightError {
    fn failure(self) -> Failure {
        match self {
            OversightError::NotSupervisor => {
                Failure::Forbidden("Chỉ lãnh đạo, thanh tra được xem nhật ký truy cập.".into())
            }
            OversightError::NoJurisdiction => {
                Failure::Forbidden("Tài khoản không gắn với địa bàn nào.".into())
            }
            OversightError::Invalid(errors) => Failure::Invalid(errors),
            OversightError::Audit(e) => e.failure(),
            OversightError::Store(e) => e.failure(),
        }
    }
}
