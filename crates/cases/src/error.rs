use hotline_audit::AuditError;
use hotline_domain::casework::Missing;
use hotline_domain::{CaseStatus, CaseStep, PlanState};
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
    /// A role that writes no step records.
    #[error("this role writes no step records")]
    MayNotWriteSteps,
    /// A role that reads no step records.
    #[error("this role reads no step records")]
    MayNotReadSteps,
    /// Only a commune's chair approves or returns its plans.
    #[error("this role approves no plans")]
    MayNotApprove,
    /// A role that does not complete the facts the statistics need.
    #[error("this role records no case indicators")]
    MayNotRecordIndicators,
    /// The step's record is kept while its step is current, and this one is not.
    #[error("the {step} record is not open while the case is {status}")]
    StepNotCurrent { step: CaseStep, status: CaseStatus },
    /// A plan submitted or approved is fixed.
    #[error("the plan is {state} and cannot be edited")]
    PlanLocked { state: PlanState },
    /// The plan's approval has no such move from where it is.
    #[error("a plan cannot move from {from:?} to {to}")]
    PlanMove {
        from: Option<PlanState>,
        to: PlanState,
    },
    /// The case's file lacks what the request needs.
    #[error("the case's file lacks {}", .0.code())]
    Incomplete(Missing),
    /// Holds, erasures, corrections and exports are a supervisor's.
    #[error("only a supervisor does this")]
    NotSupervisor,
    /// The case is under a legal hold already.
    #[error("the case is under a legal hold already")]
    AlreadyHeld,
    /// There is no hold in force to lift.
    #[error("the case is under no legal hold")]
    NotHeld,
    /// A case under a legal hold is not erased.
    #[error("the case is under a legal hold")]
    UnderHold,
    /// The case's personal details were erased.
    #[error("the case's personal details were erased")]
    Erased,
    /// Only a commune's chair, or the department for the cases it holds, assigns managers.
    #[error("this role assigns no case managers")]
    MayNotAssign,
    /// Caseloads are read by those who assign managers, and supervisors.
    #[error("this role reads no caseloads")]
    MayNotReadCaseloads,
    /// The case is no longer worked.
    #[error("the case is no longer open")]
    NotOpen,
    /// Only the two sides of a transfer take part in it: the commune's group and chair, and
    /// the province's child-protection department (each for its own side).
    #[error("this role takes no part in this transfer")]
    MayNotTransfer,
    /// A case has one proposed transfer at a time.
    #[error("a transfer of the case waits for its answer")]
    TransferWaiting,
    /// The transfer was answered or withdrawn already.
    #[error("the transfer was answered already")]
    TransferAnswered,
    /// A case still being worked is not erased.
    #[error("the case is still open")]
    StillOpen,
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

/// A value that does not open is stored data gone wrong, like any corrupt row.
impl From<hotline_vault::VaultError> for CaseError {
    fn from(e: hotline_vault::VaultError) -> Self {
        StoreError::from(e).into()
    }
}

impl From<hotline_store::DieselError> for CaseError {
    fn from(e: hotline_store::DieselError) -> Self {
        StoreError::from(e).into()
    }
}

fn conflict(detail: &str) -> Failure {
    Failure::Conflict {
        detail: detail.to_owned(),
        allowed: None,
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
            MayNotWriteSteps => Failure::Forbidden(
                "Vai trò này không ghi hồ sơ các bước bảo vệ trẻ em.".into(),
            ),
            MayNotReadSteps => Failure::Forbidden(
                "Vai trò này không xem hồ sơ các bước bảo vệ trẻ em (chỉ nhóm thường trực, chủ tịch UBND cấp xã và cơ quan bảo vệ trẻ em cấp tỉnh).".into(),
            ),
            MayNotApprove => Failure::Forbidden(
                "Chỉ chủ tịch (phó chủ tịch) UBND cấp xã phê duyệt hoặc trả lại kế hoạch.".into(),
            ),
            MayNotRecordIndicators => Failure::Forbidden(
                "Vai trò này không cập nhật thông tin thống kê của vụ việc (chỉ nhóm thường trực cấp xã, công an, cơ quan bảo vệ trẻ em cấp tỉnh và lãnh đạo).".into(),
            ),
            StepNotCurrent { step, status } => Failure::Conflict {
                detail: format!(
                    "Không thể ghi hồ sơ bước “{}” khi vụ việc ở trạng thái “{}”.",
                    step.label_vi(),
                    status.label_vi()
                ),
                allowed: None,
            },
            PlanLocked { state } => Failure::Conflict {
                detail: format!(
                    "Kế hoạch đang ở trạng thái “{}”, không thể sửa.",
                    state.label_vi()
                ),
                allowed: None,
            },
            PlanMove { from, to } => Failure::Conflict {
                detail: match from {
                    Some(from) => format!(
                        "Kế hoạch đang ở trạng thái “{}”, không thể chuyển sang “{}”.",
                        from.label_vi(),
                        to.label_vi()
                    ),
                    None => "Chưa có kế hoạch.".into(),
                },
                allowed: None,
            },
            Incomplete(missing) => Failure::Incomplete {
                detail: format!("Hồ sơ chưa đủ: {}.", missing.label_vi()),
                missing: missing.code(),
            },
            NotSupervisor => Failure::Forbidden(
                "Chỉ lãnh đạo (giám sát viên) của cơ quan bảo vệ trẻ em cấp tỉnh được giữ, xóa, sửa hoặc trích xuất dữ liệu cá nhân của vụ việc.".into(),
            ),
            AlreadyHeld => conflict("Vụ việc đang có lệnh giữ hồ sơ."),
            NotHeld => conflict("Vụ việc không có lệnh giữ hồ sơ nào đang có hiệu lực."),
            UnderHold => conflict(
                "Vụ việc đang có lệnh giữ hồ sơ; gỡ lệnh giữ trước khi xóa dữ liệu cá nhân.",
            ),
            Erased => conflict(
                "Dữ liệu cá nhân của vụ việc đã được xóa; vụ việc không nhận thêm thông tin nào.",
            ),
            StillOpen => conflict(
                "Vụ việc đang được xử lý; chỉ xóa dữ liệu cá nhân của vụ việc đã kết thúc.",
            ),
            MayNotAssign => Failure::Forbidden(
                "Chỉ chủ tịch (phó chủ tịch) UBND cấp xã, hoặc cơ quan bảo vệ trẻ em cấp tỉnh với vụ việc được chuyển đến, phân công người quản lý trường hợp.".into(),
            ),
            MayNotReadCaseloads => Failure::Forbidden(
                "Chỉ chủ tịch UBND cấp xã, cơ quan bảo vệ trẻ em cấp tỉnh và lãnh đạo xem khối lượng vụ việc của cán bộ.".into(),
            ),
            NotOpen => conflict(
                "Vụ việc đã kết thúc; không phân công người quản lý hay chuyển vụ việc.",
            ),
            MayNotTransfer => Failure::Forbidden(
                "Chỉ nhóm bảo vệ trẻ em, chủ tịch UBND cấp xã và cơ quan bảo vệ trẻ em cấp tỉnh của nơi chuyển đề nghị (hoặc rút đề nghị) chuyển vụ việc; nơi nhận tiếp nhận hoặc từ chối.".into(),
            ),
            TransferWaiting => conflict(
                "Vụ việc đang có đề nghị chuyển chờ nơi nhận trả lời; rút đề nghị đó trước.",
            ),
            TransferAnswered => conflict("Đề nghị chuyển vụ việc đã được trả lời hoặc đã rút."),
            Invalid(errors) => Failure::Invalid(errors),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
        }
    }
}
