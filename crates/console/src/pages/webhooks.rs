//! The administrator's view of webhooks: which clients are subscribed where, and the
//! deliveries given up after a day of retries, each with a button that sends it again. The
//! operations are the webhook API's, audited the same way. No case content is shown: a
//! delivery is named by its event, its case's id and why it failed.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_domain::time;
use hotline_http::AppState;
use hotline_webhooks::subscriptions::{self, DeliveryView, SubscriptionView};
use serde::Deserialize;

use super::local;
use crate::error::ConsoleError;
use crate::form::{Admin, CsrfForm, Gate};
use crate::page::{self, Chrome};
use crate::signed::Signed;

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    chrome: Chrome,
    subscriptions: Vec<SubscriptionRow>,
    dead: Vec<DeadRow>,
    replayed: bool,
}

struct SubscriptionRow {
    client: String,
    url: String,
    events: String,
    created: String,
}

struct DeadRow {
    id: String,
    event: String,
    case_id: String,
    client: String,
    created: String,
    failed: String,
    attempts: i32,
    error: String,
}

impl From<SubscriptionView> for SubscriptionRow {
    fn from(s: SubscriptionView) -> Self {
        let events: Vec<&str> = s.events.iter().map(|e| e.code()).collect();
        SubscriptionRow {
            client: s.client_name,
            url: s.url,
            events: events.join(", "),
            created: local(s.created_at),
        }
    }
}

impl From<DeliveryView> for DeadRow {
    fn from(d: DeliveryView) -> Self {
        DeadRow {
            id: d.id,
            event: d.event_type,
            case_id: d.case_id,
            client: d.client_name,
            created: local(d.created_at),
            failed: d.failed_at.map(local).unwrap_or_default(),
            attempts: d.attempts,
            error: d.last_error.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct WebhooksParams {
    done: Option<String>,
}

/// Subscriptions and dead letters (administrators).
#[get("/console/webhooks")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<WebhooksParams>,
) -> Result<HttpResponse, ConsoleError> {
    Admin::admit(&signed)?;
    let caller = signed.caller.clone();
    let (listed, dead) = state
        .db(move |conn| {
            let listed = subscriptions::list(conn, &caller)?;
            Ok::<_, hotline_webhooks::WebhookError>((
                listed,
                subscriptions::dead_letters(conn, &caller)?,
            ))
        })
        .await?;
    let page = WebhooksPage {
        chrome: signed.chrome(),
        subscriptions: listed.subscriptions.into_iter().map(Into::into).collect(),
        dead: dead.deliveries.into_iter().map(Into::into).collect(),
        replayed: params.done.is_some(),
    };
    Ok(page::respond(StatusCode::OK, &page))
}

/// A button's form: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenForm {}

/// Send a delivery given up again (`webhook.replay`).
#[post("/console/webhooks/{id}/replay")]
pub async fn replay(
    state: web::Data<AppState>,
    path: web::Path<String>,
    sent: CsrfForm<TokenForm, Admin>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = sent.signed.caller.clone();
    state
        .db(move |conn| subscriptions::replay(conn, &caller, &path, time::now()))
        .await?;
    Ok(page::see_other("/console/webhooks?done=replayed"))
}
