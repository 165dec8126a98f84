//! What the notifier is configured with; every value is checked before the server starts.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::PoolConfig;
use lettre::SmtpTransport;

use crate::NotifierError;

#[derive(Debug, Clone)]
pub struct NotifierSettings {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required`, `smtps://host`.
    pub smtp_url: String,
    pub from: Mailbox,
    /// Where links in messages point (the public address of this service).
    pub public_base_url: url::Url,
    /// Key of the acknowledge links' signatures.
    pub link_key: Vec<u8>,
    pub link_ttl: Duration,
    pub batch: i64,
    /// How long a claimed row stays invisible to other workers.
    pub lease: Duration,
    pub max_attempts: i32,
    /// First retry delay; each further attempt doubles it, up to `backoff_max`, with jitter.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Messages sent at once by one worker.
    pub concurrency: usize,
}

impl NotifierSettings {
    /// A pooled SMTP transport for the URL. Nothing is connected yet: a server that is down
    /// now only delays the mail.
    pub fn transport(&self) -> Result<SmtpTransport, NotifierError> {
        let url = url::Url::parse(&self.smtp_url)
            .map_err(|e| NotifierError::Config(format!("smtp_url: not a URL ({e})")))?;
        if !matches!(url.scheme(), "smtp" | "smtps") {
            return Err(NotifierError::Config(format!(
                "smtp_url: unknown scheme `{}`; expected smtp:// or smtps://",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(NotifierError::Config("smtp_url: has no host".into()));
        }
        let builder = SmtpTransport::from_url(&self.smtp_url)
            .map_err(|e| NotifierError::Config(format!("smtp_url: {e}")))?;
        let size = u32::try_from(self.concurrency).unwrap_or(4).max(1);
        Ok(builder
            .timeout(Some(Duration::from_secs(15)))
            .pool_config(PoolConfig::new().max_size(size))
            .build())
    }

    /// The delay before attempt `attempts + 1` (see `hotline_domain::time::backoff`).
    pub fn backoff(&self, attempts: i32) -> Duration {
        let bounds = (self.backoff_base, self.backoff_max);
        hotline_domain::time::backoff(bounds, attempts, rand::random())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> NotifierSettings {
        NotifierSettings {
            smtp_url: url.into(),
            from: "Hotline <no-reply@example.invalid>".parse().unwrap(),
            public_base_url: "http://127.0.0.1:8080".parse().unwrap(),
            link_key: vec![7; 32],
            link_ttl: Duration::from_secs(3600),
            batch: 10,
            lease: Duration::from_secs(60),
            max_attempts: 5,
            backoff_base: Duration::from_secs(5),
            backoff_max: Duration::from_secs(300),
            concurrency: 2,
        }
    }

    #[test]
    fn smtp_urls_are_checked_without_connecting() {
        for good in [
            "smtp://127.0.0.1:2525",
            "smtp://user:pass@mail.example.vn:587?tls=required",
            "smtps://mail.example.vn",
        ] {
            assert!(settings(good).transport().is_ok(), "{good}");
        }
        for (bad, says) in [
            ("http://mail", "unknown scheme"),
            ("mail.example.vn:25", "scheme"),
            ("smtp://", "host"),
        ] {
            let e = settings(bad).transport().unwrap_err().to_string();
            assert!(
                e.starts_with("smtp_url: ") && e.contains(says),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let s = settings("smtp://x");
        for (attempt, base) in [(1, 5.0), (2, 10.0), (3, 20.0), (10, 300.0)] {
            let d = s.backoff(attempt).as_secs_f64();
            assert!(d >= base && d <= base * 1.25, "attempt {attempt}: {d}");
        }
    }
}
