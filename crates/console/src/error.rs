//! What a page fails with, and the page each failure becomes: the one place where a failure
//! of the operations layer meets a person.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use hotline_http::{ApiError, Failure};
use thiserror::Error;

use crate::page::{self, Chrome, ProblemPage};
use crate::text;
use hotline_http::form::Refusal;

#[derive(Debug, Error)]
pub enum ConsoleError {
    /// No live session: sign in, then come back to `next`.
    #[error("sign-in required")]
    SignIn { next: String },
    /// A form without the token its session (or its sign-in cookie) expects.
    #[error("form token missing or wrong")]
    FormToken,
    /// A form body refused before any operation saw it (its size, its names, a value).
    #[error("form refused: {0:?}")]
    Form(Refusal),
    /// What an operation refused, or could not do.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The application's data for the console is missing (a wiring fault).
    #[error("console application data missing")]
    Misconfigured,
    #[error("template: {0}")]
    Render(#[from] askama::Error),
}

impl ConsoleError {
    fn status_and_text(&self) -> (StatusCode, String) {
        match self {
            ConsoleError::SignIn { .. } => (StatusCode::SEE_OTHER, String::new()),
            ConsoleError::FormToken => (StatusCode::FORBIDDEN, text::FORM_EXPIRED.into()),
            ConsoleError::Form(Refusal::TooLarge) => {
                (StatusCode::PAYLOAD_TOO_LARGE, text::FORM_REFUSED.into())
            }
            ConsoleError::Form(_) => (StatusCode::UNPROCESSABLE_ENTITY, text::FORM_REFUSED.into()),
            ConsoleError::Api(e) => match e {
                ApiError::Failed(Failure::NotFound) => {
                    (StatusCode::NOT_FOUND, text::NOT_FOUND.into())
                }
                ApiError::Failed(Failure::Forbidden(_)) => {
                    (StatusCode::FORBIDDEN, text::FORBIDDEN.into())
                }
                ApiError::Failed(Failure::Throttled { .. }) => {
                    (StatusCode::TOO_MANY_REQUESTS, text::TOO_MANY.into())
                }
                ApiError::Failed(Failure::Unavailable(_)) => {
                    (StatusCode::SERVICE_UNAVAILABLE, text::UNAVAILABLE.into())
                }
                ApiError::Failed(Failure::Internal(_)) => {
                    (StatusCode::INTERNAL_SERVER_ERROR, text::FAULT.into())
                }
                // Anything else an operation says is meant for the person (Vietnamese).
                other => (other.status_code(), other.to_problem().detail),
            },
            ConsoleError::Misconfigured | ConsoleError::Render(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, text::FAULT.into())
            }
        }
    }
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        self.status_and_text().0
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ConsoleError::SignIn { next } => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, page::sign_in_url(next)))
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .finish();
            }
            ConsoleError::Misconfigured | ConsoleError::Render(_) => {
                tracing::error!(error = %self, "console page failed");
            }
            ConsoleError::Api(ApiError::Failed(Failure::Internal(msg))) => {
                tracing::error!(error = %msg, "internal error");
            }
            _ => {}
        }
        let (status, message) = self.status_and_text();
        let errors = match self {
            ConsoleError::Form(refusal) => vec![text::form_refusal(refusal)],
            _ => Vec::new(),
        };
        let body = ProblemPage {
            chrome: Chrome::anonymous(),
            title: text::error_title(status.as_u16()),
            message,
            errors,
        };
        page::respond(status, &body)
    }
}
