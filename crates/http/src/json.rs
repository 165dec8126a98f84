//! `ValidJson<T>`: a JSON body, size-bounded, whose type errors name the field.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::{ApiError, AppState, Failure, FieldError};

/// A parsed JSON body.
#[derive(Debug)]
pub struct ValidJson<T> {
    pub body: T,
}

/// An extractor's future: the body read (bounded), then made into the value by `make`.
type Made<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

fn read_then<T: 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    make: impl FnOnce(bool, web::Bytes) -> Result<T, ApiError> + 'static,
) -> Made<T> {
    let body = read(req, payload);
    Box::pin(async move {
        let (is_json, bytes) = body.await?;
        make(is_json, bytes)
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Made<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        read_then(req, payload, |is_json, bytes| {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            parse(&bytes)
        })
    }
}

/// A JSON body that may be left out (no bytes at all); one that is sent must be JSON of the
/// right shape, exactly as for [`ValidJson`] (a body that is sent is never ignored).
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = Made<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        read_then(req, payload, |is_json, bytes| {
            // No body, or JSON `null`, is the body left out.
            if bytes.is_empty() || (is_json && bytes.trim_ascii() == b"null") {
                return Ok(OptionalJson(None));
            }
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            parse(&bytes).map(|json| OptionalJson(Some(json.body)))
        })
    }
}

/// The body's bytes, bounded, and whether it was declared JSON.
fn read(
    req: &HttpRequest,
    payload: &mut Payload,
) -> impl Future<Output = Result<(bool, web::Bytes), ApiError>> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("application/json") || m.to_ascii_lowercase().ends_with("+json")
        });
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(256 * 1024, |s| s.limits.max_body_bytes);
    let bytes = web::Bytes::from_request(req, payload);
    async move {
        let bytes = bytes
            .await
            .map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => ApiError::PayloadTooLarge,
                _ => ApiError::BadRequest("Không đọc được nội dung yêu cầu.".into()),
            })?;
        if bytes.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        Ok((is_json, bytes))
    }
}

/// Parse `bytes` as `T`, reporting the path of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<ValidJson<T>, ApiError> {
    let document: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "JSON không hợp lệ (dòng {}, cột {}).",
            e.line(),
            e.column()
        ))
    })?;
    let body = typed(&document).map_err(ApiError::from)?;
    Ok(ValidJson { body })
}

/// A JSON document already read, as `T`: the first field that does not fit is named, as for
/// a body (for an operation whose body's type depends on the request, like a step record).
pub fn typed<T: DeserializeOwned>(document: &serde_json::Value) -> Result<T, Failure> {
    serde_path_to_error::deserialize(document).map_err(|e| {
        let field = field_path(&e.path().to_string(), &e.inner().to_string());
        Failure::Invalid(vec![FieldError::new(field, describe(e.inner()))])
    })
}

/// The path of the offending field. For a missing field serde points at the object that
/// lacks it, so the field's own name (quoted in the message) is appended.
fn field_path(path: &str, message: &str) -> String {
    let mut path = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    if message.starts_with("missing field") {
        if let Some(name) = message.split('`').nth(1) {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
        }
    }
    if path.is_empty() {
        "body".into()
    } else {
        path
    }
}

/// serde's message without any echo of the submitted value (which may be personal data):
/// only the kind of failure and what was expected.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let expected = text
        .split_once("expected ")
        .map(|(_, rest)| rest.split(" at line").next().unwrap_or(rest));
    let kind = if text.starts_with("missing field") {
        return "bắt buộc".into();
    } else if text.starts_with("unknown field") {
        return "trường không được hỗ trợ".into();
    } else if text.starts_with("unknown variant") {
        "mã không hợp lệ"
    } else if text.starts_with("invalid type") {
        "sai kiểu dữ liệu"
    } else {
        "giá trị không hợp lệ"
    };
    match expected {
        Some(expected) => format!("{kind}; cần {expected}"),
        None => kind.into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        inner: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        year: u16,
    }

    fn field_errors(json: &str) -> Vec<FieldError> {
        match parse::<Body>(json.as_bytes()) {
            Err(ApiError::Failed(Failure::Invalid(errors))) => errors,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn type_errors_name_the_field_without_echoing_the_value() {
        let errors = field_errors(r#"{"name": "x", "inner": {"year": "Nguyễn Văn A"}}"#);
        assert_eq!(errors[0].field, "inner.year");
        assert!(
            !errors[0].message.contains("Nguyễn"),
            "{}",
            errors[0].message
        );
        assert_eq!(field_errors(r#"{"inner": {"year": 1}}"#)[0].field, "name");
        assert_eq!(
            field_errors(r#"{"name": "x", "inner": {}}"#)[0].field,
            "inner.year"
        );
        assert_eq!(
            field_errors(r#"{"name": "x", "inner": {"year": 1, "extra": 2}}"#)[0].field,
            "inner.extra"
        );
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        assert!(matches!(
            parse::<Body>(b"{not json"),
            Err(ApiError::BadRequest(_))
        ));
    }
}
