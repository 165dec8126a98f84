use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What producing figures can fail with.
#[derive(Debug, Error)]
pub enum ReportsError {
    /// A role that reads no figures (an administrator), or an account with no agency.
    #[error("this role reads no figures")]
    NoFigures,
    /// A role that records no work against the plan (an operator, an administrator).
    #[error("this role records no plan activities")]
    NoActivities,
    #[error("invalid query")]
    Invalid(Vec<FieldError>),
    /// `config/figures.toml` does not hold what it must (at start only).
    #[error("figures settings: {0}")]
    Settings(String),
    /// A spreadsheet or CSV file could not be written.
    #[error("export: {0}")]
    Export(String),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<hotline_store::DieselError> for ReportsError {
    fn from(e: hotline_store::DieselError) -> Self {
        ReportsError::Store(e.into())
    }
}

impl Fails for ReportsError {
    fn failure(self) -> Failure {
        match self {
            ReportsError::NoFigures => {
                Failure::Forbidden("Vai trò này không được xem số liệu thống kê.".into())
            }
            ReportsError::NoActivities => Failure::Forbidden(
                "Vai trò này không ghi nhận hoạt động thực hiện kế hoạch.".into(),
            ),
            ReportsError::Invalid(errors) => Failure::Invalid(errors),
            ReportsError::Settings(m) | ReportsError::Export(m) => Failure::Internal(m),
            ReportsError::Audit(e) => e.failure(),
            ReportsError::Store(e) => e.failure(),
        }
    }
}
