//! How long a console session lives: it ends after a spell without a request (someone left
//! the desk) and, whatever happens, some hours after it began (a shift).

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub lifetime: Duration,
}

impl Default for SessionPolicy {
    /// 30 minutes idle, 12 hours in all.
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            lifetime: Duration::hours(12),
        }
    }
}

impl SessionPolicy {
    /// Whether a session begun at `created` and last seen at `last_seen` still holds at `now`.
    pub fn alive(
        &self,
        created: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now < last_seen + self.idle && now < created + self.lifetime
    }

    /// Whether the last-seen time is old enough to be worth writing again: a request a
    /// minute does not need its own write.
    pub fn worth_touching(&self, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - last_seen >= Duration::minutes(1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_idle_after_30_minutes_and_in_all_after_12_hours() {
        let p = SessionPolicy::default();
        let t0: DateTime<Utc> = "2026-11-30T01:00:00Z".parse().unwrap();
        let m = Duration::minutes;
        assert!(p.alive(t0, t0, t0 + m(29)));
        assert!(!p.alive(t0, t0, t0 + m(30)));
        // Kept busy, it still ends after 12 hours.
        assert!(p.alive(t0, t0 + m(700), t0 + m(710)));
        assert!(!p.alive(t0, t0 + m(715), t0 + m(720)));
        assert!(!p.worth_touching(t0, t0 + Duration::seconds(59)));
        assert!(p.worth_touching(t0, t0 + m(1)));
    }
}
