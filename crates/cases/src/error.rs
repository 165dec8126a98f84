use hotline_audit::AuditError;
use hotline_domain::CaseStatus;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What case work can fail with.
#[derive(Debug, Error)]
pub enum CaseError {
    /// A role that reads no case contents.
    #[error("this role reads no cases")]
    NoCaseAccess,
    /// A role that never moves cases.
    #[error("this role moves no cases")]
    MayNotTransition,
    /// A role that never links duplicates.
    #[error("this role links no duplicates")]
    MayNotLink,
    /// No case by that id in the caller's scope (outside it reads the same as absent).
    #[error("no such case in the caller's scope")]
    NotFound,
    /// The lifecycle has no such move; `allowed` is where the case may go.
    #[error("the lifecycle has no move from {from} to {to}")]
    Lifecycle {
        from: CaseStatus,
        to: CaseStatus,
        allowed: Vec<CaseStatus>,
    },
    /// The move exists, but not for this role.
    #[error("this role may not move a case from {from} to {to}")]
    RoleMayNotMove { from: CaseStatus, to: CaseStatus },
    /// The case to keep is itself a duplicate of another.
    #[error("case {case_number} is itself a duplicate")]
    KeptIsDuplicate { case_number: String },
    /// The case to keep is no longer worked.
    #[error("case {case_number} is no longer open")]
    KeptClosed { case_number: String },
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

impl CaseError {
    pub(crate) fn field(field: &str, message: impl Into<String>) -> CaseError {
        CaseError::Invalid(vec![FieldError::new(field, message)])
    }
}

/// A case the store did not find in the scope is the domain's "not found".
impl From<StoreError> for CaseError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => CaseError::NotFound,
            other => CaseError::Store(other),
        }
    }
}

impl From<hotline_store::DieselError> for CaseError {
    fn from(e: hotline_store::DieselError) -> Self {
        StoreError::from(e).into()
    }
}

fn codes(statuses: &[CaseStatus]) -> Vec<String> {
    statuses.iter().map(|s| s.code().to_owned()).collect()
}

impl Fails for CaseError {
    fn failure(self) -> Failure {
        use CaseError::*;
        match self {
            NoCaseAccess => Failure::Forbidden(hotline_domain::access::NO_CASE_ACCESS.into()),
            MayNotTransition => {
                Failure::Forbidden("Vai trò này không chuyển trạng thái vụ việc.".into())
            }
            MayNotLink => {
                Failure::Forbidden("Vai trò này không liên kết vụ việc trùng lặp.".into())
            }
            NotFound => Failure::NotFound,
            Lifecycle { from, to, allowed } => Failure::Conflict {
                detail: format!(
                    "Không thể chuyển từ “{}” sang “{}”. Trạng thái tiếp theo được phép: {}.",
                    from.label_vi(),
                    to.label_vi(),
                    codes(&allowed).join(", ")
                ),
                allowed: Some(codes(&allowed)),
            },
            RoleMayNotMove { from, to } => Failure::Forbidden(format!(
                "Vai trò này không được chuyển vụ việc từ “{}” sang “{}”.",
                from.label_vi(),
                to.label_vi()
            )),
            KeptIsDuplicate { case_number } => Failure::Conflict {
                detail: format!(
                    "Vụ việc {case_number} đã là bản trùng của vụ việc khác; hãy liên kết với vụ việc đang được giữ."
                ),
                allowed: None,
            },
            KeptClosed { case_number } => Failure::Conflict {
                detail: format!(
                    "Vụ việc {case_number} đã kết thúc; không thể nhận bản trùng."
                ),
                allowed: None,
            },
            Invalid(errors) => Failure::Invalid(errors),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
        }
    }
}
