//! Per-client rate limits of the public form (a burst, then a steady rate; see
//! `hotline_http::throttle`). Addresses live only in memory, never in a log or the database.

use std::time::Duration;

use actix_web::HttpRequest;
use hotline_http::throttle::{quota, ClientKey, Throttle};
use hotline_http::{AppState, Failure};

pub struct PublicLimits {
    submissions: Throttle<ClientKey>,
    lookups: Throttle<ClientKey>,
}

/// What the limits allow; every number at least 1.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    pub reports_per_hour: u32,
    pub reports_burst: u32,
    pub lookups_per_minute: u32,
}

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Submission,
    Lookup,
}

impl PublicLimits {
    pub fn new(s: &LimitSettings) -> PublicLimits {
        let hour = Duration::from_secs(3600);
        let minute = Duration::from_secs(60);
        PublicLimits {
            submissions: Throttle::new(quota(s.reports_per_hour, hour, s.reports_burst)),
            lookups: Throttle::new(quota(s.lookups_per_minute, minute, s.lookups_per_minute)),
        }
    }

    /// Count a submission against its sender's limit, and a refused one in the metrics.
    pub fn admit_submission(&self, req: &HttpRequest, state: &AppState) -> Result<(), Failure> {
        self.check(Kind::Submission, state.clients.key(req))
            .inspect_err(|_| crate::submit::count(&state.metrics, "limited"))
    }

    /// Count one request; 429 with the seconds to wait when over the limit.
    pub fn check(&self, kind: Kind, client: ClientKey) -> Result<(), Failure> {
        let throttle = match kind {
            Kind::Submission => &self.submissions,
            Kind::Lookup => &self.lookups,
        };
        throttle.check(&client).map_err(|wait| Failure::Throttled {
            retry_after_secs: wait.as_secs(),
            detail: hotline_words::come_back_in(wait.as_secs()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_counts_its_own_requests_and_says_how_long_to_wait() {
        let limits = PublicLimits::new(&LimitSettings {
            reports_per_hour: 2,
            reports_burst: 3,
            lookups_per_minute: 1,
        });
        let a = ClientKey::from(std::net::IpAddr::from([192, 0, 2, 1]));
        let b = ClientKey::from(std::net::IpAddr::from([192, 0, 2, 2]));
        for _ in 0..3 {
            assert!(limits.check(Kind::Submission, a).is_ok());
        }
        match limits.check(Kind::Submission, a) {
            Err(Failure::Throttled {
                retry_after_secs,
                detail,
            }) => {
                assert!((1..=1800).contains(&retry_after_secs), "{retry_after_secs}");
                assert!(detail.contains("phút"), "{detail}");
            }
            other => panic!("expected 429, got {other:?}"),
        }
        // Another address, and another limit, are not affected.
        assert!(limits.check(Kind::Submission, b).is_ok());
        assert!(limits.check(Kind::Lookup, a).is_ok());
        assert!(limits.check(Kind::Lookup, a).is_err());
    }
}
