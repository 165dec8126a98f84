//! What keeps a flood of logins from stalling the service or guessing passwords: limits per
//! client address and per username (in memory, bounded), and a bound on how many password
//! hashes run at once (argon2 is meant to be slow; unbounded, it would take every core).

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use hotline_http::throttle::{quota, ClientKey, Throttle};
use hotline_http::Failure;
use sha2::Sha256;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How many login attempts are allowed, and how many hashes run at once.
#[derive(Debug, Clone, Copy)]
pub struct GuardSettings {
    /// Attempts per minute from one client address, after a burst of `address_burst`.
    pub address_per_minute: u32,
    pub address_burst: u32,
    /// Attempts per hour for one username (from any address), after a burst of `name_burst`.
    pub name_per_hour: u32,
    pub name_burst: u32,
    /// Password hashes computed at once; 0: half the CPU cores, at least one.
    pub hash_concurrency: usize,
    /// How long an attempt waits for its turn to hash before the answer is 503.
    pub hash_wait: Duration,
}

pub struct LoginGuard {
    by_address: Throttle<ClientKey>,
    by_name: Throttle<[u8; 16]>,
    hashing: Semaphore,
    hash_wait: Duration,
    /// Names are counted by a keyed hash, not kept in clear in memory.
    name_key: Vec<u8>,
}

impl LoginGuard {
    pub fn new(s: &GuardSettings, name_key: Vec<u8>) -> LoginGuard {
        let minute = Duration::from_secs(60);
        let hour = Duration::from_secs(3600);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let permits = match s.hash_concurrency {
            0 => (cores / 2).max(1),
            n => n,
        };
        LoginGuard {
            by_address: Throttle::new(quota(s.address_per_minute, minute, s.address_burst)),
            by_name: Throttle::new(quota(s.name_per_hour, hour, s.name_burst)),
            hashing: Semaphore::new(permits),
            hash_wait: s.hash_wait,
            name_key,
        }
    }

    /// Count an attempt from `client` for `username`: 429 when either is over its limit. The
    /// answer is the same for a name that exists and one that does not.
    pub fn admit(&self, client: ClientKey, username: &str) -> Result<(), Failure> {
        let refused = |wait: Duration| Failure::Throttled {
            retry_after_secs: wait.as_secs(),
            detail: format!(
                "Quá nhiều lần đăng nhập; vui lòng thử lại sau {} giây.",
                wait.as_secs()
            ),
        };
        self.by_address.check(&client).map_err(refused)?;
        self.by_name
            .check(&self.name_digest(username))
            .map_err(refused)
    }

    /// A turn to hash a password; 503 when none comes within the wait (the service is
    /// flooded, and the rest of it keeps answering).
    pub async fn turn(&self) -> Result<SemaphorePermit<'_>, Failure> {
        let busy = || Failure::Unavailable("login hashing is saturated".into());
        actix_web::rt::time::timeout(self.hash_wait, self.hashing.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())
    }

    fn name_digest(&self, username: &str) -> [u8; 16] {
        let mut out = [0u8; 16];
        if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.name_key) {
            mac.update(username.trim().to_lowercase().as_bytes());
            out.copy_from_slice(&mac.finalize().into_bytes()[..16]);
        }
        out
    }
}
