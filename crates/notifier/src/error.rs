use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What sending mail, and the supervisors' view of it, can fail with.
#[derive(Debug, Error)]
pub enum NotifierError {
    /// Bad settings: one line naming the key.
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The message could not be built (an address or header the builder refused).
    #[error("message: {0}")]
    Message(String),
    /// The SMTP server refused or could not be reached.
    #[error("smtp: {0}")]
    Smtp(String),
    /// Only supervisors see the mail the service sends.
    #[error("only supervisors see notifications")]
    NotSupervisor,
    #[error("the account has no jurisdiction")]
    NoJurisdiction,
    /// No such notification in the supervisor's province.
    #[error("not found")]
    NotFound,
    /// Only a dead letter can be resent.
    #[error("not a dead letter")]
    NotDead,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

impl Fails for NotifierError {
    fn failure(self) -> Failure {
        use NotifierError::*;
        match self {
            NotSupervisor => {
                Failure::Forbidden("Chỉ lãnh đạo, thanh tra được xem thư thông báo.".into())
            }
            NoJurisdiction => Failure::Forbidden("Tài khoản không gắn với địa bàn nào.".into()),
            NotFound => Failure::NotFound,
            NotDead => Failure::Conflict {
                detail: "Chỉ gửi lại được thư đã bị bỏ sau nhiều lần gửi lỗi.".into(),
                allowed: None,
            },
            Invalid(errors) => Failure::Invalid(errors),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
            Config(e) | Message(e) | Smtp(e) => Failure::Internal(e),
        }
    }
}

impl From<hotline_store::DieselError> for NotifierError {
    fn from(e: hotline_store::DieselError) -> Self {
        NotifierError::Store(e.into())
    }
}
