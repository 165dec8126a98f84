//! The `[webhooks]` section: how status goes back to machine clients.

use std::time::Duration;

use hotline_webhooks::address::AddressPolicy;
use hotline_webhooks::WebhookSettings;
use serde::Deserialize;

use super::{problem, ConfigProblem};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    pub interval_ms: u64,
    pub batch: i64,
    pub concurrency: usize,
    pub lease_secs: u64,
    pub timeout_secs: u64,
    pub give_up_after_secs: u64,
    pub backoff_base_ms: u64,
    pub backoff_max_secs: u64,
    pub allow_private_addresses: bool,
    pub allow_plain_http: bool,
    pub max_per_client: usize,
}

impl Webhooks {
    pub(super) fn check(&self, p: &mut Vec<ConfigProblem>) {
        let ranges = [
            ("webhooks_interval_ms", self.interval_ms, 10, 3_600_000),
            (
                "webhooks_batch",
                u64::try_from(self.batch).unwrap_or(0),
                1,
                1000,
            ),
            ("webhooks_concurrency", self.concurrency as u64, 1, 64),
            ("webhooks_lease_secs", self.lease_secs, 1, 3600),
            ("webhooks_timeout_secs", self.timeout_secs, 1, 60),
            (
                "webhooks_give_up_after_secs",
                self.give_up_after_secs,
                1,
                30 * 86400,
            ),
            (
                "webhooks_backoff_base_ms",
                self.backoff_base_ms,
                1,
                3_600_000,
            ),
            ("webhooks_backoff_max_secs", self.backoff_max_secs, 1, 86400),
            (
                "webhooks_max_per_client",
                self.max_per_client as u64,
                1,
                100,
            ),
        ];
        for (key, value, low, high) in ranges {
            if !(low..=high).contains(&value) {
                p.push(problem(key, format!("must be between {low} and {high}")));
            }
        }
        // A request that may outlast its lease would let another worker send it again.
        if self.timeout_secs >= self.lease_secs {
            p.push(problem(
                "webhooks_lease_secs",
                "must be longer than timeout_secs",
            ));
        }
    }

    pub fn settings(&self) -> WebhookSettings {
        WebhookSettings {
            interval: Duration::from_millis(self.interval_ms),
            batch: self.batch,
            concurrency: self.concurrency,
            lease: Duration::from_secs(self.lease_secs),
            timeout: Duration::from_secs(self.timeout_secs),
            give_up_after: Duration::from_secs(self.give_up_after_secs),
            backoff_base: Duration::from_millis(self.backoff_base_ms),
            backoff_max: Duration::from_secs(self.backoff_max_secs),
            addresses: AddressPolicy {
                allow_private: self.allow_private_addresses,
                allow_plain_http: self.allow_plain_http,
            },
            max_per_client: self.max_per_client,
        }
    }
}
