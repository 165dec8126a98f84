//! The webhook endpoints: extract, call the operation, serialise.

use actix_web::{delete, get, post, web, HttpResponse};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, ValidJson};

use crate::settings::WebhookSettings;
use crate::subscriptions::{
    self, DeadLetters, DeliveryView, NewSubscription, SubscriptionCreated, Subscriptions,
};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service((dead_letters, replay, subscribe, list, remove));
}

/// Subscribe an address to events about the cases of the client's reports (a client with
/// `webhooks.manage` for itself, or an administrator for a client). Each event is POSTed as
/// `{"type", "timestamp", "data"}` with the `webhook-id`, `webhook-timestamp` and
/// `webhook-signature` headers of Standard Webhooks; `data` holds ids, numbers, codes and
/// times only.
#[utoipa::path(
    tag = "webhooks",
    request_body = NewSubscription,
    responses(
        (status = 201, body = SubscriptionCreated),
        (status = 403, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the client has as many subscriptions as it may"),
        (status = 422, body = hotline_http::Problem, description = "`url` (not a public https:// address), `events` or `client_id`"),
    ),
    security(("bearer" = []), ("client_credentials" = ["webhooks.manage"]))
)]
#[post("/api/v1/webhooks")]
pub async fn subscribe(
    state: web::Data<AppState>,
    settings: web::Data<WebhookSettings>,
    caller: Caller,
    body: ValidJson<NewSubscription>,
) -> Result<HttpResponse, ApiError> {
    let created = state
        .db(move |conn| subscriptions::subscribe(conn, &caller, &settings, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The live subscriptions: a client's own, or every client's for an administrator.
#[utoipa::path(
    tag = "webhooks",
    responses((status = 200, body = Subscriptions), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []), ("client_credentials" = ["webhooks.manage"]))
)]
#[get("/api/v1/webhooks")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let listed = state
        .db(move |conn| subscriptions::list(conn, &caller))
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// End a subscription: nothing more is sent to it, including what waits.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "subscription id")),
    responses(
        (status = 204),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []), ("client_credentials" = ["webhooks.manage"]))
)]
#[delete("/api/v1/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .db(move |conn| subscriptions::delete(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The deliveries given up after a day of retries, newest first (administrators).
#[utoipa::path(
    tag = "webhooks",
    responses((status = 200, body = DeadLetters), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/webhooks/dead-letters")]
pub async fn dead_letters(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let listed = state
        .db(move |conn| subscriptions::dead_letters(conn, &caller))
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// Send a delivery that was given up again, now, with a new day of retries
/// (administrators).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "the delivery's webhook-id")),
    responses(
        (status = 200, body = DeliveryView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the delivery was not given up"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/webhooks/dead-letters/{id}/replay")]
pub async fn replay(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let replayed = state
        .db(move |conn| subscriptions::replay(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(replayed))
}
