//! The delivery worker. A round: claim due deliveries with a lease and commit (at most one
//! of a case's deliveries to a subscription, the earliest); send each with no transaction
//! open; mark it delivered, or schedule a retry with backoff, or give it up once its day of
//! retries is over (a dead letter an administrator sees and replays). A worker that dies
//! leaves its deliveries leased: when the lease runs out any worker claims them again, and
//! since the `webhook-id` comes from the row, a delivery sent twice is recognisably the same.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hotline_domain::time;
use hotline_store::queries::webhooks::{self as store, DeliveryRow, SubscriptionRow};
use hotline_store::{write_transaction, Pool, StoreError};
use hotline_vault::{Field, Vault};

use crate::deliver::{Deliverer, Outgoing};
use crate::settings::WebhookSettings;
use crate::WebhookError;

/// How long a delivery made is kept.
const KEEP_DELIVERED_DAYS: i64 = 30;

pub struct WebhookWorker {
    settings: WebhookSettings,
    deliverer: Deliverer,
    vault: Arc<Vault>,
    metrics: Option<hotline_http::metrics::Metrics>,
    /// When the gauges were last counted: at once after a round that did something, else
    /// every [`COUNT_EVERY`].
    counted: std::sync::Mutex<Option<Instant>>,
}

/// How often an idle worker counts the backlog for the metrics.
const COUNT_EVERY: Duration = Duration::from_secs(15);

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    pub delivered: usize,
    pub retried: usize,
    pub dead: usize,
}

enum Outcome {
    Delivered,
    Retried,
    Dead,
}

impl WebhookWorker {
    /// A worker; with `metrics`, it counts its outcomes and the backlog after each round.
    pub fn new(
        settings: WebhookSettings,
        vault: Arc<Vault>,
        metrics: Option<hotline_http::metrics::Metrics>,
    ) -> WebhookWorker {
        WebhookWorker {
            deliverer: Deliverer::new(&settings),
            settings,
            vault,
            metrics,
            counted: std::sync::Mutex::new(None),
        }
    }

    /// One round over the due deliveries; `now` decides what is due.
    pub fn run_once(&self, pool: &Pool, now: DateTime<Utc>) -> Result<Round, WebhookError> {
        let lease = chrono::Duration::from_std(self.settings.lease)
            .unwrap_or(chrono::Duration::seconds(60));
        let (rows, subscriptions) = {
            let mut conn = pool.get().map_err(StoreError::from)?;
            if !store::any_due(&mut conn, now.naive_utc())? {
                drop(conn);
                self.count(pool, &Round::default(), now)?;
                return Ok(Round::default());
            }
            let rows = write_transaction(&mut conn, |c| {
                let (at, until) = (now.naive_utc(), (now + lease).naive_utc());
                store::claim_due(c, at, until, self.settings.batch)
            })?;
            let mut ids: Vec<&str> = rows.iter().map(|r| r.subscription_id.as_str()).collect();
            ids.dedup();
            let subscriptions: HashMap<String, SubscriptionRow> =
                store::subscriptions_by_id(&mut conn, &ids)?
                    .into_iter()
                    .map(|s| (s.id.clone(), s))
                    .collect();
            (rows, subscriptions)
        };
        let mut round = Round {
            claimed: rows.len(),
            ..Round::default()
        };
        if rows.is_empty() {
            self.count(pool, &round, now)?;
            return Ok(round);
        }
        let threads = self.settings.concurrency.clamp(1, rows.len());
        let outcomes: Vec<Result<Vec<Outcome>, WebhookError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let mine: Vec<&DeliveryRow> = rows.iter().skip(t).step_by(threads).collect();
                    let subscriptions = &subscriptions;
                    s.spawn(move || {
                        mine.into_iter()
                            .map(|row| {
                                self.deliver(pool, row, subscriptions.get(&row.subscription_id))
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(WebhookError::Worker("a sending thread panicked")))
                })
                .collect()
        });
        for outcome in outcomes {
            for o in outcome? {
                match o {
                    Outcome::Delivered => round.delivered += 1,
                    Outcome::Retried => round.retried += 1,
                    Outcome::Dead => round.dead += 1,
                }
            }
        }
        self.count(pool, &round, now)?;
        Ok(round)
    }

    /// What an operator must see before a client complains: the round's outcomes, the
    /// deliveries waiting and the oldest one's age, and those given up.
    fn count(&self, pool: &Pool, round: &Round, now: DateTime<Utc>) -> Result<(), WebhookError> {
        let Some(m) = &self.metrics else {
            return Ok(());
        };
        let busy = round.claimed > 0;
        {
            let mut counted = self
                .counted
                .lock()
                .map_err(|_| WebhookError::Worker("the metrics' clock is poisoned"))?;
            if !busy && counted.is_some_and(|at| at.elapsed() < COUNT_EVERY) {
                return Ok(());
            }
            *counted = Some(Instant::now());
        }
        for (outcome, n) in [
            ("delivered", round.delivered),
            ("retry", round.retried),
            ("dead", round.dead),
        ] {
            m.webhook_outcomes
                .with_label_values(&[outcome])
                .inc_by(n as u64);
        }
        let mut conn = pool.get().map_err(StoreError::from)?;
        let (waiting, oldest) = store::backlog(&mut conn)?;
        m.webhook_backlog.set(waiting);
        let age = oldest.map_or(0, |t| (now.naive_utc() - t).num_seconds().max(0));
        m.webhook_oldest_seconds.set(age);
        m.webhook_dead_letters.set(store::dead_count(&mut conn)?);
        Ok(())
    }

    /// Send one delivery and record what became of it. A connection is held only to mark
    /// it, never while the receiver answers.
    fn deliver(
        &self,
        pool: &Pool,
        row: &DeliveryRow,
        subscription: Option<&SubscriptionRow>,
    ) -> Result<Outcome, WebhookError> {
        let sent = match subscription {
            None => Err("the subscription is gone".to_owned()),
            Some(sub) => match self.vault.open(Field::WebhookSecret, &sub.id, &sub.secret) {
                Ok(secret) => {
                    let out = Outgoing {
                        id: &row.id,
                        timestamp: time::now().timestamp(),
                        body: &row.payload,
                    };
                    self.deliverer.post(&sub.url, &secret, &out)
                }
                Err(e) => {
                    tracing::warn!(subscription = %sub.id, error = %e, "webhook secret does not open");
                    Err("the secret does not open".to_owned())
                }
            },
        };
        let mut conn = pool.get().map_err(StoreError::from)?;
        let now = time::now();
        let Err(reason) = sent else {
            store::mark_delivered(&mut conn, row.seq, now.naive_utc())?;
            return Ok(Outcome::Delivered);
        };
        let since = row.replayed_at.unwrap_or(row.created_at).and_utc();
        let next = now
            + chrono::Duration::from_std(self.settings.backoff(row.attempts)).unwrap_or_default();
        let window = chrono::Duration::from_std(self.settings.give_up_after).unwrap_or_default();
        if next > since + window {
            store::give_up(&mut conn, row.seq, now.naive_utc(), &reason)?;
            tracing::warn!(
                delivery = %row.id, event = %row.event_type, subscription = %row.subscription_id,
                attempts = row.attempts, reason = %reason, "webhook delivery given up"
            );
            return Ok(Outcome::Dead);
        }
        store::retry_at(&mut conn, row.seq, next.naive_utc(), &reason)?;
        Ok(Outcome::Retried)
    }

    /// Forget deliveries made long ago.
    fn prune(&self, pool: &Pool) -> Result<usize, WebhookError> {
        let mut conn = pool.get().map_err(StoreError::from)?;
        let before = time::now() - chrono::Duration::days(KEEP_DELIVERED_DAYS);
        Ok(store::prune_delivered(&mut conn, before.naive_utc())?)
    }
}

/// Run rounds on the server's runtime (each round on the blocking pool), so the worker stops
/// with the server: at once again after a full batch, else after the interval.
pub fn spawn(worker: WebhookWorker, pool: Pool) {
    let worker = Arc::new(worker);
    actix_web::rt::spawn(async move {
        let mut pruned = Instant::now();
        loop {
            let (w, p) = (worker.clone(), pool.clone());
            let prune = pruned.elapsed() > Duration::from_secs(3600);
            if prune {
                pruned = Instant::now();
            }
            let result = actix_web::web::block(move || {
                if prune {
                    w.prune(&p)?;
                }
                w.run_once(&p, time::now())
            })
            .await;
            let full = match result {
                Ok(Ok(r)) => r.claimed as i64 >= worker.settings.batch,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "webhook round failed; will retry");
                    false
                }
                Err(e) => {
                    tracing::warn!(error = %e, "webhook worker could not run");
                    false
                }
            };
            if !full {
                actix_web::rt::time::sleep(worker.settings.interval).await;
            }
        }
    });
}
