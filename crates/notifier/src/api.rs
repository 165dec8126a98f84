//! The notification endpoints for supervisors: extract, call the operation, serialise.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller};
use hotline_store::models::OutboxRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::notifications::{list_notifications as list, resend_notification as resend, Standing};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_notifications).service(resend_notification);
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `failed` (dead letters, the default), `pending` or `sent`.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationView {
    pub id: String,
    /// `referral.created`, `referral.escalated` or `referral.declined`.
    pub kind: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub case_id: Option<String>,
    pub referral_id: Option<String>,
    pub recipient: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

impl From<OutboxRow> for NotificationView {
    fn from(r: OutboxRow) -> Self {
        NotificationView {
            status: Standing::of(&r).code().into(),
            id: r.id,
            kind: r.kind,
            case_id: r.case_id,
            referral_id: r.referral_id,
            recipient: r.recipient,
            attempts: r.attempts,
            created_at: r.created_at.and_utc(),
            next_attempt_at: r.next_attempt_at.and_utc(),
            sent_at: r.sent_at.map(|t| t.and_utc()),
            failed_at: r.failed_at.map(|t| t.and_utc()),
            last_error: r.last_error,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
}

/// Notifications of the supervisor's province, newest first (at most 500).
#[utoipa::path(
    tag = "notifications",
    params(NotificationQuery),
    responses((status = 200, body = NotificationList), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db(move |conn| list(conn, &caller, query.status.as_deref(), time::now()))
        .await?;
    let items = rows.into_iter().map(NotificationView::from).collect();
    Ok(HttpResponse::Ok().json(NotificationList { items }))
}

/// Put a dead letter back in the queue.
#[utoipa::path(
    tag = "notifications",
    params(("id" = String, Path, description = "notification id")),
    responses((status = 200, body = NotificationView), (status = 403, body = hotline_http::Problem), (status = 404, body = hotline_http::Problem), (status = 409, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[post("/api/v1/notifications/{id}/resend")]
pub async fn resend_notification(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .db(move |conn| resend(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(NotificationView::from(row)))
}

/// The OpenAPI description of the notification endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list_notifications, resend_notification),
    components(schemas(NotificationView, NotificationList))
)]
pub struct NotifierApi;
