//! The figures' JSON endpoints: extract, call the operation, serialise.

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, FieldError, ValidJson};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::activities::{
    list_activities, record_activity, ActivityInput, ActivityList, ActivityView,
};
use crate::export::ExportFormat;
use crate::figures::{AreaView, Figures};
use crate::period::{Period, PeriodQuery};
use crate::read::{export_figures, read_figures};
use crate::settings::FigureSettings;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(stats)
        .service(export_stats)
        .service(list_plan_activities)
        .service(create_plan_activity);
}

/// The figures as the API gives them.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresView {
    pub period: Period,
    pub area: AreaView,
    /// When they were counted: what was not yet due then is neither in time nor late.
    pub counted_at: DateTime<Utc>,
    /// Each table by name: an array of rows, each an object keyed by column.
    #[schema(value_type = Object)]
    pub tables: BTreeMap<&'static str, serde_json::Value>,
    /// Each table's title, by name (Vietnamese).
    pub titles: BTreeMap<&'static str, &'static str>,
}

impl From<&Figures> for FiguresView {
    fn from(f: &Figures) -> Self {
        FiguresView {
            period: f.period.clone(),
            area: f.area.clone(),
            counted_at: f.counted_at,
            tables: f.tables.iter().map(|t| (t.name, t.json_rows())).collect(),
            titles: f.tables.iter().map(|t| (t.name, t.title)).collect(),
        }
    }
}

/// The figures of the caller's area (a commune, a province, or the country, as its agency's
/// jurisdiction) over a period: contacts, abused children (indicator 0101), online abuse,
/// referrals and deadlines. Counts are exact here; exports suppress those under 5.
#[utoipa::path(
    tag = "figures",
    params(PeriodQuery),
    responses((status = 200, body = FiguresView), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/stats")]
pub async fn stats(
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let figures = state
        .db(move |conn| read_figures(conn, &caller, &query, &settings, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(FiguresView::from(&figures)))
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` (UTF-8 with a byte-order mark) or `xlsx` (a sheet per table).
    pub format: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub preset: Option<String>,
    pub on: Option<String>,
}

/// The same figures as a file to download; counts from 1 to 4 read "< 5".
#[utoipa::path(
    tag = "figures",
    params(ExportQuery),
    responses(
        (status = 200, description = "the file: CSV, or XLSX with a sheet per table", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 403, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem)
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/stats/export")]
pub async fn export_stats(
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    caller: Caller,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let format = q
        .format
        .as_deref()
        .and_then(ExportFormat::parse)
        .ok_or_else(|| {
            ApiError::from(hotline_http::Failure::Invalid(vec![FieldError::new(
                "format",
                "cần csv hoặc xlsx",
            )]))
        })?;
    let period = PeriodQuery {
        from: q.from,
        to: q.to,
        preset: q.preset,
        on: q.on,
    };
    let file = state
        .db(move |conn| export_figures(conn, &caller, &period, format, &settings, time::now()))
        .await?;
    Ok(file.into_response())
}

/// The activities recorded against the plan over a period (default this month): the
/// caller's agency's, or its place's for supervisors and the departments that compile the
/// reports; the newest 500.
#[utoipa::path(
    tag = "figures",
    params(PeriodQuery),
    responses((status = 200, body = ActivityList), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/plan-activities")]
pub async fn list_plan_activities(
    state: web::Data<AppState>,
    settings: web::Data<FigureSettings>,
    caller: Caller,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = state
        .db(move |conn| list_activities(conn, &caller, &query, &settings, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Record an activity of the caller's agency against one of the plan's items.
#[utoipa::path(
    tag = "figures",
    request_body = ActivityInput,
    responses((status = 201, body = ActivityView), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[post("/api/v1/plan-activities")]
pub async fn create_plan_activity(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<ActivityInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.body;
    let view = state
        .db(move |conn| record_activity(conn, &caller, &input, time::now()))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// The OpenAPI description of the figures' endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(stats, export_stats, list_plan_activities, create_plan_activity),
    components(schemas(
        FiguresView,
        Period,
        AreaView,
        ActivityInput,
        ActivityView,
        ActivityList
    ))
)]
pub struct ReportsApi;
