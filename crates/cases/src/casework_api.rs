//! The endpoints of Decree 56 case work (docs/CASEWORK.md "Case work"; the OpenAPI document): step records, the plan's
//! approval, deadlines, tasks and the case file. Extract, call the operation, serialise.

use actix_web::http::header;
use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use hotline_domain::{time, CaseStep};
use hotline_http::{ApiError, AppState, Caller, OptionalJson, ValidJson};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::deadlines::{self, DeadlineView};
use crate::dto::CaseDetailView;
use crate::indicators::{self, dto::IndicatorsPatch};
use crate::plan::{self, PlanMove};
use crate::record::{self, CaseRecord, RecordFormat};
use crate::steps::records::{
    AssessmentRecord, ClosureRecord, PlanRecord, ReviewRecord, VerificationRecord,
};
use crate::steps::{self, StepRecordView, StepsView};
use crate::tasks::{self, TaskList};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(read_steps)
        .service(save_step)
        .service(submit_plan)
        .service(approve_plan)
        .service(return_plan)
        .service(list_deadlines)
        .service(list_tasks)
        .service(export_record)
        .service(update_indicators);
}

/// Complete what the statistics need: setting, sexual-abuse sub-types, legal outcome, each
/// child's ethnicity, disability and date of birth, perpetrators and services given. A field
/// left out stays, `null` clears it, and a list sent replaces the stored one.
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    request_body = IndicatorsPatch,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/cases/{id}/indicators")]
pub async fn update_indicators(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<IndicatorsPatch>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| {
            indicators::update_indicators(conn, &caller, &path, &body.body, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A step record, as sent: its shape is the step's.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum StepRecordBody {
    Verification(VerificationRecord),
    Assessment(AssessmentRecord),
    Plan(PlanRecord),
    Review(ReviewRecord),
    Closure(ClosureRecord),
}

/// Why a plan is returned (required to return it; ignored otherwise).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanMoveRequest {
    pub reason: Option<String>,
}

/// Every step record of a case, with its versions.
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = StepsView),
        (status = 403, body = hotline_http::Problem, description = "this role reads no step records"),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/steps")]
pub async fn read_steps(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| steps::read_steps(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Save a new version of a step's record (while its step is current).
#[utoipa::path(
    tag = "case work",
    params(
        ("id" = String, Path, description = "case id"),
        ("step" = CaseStep, Path, description = "the step"),
    ),
    request_body = StepRecordBody,
    responses(
        (status = 200, body = StepRecordView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the step is not current, the plan is submitted or approved, or the file lacks what this record needs (`missing`)"),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[put("/api/v1/cases/{id}/steps/{step}")]
pub async fn save_step(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ValidJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let (id, step) = path.into_inner();
    let view = state
        .db(move |conn| steps::save_step(conn, &caller, &id, &step, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

async fn plan_move(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    mv: PlanMove,
    body: Option<PlanMoveRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| {
            let reason = body.as_ref().and_then(|b| b.reason.as_deref());
            plan::move_plan(conn, &caller, &id, mv, reason, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A move of the plan's approval: the same path parameter, body and answers for each, a path
/// and a move of its own (and, for returning, a required reason).
macro_rules! plan_move_endpoint {
    ($(#[doc = $doc:literal])* $name:ident, $path:literal, $move:expr,
     request_body $($body:tt)+) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = "case work",
            params(("id" = String, Path, description = "case id")),
            request_body $($body)+,
            responses(
                (status = 200, body = StepRecordView),
                (status = 403, body = hotline_http::Problem),
                (status = 404, body = hotline_http::Problem),
                (status = 409, body = hotline_http::Problem),
                (status = 422, body = hotline_http::Problem, description = "a reason missing where one is needed"),
            ),
            security(("bearer" = []))
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            caller: Caller,
            path: web::Path<String>,
            body: OptionalJson<PlanMoveRequest>,
        ) -> Result<HttpResponse, ApiError> {
            plan_move(state, caller, path.into_inner(), $move, body.0).await
        }
    };
}

plan_move_endpoint!(
    /// Submit the plan for the commune chair's approval (meets the plan's deadline).
    submit_plan, "/api/v1/cases/{id}/plan/submit", PlanMove::Submit,
    request_body(content = Option<PlanMoveRequest>, description = "optional")
);

plan_move_endpoint!(
    /// Approve the submitted plan (the commune chair; meets the approval deadline and sets the
    /// first review's).
    approve_plan, "/api/v1/cases/{id}/plan/approve", PlanMove::Approve,
    request_body(content = Option<PlanMoveRequest>, description = "optional")
);

plan_move_endpoint!(
    /// Return the submitted plan for changes, with the reason (the commune chair).
    return_plan, "/api/v1/cases/{id}/plan/return", PlanMove::Return,
    request_body = PlanMoveRequest
);

/// The deadlines of a case's work and of its referrals, the soonest first.
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = Vec<DeadlineView>),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/deadlines")]
pub async fn list_deadlines(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let list = state
        .db(move |conn| deadlines::list_deadlines(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// What the caller must act on: overdue first, then due within 7 days.
#[utoipa::path(
    tag = "case work",
    responses(
        (status = 200, body = TaskList),
        (status = 403, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    figures: web::Data<hotline_reports::FigureSettings>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let list = state
        .db(move |conn| tasks::list_tasks(conn, &caller, &figures, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Whether the client asked for HTML before JSON (a browser does; an API client does not).
fn wants_html(req: &HttpRequest) -> bool {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept
        .split(',')
        .map(|m| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find(|m| m == "text/html" || m == "application/json")
        .is_some_and(|m| m == "text/html")
}

/// The whole case file: JSON, or with `Accept: text/html` the printable document.
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, description = "the case file: JSON, or with `Accept: text/html` the printable document",
            content((CaseRecord = "application/json"), (String = "text/html"))),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/record")]
pub async fn export_record(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let format = if wants_html(&req) {
        RecordFormat::Html
    } else {
        RecordFormat::Json
    };
    let (record, html) = state
        .db(move |conn| {
            let record = record::export_record(conn, &caller, &path, format, time::now())?;
            let html = match format {
                RecordFormat::Html => Some(record::render_html(&record)?),
                RecordFormat::Json | RecordFormat::StepForm => None,
            };
            Ok::<_, crate::CaseError>((record, html))
        })
        .await?;
    Ok(record_response(record, html))
}

/// The case file as asked: the printable page, or its JSON; never cached.
fn record_response(record: record::CaseRecord, html: Option<String>) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::VARY, "Accept"));
    match html {
        Some(page) => response
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CONTENT_SECURITY_POLICY, record::PAGE_CSP))
            .insert_header((header::REFERRER_POLICY, "no-referrer"))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"ho-so-{}.html\"",
                    record.case.case_number
                ),
            ))
            .body(page),
        None => response.json(record),
    }
}
