//! What went wrong in an operation, in the words every face needs. Each crate's error enum
//! says which kind of failure each of its variants is ([`Fails`]); the JSON API turns the kind
//! into problem+json in one place (`error.rs`), and the console will render the same kinds as
//! pages.

use hotline_audit::AuditError;
use hotline_auth::AuthError;
use hotline_store::StoreError;
use serde::Serialize;
use thiserror::Error;
use utoipa::ToSchema;

/// One invalid field: `field` is a path into the request body (`children[0].birth_year`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The kinds of failure an operation can end in. Messages are what a user reads
/// (Vietnamese) except for `Unavailable` and `Internal`, which are logged and never shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Failure {
    /// Nothing the caller may see goes by that name: outside its scope reads as absent.
    #[error("not found")]
    NotFound,
    /// The caller's role or agency may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The record's state refuses the request (a lifecycle move, a used link ...);
    /// `allowed` lists what it would accept.
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        allowed: Option<Vec<String>>,
    },
    /// A move the case's file does not support yet: `missing` names the record it lacks (a
    /// step's code, `approved_plan`, or `review_decision:<code>`).
    #[error("incomplete: {detail}")]
    Incomplete { detail: String, missing: String },
    /// Input that does not fit, field by field, all at once.
    #[error("validation failed")]
    Invalid(Vec<FieldError>),
    /// A value over its size limit (a file): `field` names it.
    #[error("too large: {field}")]
    TooLarge { field: String, detail: String },
    /// Not signed in, or the credentials were refused.
    #[error("authentication required")]
    Unauthenticated,
    /// Too many attempts: try again after `retry_after_secs`.
    #[error("too many requests")]
    Throttled {
        retry_after_secs: u64,
        detail: String,
    },
    /// Something the operation needs (the database, the audit log) cannot serve now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A fault or corrupt data.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Failure {
    /// One invalid field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure::Invalid(vec![FieldError::new(field, message)])
    }
}

/// Implemented by every error an operation returns: which kind of failure it is.
pub trait Fails {
    fn failure(self) -> Failure;
}

impl Fails for StoreError {
    fn failure(self) -> Failure {
        match self {
            StoreError::NotFound => Failure::NotFound,
            StoreError::Conflict(detail) => Failure::Conflict {
                detail,
                allowed: None,
            },
            e if e.is_unavailable() => Failure::Unavailable(e.to_string()),
            other => Failure::Internal(other.to_string()),
        }
    }
}

/// An entry that cannot be written refuses the whole request: nothing is served or changed
/// unaudited.
impl Fails for AuditError {
    fn failure(self) -> Failure {
        Failure::Unavailable(format!("audit log unavailable: {self}"))
    }
}

impl Fails for AuthError {
    fn failure(self) -> Failure {
        match self {
            AuthError::InvalidCredentials | AuthError::InvalidToken => Failure::Unauthenticated,
            AuthError::Store(s) => s.failure(),
            AuthError::Audit(a) => a.failure(),
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl Fails for hotline_store::DieselError {
    fn failure(self) -> Failure {
        StoreError::from(self).failure()
    }
}
