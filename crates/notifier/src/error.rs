use hotline_store::StoreError;
use thiserror::Error;

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
}

impl From<diesel::result::Error> for NotifierError {
    fn from(e: diesel::result::Error) -> Self {
        NotifierError::Store(e.into())
    }
}
