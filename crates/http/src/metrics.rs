//! Prometheus metrics, rendered in the text format at `/metrics`.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    pub reports_created: IntCounterVec,
    pub cases_opened: IntCounterVec,
    pub db_pool_connections: IntGauge,
    pub db_pool_idle: IntGauge,
    /// Outbox messages not yet sent (nor given up), as the notifier last counted them.
    pub outbox_depth: IntGauge,
    /// Messages sent, and attempts that failed (`outcome`: `retry` or `dead`).
    pub mail_sent: prometheus::IntCounter,
    pub mail_failures: IntCounterVec,
    /// From the outbox row's commit to the SMTP server's acceptance.
    pub mail_latency: prometheus::Histogram,
    /// Public form submissions by outcome: accepted, invalid, limited, honeypot.
    pub public_reports: IntCounterVec,
    /// Webhook deliveries waiting (neither delivered nor given up), the age of the oldest,
    /// and those given up, as the webhook worker last counted them; and its outcomes.
    pub webhook_backlog: IntGauge,
    pub webhook_oldest_seconds: IntGauge,
    pub webhook_dead_letters: IntGauge,
    pub webhook_outcomes: IntCounterVec,
    /// SQLite's write-ahead log: its size, and when a checkpoint last copied all of it.
    pub sqlite_wal_bytes: IntGauge,
    pub sqlite_last_checkpoint: IntGauge,
    /// How long each SQLite write transaction held the write lock, and the longest hold
    /// since start, labelled with the code that began it.
    pub write_lock_hold: prometheus::Histogram,
    pub write_lock_longest: prometheus::GaugeVec,
    /// The longest hold so far, in nanoseconds: compared on every hold, so kept where reading
    /// it costs an atomic load rather than a collection of the gauge.
    write_lock_longest_nanos: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// What an operator must know first, read from the database at each scrape (see
    /// `hotline_store::queries::health`).
    pub health: HealthGauges,
}

/// The gauges read from the database at each scrape.
#[derive(Clone)]
pub struct HealthGauges {
    pub mail_oldest_unsent_seconds: IntGauge,
    pub mail_dead_letters: IntGauge,
    pub audit_seal_lag_seconds: IntGauge,
    pub deadlines_due_within_hour: IntGauge,
    pub figures_unfolded_days: IntGauge,
    pub last_backup_timestamp_seconds: IntGauge,
    pub sign_in_failures_15m: IntGauge,
}

impl HealthGauges {
    fn new(registry: &Registry) -> Result<Self, prometheus::Error> {
        let gauge = |name: &str, help: &str| -> Result<IntGauge, prometheus::Error> {
            let g = IntGauge::new(name, help)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        Ok(HealthGauges {
            mail_oldest_unsent_seconds: gauge(
                "mail_oldest_unsent_seconds",
                "Age of the oldest e-mail waiting to be sent (0: none waits)",
            )?,
            mail_dead_letters: gauge("mail_dead_letters", "E-mails given up after their retries")?,
            audit_seal_lag_seconds: gauge(
                "audit_seal_lag_seconds",
                "Age of the oldest audit entry not yet sealed (0: all sealed)",
            )?,
            deadlines_due_within_hour: gauge(
                "deadlines_due_within_hour",
                "Pending case and referral deadlines that fall due within the hour",
            )?,
            figures_unfolded_days: gauge(
                "figures_unfolded_days",
                "Days of a province whose figures wait to be counted again",
            )?,
            last_backup_timestamp_seconds: gauge(
                "last_backup_timestamp_seconds",
                "When the last `hotline backup` was taken (Unix time; 0: never)",
            )?,
            sign_in_failures_15m: gauge(
                "sign_in_failures_15m",
                "Sign-ins that failed in the last 15 minutes",
            )?,
        })
    }

    /// Set every gauge from `h`, read at `now`.
    pub fn set(&self, h: &hotline_store::queries::health::Health, now: chrono::NaiveDateTime) {
        let age =
            |t: Option<chrono::NaiveDateTime>| t.map_or(0, |t| (now - t).num_seconds().max(0));
        self.mail_oldest_unsent_seconds
            .set(age(h.oldest_unsent_mail));
        self.mail_dead_letters.set(h.mail_dead_letters);
        self.audit_seal_lag_seconds.set(age(h.oldest_unsealed));
        self.deadlines_due_within_hour.set(h.deadlines_due_soon);
        self.figures_unfolded_days.set(h.unfolded_days);
        self.last_backup_timestamp_seconds
            .set(h.last_backup.map_or(0, |t| t.and_utc().timestamp()));
        self.sign_in_failures_15m.set(h.failed_sign_ins);
    }
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("hotline".into()), None)?;
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by method, route pattern and status",
            ),
            &["method", "route", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route pattern",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route"],
        )?;
        let reports_created = IntCounterVec::new(
            Opts::new("reports_created_total", "Reports logged, by contact type"),
            &["contact_type"],
        )?;
        let cases_opened = IntCounterVec::new(
            Opts::new("cases_opened_total", "Cases opened, by province"),
            &["province"],
        )?;
        let db_pool_connections =
            IntGauge::new("db_pool_connections", "Open database connections")?;
        let db_pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")?;
        let outbox_depth = IntGauge::new("outbox_depth", "Outbox messages waiting to be sent")?;
        let mail_sent = prometheus::IntCounter::new("mail_sent_total", "E-mails accepted by SMTP")?;
        let mail_failures = IntCounterVec::new(
            Opts::new("mail_failures_total", "Failed send attempts, by outcome"),
            &["outcome"],
        )?;
        let mail_latency = prometheus::Histogram::with_opts(
            HistogramOpts::new(
                "mail_send_latency_seconds",
                "Time from an outbox row's creation to its sending",
            )
            .buckets(vec![
                0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0,
            ]),
        )?;
        let public_reports = IntCounterVec::new(
            Opts::new(
                "public_reports_total",
                "Public form submissions, by outcome",
            ),
            &["outcome"],
        )?;
        let webhook_backlog =
            IntGauge::new("webhook_backlog", "Webhook deliveries waiting to be made")?;
        let webhook_oldest_seconds = IntGauge::new(
            "webhook_oldest_waiting_seconds",
            "Age of the oldest webhook delivery waiting",
        )?;
        let webhook_dead_letters =
            IntGauge::new("webhook_dead_letters", "Webhook deliveries given up")?;
        let webhook_outcomes = IntCounterVec::new(
            Opts::new(
                "webhook_attempts_total",
                "Webhook delivery attempts, by outcome (delivered, retry, dead)",
            ),
            &["outcome"],
        )?;
        let sqlite_wal_bytes = IntGauge::new(
            "sqlite_wal_bytes",
            "Size of SQLite's write-ahead log file (0 on PostgreSQL)",
        )?;
        let sqlite_last_checkpoint = IntGauge::new(
            "sqlite_last_checkpoint_timestamp_seconds",
            "When a checkpoint last copied the whole SQLite log (Unix time; 0: not since start)",
        )?;
        let write_lock_hold = prometheus::Histogram::with_opts(
            HistogramOpts::new(
                "sqlite_write_lock_hold_seconds",
                "How long SQLite write transactions held the write lock",
            )
            .buckets(vec![
                0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
        )?;
        let write_lock_longest = prometheus::GaugeVec::new(
            Opts::new(
                "sqlite_write_lock_longest_seconds",
                "The longest hold of SQLite's write lock since start, by the code that began it",
            ),
            &["site"],
        )?;
        let health = HealthGauges::new(&registry)?;
        registry.register(Box::new(write_lock_hold.clone()))?;
        registry.register(Box::new(write_lock_longest.clone()))?;
        for gauge in [
            &sqlite_wal_bytes,
            &sqlite_last_checkpoint,
            &webhook_backlog,
            &webhook_oldest_seconds,
            &webhook_dead_letters,
        ] {
            registry.register(Box::new(gauge.clone()))?;
        }
        registry.register(Box::new(webhook_outcomes.clone()))?;
        registry.register(Box::new(public_reports.clone()))?;
        registry.register(Box::new(outbox_depth.clone()))?;
        registry.register(Box::new(mail_sent.clone()))?;
        registry.register(Box::new(mail_failures.clone()))?;
        registry.register(Box::new(mail_latency.clone()))?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(reports_created.clone()))?;
        registry.register(Box::new(cases_opened.clone()))?;
        registry.register(Box::new(db_pool_connections.clone()))?;
        registry.register(Box::new(db_pool_idle.clone()))?;
        Ok(Metrics {
            registry,
            http_requests,
            http_duration,
            reports_created,
            cases_opened,
            db_pool_connections,
            db_pool_idle,
            outbox_depth,
            mail_sent,
            mail_failures,
            mail_latency,
            public_reports,
            webhook_backlog,
            webhook_oldest_seconds,
            webhook_dead_letters,
            webhook_outcomes,
            sqlite_wal_bytes,
            sqlite_last_checkpoint,
            write_lock_hold,
            write_lock_longest,
            write_lock_longest_nanos: Default::default(),
            health,
        })
    }

    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        String::from_utf8(buffer).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

impl Metrics {
    /// Record one hold of SQLite's write lock, begun at `site`; a new longest replaces the
    /// last (one series, naming where it happened).
    pub fn write_lock_held(&self, held: std::time::Duration, site: impl FnOnce() -> String) {
        use std::sync::atomic::Ordering;
        let secs = held.as_secs_f64();
        self.write_lock_hold.observe(secs);
        let nanos = u64::try_from(held.as_nanos()).unwrap_or(u64::MAX);
        let before = self
            .write_lock_longest_nanos
            .fetch_max(nanos, Ordering::Relaxed);
        if nanos > before {
            self.write_lock_longest.reset();
            self.write_lock_longest
                .with_label_values(&[site().as_str()])
                .set(secs);
        }
    }
}
