//! Configuration: embedded `config/default.toml`, then `--config FILE`, then `HOTLINE_*`
//! environment variables. The file is in sections (`sections`), each with its own checks;
//! a key is written once, in the embedded file: its environment variable is derived from it
//! (`HOTLINE_<SECTION>_<KEY>`, or `HOTLINE_<KEY>` for the sections that keep their own names),
//! and so is the name a problem is reported under. Every problem is one line naming the key.

mod sections;
mod webhooks;

use std::net::SocketAddr;
use std::path::Path;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use hotline_store::DatabaseUrl;
use serde::Deserialize;

pub use sections::{
    Audit, Database, Documents, Files, Jobs, Jwt, KeyFrom, Log, Login, Mail, MetricsListener,
    Notify, Public, Server, Token,
};
pub use webhooks::Webhooks;

pub const DEFAULTS: &str = include_str!("../../config/default.toml");

/// The sections whose keys go by their own names in the environment (`HOTLINE_BIND`, not
/// `HOTLINE_SERVER_BIND`): the names operators have always used.
const OWN_NAMES: [&str; 4] = ["server", "files", "jobs", "mail"];

/// Secrets, which no file may hold: from the environment (or a key file) only.
const SECRETS: [&str; 5] = [
    "database.key",
    "jwt.secret",
    "contact.key",
    "master.key",
    "metrics.token",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub token: Token,
    pub jwt: Jwt,
    pub contact: KeyFrom,
    pub master: KeyFrom,
    pub metrics: MetricsListener,
    pub public: Public,
    pub documents: Documents,
    pub login: Login,
    pub audit: Audit,
    pub files: Files,
    pub jobs: Jobs,
    pub mail: Mail,
    pub notify: Notify,
    pub log: Log,
    pub webhooks: Webhooks,
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

pub(crate) fn problem(key: &str, message: impl Into<String>) -> ConfigProblem {
    ConfigProblem {
        key: key.into(),
        message: message.into(),
    }
}

/// The name a key goes by outside the file: in the environment (upper case, after
/// `HOTLINE_`) and in the problems reported (lower case). `section.key` → `section_key`, or
/// `key` for the sections that keep their own names.
pub fn flat_name(path: &str) -> String {
    match path.split_once('.') {
        Some((section, key)) if OWN_NAMES.contains(&section) => key.to_owned(),
        Some((section, key)) => format!("{section}_{key}"),
        None => path.to_owned(),
    }
}

/// Every key's path (`section.key`): those of the embedded file, and the secrets.
fn paths() -> Vec<String> {
    let mut paths: Vec<String> = SECRETS.iter().map(|s| (*s).to_owned()).collect();
    if let Ok(sections) = toml::from_str::<toml::Table>(DEFAULTS) {
        for (section, keys) in sections {
            if let toml::Value::Table(keys) = keys {
                paths.extend(keys.keys().map(|k| format!("{section}.{k}")));
            }
        }
    }
    paths
}

/// The key paths a file holds (`section.key`, or a bare `key` at its top).
fn keys_of(text: &str) -> Vec<String> {
    let Ok(top) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for (name, value) in top {
        match value {
            toml::Value::Table(inner) => keys.extend(inner.keys().map(|k| format!("{name}.{k}"))),
            _ => keys.push(name),
        }
    }
    keys
}

/// The environment, each variable read as the key it names.
fn environment() -> Env {
    let known: Vec<(String, String)> = paths()
        .into_iter()
        .map(|p| (flat_name(&p).to_uppercase(), p.replace('.', "__")))
        .collect();
    Env::prefixed("HOTLINE_")
        .filter_map(move |var| {
            known
                .iter()
                .find(|(name, _)| var.as_str().eq_ignore_ascii_case(name))
                .map(|(_, path)| path.clone().into())
        })
        .split("__")
}

/// A file's problems before it is read: secrets it holds, keys of an earlier version.
fn file_problems(text: &str) -> Vec<ConfigProblem> {
    let known = paths();
    let mut problems = Vec::new();
    for key in keys_of(text) {
        if SECRETS.contains(&key.as_str()) {
            problems.push(problem(
                &flat_name(&key),
                "secrets are read from the environment or a key file, never a config file",
            ));
        } else if !key.contains('.') {
            // A flat key of an earlier version: say where it lives now.
            let moved = known.iter().find(|p| flat_name(p) == key);
            let message = match moved {
                Some(path) => {
                    let (section, name) = path.split_once('.').unwrap_or(("", path));
                    format!("keys are in sections now: write `{name}` under [{section}]")
                }
                None => format!("unknown key `{key}`"),
            };
            problems.push(problem(&key, message));
        }
    }
    problems
}

impl Config {
    /// Load and check the configuration; all problems found, or the configuration.
    pub fn load(file: Option<&Path>) -> Result<Config, Vec<ConfigProblem>> {
        let mut files = Figment::from(Toml::string(DEFAULTS));
        let mut problems = Vec::new();
        if let Some(path) = file {
            let Ok(text) = std::fs::read_to_string(path) else {
                return Err(vec![problem(
                    "--config",
                    format!("{} is not a readable file", path.display()),
                )]);
            };
            problems.extend(file_problems(&text));
            files = files.merge(Toml::string(&text));
        }
        // An SMTP URL with a password is a secret too.
        if let Ok(smtp) = files.extract_inner::<String>("mail.smtp_url") {
            if url::Url::parse(&smtp).is_ok_and(|u| u.password().is_some()) {
                problems.push(problem(
                    "smtp_url",
                    "a URL with a password is a secret: set HOTLINE_SMTP_URL instead",
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let config: Config = match files.merge(environment()).extract() {
            Ok(c) => c,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| {
                    let key = match e.path.join(".") {
                        k if k.is_empty() => "config".to_owned(),
                        k => flat_name(&k),
                    };
                    problem(&key, e.kind.to_string())
                }));
                return Err(problems);
            }
        };
        problems.extend(config.check());
        match problems.is_empty() {
            true => Ok(config),
            false => Err(problems),
        }
    }

    /// Checks beyond types: each section's own, then those across sections.
    pub fn check(&self) -> Vec<ConfigProblem> {
        let mut p = Vec::new();
        self.server.check(&mut p);
        self.metrics.check(&mut p);
        self.check_database(&mut p);
        self.database.check(&mut p);
        self.token.check(&mut p);
        self.jwt.check(&mut p);
        self.contact
            .check("contact", hotline_auth::token::MIN_KEY_BYTES, &mut p);
        self.public.check(&mut p);
        self.documents.check(&mut p);
        self.login.check(&mut p);
        self.audit.check(&mut p);
        self.jobs.check(&mut p);
        if !self.mail.smtp_url.is_empty() {
            if let Err(e) = self.notifier_settings(Vec::new()) {
                let line = e.to_string();
                let (key, message) = line.split_once(": ").unwrap_or(("smtp_url", &line));
                p.push(problem(key, message));
            }
        }
        self.notify.check(self.mail.ack_link_ttl_hours, &mut p);
        self.files.check(&mut p);
        self.log.check(&mut p);
        self.webhooks.check(&mut p);
        p
    }

    /// The database's URL and key, and what PostgreSQL asks of the keys: every instance
    /// shares one signing key and one master key from outside the database's machine.
    fn check_database(&self, p: &mut Vec<ConfigProblem>) {
        let db = &self.database;
        if db.key.is_some() || !db.key_file.is_empty() {
            if let Err(e) = DatabaseUrl::parse(&db.url).and_then(|_| self.database()) {
                let message = e.to_string();
                let message = message.trim_start_matches("database URL: ");
                p.push(problem(
                    "database_key",
                    message.trim_start_matches("database_key_file: ").to_owned(),
                ));
            }
        }
        let postgres = match DatabaseUrl::parse(&db.url) {
            Err(e) => {
                let message = e.to_string();
                let message = message.trim_start_matches("database URL: ");
                p.push(problem("database_url", message.to_owned()));
                false
            }
            Ok(url) => matches!(url, DatabaseUrl::Postgres(_)),
        };
        if postgres && self.jwt.secret.is_none() && self.jwt.key_file.is_empty() {
            p.push(problem(
                "jwt_secret",
                "on PostgreSQL every instance must share one signing key: set HOTLINE_JWT_SECRET or jwt_key_file",
            ));
        }
        if postgres && self.master.key.is_none() && self.master.key_file.is_empty() {
            p.push(problem(
                "master_key",
                "on PostgreSQL the master key must come from outside the database's machine: set HOTLINE_MASTER_KEY or master_key_file",
            ));
        }
        self.master
            .check("master", hotline_vault::MIN_MASTER_KEY_BYTES, p);
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
            .mail
            .mail_from
            .parse()
            .map_err(|e| Bad(format!("mail_from: not an address like Tên <a@b.vn> ({e})")))?;
        let public_base_url: url::Url = self
            .mail
            .public_base_url
            .parse()
            .map_err(|e| Bad(format!("public_base_url: not a URL ({e})")))?;
        if !matches!(public_base_url.scheme(), "http" | "https") {
            return Err(Bad("public_base_url: must be http:// or https://".into()));
        }
        let settings = hotline_notifier::NotifierSettings {
            smtp_url: self.mail.smtp_url.clone(),
            from,
            public_base_url,
            link_key,
            link_ttl: Duration::from_secs(self.mail.ack_link_ttl_hours.saturating_mul(3600)),
            batch: self.notify.batch,
            lease: Duration::from_secs(self.notify.lease_secs),
            max_attempts: self.notify.max_attempts,
            backoff_base: Duration::from_millis(self.notify.backoff_base_ms),
            backoff_max: Duration::from_secs(self.notify.backoff_max_secs),
            concurrency: self.notify.concurrency,
        };
        settings.transport()?;
        Ok(settings)
    }

    /// The database, with the key of an SQLite file SQLCipher encrypts when one is given.
    pub fn database(&self) -> Result<DatabaseUrl, hotline_store::StoreError> {
        let url = DatabaseUrl::parse(&self.database.url)?;
        let secret = match (&self.database.key, self.database.key_file.as_str()) {
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
        public.jwt.secret = None;
        public.contact.key = None;
        public.master.key = None;
        public.database.key = None;
        public.metrics.token = None;
        public.mail.smtp_url = url::Url::parse(&self.mail.smtp_url)
            .map(|mut u| {
                let _ = u.set_password(None);
                u.to_string()
            })
            .unwrap_or_default();
        // A digest over a secret would let anyone who knows the rest of the configuration
        // test guesses of it: the database password is left out like the others.
        public.database.url = DatabaseUrl::parse(&self.database.url)
            .map(|u| u.redacted())
            .unwrap_or_default();
        hex::encode(sha2::Sha256::digest(format!("{public:?}").as_bytes()))
    }

    /// The header a trusted reverse proxy puts the client's address in, if one is set.
    pub fn client_ip_header(&self) -> Option<String> {
        [&self.server.client_ip_header, &self.public.client_ip_header]
            .into_iter()
            .map(|h| h.trim())
            .find(|h| !h.is_empty())
            .map(str::to_owned)
    }

    /// The pool size to use: as configured, or 2 × CPU cores + 1 for 0.
    pub fn pool_size(&self) -> u32 {
        if self.database.pool_size > 0 {
            return self.database.pool_size;
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        u32::try_from(cores * 2 + 1).unwrap_or(16)
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigProblem> {
        self.server
            .bind
            .parse()
            .map_err(|_| problem("bind", format!("`{}` is not HOST:PORT", self.server.bind)))
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
        let problems = with_file(
            "[server]\nbind = \"nowhere\"\n[database]\nurl = \"data/h.db\"\n[token]\nttl_secs = 5\n",
        )
        .unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["bind", "database_url", "token_ttl_secs"]);
        assert!(
            problems[1].to_string().contains("bare path"),
            "{}",
            problems[1]
        );
        // A value of the wrong type is named by the same name as the environment's.
        let problems = with_file("[database]\npool_size = \"many\"\n").unwrap_err();
        assert_eq!(problems[0].key, "database_pool_size");
    }

    #[test]
    fn unknown_keys_and_secrets_in_files_are_refused() {
        let problems = with_file("[database]\nulr = \"sqlite://x.db\"\n").unwrap_err();
        assert!(problems[0].message.contains("ulr"), "{:?}", problems);
        let problems =
            with_file("[jwt]\nsecret = \"0123456789abcdef0123456789abcdef\"\n").unwrap_err();
        assert_eq!(problems[0].key, "jwt_secret");
        // A flat key of the earlier file is told where it lives now.
        let problems = with_file("database_url = \"sqlite://x.db\"\n").unwrap_err();
        assert_eq!(problems[0].key, "database_url");
        assert!(
            problems[0].message.contains("`url` under [database]"),
            "{problems:?}"
        );
    }

    #[test]
    fn each_key_has_one_name_in_the_environment_and_it_is_the_one_operators_know() {
        let names: Vec<String> = paths().iter().map(|p| flat_name(p)).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            names.len(),
            "two keys share a name: {names:?}"
        );
        for (path, name) in [
            ("database.url", "database_url"),
            ("server.bind", "bind"),
            ("jwt.secret", "jwt_secret"),
            ("master.key", "master_key"),
            ("metrics.bind", "metrics_bind"),
            ("public.client_ip_header", "public_client_ip_header"),
            ("login.free_attempts", "login_free_attempts"),
            ("mail.smtp_url", "smtp_url"),
            ("notify.interval_ms", "notify_interval_ms"),
            ("files.routing_file", "routing_file"),
            ("jobs.retention_interval_secs", "retention_interval_secs"),
            ("log.filter", "log_filter"),
        ] {
            assert_eq!(flat_name(path), name);
            assert!(paths().iter().any(|p| p == path), "{path}");
        }
    }

    #[test]
    fn metrics_listen_apart_and_only_on_loopback_without_a_token() {
        assert_eq!(Config::load(None).unwrap().metrics.bind, "127.0.0.1:9464");
        let problems = with_file("[metrics]\nbind = \"0.0.0.0:9464\"\n").unwrap_err();
        assert_eq!(problems[0].key, "metrics_bind");
        assert!(problems[0].message.contains("HOTLINE_METRICS_TOKEN"));
        let problems = with_file("[metrics]\nbind = \"localhost\"\n").unwrap_err();
        assert_eq!(problems[0].key, "metrics_bind");
        assert!(with_file("[metrics]\nbind = \"\"\n").is_ok());
        let mut c = Config::load(None).unwrap();
        c.metrics.bind = "10.0.0.5:9464".into();
        c.metrics.token = Some("scrape-me-0123456789".into());
        assert!(c.check().is_empty(), "{:?}", c.check());
    }

    #[test]
    fn postgres_needs_a_shared_key() {
        let problems = with_file("[database]\nurl = \"postgres://localhost/h\"\n").unwrap_err();
        assert_eq!(problems[0].key, "jwt_secret");
    }

    #[test]
    fn the_audited_digest_depends_on_no_secret() {
        let mut a = Config::load(None).unwrap();
        a.database.url = "postgres://hotline:first-secret@db:5432/hotline".into();
        let mut b = a.clone();
        b.database.url = "postgres://hotline:other-secret@db:5432/hotline".into();
        assert_eq!(a.digest(), b.digest());
        b.database.url = "postgres://hotline:first-secret@db2:5432/hotline".into();
        assert_ne!(a.digest(), b.digest(), "what is not secret still counts");
        b = a.clone();
        b.jwt.secret = Some("x".repeat(40));
        b.mail.smtp_url = "smtp://user:pass@mail:587".into();
        a.mail.smtp_url = "smtp://user:other@mail:587".into();
        assert_eq!(a.digest(), b.digest());
    }
}
