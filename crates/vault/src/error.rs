use thiserror::Error;

/// What can go wrong sealing or opening. Messages never carry a value.
#[derive(Debug, Error)]
pub enum VaultError {
    /// The master key does not open a stored key: another deployment's key, or a typo.
    #[error("the master key does not open stored key {0}")]
    WrongMasterKey(i32),
    /// A stored value names a data key the database does not hold.
    #[error("no data key {0} is stored")]
    UnknownKey(i32),
    /// A stored value was altered, truncated, or moved from another row or column.
    #[error("a sealed value of {column} does not open (altered or moved)")]
    Tampered { column: &'static str },
    /// A value in clear where only sealed values may be (the move to sealed values is over).
    #[error("a value of {column} is stored in clear")]
    Clear { column: &'static str },
    /// Reading the stored keys failed.
    #[error("reading the stored keys: {0}")]
    Source(String),
    /// The key ring cannot seal (its lock was poisoned by a panic, or it lacks its active
    /// key): nothing is written rather than something sealed under a key nobody holds.
    #[error("the key ring cannot seal: {0}")]
    Unusable(&'static str),
    #[error("the master key is too short: at least {0} bytes")]
    ShortMasterKey(usize),
    #[error(transparent)]
    Store(#[from] hotline_store::StoreError),
}

pub type VaultResult<T> = Result<T, VaultError>;

impl From<hotline_store::DieselError> for VaultError {
    fn from(e: hotline_store::DieselError) -> Self {
        VaultError::Store(e.into())
    }
}

/// To callers, a value that does not open is stored data gone wrong.
impl From<VaultError> for hotline_store::StoreError {
    fn from(e: VaultError) -> Self {
        match e {
            VaultError::Store(e) => e,
            other => hotline_store::StoreError::Corrupt(other.to_string()),
        }
    }
}
