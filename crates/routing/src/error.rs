use hotline_audit::AuditError;
use hotline_domain::referral::ReferralAction;
use hotline_domain::ReferralStatus;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// Everything routing can fail with: a configuration that cannot be used, and what the
/// referral operations refuse.
#[derive(Debug, Error)]
pub enum RoutingError {
    /// A rules or holiday file that cannot be used; one line naming the key and the problem.
    #[error("{0}")]
    Config(String),
    /// The caller's role works no agency inbox.
    #[error("this role works no inbox")]
    NoInbox,
    /// A role that works an inbox, on an account that belongs to no agency.
    #[error("the account belongs to no agency")]
    NoAgency,
    /// Nothing by that id that the caller may see.
    #[error("not found in the caller's scope")]
    NotFound,
    /// The referral went to another agency, whose case the caller may see.
    #[error("the referral is another agency's")]
    OtherAgency,
    /// An acknowledge link acknowledges, nothing else.
    #[error("a link may only acknowledge")]
    LinkAcknowledgesOnly,
    /// The referral's state does not allow the action.
    #[error("a {from} referral cannot take `{}`", action.code())]
    ActionRefused {
        from: ReferralStatus,
        action: ReferralAction,
        allowed: Vec<ReferralAction>,
    },
    /// The province's child-protection department coordinates: it hands a case on, it does
    /// not decline it.
    #[error("the department may not decline")]
    DepartmentMayNotDecline { allowed: Vec<ReferralAction> },
    /// Only agency officers and supervisors refer cases.
    #[error("this role may not refer")]
    MayNotRefer,
    /// A role that reads no case contents.
    #[error("this role reads no cases")]
    NoCaseAccess,
    /// The agency already has an open referral on the case.
    #[error("already referred to {agency_name}")]
    AlreadyReferred { agency_name: String },
    /// Another agency's referral, for a caller that neither coordinates nor supervises.
    #[error("this caller may not hand that referral on")]
    MayNotReplace,
    /// The case's personal details were erased: it takes nothing new.
    #[error("the case's personal details were erased")]
    CaseErased,
    /// The referral to be replaced has already ended.
    #[error("the replaced referral has ended")]
    ReplacedEnded,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

impl RoutingError {
    pub(crate) fn field(field: &str, message: impl Into<String>) -> RoutingError {
        RoutingError::Invalid(vec![FieldError::new(field, message)])
    }
}

/// A value that cannot be sealed or opened is stored data gone wrong, like any corrupt row.
impl From<hotline_vault::VaultError> for RoutingError {
    fn from(e: hotline_vault::VaultError) -> Self {
        RoutingError::Store(e.into())
    }
}

impl From<hotline_store::DieselError> for RoutingError {
    fn from(e: hotline_store::DieselError) -> Self {
        RoutingError::Store(e.into())
    }
}

fn codes(actions: &[ReferralAction]) -> Option<Vec<String>> {
    Some(actions.iter().map(|a| a.code().to_owned()).collect())
}

impl Fails for RoutingError {
    fn failure(self) -> Failure {
        use RoutingError::*;
        match self {
            Config(e) => Failure::Internal(e),
            NoInbox => Failure::Forbidden("Vai trò này không tiếp nhận chuyển tuyến.".into()),
            NoAgency => Failure::Forbidden("Tài khoản không thuộc cơ quan nào.".into()),
            NotFound => Failure::NotFound,
            OtherAgency => {
                Failure::Forbidden("Chuyển tuyến này dành cho cơ quan khác.".into())
            }
            LinkAcknowledgesOnly => {
                Failure::Forbidden("Liên kết trong thư chỉ dùng để xác nhận đã nhận.".into())
            }
            ActionRefused {
                from,
                action,
                allowed,
            } => Failure::Conflict {
                detail: format!(
                    "Chuyển tuyến đang ở trạng thái “{}”: không thể {}.",
                    from.label_vi(),
                    action.label_vi()
                ),
                allowed: codes(&allowed),
            },
            DepartmentMayNotDecline { allowed } => Failure::Conflict {
                detail: "Cơ quan bảo vệ trẻ em cấp tỉnh điều phối vụ việc nên không từ chối; hãy chuyển cho cơ quan khác.".into(),
                allowed: codes(&allowed),
            },
            MayNotRefer => Failure::Forbidden(
                "Chỉ cán bộ cơ quan hoặc lãnh đạo được chuyển tuyến vụ việc.".into(),
            ),
            NoCaseAccess => Failure::Forbidden(hotline_domain::access::NO_CASE_ACCESS.into()),
            AlreadyReferred { agency_name } => Failure::Conflict {
                detail: format!("{agency_name} đang có chuyển tuyến mở cho vụ việc này."),
                allowed: None,
            },
            MayNotReplace => Failure::Forbidden(
                "Chỉ cơ quan bảo vệ trẻ em cấp tỉnh, lãnh đạo hoặc chính cơ quan nhận chuyển tuyến được chuyển nó cho cơ quan khác.".into(),
            ),
            CaseErased => Failure::Conflict {
                detail: "Dữ liệu cá nhân của vụ việc đã được xóa; vụ việc không nhận thêm thông tin nào.".into(),
                allowed: None,
            },
            ReplacedEnded => Failure::Conflict {
                detail: "Chuyển tuyến được thay đã kết thúc.".into(),
                allowed: None,
            },
            Invalid(errors) => Failure::Invalid(errors),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
        }
    }
}
