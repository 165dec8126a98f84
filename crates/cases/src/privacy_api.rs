//! The endpoints of legal holds, erasure on request, corrections and the data subject's
//! export: extract, call the operation, serialise.

use actix_web::{delete, get, post, web, HttpResponse};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, ValidJson};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::dto::CaseDetailView;
use crate::privacy::corrections::{self, CorrectionRequest};
use crate::privacy::export::{export_child, SubjectExport};
use crate::privacy::{holds, request};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(place_hold)
        .service(lift_hold)
        .service(erase_case)
        .service(correct_case)
        .service(export_subject);
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldRequest {
    /// Why the case must be kept (an investigation, a trial, a complaint).
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// `subject_request`, `authority_order` or `recorded_in_error`.
    pub reason: String,
    /// Which request: who asked, when, the document.
    pub note: String,
}

/// Place a legal hold on a case: it is kept from erasure until the hold is lifted.
/// Supervisors only.
#[utoipa::path(
    tag = "privacy",
    params(("id" = String, Path, description = "case id")),
    request_body = HoldRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "a hold is in force already, or the case was erased"),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/legal-hold")]
pub async fn place_hold(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<HoldRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| holds::place_hold(conn, &caller, &path, &body.body.reason, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Lift the legal hold in force on a case. Supervisors only.
#[utoipa::path(
    tag = "privacy",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "no hold is in force"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/cases/{id}/legal-hold")]
pub async fn lift_hold(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| holds::lift_hold(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Erase an ended case's personal details on a lawful request; its codes, dates and counts
/// stay for the figures. Supervisors only.
#[utoipa::path(
    tag = "privacy",
    params(("id" = String, Path, description = "case id")),
    request_body = ErasureRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the case is open, under a legal hold, or erased already"),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/erasure")]
pub async fn erase_case(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<ErasureRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| {
            let r = &body.body;
            request::erase_on_request(conn, &caller, &path, (&r.reason, &r.note), time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Correct a child's name, date of birth or location, or the case's place; the value it
/// replaces is kept as a version. Supervisors only.
#[utoipa::path(
    tag = "privacy",
    params(("id" = String, Path, description = "case id")),
    request_body = CorrectionRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the case was erased"),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/corrections")]
pub async fn correct_case(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<CorrectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| corrections::correct(conn, &caller, &path, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The other cases a supervisor confirms hold the same child.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Case ids, comma-separated, among the `candidates` an export without them offered
    /// (at most 50).
    pub confirm: Option<String>,
}

impl ExportQuery {
    fn confirmed(&self) -> Vec<String> {
        self.confirm
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// What is held about one child, as one JSON document: the case asked about, and each other
/// case of the caller's scope the supervisor confirms holds the same child (`confirm`, from
/// the `candidates` offered); from each, only this child's rows (other children's and the
/// informants' identities left out). Audited as `child.export`. Supervisors only.
#[utoipa::path(
    tag = "privacy",
    params(
        ("id" = String, Path, description = "case id"),
        ("child_id" = String, Path, description = "the child's id in that case"),
        ExportQuery,
    ),
    responses(
        (status = 200, body = SubjectExport),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem, description = "`confirm` names a case that is not a candidate"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/children/{child_id}/export")]
pub async fn export_subject(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let confirmed = query.confirmed();
    let doc = state
        .db(move |conn| export_child(conn, &caller, (&path.0, &path.1), &confirmed, time::now()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"child-{}.json\"", doc.case_number()),
        ))
        .json(doc))
}
