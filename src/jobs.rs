//! The background jobs of a server, all started here: sealing the audit log, the deadline
//! watcher, reminders of the plan's reports, the figures' fold, retention, expiring
//! idempotency keys, SQLite's planner statistics and write-ahead log, the key ring, the notifier, webhooks, and the one-off
//! move of values written in clear. Each runs on the server's runtime (so it stops with the
//! server) and logs a failure and tries again at its next tick.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use hotline_store::Pool;
use hotline_vault::{moving, Vault};

use crate::config::Config;
use crate::StartError;

/// What the jobs work with.
pub struct Jobs<'a> {
    pub config: &'a Config,
    pub pool: Pool,
    pub vault: Arc<Vault>,
    pub seal_key: hotline_audit::SealKey,
    pub figure_settings: hotline_reports::FigureSettings,
    pub retention_policy: hotline_cases::privacy::RetentionPolicy,
    pub metrics: &'a hotline_http::metrics::Metrics,
    /// The key the acknowledge links in mails are signed with.
    pub link_key: Vec<u8>,
    pub sqlite: bool,
}

impl Jobs<'_> {
    /// Start every background job the configuration turns on.
    pub fn start(self) -> Result<(), StartError> {
        let config = self.config;
        spawn_sealing_move(self.pool.clone(), self.vault.clone())?;
        spawn_notifier(config, self.pool.clone(), self.link_key, self.metrics)?;
        // Webhooks go to receivers the clients name, not through the SMTP server: they are
        // delivered whether or not mail is configured.
        let webhooks = hotline_webhooks::worker::WebhookWorker::new(
            config.webhooks.settings(),
            self.vault.clone(),
            Some(self.metrics.clone()),
        );
        hotline_webhooks::worker::spawn(webhooks, self.pool.clone());
        // A data key added by `hotline keys reencrypt` becomes the one new values are sealed
        // under within a minute.
        let ring = self.vault.clone();
        every(Duration::from_secs(60), "key ring", move || {
            ring.refresh().map(|_| ()).map_err(|e| e.to_string())
        });
        spawn_deadline_watcher(
            self.pool.clone(),
            self.vault.clone(),
            Duration::from_millis(config.jobs.deadline_watch_interval_ms),
        );
        if config.jobs.report_reminder_interval_secs > 0 {
            spawn_report_reminders(
                self.pool.clone(),
                self.figure_settings,
                Duration::from_secs(config.jobs.report_reminder_interval_secs),
            );
        }
        if config.jobs.figures_fold_interval_secs > 0 {
            spawn_figure_folder(
                self.pool.clone(),
                Duration::from_secs(config.jobs.figures_fold_interval_secs),
            );
        }
        if config.jobs.retention_interval_secs > 0 {
            spawn_retention(
                self.pool.clone(),
                self.vault.clone(),
                self.retention_policy,
                Duration::from_secs(config.jobs.retention_interval_secs),
            );
        }
        if self.sqlite {
            spawn_statistics_upkeep(self.pool.clone());
            spawn_wal_upkeep(self.pool.clone(), self.metrics.clone());
        }
        spawn_idempotency_expiry(self.pool.clone());
        spawn_sealer(
            self.pool,
            Duration::from_millis(config.audit.seal_interval_ms),
            self.seal_key,
        );
        Ok(())
    }
}

/// The notifier's worker, when mail is configured.
fn spawn_notifier(
    config: &Config,
    pool: Pool,
    link_key: Vec<u8>,
    metrics: &hotline_http::metrics::Metrics,
) -> Result<(), StartError> {
    if config.mail.smtp_url.is_empty() {
        tracing::warn!("smtp_url is not set: referral e-mails wait in the outbox until it is");
        return Ok(());
    }
    let settings = config
        .notifier_settings(link_key)
        .map_err(|e| StartError::Config(e.to_string()))?;
    let metrics = hotline_notifier::worker::MailMetrics::from(metrics);
    let notifier = hotline_notifier::Notifier::new(settings, Some(metrics))
        .map_err(|e| StartError::Config(e.to_string()))?;
    hotline_notifier::worker::spawn(
        notifier,
        pool,
        Duration::from_millis(config.notify.interval_ms),
    );
    Ok(())
}

/// Run `job` every `interval` on the blocking pool, from the server's runtime (so it stops
/// with the server). A failure is logged and the job runs again at the next tick.
fn every<F>(interval: Duration, task: &'static str, job: F)
where
    F: Fn() -> Result<(), String> + Send + Sync + 'static,
{
    let job = std::sync::Arc::new(job);
    actix_web::rt::spawn(async move {
        let mut ticker = actix_web::rt::time::interval(interval);
        loop {
            ticker.tick().await;
            let job = job.clone();
            match web::block(move || job()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::warn!(task, error = %e, "background task failed; will retry")
                }
                Err(e) => tracing::warn!(task, error = %e, "background task could not run"),
            }
        }
    });
}

/// Seal the audit log every `interval`. Each instance runs one; the database makes sure they
/// produce a single chain.
fn spawn_sealer(pool: Pool, interval: Duration, key: hotline_audit::SealKey) {
    let instance = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let sealer = std::sync::Mutex::new(hotline_audit::Sealer::new(instance, key));
    every(interval, "audit sealer", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let mut sealer = sealer.lock().map_err(|e| e.to_string())?;
        let sealed = sealer
            .tick(&mut conn, chrono::Utc::now())
            .map_err(|e| e.to_string())?;
        if let Some(seal) = sealed {
            tracing::debug!(
                seal_no = seal.seal_no,
                through = seal.last_seq,
                "audit sealed"
            );
        }
        Ok(())
    });
}

/// Escalate overdue referrals, breached case-work deadlines and unanswered transfers every
/// `interval`. Every instance runs one; the conditional claims in the store let exactly one
/// act on each.
fn spawn_deadline_watcher(pool: Pool, vault: Arc<Vault>, interval: Duration) {
    const BATCH: i64 = 200;
    every(interval, "deadline watcher", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let now = hotline_domain::time::now();
        let escalated = hotline_routing::watcher::escalate_due(&mut conn, &vault, now, BATCH)
            .map_err(|e| e.to_string())?;
        if escalated > 0 {
            tracing::info!(escalated, "overdue referrals escalated");
        }
        let breached = hotline_cases::deadlines::watch::breach_due(&mut conn, &vault, now, BATCH)
            .map_err(|e| e.to_string())?;
        if breached > 0 {
            tracing::info!(breached, "case-work deadlines breached and escalated");
        }
        let unanswered =
            hotline_cases::transfers::watch::escalate_due(&mut conn, &vault, now, BATCH)
                .map_err(|e| e.to_string())?;
        if unanswered > 0 {
            tracing::info!(unanswered, "unanswered transfers escalated");
        }
        Ok(())
    });
}

/// Queue the e-mail reminders of the plan's reports a week before each is due (hourly by
/// default: often enough for a date); each reminder is queued once, whichever instance
/// gets there.
fn spawn_report_reminders(
    pool: Pool,
    settings: hotline_reports::FigureSettings,
    interval: Duration,
) {
    every(interval, "report reminders", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        hotline_reports::due::queue_reminders(&mut conn, &settings, hotline_domain::time::now())
            .map_err(|e| e.to_string())?;
        Ok(())
    });
}

/// Erase what the retention policy says is due, every `interval` (daily by default). Any
/// number of servers may run it: each erasure claims its record, so it happens once.
fn spawn_retention(
    pool: Pool,
    vault: Arc<Vault>,
    policy: hotline_cases::privacy::RetentionPolicy,
    interval: Duration,
) {
    every(interval, "retention", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let swept =
            hotline_cases::privacy::retention::run(&mut conn, &vault, &policy, chrono::Utc::now())
                .map_err(|e| e.to_string())?;
        if swept.cases + swept.contacts > 0 {
            tracing::info!(
                cases = swept.cases,
                contacts = swept.contacts,
                "retention: personal details erased"
            );
        }
        Ok(())
    });
}

/// Drop the idempotency keys past their day, every hour: a key and the hash of its request
/// are kept no longer than a retry needs.
fn spawn_idempotency_expiry(pool: Pool) {
    every(Duration::from_secs(3600), "idempotency expiry", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let kept_since = (chrono::Utc::now() - hotline_intake::idempotency::KEPT_FOR).naive_utc();
        hotline_store::queries::idempotency::expire(&mut conn, kept_since)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
}

/// Refresh SQLite's planner statistics at start and every hour (see
/// `hotline_store::refresh_planner_statistics`).
fn spawn_statistics_upkeep(pool: Pool) {
    every(Duration::from_secs(3600), "planner statistics", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        hotline_store::refresh_planner_statistics(&mut conn).map_err(|e| e.to_string())
    });
}

/// Keep SQLite's write-ahead log bounded (see `hotline_store::wal`): every minute a
/// checkpoint, one that waits a moment for readers and empties the file once the log has
/// grown past its cap; the log's size and last full checkpoint go to the metrics. And every
/// hold of the write lock is measured: a hold over a second is logged with the code that
/// took it, so whatever keeps writers waiting is named.
fn spawn_wal_upkeep(pool: Pool, metrics: hotline_http::metrics::Metrics) {
    use hotline_store::wal::{self, Checkpoint};
    let observer = metrics.clone();
    wal::observe_write_locks(move |held, at| {
        observer.write_lock_held(held, || format!("{}:{}", at.file(), at.line()));
    });
    every(
        Duration::from_secs(60),
        "write-ahead log upkeep",
        move || {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            let size = wal::wal_bytes(&mut conn).map_err(|e| e.to_string())?;
            let how = match size > wal::JOURNAL_SIZE_LIMIT {
                true => Checkpoint::Truncate(Duration::from_secs(1)),
                false => Checkpoint::Passive,
            };
            wal::checkpoint(&mut conn, how).map_err(|e| e.to_string())?;
            let size = wal::wal_bytes(&mut conn).map_err(|e| e.to_string())?;
            metrics
                .sqlite_wal_bytes
                .set(i64::try_from(size).unwrap_or(i64::MAX));
            metrics.sqlite_last_checkpoint.set(wal::last_checkpoint());
            Ok(())
        },
    );
}

/// Fold the days changed since into the figures' daily counts, so a read rarely has any to
/// fold and the first fold after a migration runs before anyone asks.
fn spawn_figure_folder(pool: Pool, interval: Duration) {
    every(interval, "figure folder", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let days = hotline_reports::daily::fold(&mut conn).map_err(|e| e.to_string())?;
        if days > 10 {
            tracing::info!(days, "figures: days recounted");
        }
        Ok(())
    });
}

/// Values written in clear before sealing began are sealed in the background, in batches,
/// while the server serves (and reads them in clear until they are); once, recorded as done.
fn spawn_sealing_move(pool: Pool, vault: Arc<Vault>) -> Result<(), StartError> {
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    if hotline_store::queries::search_terms::backfill_done(&mut conn, moving::CLEAR_MOVE)? {
        return Ok(());
    }
    vault.allow_clear(true);
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let result = moving::seal_clear_values(&mut conn, &vault, 500).and_then(|moved| {
            hotline_store::queries::search_terms::mark_backfill_done(
                &mut conn,
                moving::CLEAR_MOVE,
                chrono::Utc::now().naive_utc(),
            )?;
            Ok(moved)
        });
        match result {
            Ok(moved) => {
                vault.allow_clear(false);
                tracing::info!(
                    values = moved.values,
                    children = moved.children,
                    search_texts = moved.search_texts,
                    secs = started.elapsed().as_secs(),
                    "sealed the personal fields written in clear"
                );
            }
            // Values in clear stay readable; the next start resumes the move.
            Err(e) => tracing::error!(error = %e, "sealing the fields written in clear stopped"),
        }
    });
    Ok(())
}
