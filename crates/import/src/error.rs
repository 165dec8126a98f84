use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use hotline_vault::VaultError;
use thiserror::Error;

use crate::rows::RowProblem;

/// What stops an import before any row is looked at (the mapping, the file), and what
/// placing a held row can fail with.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("mapping: {0}")]
    Mapping(String),
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    /// Only a child-protection department officer places held rows, in its own province.
    #[error("not allowed to place imported rows")]
    NotAllowed,
    #[error("not found")]
    NotFound,
    #[error("the row was placed already")]
    Placed,
    /// The commune chosen is not one that took a part of the old one.
    #[error("not among the communes the old one went into")]
    NotAmong,
    /// A held row that no longer passes the checks (they changed since it was held).
    #[error("the row no longer passes: {0:?}")]
    Row(Vec<RowProblem>),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl From<hotline_store::DieselError> for ImportError {
    fn from(e: hotline_store::DieselError) -> Self {
        ImportError::Store(e.into())
    }
}

impl Fails for ImportError {
    fn failure(self) -> Failure {
        use ImportError::*;
        match self {
            NotAllowed => Failure::Forbidden(
                "Chỉ cán bộ cơ quan bảo vệ trẻ em cấp tỉnh xếp các dòng nhập chờ xếp xã.".into(),
            ),
            NotFound => Failure::NotFound,
            Placed => Failure::Conflict {
                detail: "Dòng này đã được xếp vào một xã, phường.".into(),
                allowed: None,
            },
            NotAmong => Failure::Invalid(vec![FieldError::new(
                "commune_code",
                "Chọn một trong các xã, phường đã nhận một phần của xã, phường cũ.",
            )]),
            Row(problems) => Failure::Conflict {
                detail: problems
                    .iter()
                    .map(|p| format!("{}: {}", p.column, p.reason))
                    .collect::<Vec<_>>()
                    .join("; "),
                allowed: None,
            },
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
            e @ (Mapping(_) | File { .. } | Io(_) | Vault(_)) => Failure::Internal(e.to_string()),
        }
    }
}
