//! Password login with throttling: after a few failures an account is locked for a while,
//! doubling with each further failure, so guessing is slowed to uselessness.

use chrono::{DateTime, Duration, Utc};
use hotline_store::queries::users;
use hotline_store::DbConnection;

use crate::{password, AuthError, Principal};

#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    /// Failures allowed before the first lock.
    pub free_attempts: i32,
    pub first_lock_secs: i64,
    pub max_lock_secs: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            free_attempts: 5,
            first_lock_secs: 60,
            max_lock_secs: 3600,
        }
    }
}

impl LockoutPolicy {
    /// How long to lock after `failures` consecutive failures, if at all.
    pub fn lock_for(&self, failures: i32) -> Option<Duration> {
        let over = failures - self.free_attempts;
        if over < 0 {
            return None;
        }
        let secs = self
            .first_lock_secs
            .saturating_mul(1_i64 << over.min(20))
            .min(self.max_lock_secs);
        Some(Duration::seconds(secs))
    }
}

/// What a login attempt came to. A refusal is not an `Err`, so that the caller's
/// transaction commits the failure count rather than rolling it back.
#[derive(Debug)]
pub enum LoginOutcome {
    Granted(Principal),
    Refused(AuthError),
}

/// A password login attempt.
pub struct Login<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

impl Login<'_> {
    /// Check the password and update the user's failure count in one go. The caller runs
    /// this in a write transaction.
    pub fn check(
        &self,
        conn: &mut DbConnection,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> Result<LoginOutcome, AuthError> {
        let Some(user) = users::by_username(conn, self.username)?.filter(|u| u.active) else {
            password::verify_dummy(self.password);
            return Ok(LoginOutcome::Refused(AuthError::InvalidCredentials));
        };
        if let Some(until) = user.locked_until.map(|t| t.and_utc()).filter(|t| *t > now) {
            let retry_after_secs = (until - now).num_seconds().max(1) as u64;
            return Ok(LoginOutcome::Refused(AuthError::Locked {
                retry_after_secs,
            }));
        }
        if !password::verify(&user.password_hash, self.password) {
            let failures = user.failed_logins + 1;
            let lock_until = policy.lock_for(failures).map(|d| (now + d).naive_utc());
            users::record_failure(conn, &user.id, lock_until)?;
            return Ok(LoginOutcome::Refused(AuthError::InvalidCredentials));
        }
        users::record_success(conn, &user.id, now.naive_utc())?;
        Principal::from_user(conn, user).map(LoginOutcome::Granted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_doubles_and_is_capped() {
        let p = LockoutPolicy::default();
        assert_eq!(p.lock_for(4), None);
        assert_eq!(p.lock_for(5), Some(Duration::seconds(60)));
        assert_eq!(p.lock_for(6), Some(Duration::seconds(120)));
        assert_eq!(p.lock_for(50), Some(Duration::seconds(3600)));
    }
}
