use hotline_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("audit detail is not serialisable: {0}")]
    Detail(String),
}

impl From<diesel::result::Error> for AuditError {
    fn from(e: diesel::result::Error) -> Self {
        AuditError::Store(e.into())
    }
}

impl From<AuditError> for StoreError {
    fn from(e: AuditError) -> Self {
        match e {
            AuditError::Store(s) => StoreError::Unavailable(format!("audit log: {s}")),
            AuditError::Detail(d) => StoreError::Unavailable(format!("audit log: {d}")),
        }
    }
}
