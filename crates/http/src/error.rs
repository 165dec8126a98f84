//! `ApiError`: every failure an endpoint can answer with, and its problem+json rendering.
//! Errors from the other crates convert into it here and nowhere else.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use hotline_auth::AuthError;
use hotline_store::StoreError;
use serde::Serialize;
use thiserror::Error;
use utoipa::ToSchema;

use crate::problem::{Problem, CONTENT_TYPE};

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

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("authentication required")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        allowed: Option<Vec<String>>,
    },
    #[error("too many requests")]
    TooManyRequests {
        retry_after_secs: u64,
        detail: String,
    },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Never carries personal data: the message is logged, the client sees a generic line.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::*;
        match self {
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "/problems/validation",
                "Dữ liệu không hợp lệ",
            ),
            BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "/problems/bad-request",
                "Yêu cầu không đúng định dạng",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/too-large",
                "Nội dung gửi lên quá lớn",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/media-type",
                "Kiểu nội dung không được hỗ trợ",
            ),
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "/problems/unauthorized",
                "Chưa xác thực",
            ),
            Forbidden(_) => (
                StatusCode::FORBIDDEN,
                "/problems/forbidden",
                "Không có quyền",
            ),
            NotFound => (
                StatusCode::NOT_FOUND,
                "/problems/not-found",
                "Không tìm thấy",
            ),
            Conflict { .. } => (
                StatusCode::CONFLICT,
                "/problems/conflict",
                "Xung đột trạng thái",
            ),
            TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "/problems/too-many-requests",
                "Quá nhiều yêu cầu",
            ),
            Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "/problems/unavailable",
                "Dịch vụ tạm thời không sẵn sàng",
            ),
            Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "/problems/internal",
                "Lỗi hệ thống",
            ),
        }
    }

    fn detail(&self) -> String {
        use ApiError::*;
        match self {
            Validation(errors) => format!("{} trường không hợp lệ", errors.len()),
            BadRequest(d) => d.clone(),
            PayloadTooLarge => "Nội dung vượt quá giới hạn cho phép.".into(),
            UnsupportedMediaType => "Cần gửi nội dung dạng application/json.".into(),
            Unauthorized => "Cần mã truy cập hợp lệ (Authorization: Bearer).".into(),
            Forbidden(d) => d.clone(),
            NotFound => "Không tìm thấy tài nguyên.".into(),
            Conflict { detail, .. } => detail.clone(),
            TooManyRequests { detail, .. } => detail.clone(),
            Unavailable(_) => "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại.".into(),
            Internal(_) => "Đã xảy ra lỗi hệ thống; sự cố đã được ghi lại.".into(),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (status, kind, title) = self.parts();
        Problem {
            kind: kind.into(),
            title: title.into(),
            status: status.as_u16(),
            detail: self.detail(),
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
            allowed: match self {
                ApiError::Conflict { allowed, .. } => allowed.clone(),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(msg) => tracing::error!(error = %msg, "internal error"),
            ApiError::Unavailable(msg) => tracing::warn!(error = %msg, "service unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)));
        match self {
            ApiError::Unauthorized => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::TooManyRequests {
                retry_after_secs, ..
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            _ => {}
        }
        response.json(self.to_problem())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict(detail) => ApiError::Conflict {
                detail,
                allowed: None,
            },
            StoreError::Pool(_) | StoreError::Connect(_) | StoreError::Unavailable(_) => {
                ApiError::Unavailable(e.to_string())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::InvalidCredentials | AuthError::InvalidToken => ApiError::Unauthorized,
            AuthError::Locked { retry_after_secs } => ApiError::TooManyRequests {
                retry_after_secs,
                detail: "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa.".into(),
            },
            AuthError::Store(s) => s.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        ApiError::Unavailable("blocking thread pool is shut down".into())
    }
}

impl From<hotline_store::DieselError> for ApiError {
    fn from(e: hotline_store::DieselError) -> Self {
        StoreError::from(e).into()
    }
}
