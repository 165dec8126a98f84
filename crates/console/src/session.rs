//! Console sessions: an opaque random cookie, of which the database keeps only the SHA-256,
//! with the session's form token. A session ends when signed out, after the policy's idle
//! time or lifetime, and at once when its user is deactivated (the next request finds no
//! active user and ends every session of that user).

use actix_web::cookie::{time::Duration as CookieAge, Cookie, SameSite};
use chrono::{DateTime, Utc};
use hotline_auth::{AuthError, Principal};
use hotline_domain::session::SessionPolicy;
use hotline_store::models::SessionRow;
use hotline_store::queries::sessions;
use hotline_store::DbConnection;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE: &str = "hotline_session";

/// How sessions behave on this server.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionSettings {
    pub policy: SessionPolicy,
    /// Mark cookies `Secure` (the service is reached over https).
    pub secure_cookies: bool,
}

impl SessionSettings {
    /// This server's settings, as the application registered them.
    pub fn of(req: &actix_web::HttpRequest) -> SessionSettings {
        req.app_data::<actix_web::web::Data<SessionSettings>>()
            .map(|s| *s.get_ref())
            .unwrap_or_default()
    }
}

/// 256 random bits, as hex.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn digest(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// A session just begun: the cookie's value (given to the browser, never stored) and the
/// session's form token.
pub struct Begun {
    pub cookie_value: String,
    pub csrf: String,
}

pub fn begin(
    conn: &mut DbConnection,
    user_id: &str,
    client_ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Begun, AuthError> {
    let cookie_value = random_token();
    let csrf = random_token();
    sessions::insert(
        conn,
        &SessionRow {
            id_hash: digest(&cookie_value),
            user_id: user_id.to_owned(),
            csrf_token: csrf.clone(),
            created_at: now.naive_utc(),
            last_seen_at: now.naive_utc(),
            ended_at: None,
            client_ip,
        },
    )?;
    Ok(Begun { cookie_value, csrf })
}

/// A live session: who it is, and its form token.
#[derive(Debug, Clone)]
pub struct Resumed {
    pub principal: Principal,
    pub csrf: String,
}

/// The session a cookie stands for, if it still holds at `now`.
pub fn resume(
    conn: &mut DbConnection,
    cookie_value: &str,
    policy: &SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<Resumed>, AuthError> {
    let id_hash = digest(cookie_value);
    let Some(row) = sessions::open(conn, &id_hash)? else {
        return Ok(None);
    };
    let last_seen = row.last_seen_at.and_utc();
    if !policy.alive(row.created_at.and_utc(), last_seen, now) {
        sessions::end(conn, &id_hash, now.naive_utc())?;
        return Ok(None);
    }
    let principal = match Principal::load(conn, &row.user_id) {
        Ok(p) => p,
        // No active user by that id: deactivated, so none of its sessions holds any more.
        Err(AuthError::InvalidToken) => {
            sessions::end_all_of(conn, &row.user_id, now.naive_utc())?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if policy.worth_touching(last_seen, now) {
        sessions::touch(conn, &id_hash, now.naive_utc())?;
    }
    Ok(Some(Resumed {
        principal,
        csrf: row.csrf_token,
    }))
}

/// End the session a cookie stands for (signing out).
pub fn end(
    conn: &mut DbConnection,
    cookie_value: &str,
    now: DateTime<Utc>,
) -> Result<bool, AuthError> {
    Ok(sessions::end(conn, &digest(cookie_value), now.naive_utc())?)
}

/// The cookie that carries a session: not readable by scripts, never sent by another site.
pub fn cookie(value: String, settings: &SessionSettings) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(settings.secure_cookies)
        .finish()
}

/// The cookie that removes it from the browser.
pub fn removal(settings: &SessionSettings) -> Cookie<'static> {
    let mut c = cookie(String::new(), settings);
    c.set_max_age(CookieAge::ZERO);
    c
}
