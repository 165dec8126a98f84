//! Configuration: embedded `config/default.toml`, then `--config FILE`, then `HOTLINE_*`
//! environment variables. Every problem is reported as one line naming the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use hotline_store::DatabaseUrl;
use serde::Deserialize;

pub const DEFAULTS: &str = include_str!("../config/default.toml");

/// Keys that hold secrets: accepted from the environment only.
const SECRET_KEYS: &[&str] = &[
    "jwt_secret",
    "contact_key",
    "metrics_token",
    "master_key",
    "database_key",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub bind: String,
    pub workers: usize,
    pub database_url: String,
    pub database_pool_size: u32,
    pub database_connect_timeout_secs: u64,
    pub data_dir: PathBuf,
    pub token_ttl_secs: i64,
    pub jwt_key_file: String,
    /// From HOTLINE_JWT_SECRET only.
    #[serde(default)]
    pub jwt_secret: Option<String>,
    /// A file holding the key repeat contacts are hashed under; empty: HOTLINE_CONTACT_KEY,
    /// or a key derived from the token signing key.
    pub contact_key_file: String,
    /// From HOTLINE_CONTACT_KEY only.
    #[serde(default)]
    pub contact_key: Option<String>,
    /// A file holding the master key, which wraps the keys personal fields are sealed
    /// under; empty: HOTLINE_MASTER_KEY, or (SQLite only) a key generated under `data_dir`.
    pub master_key_file: String,
    /// From HOTLINE_MASTER_KEY only.
    #[serde(default)]
    pub master_key: Option<String>,
    /// A file holding the key an SQLite database is encrypted under by SQLCipher (a build with
    /// the `sqlcipher` feature); empty: HOTLINE_DATABASE_KEY, or no encryption of the file.
    pub database_key_file: String,
    /// From HOTLINE_DATABASE_KEY only.
    #[serde(default)]
    pub database_key: Option<String>,
    /// From HOTLINE_METRICS_TOKEN only: with it, `/metrics` answers only a scraper that
    /// presents it (`Authorization: Bearer`); without it, whoever reaches `metrics_bind`.
    #[serde(default)]
    pub metrics_token: Option<String>,
    /// HOST:PORT of the metrics' own listener (never the public one); empty: no metrics.
    pub metrics_bind: String,
    pub public_reports_per_hour: u32,
    pub public_reports_burst: u32,
    pub public_lookups_per_minute: u32,
    pub public_max_body_bytes: usize,
    /// Superseded by `client_ip_header`, still read.
    pub public_client_ip_header: String,
    pub client_ip_header: String,
    pub login_free_attempts: i32,
    pub login_first_lock_secs: i64,
    pub login_max_lock_secs: i64,
    pub login_address_per_minute: u32,
    pub login_address_burst: u32,
    pub login_name_per_hour: u32,
    pub login_name_burst: u32,
    pub login_hash_concurrency: usize,
    pub login_hash_wait_ms: u64,
    pub max_body_bytes: usize,
    pub audit_seal_interval_ms: u64,
    pub audit_anomaly_multiple: f64,
    pub audit_anomaly_floor: f64,
    pub agencies_file: PathBuf,
    pub routing_file: PathBuf,
    pub holidays_file: PathBuf,
    pub figures_file: PathBuf,
    pub retention_file: PathBuf,
    pub retention_interval_secs: u64,
    pub report_reminder_interval_secs: u64,
    pub figures_fold_interval_secs: u64,
    pub deadline_watch_interval_ms: u64,
    pub smtp_url: String,
    pub mail_from: String,
    pub public_base_url: String,
    pub notify_interval_ms: u64,
    pub notify_batch: i64,
    pub notify_concurrency: usize,
    pub notify_lease_secs: u64,
    pub notify_max_attempts: i32,
    pub notify_backoff_base_ms: u64,
    pub notify_backoff_max_secs: u64,
    pub ack_link_ttl_hours: u64,
    pub admin_units_file: PathBuf,
    pub log_filter: String,
    pub log_format: String,
}

/// One configuration problem, printed as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "configuration error: {}: {}", self.key, self.message)
    }
}

fn problem(key: &str, message: impl Into<String>) -> ConfigProblem {
    ConfigProblem {
        key: key.into(),
        message: message.into(),
    }
}

/// The environment variables read, so that unrelated HOTLINE_* variables (HOTLINE_PASSWORD,
/// HOTLINE_TEST_POSTGRES_URL) are not mistaken for configuration.
fn env_keys() -> Vec<&'static str> {
    vec![
        "bind",
        "workers",
        "database_url",
        "database_pool_size",
        "database_connect_timeout_secs",
        "data_dir",
        "token_ttl_secs",
        "jwt_key_file",
        "jwt_secret",
        "contact_key_file",
        "contact_key",
        "master_key_file",
        "master_key",
        "database_key_file",
        "database_key",
        "metrics_token",
        "metrics_bind",
        "public_reports_per_hour",
        "public_reports_burst",
        "public_lookups_per_minute",
        "public_max_body_bytes",
        "public_client_ip_header",
        "client_ip_header",
        "login_free_attempts",
        "login_first_lock_secs",
        "login_max_lock_secs",
        "login_address_per_minute",
        "login_address_burst",
        "login_name_per_hour",
        "login_name_burst",
        "login_hash_concurrency",
        "login_hash_wait_ms",
        "max_body_bytes",
        "audit_seal_interval_ms",
        "audit_anomaly_multiple",
        "audit_anomaly_floor",
        "agencies_file",
        "routing_file",
        "holidays_file",
        "figures_file",
        "retention_file",
        "retention_interval_secs",
        "report_reminder_interval_secs",
        "figures_fold_interval_secs",
        "deadline_watch_interval_ms",
        "smtp_url",
        "mail_from",
        "public_base_url",
        "notify_interval_ms",
        "notify_batch",
        "notify_concurrency",
        "notify_lease_secs",
        "notify_max_attempts",
        "notify_backoff_base_ms",
        "notify_backoff_max_secs",
        "ack_link_ttl_hours",
        "admin_units_file",
        "log_filter",
        "log_format",
    ]
}

impl Config {
    /// Load and check the configuration; all problems found, or the configuration.
    pub fn load(file: Option<&Path>) -> Result<Config, Vec<ConfigProblem>> {
        let mut files = Figment::from(Toml::string(DEFAULTS));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(vec![problem(
                    "--config",
                    format!("{} is not a readable file", path.display()),
                )]);
            }
            files = files.merge(Toml::file(path));
        }
        let mut problems = Vec::new();
        for key in SECRET_KEYS {
            if files.contains(key) {
                problems.push(problem(
                    key,
                    "secrets are read from the environment or a key file, never a config file",
                ));
            }
        }
        // An SMTP URL with a password is a secret too.
        if let Ok(smtp) = files.extract_inner::<String>("smtp_url") {
            if url::Url::parse(&smtp).is_ok_and(|u| u.password().is_some()) {
                problems.push(problem(
                    "smtp_url",
                    "a URL with a password is a secret: set HOTLINE_SMTP_URL instead",
                ));
            }
        }
        let figment = files.merge(Env::prefixed("HOTLINE_").only(&env_keys()));
        let config: Config = match figment.extract() {
            Ok(c) => c,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| {
                    let key = e.path.join(".");
                    let key = if key.is_empty() {
                        "config".to_owned()
                    } else {
                        key
                    };
                    problem(&key, e.kind.to_string())
                }));
                return Err(problems);
            }
        };
        problems.extend(config.check());
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// Checks beyond types: values in range, files present, URL schemes known.
    pub fn check(&self) -> Vec<ConfigProblem> {
        let mut p = Vec::new();
        if self.bind.parse::<SocketAddr>().is_err() {
            p.push(problem(
                "bind",
                format!(
                    "`{}` is not HOST:PORT (an IP address and a port)",
                    self.bind
                ),
            ));
        }
        match self.metrics_bind.trim() {
            "" => {}
            bind => match bind.parse::<SocketAddr>() {
                Err(_) => p.push(problem(
                    "metrics_bind",
                    format!("`{bind}` is not HOST:PORT (an IP address and a port), nor empty"),
                )),
                Ok(addr) if !addr.ip().is_loopback() && self.metrics_token.is_none() => {
                    p.push(problem(
                        "metrics_bind",
                        "metrics on an address other machines reach need HOTLINE_METRICS_TOKEN",
                    ))
                }
                Ok(_) => {}
            },
        }
        if self.database_key.is_some() || !self.database_key_file.is_empty() {
            if let Err(e) = DatabaseUrl::parse(&self.database_url).and_then(|_| self.database()) {
                let message = e.to_string();
                let message = message.trim_start_matches("database URL: ");
                p.push(problem(
                    "database_key",
                    message.trim_start_matches("database_key_file: ").to_owned(),
                ));
            }
        }
        match DatabaseUrl::parse(&self.database_url) {
            Err(e) => p.push(problem("database_url", e.to_string().trim_start_matches("database URL: ").to_owned())),
            Ok(DatabaseUrl::Postgres(_)) if self.jwt_secret.is_none() && self.jwt_key_file.is_empty() => p.push(problem(
                "jwt_secret",
                "on PostgreSQL every instance must share one signing key: set HOTLINE_JWT_SECRET or jwt_key_file",
            )),
            Ok(_) => {}
        }
        if matches!(
            DatabaseUrl::parse(&self.database_url),
            Ok(DatabaseUrl::Postgres(_))
        ) && self.master_key.is_none()
            && self.master_key_file.is_empty()
        {
            p.push(problem(
                "master_key",
                "on PostgreSQL the master key must come from outside the database's machine: set HOTLINE_MASTER_KEY or master_key_file",
            ));
        }
        if let Some(key) = &self.master_key {
            if key.trim().len() < hotline_vault::MIN_MASTER_KEY_BYTES {
                p.push(problem(
                    "master_key",
                    format!(
                        "must have at least {} bytes",
                        hotline_vault::MIN_MASTER_KEY_BYTES
                    ),
                ));
            }
        }
        if !self.master_key_file.is_empty() && !Path::new(&self.master_key_file).is_file() {
            p.push(problem(
                "master_key_file",
                format!("{} is not a readable file", self.master_key_file),
            ));
        }
        if self.database_pool_size > 512 {
            p.push(problem(
                "database_pool_size",
                "must be between 0 (automatic) and 512",
            ));
        }
        if !(60..=86_400).contains(&self.token_ttl_secs) {
            p.push(problem("token_ttl_secs", "must be between 60 and 86400"));
        }
        if let Some(secret) = &self.jwt_secret {
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
        if !self.jwt_key_file.is_empty() && !Path::new(&self.jwt_key_file).is_file() {
            p.push(problem(
                "jwt_key_file",
                format!("{} is not a readable file", self.jwt_key_file),
            ));
        }
        if let Some(key) = &self.contact_key {
            if key.len() < hotline_auth::token::MIN_KEY_BYTES {
                p.push(problem(
                    "contact_key",
                    format!(
                        "must have at least {} bytes",
                        hotline_auth::token::MIN_KEY_BYTES
                    ),
                ));
            }
        }
        if !self.contact_key_file.is_empty() && !Path::new(&self.contact_key_file).is_file() {
            p.push(problem(
                "contact_key_file",
                format!("{} is not a readable file", self.contact_key_file),
            ));
        }
        if self.public_reports_per_hour == 0 || self.public_reports_burst == 0 {
            p.push(problem(
                "public_reports_per_hour",
                "public_reports_per_hour and public_reports_burst must be at least 1",
            ));
        }
        if self.public_lookups_per_minute == 0 {
            p.push(problem("public_lookups_per_minute", "must be at least 1"));
        }
        if !(4_096..=1_048_576).contains(&self.public_max_body_bytes) {
            p.push(problem(
                "public_max_body_bytes",
                "must be between 4096 and 1048576",
            ));
        }
        if self.login_free_attempts < 1
            || self.login_first_lock_secs < 1
            || self.login_max_lock_secs < self.login_first_lock_secs
        {
            p.push(problem("login_free_attempts", "lockout settings must be positive, with login_max_lock_secs ≥ login_first_lock_secs"));
        }
        for (key, value) in [
            ("login_address_per_minute", self.login_address_per_minute),
            ("login_address_burst", self.login_address_burst),
            ("login_name_per_hour", self.login_name_per_hour),
            ("login_name_burst", self.login_name_burst),
        ] {
            if value == 0 {
                p.push(problem(key, "must be at least 1"));
            }
        }
        if self.login_hash_wait_ms == 0 {
            p.push(problem("login_hash_wait_ms", "must be at least 1"));
        }
        if !(100..=5_000).contains(&self.audit_seal_interval_ms) {
            p.push(problem(
                "audit_seal_interval_ms",
                "must be between 100 and 5000 (seals must follow within seconds)",
            ));
        }
        if !(self.audit_anomaly_multiple > 1.0 && self.audit_anomaly_floor >= 0.0) {
            p.push(problem(
                "audit_anomaly_multiple",
                "must be above 1, with audit_anomaly_floor ≥ 0",
            ));
        }
        if !(50..=3_600_000).contains(&self.deadline_watch_interval_ms) {
            p.push(problem(
                "deadline_watch_interval_ms",
                "must be between 50 and 3600000",
            ));
        }
        if !self.smtp_url.is_empty() {
            if let Err(e) = self.notifier_settings(Vec::new()) {
                let line = e.to_string();
                let (key, message) = line.split_once(": ").unwrap_or(("smtp_url", &line));
                p.push(problem(key, message));
            }
        }
        if !(1..=1000).contains(&self.notify_batch)
            || !(1..=64).contains(&self.notify_concurrency)
            || !(1..=100).contains(&self.notify_max_attempts)
            || self.notify_lease_secs == 0
            || self.notify_backoff_base_ms == 0
            || self.notify_interval_ms == 0
            || self.ack_link_ttl_hours == 0
        {
            p.push(problem(
                "notify_batch",
                "notifier settings out of range (batch 1-1000, concurrency 1-64, attempts 1-100, the rest above 0)",
            ));
        }
        if !(1024..=16 * 1024 * 1024).contains(&self.max_body_bytes) {
            p.push(problem(
                "max_body_bytes",
                "must be between 1024 and 16777216",
            ));
        }
        for (key, path) in [
            ("agencies_file", &self.agencies_file),
            ("routing_file", &self.routing_file),
            ("holidays_file", &self.holidays_file),
            ("figures_file", &self.figures_file),
            ("retention_file", &self.retention_file),
            ("admin_units_file", &self.admin_units_file),
        ] {
            if !path.is_file() {
                p.push(problem(
                    key,
                    format!("{} is not a readable file", path.display()),
                ));
            }
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            p.push(problem("log_format", "must be \"text\" or \"json\""));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_filter).is_err() {
            p.push(problem("log_filter", "is not a valid tracing filter"));
        }
        p
    }

    /// The notifier's settings (with the links' signing key), checked: sender and base URL
    /// parse, and the SMTP URL is one lettre accepts.
    pub fn notifier_settings(
        &self,
        link_key: Vec<u8>,
    ) -> Result<hotline_notifier::NotifierSettings, hotline_notifier::NotifierError> {
        use hotline_notifier::NotifierError::Config as Bad;
        use std::time::Duration;
        let from = self
            .mail_from
            .parse()
            .map_err(|e| Bad(format!("mail_from: not an address like Tên <a@b.vn> ({e})")))?;
        let public_base_url: url::Url = self
            .public_base_url
            .parse()
            .map_err(|e| Bad(format!("public_base_url: not a URL ({e})")))?;
        if !matches!(public_base_url.scheme(), "http" | "https") {
            return Err(Bad("public_base_url: must be http:// or https://".into()));
        }
        let settings = hotline_notifier::NotifierSettings {
            smtp_url: self.smtp_url.clone(),
            from,
            public_base_url,
            link_key,
            link_ttl: Duration::from_secs(self.ack_link_ttl_hours.saturating_mul(3600)),
            batch: self.notify_batch,
            lease: Duration::from_secs(self.notify_lease_secs),
            max_attempts: self.notify_max_attempts,
            backoff_base: Duration::from_millis(self.notify_backoff_base_ms),
            backoff_max: Duration::from_secs(self.notify_backoff_max_secs),
            concurrency: self.notify_concurrency,
        };
        settings.transport()?;
        Ok(settings)
    }

    /// The database, with the key of an SQLite file SQLCipher encrypts when one is given.
    pub fn database(&self) -> Result<DatabaseUrl, hotline_store::StoreError> {
        let url = DatabaseUrl::parse(&self.database_url)?;
        let secret = match (&self.database_key, self.database_key_file.as_str()) {
            (Some(key), _) => key.trim().as_bytes().to_vec(),
            (None, "") => return Ok(url),
            (None, file) => std::fs::read(file)
                .map(|b| b.trim_ascii().to_vec())
                .map_err(|e| {
                    hotline_store::StoreError::BadUrl(format!("database_key_file: {file}: {e}"))
                })?,
        };
        url.with_sqlite_key(&secret)
    }

    /// SHA-256 of the settings in force, without the secret, for the audit log.
    pub fn digest(&self) -> String {
        use sha2::Digest;
        let mut public = self.clone();
        public.jwt_secret = None;
        public.contact_key = None;
        public.master_key = None;
        public.database_key = None;
        public.metrics_token = None;
        public.smtp_url = url::Url::parse(&self.smtp_url)
            .map(|mut u| {
                let _ = u.set_password(None);
                u.to_string()
            })
            .unwrap_or_default();
        // A digest over a secret would let anyone who knows the rest of the configuration
        // test guesses of it: the database password is left out like the others.
        public.database_url = DatabaseUrl::parse(&self.database_url)
            .map(|u| u.redacted())
            .unwrap_or_default();
        hex::encode(sha2::Sha256::digest(format!("{public:?}").as_bytes()))
    }

    /// The header a trusted reverse proxy puts the client's address in, if one is set.
    pub fn client_ip_header(&self) -> Option<String> {
        [&self.client_ip_header, &self.public_client_ip_header]
            .into_iter()
            .map(|h| h.trim())
            .find(|h| !h.is_empty())
            .map(str::to_owned)
    }

    /// The pool size to use: as configured, or 2 × CPU cores + 1 for 0.
    pub fn pool_size(&self) -> u32 {
        if self.database_pool_size > 0 {
            return self.database_pool_size;
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        u32::try_from(cores * 2 + 1).unwrap_or(16)
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigProblem> {
        self.bind
            .parse()
            .map_err(|_| problem("bind", format!("`{}` is not HOST:PORT", self.bind)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn with_file(contents: &str) -> Result<Config, Vec<ConfigProblem>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, contents).unwrap();
        Config::load(Some(&path))
    }

    #[test]
    fn defaults_load() {
        let c = Config::load(None).unwrap();
        assert_eq!(c.database().unwrap().backend_name(), "sqlite");
    }

    #[test]
    fn every_problem_is_named() {
        let problems =
            with_file("bind = \"nowhere\"\ndatabase_url = \"data/h.db\"\ntoken_ttl_secs = 5\n")
                .unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["bind", "database_url", "token_ttl_secs"]);
        assert!(
            problems[1].to_string().contains("bare path"),
            "{}",
            problems[1]
        );
    }

    #[test]
    fn unknown_keys_and_secrets_in_files_are_refused() {
        let problems = with_file("databse_url = \"sqlite://x.db\"\n").unwrap_err();
        assert!(
            problems[0].message.contains("databse_url"),
            "{:?}",
            problems
        );
        let problems =
            with_file("jwt_secret = \"0123456789abcdef0123456789abcdef\"\n").unwrap_err();
        assert_eq!(problems[0].key, "jwt_secret");
    }

    #[test]
    fn metrics_listen_apart_and_only_on_loopback_without_a_token() {
        assert_eq!(Config::load(None).unwrap().metrics_bind, "127.0.0.1:9464");
        let problems = with_file("metrics_bind = \"0.0.0.0:9464\"\n").unwrap_err();
        assert_eq!(problems[0].key, "metrics_bind");
        assert!(problems[0].message.contains("HOTLINE_METRICS_TOKEN"));
        let problems = with_file("metrics_bind = \"localhost\"\n").unwrap_err();
        assert_eq!(problems[0].key, "metrics_bind");
        assert!(with_file("metrics_bind = \"\"\n").is_ok());
        let mut c = Config::load(None).unwrap();
        c.metrics_bind = "10.0.0.5:9464".into();
        c.metrics_token = Some("scrape-me-0123456789".into());
        assert!(c.check().is_empty(), "{:?}", c.check());
    }

    #[test]
    fn postgres_needs_a_shared_key() {
        let problems = with_file("database_url = \"postgres://localhost/h\"\n").unwrap_err();
        assert_eq!(problems[0].key, "jwt_secret");
    }

    #[test]
    fn the_audited_digest_depends_on_no_secret() {
        let mut a = Config::load(None).unwrap();
        a.database_url = "postgres://hotline:first-secret@db:5432/hotline".into();
        let mut b = a.clone();
        b.database_url = "postgres://hotline:other-secret@db:5432/hotline".into();
        assert_eq!(a.digest(), b.digest());
        b.database_url = "postgres://hotline:first-secret@db2:5432/hotline".into();
        assert_ne!(a.digest(), b.digest(), "what is not secret still counts");
        b = a.clone();
        b.jwt_secret = Some("x".repeat(40));
        b.smtp_url = "smtp://user:pass@mail:587".into();
        a.smtp_url = "smtp://user:other@mail:587".into();
        assert_eq!(a.digest(), b.digest());
    }
}
