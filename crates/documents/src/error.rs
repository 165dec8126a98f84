use hotline_audit::AuditError;
use hotline_cases::CaseError;
use hotline_http::{Fails, Failure, FieldError};
use hotline_store::StoreError;
use thiserror::Error;

/// What filing or reading a paper can fail with.
#[derive(Debug, Error)]
pub enum DocumentError {
    /// What the case's own checks refused (not found, no access, erased ...).
    #[error(transparent)]
    Case(CaseError),
    /// A role that files or reads no papers of this kind.
    #[error("this role handles no such papers")]
    MayNot,
    /// The file is over the configured limit.
    #[error("the file is over {limit} bytes")]
    TooLarge { limit: u64 },
    /// Not a PDF, JPEG or PNG by its bytes.
    #[error("the file is not a PDF, JPEG or PNG")]
    RefusedType,
    #[error("the file is empty")]
    EmptyFile,
    /// A file that is not the whole of what its first bytes announce.
    #[error("the {0} file is not whole")]
    BrokenFile(&'static str),
    /// The file is recorded as abuse material on a case.
    #[error("the file is recorded as online evidence")]
    EvidenceFile,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request's form is not multipart, or breaks off.
    #[error("malformed form: {0}")]
    Malformed(String),
    /// The temporary file a file is sealed into on its way in.
    #[error("spool: {0}")]
    Spool(std::io::Error),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
}

impl DocumentError {
    pub(crate) fn field(field: &str, message: impl Into<String>) -> Self {
        DocumentError::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<CaseError> for DocumentError {
    fn from(e: CaseError) -> Self {
        DocumentError::Case(e)
    }
}

impl From<StoreError> for DocumentError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => DocumentError::Case(CaseError::NotFound),
            other => DocumentError::Store(other),
        }
    }
}

impl From<hotline_vault::VaultError> for DocumentError {
    fn from(e: hotline_vault::VaultError) -> Self {
        StoreError::from(e).into()
    }
}

impl From<hotline_store::DieselError> for DocumentError {
    fn from(e: hotline_store::DieselError) -> Self {
        StoreError::from(e).into()
    }
}

impl Fails for DocumentError {
    fn failure(self) -> Failure {
        use DocumentError::*;
        let file = |message: &str| Failure::field("file", message);
        match self {
            Case(e) => e.failure(),
            MayNot => Failure::Forbidden(
                "Vai trò này không thêm hoặc xem giấy tờ của hồ sơ này.".into(),
            ),
            TooLarge { limit } => Failure::TooLarge {
                field: "file".into(),
                detail: format!("Tệp vượt quá giới hạn {} MB.", limit.div_ceil(1024 * 1024)),
            },
            RefusedType => file(
                "Chỉ nhận tệp PDF, JPEG hoặc PNG (nhận biết theo nội dung tệp, không theo tên tệp).",
            ),
            EmptyFile => file("Tệp trống."),
            BrokenFile(format) => file(&format!("Tệp {format} bị hỏng hoặc không đầy đủ.")),
            EvidenceFile => file(
                "Tệp này trùng với tệp đã được ghi nhận là bằng chứng xâm hại. Hệ thống không lưu hình ảnh xâm hại: chỉ ghi nhận đường dẫn, tài khoản và mã băm.",
            ),
            Invalid(errors) => Failure::Invalid(errors),
            Malformed(detail) => Failure::field("file", format!("Biểu mẫu không đọc được: {detail}.")),
            Spool(e) => Failure::Unavailable(format!("cannot spool an upload: {e}")),
            Store(e) => e.failure(),
            Audit(e) => e.failure(),
        }
    }
}
