//! How webhooks are delivered; every value is checked before the server starts.

use std::time::Duration;

use crate::address::AddressPolicy;

#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The pause between rounds when the last one found nothing more.
    pub interval: Duration,
    pub batch: i64,
    /// Deliveries sent at once by one worker.
    pub concurrency: usize,
    /// How long a claimed delivery stays invisible to other workers.
    pub lease: Duration,
    /// The whole of one request: connecting, sending, and the answer's head.
    pub timeout: Duration,
    /// A delivery not made within this of its event (or of its replay) is given up.
    pub give_up_after: Duration,
    /// First retry delay; each further attempt doubles it, up to `backoff_max`, with jitter.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    pub addresses: AddressPolicy,
    /// Live subscriptions a client may hold.
    pub max_per_client: usize,
}

impl WebhookSettings {
    /// The delay before attempt `attempts + 1` (see `hotline_domain::time::backoff`).
    pub fn backoff(&self, attempts: i32) -> Duration {
        let bounds = (self.backoff_base, self.backoff_max);
        hotline_domain::time::backoff(bounds, attempts, rand::random())
    }
}
