//! Webhooks: the addresses machine clients subscribe, and the deliveries of events about
//! the cases of their reports. An event's deliveries are written in the event's own
//! transaction ([`announce`]); a worker claims them in order per case ([`claim_due`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::WebhookEvent;
use serde_json::{json, Value};

use crate::schema::{api_clients, cases, reports, webhook_deliveries, webhook_subscriptions};
use crate::{DbConnection, StoreResult};

/// A subscription; `events` is a space-separated list of codes, `secret` sealed.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub client_id: String,
    pub url: String,
    pub events: String,
    pub secret: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl SubscriptionRow {
    pub fn wants(&self, event: WebhookEvent) -> bool {
        self.events.split_whitespace().any(|e| e == event.code())
    }
}

/// One event to deliver to one subscription.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub seq: i64,
    /// The `webhook-id` header: the same on every attempt, so a receiver drops repeats.
    pub id: String,
    pub subscription_id: String,
    pub case_id: String,
    pub event_type: String,
    /// The JSON body, as sent.
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub replayed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = webhook_deliveries)]
struct NewDelivery<'a> {
    id: String,
    subscription_id: &'a str,
    case_id: &'a str,
    event_type: &'a str,
    payload: String,
    created_at: NaiveDateTime,
    next_attempt_at: NaiveDateTime,
}

pub fn insert_subscription(conn: &mut DbConnection, row: &SubscriptionRow) -> StoreResult<()> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The live subscriptions of `client` (of every client for `None`), oldest first.
pub fn subscriptions(
    conn: &mut DbConnection,
    client: Option<&str>,
) -> StoreResult<Vec<SubscriptionRow>> {
    let mut query = webhook_subscriptions::table
        .filter(webhook_subscriptions::deleted_at.is_null())
        .order((webhook_subscriptions::created_at, webhook_subscriptions::id))
        .select(SubscriptionRow::as_select())
        .into_boxed();
    if let Some(client) = client {
        query = query.filter(webhook_subscriptions::client_id.eq(client));
    }
    Ok(query.load(conn)?)
}

/// A live subscription by id.
pub fn find_subscription(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<SubscriptionRow>> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq(id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?)
}

/// End a subscription: nothing more is announced to it, and what waits for it is dropped.
pub fn delete_subscription(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let changed = diesel::update(
        webhook_subscriptions::table
            .filter(webhook_subscriptions::id.eq(id))
            .filter(webhook_subscriptions::deleted_at.is_null()),
    )
    .set(webhook_subscriptions::deleted_at.eq(now))
    .execute(conn)?;
    // What waited for it, or was given up, goes with it: nobody is told any more.
    diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(id))
            .filter(webhook_deliveries::delivered_at.is_null()),
    )
    .execute(conn)?;
    Ok(changed == 1)
}

/// Queue `event` about case `case_id` for every live subscription to it of an enabled
/// client that logged a report of the case. `data` (an object of ids, codes and times)
/// gains the case's id and number and the client's report ids. Returns how many were
/// queued; most cases have no client's report, and cost one indexed read.
pub fn announce(
    conn: &mut DbConnection,
    case_id: &str,
    event: WebhookEvent,
    data: Value,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let heard: Vec<(SubscriptionRow, String)> = reports::table
        .inner_join(api_clients::table.on(reports::recorded_by.eq(api_clients::user_id.nullable())))
        .inner_join(
            webhook_subscriptions::table.on(webhook_subscriptions::client_id.eq(api_clients::id)),
        )
        .filter(reports::case_id.eq(case_id))
        .filter(api_clients::disabled_at.is_null())
        .filter(webhook_subscriptions::deleted_at.is_null())
        .order((webhook_subscriptions::id, reports::id))
        .select((SubscriptionRow::as_select(), reports::id))
        .load(conn)?;
    let mut listeners: Vec<(SubscriptionRow, Vec<String>)> = Vec::new();
    for (sub, report) in heard.into_iter().filter(|(s, _)| s.wants(event)) {
        match listeners.last_mut() {
            Some((last, ids)) if last.id == sub.id => ids.push(report),
            _ => listeners.push((sub, vec![report])),
        }
    }
    if listeners.is_empty() {
        return Ok(0);
    }
    let number: String = cases::table
        .find(case_id)
        .select(cases::case_number)
        .first(conn)?;
    let rows = listeners
        .iter()
        .map(|(sub, report_ids)| {
            let mut data = data.clone();
            data["case_id"] = json!(case_id);
            data["case_number"] = json!(number);
            data["report_ids"] = json!(report_ids);
            let body = json!({
                "type": event.code(),
                "timestamp": now.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "data": data,
            });
            NewDelivery {
                id: format!("msg_{}", uuid::Uuid::now_v7().simple()),
                subscription_id: &sub.id,
                case_id,
                event_type: event.code(),
                payload: body.to_string(),
                created_at: now,
                next_attempt_at: now,
            }
        })
        .collect::<Vec<_>>();
    crate::per_backend!(&mut *conn, |c| diesel::insert_into(
        webhook_deliveries::table
    )
    .values(&rows)
    .execute(c))?;
    Ok(rows.len())
}

/// Whether any delivery may be due now: a read that uses the index of waiting deliveries, so
/// that an idle worker never takes the write lock to find nothing.
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<bool> {
    let first: Option<i64> = webhook_deliveries::table
        .filter(webhook_deliveries::delivered_at.is_null())
        .filter(webhook_deliveries::failed_at.is_null())
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .select(webhook_deliveries::seq)
        .first(conn)
        .optional()?;
    Ok(first.is_some())
}

/// What a claimable delivery is: due, not leased, neither delivered nor given up, its
/// subscription live, and no earlier delivery of its case to its subscription still waiting.
const CLAIMABLE: &str = "
    SELECT d.seq FROM webhook_deliveries d
    JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.deleted_at IS NULL
    WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= $1
      AND (d.locked_until IS NULL OR d.locked_until < $1)
      AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries e
          WHERE e.subscription_id = d.subscription_id AND e.case_id = d.case_id
            AND e.seq < d.seq AND e.delivered_at IS NULL AND e.failed_at IS NULL)
    ORDER BY d.seq
    LIMIT $3";

/// Claim up to `limit` due deliveries until `lease_until`, counting the attempt now: at most
/// one of a case's deliveries to a subscription is out at a time, and it is the earliest.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<DeliveryRow>> {
    use diesel::sql_types::{BigInt, Timestamp};
    let update = |claimable: &str| {
        format!(
            "UPDATE webhook_deliveries SET locked_until = $2, attempts = attempts + 1
             WHERE seq IN ({claimable}) RETURNING *"
        )
    };
    let rows: Vec<DeliveryRow> = match conn {
        DbConnection::Pg(pg) => {
            diesel::sql_query(update(&format!("{CLAIMABLE} FOR UPDATE OF d SKIP LOCKED")))
                .bind::<Timestamp, _>(now)
                .bind::<Timestamp, _>(lease_until)
                .bind::<BigInt, _>(limit)
                .load(pg)?
        }
        // One writer: nobody claims between the read and the update. (`?N` numbers the
        // parameters as PostgreSQL's `$N` do.)
        DbConnection::Sqlite(lite) => diesel::sql_query(update(CLAIMABLE).replace('$', "?"))
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(lease_until)
            .bind::<BigInt, _>(limit)
            .load(lite)?,
    };
    let mut rows = rows;
    rows.sort_by_key(|r| r.seq);
    Ok(rows)
}

/// The subscriptions of `ids`, live or not (a delivery in hand may outlive a deletion).
pub fn subscriptions_by_id(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<Vec<SubscriptionRow>> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq_any(ids))
        .select(SubscriptionRow::as_select())
        .load(conn)?)
}

pub fn mark_delivered(conn: &mut DbConnection, seq: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(webhook_deliveries::table.find(seq))
        .set((
            webhook_deliveries::delivered_at.eq(now),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Try again at `at`; `error` is an HTTP status or a short reason.
pub fn retry_at(
    conn: &mut DbConnection,
    seq: i64,
    at: NaiveDateTime,
    error: &str,
) -> StoreResult<()> {
    diesel::update(webhook_deliveries::table.find(seq))
        .set((
            webhook_deliveries::next_attempt_at.eq(at),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// Give up: a dead letter, listed to administrators until one sends it again.
pub fn give_up(
    conn: &mut DbConnection,
    seq: i64,
    now: NaiveDateTime,
    error: &str,
) -> StoreResult<()> {
    diesel::update(webhook_deliveries::table.find(seq))
        .set((
            webhook_deliveries::failed_at.eq(now),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

/// The deliveries given up, newest first, with their client, up to `limit`.
pub fn dead_letters(
    conn: &mut DbConnection,
    client: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<(DeliveryRow, String)>> {
    let mut query = webhook_deliveries::table
        .inner_join(webhook_subscriptions::table)
        .filter(webhook_deliveries::failed_at.is_not_null())
        .filter(webhook_deliveries::delivered_at.is_null())
        .order((
            webhook_deliveries::failed_at.desc(),
            webhook_deliveries::seq.desc(),
        ))
        .limit(limit)
        .select((DeliveryRow::as_select(), webhook_subscriptions::client_id))
        .into_boxed();
    if let Some(client) = client {
        query = query.filter(webhook_subscriptions::client_id.eq(client));
    }
    Ok(query.load(conn)?)
}

/// A delivery by its `webhook-id`.
pub fn find_delivery(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<(DeliveryRow, String)>> {
    Ok(webhook_deliveries::table
        .inner_join(webhook_subscriptions::table)
        .filter(webhook_deliveries::id.eq(id))
        .select((DeliveryRow::as_select(), webhook_subscriptions::client_id))
        .first(conn)
        .optional()?)
}

/// Send a given-up delivery again, now, with a new day of retries; `false` when it was not
/// given up (or is gone).
pub fn replay(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<bool> {
    let changed = diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(id))
            .filter(webhook_deliveries::failed_at.is_not_null())
            .filter(webhook_deliveries::delivered_at.is_null()),
    )
    .set((
        webhook_deliveries::failed_at.eq(None::<NaiveDateTime>),
        webhook_deliveries::replayed_at.eq(now),
        webhook_deliveries::next_attempt_at.eq(now),
        webhook_deliveries::attempts.eq(0),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Deliveries neither delivered nor given up, and the oldest one's creation.
pub fn backlog(conn: &mut DbConnection) -> StoreResult<(i64, Option<NaiveDateTime>)> {
    let waiting = webhook_deliveries::table
        .filter(webhook_deliveries::delivered_at.is_null())
        .filter(webhook_deliveries::failed_at.is_null());
    let count: i64 = waiting.count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = waiting
        .select(diesel::dsl::min(webhook_deliveries::created_at))
        .first(conn)?;
    Ok((count, oldest))
}

/// How many deliveries were given up (and not replayed).
pub fn dead_count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::failed_at.is_not_null())
        .filter(webhook_deliveries::delivered_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Forget deliveries made before `before`: they hold nothing anyone needs again.
pub fn prune_delivered(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        webhook_deliveries::table.filter(webhook_deliveries::delivered_at.lt(before)),
    )
    .execute(conn)?)
}
