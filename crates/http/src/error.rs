//! `ApiError`: every failure an endpoint can answer with, and its problem+json rendering.
//! This is the one place where a kind of failure becomes a status code: every crate's error
//! reaches it through [`Fails`].

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use thiserror::Error;

use crate::failure::{Fails, Failure, FieldError};
use crate::problem::{Problem, CONTENT_TYPE};

#[derive(Debug, Error)]
pub enum ApiError {
    /// What an operation (or the request's own checks) came to.
    #[error(transparent)]
    Failed(Failure),
    /// The request itself cannot be read: not JSON, broken JSON, a header of the wrong form.
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The path exists, with other methods (listed in `Allow`).
    #[error("method not allowed")]
    MethodNotAllowed(Vec<&'static str>),
}

impl From<Failure> for ApiError {
    fn from(f: Failure) -> Self {
        ApiError::Failed(f)
    }
}

impl<E: Fails> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError::Failed(e.failure())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        Failure::Unavailable("blocking thread pool is shut down".into()).into()
    }
}

impl ApiError {
    /// One invalid field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Failure::field(field, message).into()
    }

    pub fn not_found() -> Self {
        Failure::NotFound.into()
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        Failure::Internal(message.to_string()).into()
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest(_) => (
                StatusCode::BAD_REQUEST,
                "/problems/bad-request",
                "Yêu cầu không đúng định dạng",
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/too-large",
                "Nội dung gửi lên quá lớn",
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/media-type",
                "Kiểu nội dung không được hỗ trợ",
            ),
            ApiError::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "/problems/method-not-allowed",
                "Phương thức không được hỗ trợ",
            ),
            ApiError::Failed(f) => match f {
                Failure::Invalid(_) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "/problems/validation",
                    "Dữ liệu không hợp lệ",
                ),
                Failure::TooLarge { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "/problems/too-large",
                    "Nội dung gửi lên quá lớn",
                ),
                Failure::Unauthenticated => (
                    StatusCode::UNAUTHORIZED,
                    "/problems/unauthorized",
                    "Chưa xác thực",
                ),
                Failure::Forbidden(_) => (
                    StatusCode::FORBIDDEN,
                    "/problems/forbidden",
                    "Không có quyền",
                ),
                Failure::NotFound => (
                    StatusCode::NOT_FOUND,
                    "/problems/not-found",
                    "Không tìm thấy",
                ),
                Failure::Conflict { .. } => (
                    StatusCode::CONFLICT,
                    "/problems/conflict",
                    "Xung đột trạng thái",
                ),
                Failure::Incomplete { .. } => (
                    StatusCode::CONFLICT,
                    "/problems/incomplete",
                    "Hồ sơ chưa đủ",
                ),
                Failure::Throttled { .. } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    "/problems/too-many-requests",
                    "Quá nhiều yêu cầu",
                ),
                Failure::Unavailable(_) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "/problems/unavailable",
                    "Dịch vụ tạm thời không sẵn sàng",
                ),
                Failure::Internal(_) => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "/problems/internal",
                    "Lỗi hệ thống",
                ),
            },
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::BadRequest(d) => d.clone(),
            ApiError::PayloadTooLarge => "Nội dung vượt quá giới hạn cho phép.".into(),
            ApiError::UnsupportedMediaType => "Cần gửi nội dung dạng application/json.".into(),
            ApiError::MethodNotAllowed(allowed) => {
                format!("Đường dẫn này chỉ nhận: {}.", allowed.join(", "))
            }
            ApiError::Failed(f) => match f {
                Failure::Invalid(errors) => format!("{} trường không hợp lệ", errors.len()),
                Failure::Unauthenticated => {
                    "Cần mã truy cập hợp lệ (Authorization: Bearer).".into()
                }
                Failure::Forbidden(d) => d.clone(),
                Failure::NotFound => "Không tìm thấy tài nguyên.".into(),
                Failure::Conflict { detail, .. }
                | Failure::TooLarge { detail, .. }
                | Failure::Throttled { detail, .. }
                | Failure::Incomplete { detail, .. } => detail.clone(),
                Failure::Unavailable(_) => {
                    "Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại.".into()
                }
                Failure::Internal(_) => "Đã xảy ra lỗi hệ thống; sự cố đã được ghi lại.".into(),
            },
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (status, kind, title) = self.parts();
        let (errors, allowed): (Vec<FieldError>, _) = match self {
            ApiError::Failed(Failure::Invalid(errors)) => (errors.clone(), None),
            ApiError::Failed(Failure::TooLarge { field, detail }) => {
                (vec![FieldError::new(field, detail)], None)
            }
            ApiError::Failed(Failure::Conflict { allowed, .. }) => (Vec::new(), allowed.clone()),
            _ => (Vec::new(), None),
        };
        Problem {
            kind: kind.into(),
            title: title.into(),
            status: status.as_u16(),
            detail: self.detail(),
            errors,
            allowed,
            missing: match self {
                ApiError::Failed(Failure::Incomplete { missing, .. }) => Some(missing.clone()),
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
            ApiError::Failed(Failure::Internal(msg)) => {
                tracing::error!(error = %msg, "internal error")
            }
            ApiError::Failed(Failure::Unavailable(msg)) => {
                tracing::warn!(error = %msg, "service unavailable")
            }
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)));
        match self {
            ApiError::Failed(Failure::Unauthenticated) => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::Failed(Failure::Throttled {
                retry_after_secs, ..
            }) => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::MethodNotAllowed(allowed) => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            _ => {}
        }
        response.json(self.to_problem())
    }
}
