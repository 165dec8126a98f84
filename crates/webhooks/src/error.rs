use hotline_audit::AuditError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use hotline_vault::VaultError;
use thiserror::Error;

/// What subscribing, delivering and replaying webhooks can fail with.
#[derive(Debug, Error)]
pub enum WebhookError {
    /// Only an administrator, or a client for itself with `webhooks.manage`.
    #[error("not allowed to manage webhooks")]
    NotAllowed,
    /// Only an administrator sees and replays what was given up.
    #[error("administrators only")]
    NotAdmin,
    #[error("not found")]
    NotFound,
    #[error("the client has as many subscriptions as it may")]
    TooMany(usize),
    /// Only a delivery given up can be replayed.
    #[error("not a dead letter")]
    NotDead,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("worker: {0}")]
    Worker(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl Fails for WebhookError {
    fn failure(self) -> Failure {
        use WebhookError::*;
        match self {
            NotAllowed => Failure::Forbidden(
                "Chỉ quản trị viên, hoặc ứng dụng có quyền webhooks.manage cho chính nó, được quản lý webhook."
                    .into(),
            ),
            NotAdmin => Failure::Forbidden("Chỉ quản trị viên được xem và gửi lại.".into()),
            NotFound => Failure::NotFound,
            TooMany(n) => Failure::Conflict {
                detail: format!("Mỗi ứng dụng đăng ký tối đa {n} địa chỉ; hãy xoá bớt trước."),
                allowed: None,
            },
            NotDead => Failure::Conflict {
                detail: "Chỉ gửi lại được thông báo đã bị bỏ sau nhiều lần gửi lỗi.".into(),
                allowed: None,
            },
            Invalid(errors) => Failure::Invalid(errors),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
            Vault(e) => Failure::Internal(e.to_string()),
            Worker(e) => Failure::Internal(e.into()),
        }
    }
}

impl From<hotline_store::DieselError> for WebhookError {
    fn from(e: hotline_store::DieselError) -> Self {
        WebhookError::Store(e.into())
    }
}
