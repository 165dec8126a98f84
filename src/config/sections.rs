//! The sections of the configuration, each with the checks of its own values (ranges, files
//! present, addresses that parse). What needs two sections at once is checked in `mod.rs`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{problem, ConfigProblem};

/// Where the server listens, and what it takes from a request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub bind: String,
    pub workers: usize,
    pub data_dir: PathBuf,
    pub max_body_bytes: usize,
    pub client_ip_header: String,
}

impl Server {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if self.bind.parse::<SocketAddr>().is_err() {
            p.push(problem(
                "bind",
                format!(
                    "`{}` is not HOST:PORT (an IP address and a port)",
                    self.bind
                ),
            ));
        }
        if !(1024..=16 * 1024 * 1024).contains(&self.max_body_bytes) {
            p.push(problem(
                "max_body_bytes",
                "must be between 1024 and 16777216",
            ));
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub url: String,
    pub pool_size: u32,
    pub connect_timeout_secs: u64,
    pub key_file: String,
    /// From HOTLINE_DATABASE_KEY only.
    #[serde(default)]
    pub key: Option<String>,
}

impl Database {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if self.pool_size > 512 {
            p.push(problem(
                "database_pool_size",
                "must be between 0 (automatic) and 512",
            ));
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub ttl_secs: i64,
}

impl Token {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if !(60..=86_400).contains(&self.ttl_secs) {
            p.push(problem("token_ttl_secs", "must be between 60 and 86400"));
        }
    }
}

/// A key that comes from a file named here or from the environment, never from this file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFrom {
    pub key_file: String,
    /// From the environment only.
    #[serde(default)]
    pub key: Option<String>,
}

impl KeyFrom {
    /// The key's own checks, named `<name>_key` and `<name>_key_file`: at least `min` bytes,
    /// and a file that is there.
    pub(super) fn check(&self, name: &str, min: usize, p: &mut Vec<ConfigProblem>) {
        if let Some(key) = &self.key {
            if key.trim().len() < min {
                p.push(problem(
                    &format!("{name}_key"),
                    format!("must have at least {min} bytes"),
                ));
            }
        }
        file_there(&format!("{name}_key_file"), &self.key_file, p);
    }
}

/// The token signing key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jwt {
    pub key_file: String,
    /// From HOTLINE_JWT_SECRET only.
    #[serde(default)]
    pub secret: Option<String>,
}

impl Jwt {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if let Some(secret) = &self.secret {
            if secret.len() < hotline_auth::token::MIN_KEY_BYTES {
                p.push(problem(
                    "jwt_secret",
                    format!(
                        "must have at least {} bytes",
                        hotline_auth::token::MIN_KEY_BYTES
                    ),
                ));
            }
        }
        file_there("jwt_key_file", &self.key_file, p);
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsListener {
    /// HOST:PORT of the metrics' own listener (never the public one); empty: no metrics.
    pub bind: String,
    /// From HOTLINE_METRICS_TOKEN only: with it, `/metrics` answers only a scraper that
    /// presents it (`Authorization: Bearer`); without it, whoever reaches `metrics_bind`.
    #[serde(default)]
    pub token: Option<String>,
}

impl MetricsListener {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        match self.bind.trim() {
            "" => {}
            bind => match bind.parse::<SocketAddr>() {
                Err(_) => p.push(problem(
                    "metrics_bind",
                    format!("`{bind}` is not HOST:PORT (an IP address and a port), nor empty"),
                )),
                Ok(addr) if !addr.ip().is_loopback() && self.token.is_none() => p.push(problem(
                    "metrics_bind",
                    "metrics on an address other machines reach need HOTLINE_METRICS_TOKEN",
                )),
                Ok(_) => {}
            },
        }
    }
}

/// The public reporting form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Public {
    pub reports_per_hour: u32,
    pub reports_burst: u32,
    pub lookups_per_minute: u32,
    pub max_body_bytes: usize,
    /// Superseded by [server] `client_ip_header`, still read.
    pub client_ip_header: String,
}

impl Public {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if self.reports_per_hour == 0 || self.reports_burst == 0 {
            p.push(problem(
                "public_reports_per_hour",
                "public_reports_per_hour and public_reports_burst must be at least 1",
            ));
        }
        if self.lookups_per_minute == 0 {
            p.push(problem("public_lookups_per_minute", "must be at least 1"));
        }
        if !(4_096..=1_048_576).contains(&self.max_body_bytes) {
            p.push(problem(
                "public_max_body_bytes",
                "must be between 4096 and 1048576",
            ));
        }
    }
}

/// Signing in: the lock-out and the limits per address and per name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub free_attempts: i32,
    pub first_lock_secs: i64,
    pub max_lock_secs: i64,
    pub address_per_minute: u32,
    pub address_burst: u32,
    pub name_per_hour: u32,
    pub name_burst: u32,
    pub hash_concurrency: usize,
    pub hash_wait_ms: u64,
}

impl Login {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if self.free_attempts < 1
            || self.first_lock_secs < 1
            || self.max_lock_secs < self.first_lock_secs
        {
            p.push(problem("login_free_attempts", "lockout settings must be positive, with login_max_lock_secs ≥ login_first_lock_secs"));
        }
        for (key, value) in [
            ("login_address_per_minute", self.address_per_minute),
            ("login_address_burst", self.address_burst),
            ("login_name_per_hour", self.name_per_hour),
            ("login_name_burst", self.name_burst),
        ] {
            if value == 0 {
                p.push(problem(key, "must be at least 1"));
            }
        }
        if self.hash_wait_ms == 0 {
            p.push(problem("login_hash_wait_ms", "must be at least 1"));
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    pub seal_interval_ms: u64,
    pub anomaly_multiple: f64,
    pub anomaly_floor: f64,
}

impl Audit {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if !(100..=5_000).contains(&self.seal_interval_ms) {
            p.push(problem(
                "audit_seal_interval_ms",
                "must be between 100 and 5000 (seals must follow within seconds)",
            ));
        }
        if !(self.anomaly_multiple > 1.0 && self.anomaly_floor >= 0.0) {
            p.push(problem(
                "audit_anomaly_multiple",
                "must be above 1, with audit_anomaly_floor ≥ 0",
            ));
        }
    }
}

/// The files the service reads its reference data and rules from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    pub agencies_file: PathBuf,
    pub routing_file: PathBuf,
    pub holidays_file: PathBuf,
    pub figures_file: PathBuf,
    pub retention_file: PathBuf,
    pub admin_units_file: PathBuf,
    /// The communes of 30 June 2025 and where each lies now, for importing past registers.
    pub old_units_file: PathBuf,
}

impl Files {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        for (key, path) in [
            ("agencies_file", &self.agencies_file),
            ("routing_file", &self.routing_file),
            ("holidays_file", &self.holidays_file),
            ("figures_file", &self.figures_file),
            ("retention_file", &self.retention_file),
            ("admin_units_file", &self.admin_units_file),
            ("old_units_file", &self.old_units_file),
        ] {
            if !path.is_file() {
                p.push(problem(
                    key,
                    format!("{} is not a readable file", path.display()),
                ));
            }
        }
    }
}

/// The papers filed on cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    pub max_bytes: u64,
}

impl Documents {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if !(65_536..=1_073_741_824).contains(&self.max_bytes) {
            p.push(problem(
                "documents_max_bytes",
                "must be between 65536 and 1073741824",
            ));
        }
    }
}

/// How often each server's background jobs run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jobs {
    pub retention_interval_secs: u64,
    pub report_reminder_interval_secs: u64,
    pub figures_fold_interval_secs: u64,
    pub deadline_watch_interval_ms: u64,
}

impl Jobs {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if !(50..=3_600_000).contains(&self.deadline_watch_interval_ms) {
            p.push(problem(
                "deadline_watch_interval_ms",
                "must be between 50 and 3600000",
            ));
        }
    }
}

/// Referral mail: the server it goes through, who it is from, where its links lead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mail {
    pub smtp_url: String,
    pub mail_from: String,
    pub public_base_url: String,
    pub ack_link_ttl_hours: u64,
}

/// The notifier's pace.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notify {
    pub interval_ms: u64,
    pub batch: i64,
    pub concurrency: usize,
    pub lease_secs: u64,
    pub max_attempts: i32,
    pub backoff_base_ms: u64,
    pub backoff_max_secs: u64,
}

impl Notify {
    pub(super) fn check(&self, ack_link_ttl_hours: u64, p: &mut Vec<ConfigProblem>) {
        if !(1..=1000).contains(&self.batch)
            || !(1..=64).contains(&self.concurrency)
            || !(1..=100).contains(&self.max_attempts)
            || self.lease_secs == 0
            || self.backoff_base_ms == 0
            || self.interval_ms == 0
            || ack_link_ttl_hours == 0
        {
            p.push(problem(
                "notify_batch",
                "notifier settings out of range (batch 1-1000, concurrency 1-64, attempts 1-100, the rest above 0)",
            ));
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub filter: String,
    pub format: String,
}

impl Log {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        if !matches!(self.format.as_str(), "text" | "json") {
            p.push(problem("log_format", "must be \"text\" or \"json\""));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.filter).is_err() {
            p.push(problem("log_filter", "is not a valid tracing filter"));
        }
    }
}

/// A file a key names must be there (empty: none named).
fn file_there(key: &str, file: &str, p: &mut Vec<ConfigProblem>) {
    if !file.is_empty() && !Path::new(file).is_file() {
        p.push(problem(key, format!("{file} is not a readable file")));
    }
}
