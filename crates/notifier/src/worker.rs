//! The outbox worker. A round: claim due rows with a lease and commit; send each (no
//! transaction is open while SMTP talks); mark it sent, or schedule a retry with backoff, or
//! give up after `max_attempts` (dead letter). A worker that dies after claiming leaves rows
//! leased: when the lease runs out any worker claims them again, and since the Message-ID
//! comes from the row, a message sent twice is recognisably the same message.

use std::time::Duration;

use chrono::{DateTime, Utc};
use hotline_domain::time;
use hotline_store::models::OutboxRow;
use hotline_store::queries::outbox;
use hotline_store::{write_transaction, DbConnection, Pool, StoreError};
use lettre::{Message, SmtpTransport, Transport};

use crate::{message, NotifierError, NotifierSettings};

/// The handles of the notifier's metrics (registered by the server).
#[derive(Clone)]
pub struct MailMetrics {
    pub outbox_depth: prometheus::IntGauge,
    pub sent: prometheus::IntCounter,
    pub failures: prometheus::IntCounterVec,
    pub latency: prometheus::Histogram,
}

impl MailMetrics {
    pub fn from(m: &hotline_http::metrics::Metrics) -> MailMetrics {
        MailMetrics {
            outbox_depth: m.outbox_depth.clone(),
            sent: m.mail_sent.clone(),
            failures: m.mail_failures.clone(),
            latency: m.mail_latency.clone(),
        }
    }
}

pub struct Notifier {
    pub settings: NotifierSettings,
    transport: SmtpTransport,
    metrics: Option<MailMetrics>,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
}

enum Outcome {
    Sent,
    Retry,
    Dead,
}

impl Notifier {
    pub fn new(
        settings: NotifierSettings,
        metrics: Option<MailMetrics>,
    ) -> Result<Notifier, NotifierError> {
        Ok(Notifier {
            transport: settings.transport()?,
            settings,
            metrics,
        })
    }

    /// One round over the due rows; `now` decides what is due.
    pub fn run_once(&self, pool: &Pool, now: DateTime<Utc>) -> Result<Round, NotifierError> {
        let lease = chrono::Duration::from_std(self.settings.lease)
            .unwrap_or(chrono::Duration::seconds(60));
        let rows = {
            let mut conn = pool.get().map_err(StoreError::from)?;
            write_transaction(&mut conn, |c| {
                outbox::claim_due(
                    c,
                    now.naive_utc(),
                    (now + lease).naive_utc(),
                    self.settings.batch,
                )
            })?
        };
        let mut round = Round {
            claimed: rows.len(),
            ..Round::default()
        };
        if !rows.is_empty() {
            let threads = self.settings.concurrency.clamp(1, rows.len());
            let outcomes: Vec<Result<Vec<Outcome>, NotifierError>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let mine: Vec<&OutboxRow> = rows.iter().skip(t).step_by(threads).collect();
                        s.spawn(move || self.send_all(pool, &mine))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(NotifierError::Smtp("a sending thread panicked".into()))
                        })
                    })
                    .collect()
            });
            for outcome in outcomes {
                for o in outcome? {
                    match o {
                        Outcome::Sent => round.sent += 1,
                        Outcome::Retry => round.retried += 1,
                        Outcome::Dead => round.dead += 1,
                    }
                }
            }
        }
        if let Some(m) = &self.metrics {
            let mut conn = pool.get().map_err(StoreError::from)?;
            m.outbox_depth.set(outbox::depth(&mut conn)?);
        }
        Ok(round)
    }

    /// Send rows one after another. A database connection is held only to read a row's facts
    /// and to mark it, never while SMTP talks, so sending does not starve the API's pool.
    fn send_all(&self, pool: &Pool, rows: &[&OutboxRow]) -> Result<Vec<Outcome>, NotifierError> {
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            let prepared = {
                let mut conn = pool.get().map_err(StoreError::from)?;
                self.prepare(&mut conn, row)
            };
            let result = prepared.and_then(|message| self.transmit(&message));
            let mut conn = pool.get().map_err(StoreError::from)?;
            let now = time::now();
            let outcome = match result {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, &row.id, now.naive_utc())?;
                    if let Some(m) = &self.metrics {
                        m.sent.inc();
                        let waited = (now - row.created_at.and_utc()).num_milliseconds();
                        m.latency.observe(waited.max(0) as f64 / 1000.0);
                    }
                    Outcome::Sent
                }
                Err(e) => {
                    let permanent = matches!(e, Failure::Permanent(_));
                    let give_up = permanent || row.attempts >= self.settings.max_attempts;
                    let retry_at = (!give_up).then(|| {
                        let wait = chrono::Duration::from_std(self.settings.backoff(row.attempts))
                            .unwrap_or(chrono::Duration::seconds(60));
                        (now + wait).naive_utc()
                    });
                    // The error names the SMTP reply or the row's defect, never its contents.
                    tracing::warn!(outbox_id = %row.id, attempts = row.attempts, error = %e, dead = give_up, "notification not sent");
                    outbox::mark_failed(
                        &mut conn,
                        &row.id,
                        &e.to_string(),
                        retry_at,
                        now.naive_utc(),
                    )?;
                    if let Some(m) = &self.metrics {
                        let label = if give_up { "dead" } else { "retry" };
                        m.failures.with_label_values(&[label]).inc();
                    }
                    if give_up {
                        Outcome::Dead
                    } else {
                        Outcome::Retry
                    }
                }
            };
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    /// Build and send one row's message, without marking anything (a worker that stops
    /// here has sent it, and the row is sent again when its lease runs out).
    pub fn deliver(&self, conn: &mut DbConnection, row: &OutboxRow) -> Result<(), Failure> {
        let message = self.prepare(conn, row)?;
        self.transmit(&message)
    }

    /// The row's message, built from the current facts of its referral.
    fn prepare(&self, conn: &mut DbConnection, row: &OutboxRow) -> Result<Message, Failure> {
        // A reminder of a report an agency owes is about no case: its row carries all it says.
        if row.kind == message::REPORT_DUE {
            return message::build_report_reminder(row, &self.settings)
                .map_err(|e| Failure::Permanent(e.to_string()));
        }
        if row.kind == message::CASES_ASSIGNED {
            return message::build_cases_assigned(row, &self.settings)
                .map_err(|e| Failure::Permanent(e.to_string()));
        }
        let facts = outbox::facts(conn, row)
            .map_err(|e| Failure::Transient(e.to_string()))?
            .ok_or_else(|| Failure::Permanent("what the message is about does not exist".into()))?;
        message::build(row, &facts, &self.settings).map_err(|e| Failure::Permanent(e.to_string()))
    }

    fn transmit(&self, message: &Message) -> Result<(), Failure> {
        match self.transport.send(message) {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(Failure::Permanent(format!("smtp: {e}"))),
            Err(e) => Err(Failure::Transient(format!("smtp: {e}"))),
        }
    }
}

/// Why a message was not sent: worth retrying, or not.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Transient(String),
    #[error("{0}")]
    Permanent(String),
}

/// Run rounds every `interval` on the server's runtime (each round on the blocking pool), so
/// the worker stops with the server.
pub fn spawn(notifier: Notifier, pool: Pool, interval: Duration) {
    let notifier = std::sync::Arc::new(notifier);
    actix_web::rt::spawn(async move {
        loop {
            let (n, p) = (notifier.clone(), pool.clone());
            let result = actix_web::web::block(move || n.run_once(&p, time::now())).await;
            let full = match result {
                Ok(Ok(r)) => r.claimed as i64 >= notifier.settings.batch,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "notifier round failed; will retry");
                    false
                }
                Err(e) => {
                    tracing::warn!(error = %e, "notifier could not run");
                    false
                }
            };
            // A full batch: more may be waiting, go on at once.
            if !full {
                actix_web::rt::time::sleep(interval).await;
            }
        }
    });
}
