//! Password login, in three steps so that the slow one holds nothing: find the account
//! (a short read), check the password (argon2, with no database connection held), record the
//! attempt (a short write). After a few failures an account is locked for a while, doubling
//! with each further failure up to a cap; a locked account answers exactly like a wrong
//! password, after the same work, so that neither the answer nor its timing says whether a
//! name exists or is locked.

use chrono::{DateTime, Duration, Utc};
use hotline_store::models::UserRow;
use hotline_store::queries::users;
use hotline_store::{DbConnection, StoreResult};

use crate::password;

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
            max_lock_secs: 900,
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

/// A password login attempt.
pub struct Login<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

/// The active account a name leads to, if any.
pub fn account(conn: &mut DbConnection, username: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::by_username(conn, username)?.filter(|u| u.active))
}

/// What the password check decided, before anything is written.
#[derive(Debug)]
pub enum Verdict {
    Granted(UserRow),
    Refused {
        /// The account the name led to, if any.
        user: Option<Box<UserRow>>,
        /// It was locked: the password was not even considered.
        locked: bool,
    },
}

/// Check `password` against the account: the same argon2 work whether the account is
/// unknown, locked or real. Run it with no database connection held: it is the slow part.
pub fn check_password(account: Option<UserRow>, password: &str, now: DateTime<Utc>) -> Verdict {
    let Some(user) = account else {
        password::verify_dummy(password);
        return Verdict::Refused {
            user: None,
            locked: false,
        };
    };
    let locked = user.locked_until.is_some_and(|t| t.and_utc() > now);
    let matches = password::verify(&user.password_hash, password);
    if matches && !locked {
        Verdict::Granted(user)
    } else {
        Verdict::Refused {
            user: Some(Box::new(user)),
            locked,
        }
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
        assert_eq!(p.lock_for(50), Some(Duration::seconds(900)));
    }
}
