//! Notifications for supervisors: what is waiting, sent or given up, and resending a dead
//! letter. Scoped to the supervisor's province; every call is audited.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_audit::{append, Entry};
use hotline_auth::Principal;
use hotline_domain::{time, Jurisdiction, Role};
use hotline_http::access::path_id;
use hotline_http::audit_ctx::{actor, place_of};
use hotline_http::{ApiError, AppState, Authenticated, ClientIp, FieldError};
use hotline_store::models::OutboxRow;
use hotline_store::queries::{cases, outbox};
use hotline_store::write_transaction;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

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
        let status = if r.sent_at.is_some() {
            "sent"
        } else if r.failed_at.is_some() {
            "failed"
        } else {
            "pending"
        };
        NotificationView {
            status: status.into(),
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

/// The province a supervisor answers for (`None`: the whole country).
fn supervisor_province(p: &Principal) -> Result<Option<i32>, ApiError> {
    if p.role != Role::Supervisor {
        return Err(ApiError::Forbidden(
            "Chỉ lãnh đạo, thanh tra được xem thư thông báo.".into(),
        ));
    }
    match p.agency.as_ref().map(|a| a.jurisdiction) {
        Some(Jurisdiction::National) => Ok(None),
        Some(Jurisdiction::Province(pr) | Jurisdiction::Commune { province: pr, .. }) => {
            Ok(Some(i32::from(pr)))
        }
        None => Err(ApiError::Forbidden(
            "Tài khoản không gắn với địa bàn nào.".into(),
        )),
    }
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
    auth: Authenticated,
    ip: ClientIp,
    query: web::Query<NotificationQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let province = supervisor_province(&principal)?;
    let status = query.status.clone().unwrap_or_else(|| "failed".into());
    if !matches!(status.as_str(), "failed" | "pending" | "sent") {
        return Err(ApiError::Validation(vec![FieldError::new(
            "status",
            "phải là failed, pending hoặc sent",
        )]));
    }
    let who = actor(&principal, &ip);
    let (p, c) = place_of(&principal);
    let now = time::now();
    let items = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let rows = outbox::list(conn, &status, province, 500)?;
                append(
                    conn,
                    &who,
                    Entry::new("notification.list").place(p, c).detail(json!({
                        "status": status, "count": rows.len(),
                    })),
                    now,
                )?;
                Ok::<_, ApiError>(rows.into_iter().map(NotificationView::from).collect())
            })
        })
        .await?;
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
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let province = supervisor_province(&principal)?;
    let id = path_id(&path)?;
    let who = actor(&principal, &ip);
    let now = time::now();
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let row = outbox::find(conn, &id)?.ok_or(ApiError::NotFound)?;
                let case = match row.case_id.as_deref() {
                    Some(case_id) => Some(cases::visible(
                        conn,
                        hotline_domain::CaseScope::All,
                        case_id,
                    )?),
                    None => None,
                };
                if province.is_some() && case.as_ref().map(|c| c.province_code) != province {
                    return Err(ApiError::NotFound);
                }
                if !outbox::resend(conn, &id, now.naive_utc())? {
                    return Err(ApiError::Conflict {
                        detail: "Chỉ gửi lại được thư đã bị bỏ sau nhiều lần gửi lỗi.".into(),
                        allowed: None,
                    });
                }
                append(
                    conn,
                    &who,
                    Entry::new("notification.resend")
                        .on("notification", id.clone())
                        .place(
                            case.as_ref().map(|c| c.province_code),
                            case.as_ref().map(|c| c.commune_code),
                        )
                        .detail(json!({"case_id": row.case_id, "kind": row.kind})),
                    now,
                )?;
                let row = outbox::find(conn, &id)?.ok_or(ApiError::NotFound)?;
                Ok::<_, ApiError>(NotificationView::from(row))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The OpenAPI description of the notification endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list_notifications, resend_notification),
    components(schemas(NotificationView, NotificationList))
)]
pub struct NotifierApi;
