//! Signing in with a password: the check, the account's failure count and the audit entry
//! commit together, whatever the attempt comes to. Both faces (the token endpoint and the
//! console's sign-in page) call [`sign_in`].

use chrono::{DateTime, Utc};
use hotline_audit::query::search_term_hash;
use hotline_audit::{append, Actor, Entry};
use hotline_store::queries::users;
use hotline_store::{write_transaction, DbConnection};

use crate::{AuthError, LockoutPolicy, Login, LoginOutcome, Principal};

/// Where an attempt comes from, and the key unknown usernames are hashed under in the log.
pub struct Attempt<'a> {
    pub login: Login<'a>,
    pub client_ip: Option<String>,
    /// Key of the keyed hash that records a username that names no account.
    pub audit_key: &'a [u8],
}

/// Check the credentials. A refusal is recorded (failure count, lock, audit entry) before it
/// is returned, so a stream of wrong passwords cannot go unlogged.
pub fn sign_in(
    conn: &mut DbConnection,
    attempt: &Attempt<'_>,
    policy: &LockoutPolicy,
    now: DateTime<Utc>,
) -> Result<Principal, AuthError> {
    let outcome = write_transaction(conn, |conn| {
        let outcome = attempt.login.check(conn, policy, now)?;
        let (who, entry) = match &outcome {
            LoginOutcome::Granted(p) => (
                p.actor(attempt.client_ip.clone()),
                login_entry(p, "success"),
            ),
            LoginOutcome::Refused(reason) => refused_entry(conn, attempt, reason)?,
        };
        append(conn, &who, entry, now)?;
        Ok::<_, AuthError>(outcome)
    })?;
    match outcome {
        LoginOutcome::Granted(p) => Ok(p),
        LoginOutcome::Refused(e) => Err(e),
    }
}

fn login_entry(p: &Principal, result: &str) -> Entry {
    let (province, commune) = p.place();
    Entry::new("auth.login")
        .on("user", p.user_id.to_string())
        .place(province, commune)
        .detail(serde_json::json!({"result": result}))
}

/// A refused login: recorded against the account when it exists; an unknown username is
/// kept only as a keyed hash (people type passwords into the username field).
fn refused_entry(
    conn: &mut DbConnection,
    attempt: &Attempt<'_>,
    reason: &AuthError,
) -> Result<(Actor, Entry), AuthError> {
    let result = match reason {
        AuthError::Locked { .. } => "locked",
        _ => "failure",
    };
    let username = attempt.login.username;
    match users::by_username(conn, username)? {
        Some(user) => {
            let p = Principal::from_user(conn, user)?;
            Ok((p.actor(attempt.client_ip.clone()), login_entry(&p, result)))
        }
        None => Ok((
            Actor {
                ip: attempt.client_ip.clone(),
                ..Actor::default()
            },
            Entry::new("auth.login").detail(serde_json::json!({
                "result": result,
                "username_hash": search_term_hash(attempt.audit_key, username),
            })),
        )),
    }
}
