//! The intake endpoints: extract, call the operation, serialise.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, ValidJson};
use hotline_routing::Router;

use crate::contacts::{lookup_contacts, ContactHistory, ContactKey, ContactLookup};
use crate::dto::{ReportCreated, ReportRequest};
use crate::idempotency::{Idempotency, Replayed, IDEMPOTENCY_HEADER};
use crate::log::{count, log_report, Logged};
use crate::record::Services;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service((create_report, lookup_contact, report_status));
}

/// What became of a report the caller logged (a person, or a machine client with
/// `reports.status`): its case's number and status, and its referrals' states.
#[utoipa::path(
    tag = "intake",
    params(("report_id" = String, Path, description = "report id")),
    responses(
        (status = 200, body = crate::status::ReportStatus),
        (status = 401, body = hotline_http::Problem),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem, description = "no report the caller logged by that id"),
    ),
    security(("bearer" = []), ("client_credentials" = ["reports.status"]))
)]
#[get("/api/v1/reports/{report_id}/status")]
pub async fn report_status(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let status = state
        .db(move |conn| crate::status::report_status(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(status))
}

/// Log a report.
#[utoipa::path(
    tag = "intake",
    request_body = ReportRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for the same key and body")),
    responses(
        (status = 201, body = ReportCreated),
        (status = 401, body = hotline_http::Problem),
        (status = 403, body = hotline_http::Problem, description = "only operators log reports"),
        (status = 413, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem, description = "invalid fields, or an Idempotency-Key reused with another body"),
    ),
    security(("bearer" = []), ("client_credentials" = ["reports.create"]))
)]
#[post("/api/v1/reports")]
pub async fn create_report(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    contact_key: web::Data<ContactKey>,
    caller: Caller,
    req: HttpRequest,
    body: ValidJson<ReportRequest>,
) -> Result<HttpResponse, ApiError> {
    // A key that is not text is kept as empty, so that it is refused rather than ignored.
    let key = req
        .headers()
        .get(IDEMPOTENCY_HEADER)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let logged = state
        .db(move |conn| {
            let services = Services {
                router: &router,
                contact_key: &contact_key,
                vault: caller.vault(),
            };
            let idem = Idempotency {
                key: key.as_deref(),
            };
            log_report(conn, &caller, services, &body.body, idem, time::now())
        })
        .await?;
    match logged {
        Logged::Created(created) => {
            count(&state.metrics, &created);
            Ok(HttpResponse::Created().json(&created.body))
        }
        Logged::Replayed(first) => replayed(first),
    }
}

/// The first answer to a request sent again, as it was.
fn replayed(first: Replayed) -> Result<HttpResponse, ApiError> {
    let status = StatusCode::from_u16(first.status).map_err(ApiError::internal)?;
    let body: serde_json::Value = serde_json::from_str(&first.body).map_err(ApiError::internal)?;
    Ok(HttpResponse::build(status)
        .insert_header(("Idempotent-Replayed", "true"))
        .json(body))
}

/// Has this number or handle contacted the line before? For the operator on the call.
#[utoipa::path(
    tag = "intake",
    request_body = ContactLookup,
    responses(
        (status = 200, body = ContactHistory),
        (status = 401, body = hotline_http::Problem),
        (status = 403, body = hotline_http::Problem, description = "only operators"),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/contacts/lookup")]
pub async fn lookup_contact(
    state: web::Data<AppState>,
    key: web::Data<ContactKey>,
    caller: Caller,
    body: ValidJson<ContactLookup>,
) -> Result<HttpResponse, ApiError> {
    let worker = state.clone();
    let items = state
        .db(move |conn| {
            let audit_key = &worker.audit_key;
            lookup_contacts(conn, &caller, &key, &body.body, audit_key, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(ContactHistory { items }))
}
