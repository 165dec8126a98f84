//! Per-client-address rate limits of the public form (GCRA, held in memory by each server;
//! a burst, then a steady rate). Addresses live only here, never in a log or the database.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use hotline_http::Failure;

/// Tracked addresses above which stale ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

pub struct PublicLimits {
    submissions: DefaultKeyedRateLimiter<IpAddr>,
    lookups: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    /// A header a trusted reverse proxy sets to the client's address (e.g. X-Real-IP);
    /// `None`: the peer address.
    client_ip_header: Option<String>,
}

/// What the limits allow; every number at least 1.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    pub reports_per_hour: u32,
    pub reports_burst: u32,
    pub lookups_per_minute: u32,
    pub client_ip_header: Option<String>,
}

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Submission,
    Lookup,
}

impl PublicLimits {
    pub fn new(s: &LimitSettings) -> PublicLimits {
        let one = NonZeroU32::MIN;
        let per_hour = NonZeroU32::new(s.reports_per_hour).unwrap_or(one);
        let burst = NonZeroU32::new(s.reports_burst).unwrap_or(one);
        let lookups = NonZeroU32::new(s.lookups_per_minute).unwrap_or(one);
        PublicLimits {
            submissions: DefaultKeyedRateLimiter::keyed(
                Quota::per_hour(per_hour).allow_burst(burst),
            ),
            lookups: DefaultKeyedRateLimiter::keyed(Quota::per_minute(lookups)),
            clock: DefaultClock::default(),
            client_ip_header: s.client_ip_header.clone().filter(|h| !h.is_empty()),
        }
    }

    /// The client's address: from the trusted proxy's header when configured, else the
    /// peer. A request whose address cannot be told counts as one shared "unknown" client.
    pub fn client_of(&self, req: &HttpRequest) -> IpAddr {
        let from_header = self.client_ip_header.as_ref().and_then(|h| {
            req.headers()
                .get(h.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next_back())
                .and_then(|v| v.trim().parse().ok())
        });
        from_header
            .or_else(|| req.peer_addr().map(|a| a.ip()))
            .unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    /// Count a submission against its sender's limit, and a refused one in the metrics.
    pub fn admit_submission(
        &self,
        req: &HttpRequest,
        metrics: &hotline_http::metrics::Metrics,
    ) -> Result<(), Failure> {
        self.check(Kind::Submission, self.client_of(req))
            .inspect_err(|_| crate::submit::count(metrics, "limited"))
    }

    /// Count one request; 429 with the seconds to wait when over the limit.
    pub fn check(&self, kind: Kind, client: IpAddr) -> Result<(), Failure> {
        let limiter = match kind {
            Kind::Submission => &self.submissions,
            Kind::Lookup => &self.lookups,
        };
        if limiter.len() > PRUNE_ABOVE {
            limiter.retain_recent();
        }
        limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            Failure::Throttled {
                retry_after_secs: secs.max(1),
                detail: format!(
                    "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {}.",
                    human_wait(Duration::from_secs(secs.max(1)))
                ),
            }
        })
    }
}

/// "45 giây", "12 phút".
fn human_wait(wait: Duration) -> String {
    let secs = wait.as_secs();
    if secs < 90 {
        format!("{secs} giây")
    } else {
        format!("{} phút", secs.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_next_waits() {
        let limits = PublicLimits::new(&LimitSettings {
            reports_per_hour: 2,
            reports_burst: 3,
            lookups_per_minute: 1,
            client_ip_header: None,
        });
        let a = IpAddr::from([192, 0, 2, 1]);
        let b = IpAddr::from([192, 0, 2, 2]);
        for _ in 0..3 {
            assert!(limits.check(Kind::Submission, a).is_ok());
        }
        match limits.check(Kind::Submission, a) {
            Err(Failure::Throttled {
                retry_after_secs, ..
            }) => assert!((1..=1800).contains(&retry_after_secs), "{retry_after_secs}"),
            other => panic!("expected 429, got {other:?}"),
        }
        // Another address, and another limit, are not affected.
        assert!(limits.check(Kind::Submission, b).is_ok());
        assert!(limits.check(Kind::Lookup, a).is_ok());
        assert!(limits.check(Kind::Lookup, a).is_err());
    }
}
