//! Subscribing to webhooks, and what was given up: a machine client (with
//! `webhooks.manage`) subscribes for itself, an administrator for any client. The secret
//! is shown once and kept sealed, since the service signs with it. Every change is audited;
//! the audit log keeps the address's host, never its path or query (which may hold a token).

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{ClientPermission, Role, WebhookEvent};
use hotline_http::{Caller, FieldError};
use hotline_store::queries::clients::{self, ClientRow};
use hotline_store::queries::webhooks::{self as store, DeliveryRow, SubscriptionRow};
use hotline_store::DbConnection;
use hotline_vault::Field;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::settings::WebhookSettings;
use crate::signature::new_secret;
use crate::WebhookError;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    /// Where events are POSTed: `https://`, a public address.
    pub url: String,
    /// One or more of `case.created`, `case.status_changed`, `referral.acknowledged`,
    /// `referral.declined`, `referral.completed`, `case.closed`.
    pub events: Vec<String>,
    /// The client subscribed (an administrator must name it; a client subscribes itself).
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionCreated {
    pub id: String,
    /// `whsec_` + base64 of 32 bytes, as Standard Webhooks writes it: shown once.
    pub secret: String,
    pub client_id: String,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionView {
    pub id: String,
    pub client_id: String,
    pub client_name: String,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Subscriptions {
    pub subscriptions: Vec<SubscriptionView>,
}

/// A delivery, as an administrator sees it: ids and codes, and why it failed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    /// The `webhook-id` it is sent with.
    pub id: String,
    pub subscription_id: String,
    pub client_id: String,
    pub client_name: String,
    #[schema(value_type = WebhookEvent)]
    pub event_type: String,
    pub case_id: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    /// An HTTP status or a short reason.
    pub last_error: Option<String>,
    pub failed_at: Option<DateTime<Utc>>,
    pub replayed_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeadLetters {
    pub deliveries: Vec<DeliveryView>,
}

impl DeliveryView {
    fn of((row, client_id): (DeliveryRow, String), names: &Names) -> DeliveryView {
        DeliveryView {
            id: row.id,
            subscription_id: row.subscription_id,
            client_name: names.get(&client_id).cloned().unwrap_or_default(),
            client_id,
            event_type: row.event_type,
            case_id: row.case_id,
            created_at: row.created_at.and_utc(),
            attempts: row.attempts,
            last_error: row.last_error,
            failed_at: row.failed_at.map(|t| t.and_utc()),
            replayed_at: row.replayed_at.map(|t| t.and_utc()),
            next_attempt_at: row.next_attempt_at.and_utc(),
        }
    }
}

/// Clients' names by id, for what people read.
type Names = std::collections::HashMap<String, String>;

fn names_of<'a>(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = &'a str>,
) -> Result<Names, WebhookError> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(clients::names(conn, &ids)?)
}

fn view(row: SubscriptionRow, names: &Names) -> SubscriptionView {
    SubscriptionView {
        events: events_of(&row.events),
        id: row.id,
        client_name: names.get(&row.client_id).cloned().unwrap_or_default(),
        client_id: row.client_id,
        url: row.url,
        created_at: row.created_at.and_utc(),
    }
}

fn events_of(codes: &str) -> Vec<WebhookEvent> {
    codes
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .collect()
}

/// Who manages subscriptions: an administrator (every client's), or a client with
/// `webhooks.manage` (its own only).
enum Manager {
    Admin,
    Client(ClientRow),
}

fn manager(conn: &mut DbConnection, caller: &Caller) -> Result<Manager, WebhookError> {
    if caller.role() == Some(Role::Admin) {
        return Ok(Manager::Admin);
    }
    let user = caller.user_id().ok_or(WebhookError::NotAllowed)?;
    match clients::by_user(conn, &user)? {
        Some(client) if may_manage(&client) => Ok(Manager::Client(client)),
        _ => Err(WebhookError::NotAllowed),
    }
}

fn may_manage(client: &ClientRow) -> bool {
    client.disabled_at.is_none()
        && client
            .permissions
            .split_whitespace()
            .any(|p| p == ClientPermission::WebhooksManage.code())
}

impl Manager {
    /// Whose subscriptions the manager sees: one client's, or all.
    fn client(&self) -> Option<&str> {
        match self {
            Manager::Admin => None,
            Manager::Client(c) => Some(&c.id),
        }
    }
}

/// The request typed, or every problem at once: the address, the events, the client.
fn check(
    conn: &mut DbConnection,
    who: &Manager,
    new: &NewSubscription,
    settings: &WebhookSettings,
) -> Result<(String, Vec<WebhookEvent>, ClientRow), WebhookError> {
    let mut errors = Vec::new();
    let url = settings
        .addresses
        .check(&new.url)
        .map_err(|why| errors.push(FieldError::new("url", why)))
        .ok();
    let mut events = Vec::new();
    for (i, code) in new.events.iter().enumerate().take(20) {
        match code.parse::<WebhookEvent>() {
            Ok(e) if !events.contains(&e) => events.push(e),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new(
                format!("events[{i}]"),
                "sự kiện không hợp lệ (case.created, case.status_changed, referral.acknowledged, referral.declined, referral.completed, case.closed)",
            )),
        }
    }
    if new.events.is_empty() || new.events.len() > 20 {
        errors.push(FieldError::new("events", "cần 1 đến 6 sự kiện"));
    }
    let client = match (who, new.client_id.as_deref()) {
        (Manager::Client(own), None) => Some(own.clone()),
        (Manager::Client(own), Some(id)) if id == own.id => Some(own.clone()),
        (Manager::Client(_), Some(_)) => return Err(WebhookError::NotAllowed),
        (Manager::Admin, Some(id)) => clients::find(conn, id)?.filter(|c| c.disabled_at.is_none()),
        (Manager::Admin, None) => None,
    };
    if client.is_none() {
        errors.push(FieldError::new(
            "client_id",
            "cần mã của một ứng dụng đang hoạt động",
        ));
    }
    match (url, client) {
        (Some(url), Some(client)) if errors.is_empty() => Ok((url.to_string(), events, client)),
        _ => Err(WebhookError::Invalid(errors)),
    }
}

/// The host an address names, for the audit log.
fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Subscribe an address to events about the cases of a client's reports:
/// `webhook.subscribe`.
pub fn subscribe(
    conn: &mut DbConnection,
    caller: &Caller,
    settings: &WebhookSettings,
    new: &NewSubscription,
    now: DateTime<Utc>,
) -> Result<SubscriptionCreated, WebhookError> {
    let who = manager(conn, caller)?;
    let by = caller.user_id().ok_or(WebhookError::NotAllowed)?;
    let (url, events, client) = check(conn, &who, new, settings)?;
    let id = uuid::Uuid::new_v4().to_string();
    let secret = new_secret();
    let codes: Vec<&str> = events.iter().map(|e| e.code()).collect();
    let row = SubscriptionRow {
        id: id.clone(),
        client_id: client.id.clone(),
        url: url.clone(),
        events: codes.join(" "),
        secret: caller.vault().seal(Field::WebhookSecret, &id, &secret)?,
        created_by: by,
        created_at: now.naive_utc(),
        deleted_at: None,
    };
    caller.audited(conn, now, |conn| {
        let live = store::subscriptions(conn, Some(&client.id))?.len();
        if live >= settings.max_per_client {
            return Err(WebhookError::TooMany(settings.max_per_client));
        }
        store::insert_subscription(conn, &row)?;
        let entry = Entry::new("webhook.subscribe")
            .on("webhook", id.clone())
            .detail(json!({"client_id": client.id, "host": host_of(&url), "events": codes}));
        let created = SubscriptionCreated {
            id: id.clone(),
            secret: secret.clone(),
            client_id: client.id.clone(),
            url: url.clone(),
            events: events.clone(),
            created_at: now,
        };
        Ok((created, entry))
    })
}

/// The live subscriptions the caller manages.
pub fn list(conn: &mut DbConnection, caller: &Caller) -> Result<Subscriptions, WebhookError> {
    let who = manager(conn, caller)?;
    let rows = store::subscriptions(conn, who.client())?;
    let names = names_of(conn, rows.iter().map(|r| r.client_id.as_str()))?;
    Ok(Subscriptions {
        subscriptions: rows.into_iter().map(|r| view(r, &names)).collect(),
    })
}

/// End a subscription the caller manages (another's is not found): `webhook.delete`.
/// What waits for it is not sent.
pub fn delete(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), WebhookError> {
    let who = manager(conn, caller)?;
    caller.audited(conn, now, |conn| {
        let row = store::find_subscription(conn, id)?
            .filter(|s| who.client().is_none_or(|c| c == s.client_id))
            .ok_or(WebhookError::NotFound)?;
        store::delete_subscription(conn, id, now.naive_utc())?;
        let entry = Entry::new("webhook.delete")
            .on("webhook", row.id.clone())
            .detail(json!({"client_id": row.client_id}));
        Ok(((), entry))
    })
}

/// The deliveries given up, newest first (administrators).
pub fn dead_letters(conn: &mut DbConnection, caller: &Caller) -> Result<DeadLetters, WebhookError> {
    if caller.role() != Some(Role::Admin) {
        return Err(WebhookError::NotAdmin);
    }
    let rows = store::dead_letters(conn, None, 200)?;
    let names = names_of(conn, rows.iter().map(|(_, c)| c.as_str()))?;
    Ok(DeadLetters {
        deliveries: rows
            .into_iter()
            .map(|r| DeliveryView::of(r, &names))
            .collect(),
    })
}

/// Send a given-up delivery again, with a new day of retries (administrators):
/// `webhook.replay`.
pub fn replay(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<DeliveryView, WebhookError> {
    if caller.role() != Some(Role::Admin) {
        return Err(WebhookError::NotAdmin);
    }
    caller.audited(conn, now, |conn| {
        if !store::replay(conn, id, now.naive_utc())? {
            // Not replayed: either there is no such delivery, or it was not given up.
            return Err(match store::find_delivery(conn, id)? {
                Some(_) => WebhookError::NotDead,
                None => WebhookError::NotFound,
            });
        }
        let replayed = store::find_delivery(conn, id)?.ok_or(WebhookError::NotFound)?;
        let names = names_of(conn, std::iter::once(replayed.1.as_str()))?;
        let entry = Entry::new("webhook.replay").on("webhook_delivery", id.to_owned()).detail(
            json!({"subscription_id": replayed.0.subscription_id, "case_id": replayed.0.case_id}),
        );
        Ok((DeliveryView::of(replayed, &names), entry))
    })
}
