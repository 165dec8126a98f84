//! Rate limits per client, held in memory by each server (GCRA: a burst, then a steady rate),
//! in bounded memory. The login and the public form count requests here; the keys are client
//! addresses or keyed hashes, never names or numbers in clear.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::RwLock;
use std::time::Duration;

use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Keys kept before idle ones are dropped; if that is not enough (a flood of distinct
/// clients), the table starts afresh rather than grow.
const KEEP_AT_MOST: usize = 100_000;

/// One limit, per key.
pub struct Throttle<K: Hash + Eq + Clone> {
    quota: Quota,
    limiter: RwLock<DefaultKeyedRateLimiter<K>>,
    clock: DefaultClock,
}

/// A steady rate of `per_period` requests per `period`, after a burst of `burst`; zeros count
/// as one.
pub fn quota(per_period: u32, period: Duration, burst: u32) -> Quota {
    let per_period = NonZeroU32::new(per_period).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    let interval = period / per_period.get();
    Quota::with_period(interval)
        .unwrap_or_else(|| Quota::per_second(per_period))
        .allow_burst(burst)
}

impl<K: Hash + Eq + Clone> Throttle<K> {
    pub fn new(quota: Quota) -> Throttle<K> {
        Throttle {
            quota,
            limiter: RwLock::new(DefaultKeyedRateLimiter::keyed(quota)),
            clock: DefaultClock::default(),
        }
    }

    /// Count one request for `key`; over the limit, how long until the next is allowed.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.bound();
        let limiter = self.limiter.read().unwrap_or_else(|e| e.into_inner());
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            // Whole seconds, rounded up: what Retry-After can say.
            Duration::from_secs((wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1))
        })
    }

    /// Keep memory bounded: drop idle keys above the bound, and start afresh if the table
    /// is still too large.
    fn bound(&self) {
        let len = self.limiter.read().map_or(0, |l| l.len());
        if len <= KEEP_AT_MOST {
            return;
        }
        let mut limiter = self.limiter.write().unwrap_or_else(|e| e.into_inner());
        limiter.retain_recent();
        if limiter.len() > KEEP_AT_MOST {
            *limiter = DefaultKeyedRateLimiter::keyed(self.quota);
        }
    }

    /// How many keys are tracked now.
    pub fn tracked(&self) -> usize {
        self.limiter.read().map_or(0, |l| l.len())
    }
}

/// A client as limits count it: an IPv4 address, or an IPv6 /64 (one household or one
/// server's whole range is one client, so that rotating addresses inside it gains nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(u128);

impl From<IpAddr> for ClientKey {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => ClientKey(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(u128::from(u32::from(v4))),
                None => ClientKey((u128::from(v6) >> 64) << 64 | 1),
            },
        }
    }
}

/// Where clients are: the peer's address, or, behind a trusted reverse proxy, the address
/// the proxy puts in `header` (the last of a list, which is the one the proxy added).
#[derive(Debug, Clone, Default)]
pub struct ClientAddress {
    pub header: Option<String>,
}

impl ClientAddress {
    pub fn of(&self, req: &HttpRequest) -> Option<IpAddr> {
        let from_header = self.header.as_ref().and_then(|h| {
            req.headers()
                .get(h.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next_back())
                .and_then(|v| v.trim().parse().ok())
        });
        from_header.or_else(|| req.peer_addr().map(|a| a.ip()))
    }

    /// The client as limits count it; a request whose address cannot be told counts as one
    /// shared "unknown" client.
    pub fn key(&self, req: &HttpRequest) -> ClientKey {
        self.of(req).map_or(ClientKey(u128::MAX), ClientKey::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_next_waits_per_key() {
        let throttle = Throttle::new(quota(2, Duration::from_secs(3600), 3));
        for _ in 0..3 {
            assert!(throttle.check(&1).is_ok());
        }
        let wait = throttle.check(&1).unwrap_err();
        assert!((1..=1800).contains(&wait.as_secs()), "{wait:?}");
        assert!(throttle.check(&2).is_ok(), "another key is not affected");
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap_or(IpAddr::from([0u8; 16]));
        let b: IpAddr = "2001:db8:1:2:ffff::9"
            .parse()
            .unwrap_or(IpAddr::from([0u8; 16]));
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap_or(IpAddr::from([0u8; 16]));
        assert_eq!(ClientKey::from(a), ClientKey::from(b));
        assert_ne!(ClientKey::from(a), ClientKey::from(c));
        let mapped: IpAddr = "::ffff:192.0.2.1"
            .parse()
            .unwrap_or(IpAddr::from([0u8; 16]));
        assert_eq!(
            ClientKey::from(mapped),
            ClientKey::from(IpAddr::from([192, 0, 2, 1]))
        );
    }
}
