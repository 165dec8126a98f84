//! The case manager's endpoints: extract, call the operation, serialise.

use actix_web::{get, post, put, web, HttpResponse};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, ValidJson};

use crate::dto::CaseDetailView;
use crate::managers::{self, Caseloads, ManagerRequest, ReassignRequest, Reassigned};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service((reassign, set_manager, caseloads));
}

/// Make a worker of the case's commune group its manager (the commune's chair; the
/// department for the cases it holds).
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    request_body = ManagerRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the case is no longer open, or was erased"),
        (status = 422, body = hotline_http::Problem, description = "`user_id` is no worker of the case's commune group, or `reason` is missing"),
    ),
    security(("bearer" = []))
)]
#[put("/api/v1/cases/{id}/manager")]
pub async fn set_manager(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<ManagerRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| managers::assign_manager(conn, &caller, &path, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Move a worker's open cases (all, or those listed) to another worker, with one reason.
#[utoipa::path(
    tag = "case work",
    request_body = ReassignRequest,
    responses(
        (status = 200, body = Reassigned),
        (status = 403, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem, description = "a case that is not an open case of `from_user_id` in reach, or a `to_user_id` who is no worker of a case's commune group"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/reassign")]
pub async fn reassign(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<ReassignRequest>,
) -> Result<HttpResponse, ApiError> {
    let moved = state
        .db(move |conn| managers::reassign(conn, &caller, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(moved))
}

/// Open cases, overdue deadlines and unmanaged cases per worker (the chair, the department)
/// or per commune (a supervisor).
#[utoipa::path(
    tag = "case work",
    responses(
        (status = 200, body = Caseloads),
        (status = 403, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/caseloads")]
pub async fn caseloads(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let loads = state
        .db(move |conn| managers::caseloads(conn, &caller, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(loads))
}
