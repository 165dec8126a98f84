use thiserror::Error;

/// What stops an import before any row is looked at: the mapping, the file.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("mapping: {0}")]
    Mapping(String),
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] hotline_store::StoreError),
}
