//! Recording a sign-in attempt: the account's failure count or lock, and the audit entry,
//! commit together whatever the attempt came to. Both faces (the token endpoint and the
//! console's sign-in page) call [`record`] after [`crate::login::check_password`].

use chrono::{DateTime, Utc};
use hotline_audit::query::search_term_hash;
use hotline_audit::{append, Actor, Entry};
use hotline_store::models::UserRow;
use hotline_store::queries::users;
use hotline_store::{write_transaction, DbConnection};

use crate::login::Verdict;
use crate::{AuthError, LockoutPolicy, Principal};

/// Where an attempt came from, and how the log keeps a name that is no account.
pub struct Attempt<'a> {
    pub username: &'a str,
    pub client_ip: Option<String>,
    /// Key of the keyed hash that records a username that names no account.
    pub audit_key: &'a [u8],
}

/// What the log says an attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Result {
    Success,
    Failure,
    Locked,
}

impl Result {
    fn code(self) -> &'static str {
        match self {
            Result::Success => "success",
            Result::Failure => "failure",
            Result::Locked => "locked",
        }
    }
}

/// Write down what the password check decided: a success resets the failure count; a wrong
/// password counts (and locks after too many); a locked account's attempt is only logged.
/// Every refusal is the same `InvalidCredentials`.
pub fn record(
    conn: &mut DbConnection,
    verdict: Verdict,
    attempt: &Attempt<'_>,
    policy: &LockoutPolicy,
    now: DateTime<Utc>,
) -> std::result::Result<Principal, AuthError> {
    let granted = write_transaction(conn, |conn| {
        let (user, result) = match verdict {
            Verdict::Granted(user) => {
                users::record_success(conn, &user.id, now.naive_utc())?;
                (Some(user), Result::Success)
            }
            Verdict::Refused {
                user: Some(user),
                locked: true,
            } => (Some(*user), Result::Locked),
            Verdict::Refused {
                user: Some(user),
                locked: false,
            } => {
                let failures = users::count_failure(conn, &user.id)?;
                if let Some(lock) = policy.lock_for(failures) {
                    users::lock(conn, &user.id, (now + lock).naive_utc())?;
                }
                (Some(*user), Result::Failure)
            }
            Verdict::Refused { user: None, .. } => (None, Result::Failure),
        };
        let (who, entry, principal) = entry(conn, user, result, attempt)?;
        append(conn, &who, entry, now)?;
        Ok::<_, AuthError>(principal.filter(|_| result == Result::Success))
    })?;
    granted.ok_or(AuthError::InvalidCredentials)
}

/// The attempt's audit entry, recorded against the account when there is one; an unknown
/// username is kept only as a keyed hash (people type passwords into the username field).
fn entry(
    conn: &mut DbConnection,
    user: Option<UserRow>,
    result: Result,
    attempt: &Attempt<'_>,
) -> std::result::Result<(Actor, Entry, Option<Principal>), AuthError> {
    let detail = serde_json::json!({"result": result.code()});
    match user {
        Some(user) => {
            let p = Principal::from_user(conn, user)?;
            let (province, commune) = p.place();
            let entry = Entry::new("auth.login")
                .on("user", p.user_id.to_string())
                .place(province, commune)
                .detail(detail);
            Ok((p.actor(attempt.client_ip.clone()), entry, Some(p)))
        }
        None => {
            let who = Actor {
                ip: attempt.client_ip.clone(),
                ..Actor::default()
            };
            let entry = Entry::new("auth.login").detail(serde_json::json!({
                "result": result.code(),
                "username_hash": search_term_hash(attempt.audit_key, attempt.username),
            }));
            Ok((who, entry, None))
        }
    }
}
