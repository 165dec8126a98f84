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
        for gauge in [
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
        })
    }

    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        String::from_utf8(buffer).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}
