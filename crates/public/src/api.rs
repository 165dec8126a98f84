//! The public JSON API (docs/API.md; the OpenAPI document): submit a report, ask how it is
//! going. No login; limited per client address; answers carry nothing but the tracking code
//! and a coarse status.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use hotline_http::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::door::Door;
use crate::limits::{Kind, PublicLimits};
use crate::submit::{count, status_of, PublicReportRequest};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    /// Shown once: the only way back to the report. Not stored by the service.
    pub tracking_code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicStatus {
    /// `received`, `in_progress` or `closed`.
    pub status: String,
}

/// Submit a report from the public (no login).
#[utoipa::path(
    post,
    path = "/api/v1/public/reports",
    tag = "public",
    request_body = PublicReportRequest,
    responses(
        (status = 202, body = Accepted),
        (status = 413, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem),
        (status = 429, body = hotline_http::Problem, description = "too many from this address; see Retry-After"),
    )
)]
pub async fn create_public_report(
    door: Door,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    door.admit(&req)?;
    if !is_json(&req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let request = hotline_http::json::parse::<PublicReportRequest>(&body)
        .inspect_err(|_| count(&door.state.metrics, "invalid"))?
        .body;
    // A bot's answer looks like a success, so the program learns nothing.
    let code = door.receive(request).await?;
    Ok(accepted(code))
}

fn accepted(tracking_code: String) -> HttpResponse {
    HttpResponse::Accepted()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Accepted { tracking_code })
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// How a public report is going: `received`, `in_progress` or `closed`, and nothing else.
#[utoipa::path(
    get,
    path = "/api/v1/public/reports/{tracking_code}",
    tag = "public",
    params(("tracking_code" = String, Path)),
    responses(
        (status = 200, body = PublicStatus),
        (status = 404, body = hotline_http::Problem),
        (status = 429, body = hotline_http::Problem),
    )
)]
pub async fn public_report_status(
    state: web::Data<AppState>,
    limits: web::Data<PublicLimits>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    limits.check(Kind::Lookup, state.clients.key(&req))?;
    let typed = path.into_inner();
    let status = state
        .db(move |conn| status_of(conn, &typed))
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(PublicStatus {
            status: status.to_owned(),
        }))
}
