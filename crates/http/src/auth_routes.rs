//! `POST /api/v1/auth/token`: a password login for a short-lived access token.

use actix_web::{post, web, HttpResponse};
use chrono::Utc;
use hotline_audit::{append, query::search_term_hash, Actor, Entry};
use hotline_auth::{AuthError, Login, LoginOutcome, Principal};
use hotline_store::queries::users;
use hotline_store::write_transaction;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit_ctx::{actor, place_of};
use crate::{ApiError, AppState, ClientIp, ValidJson};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub role: String,
    pub agency_code: Option<String>,
}

/// Exchange a username and password for an access token.
#[utoipa::path(
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = crate::Problem, description = "wrong username or password"),
        (status = 429, body = crate::Problem, description = "too many failures; see Retry-After"),
    )
)]
#[post("/api/v1/auth/token")]
pub async fn issue_token(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: ValidJson<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest { username, password } = body.body;
    let lockout = state.lockout;
    let now = Utc::now();
    let key = state.audit_key.clone();
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let outcome = Login {
                    username: &username,
                    password: &password,
                }
                .check(conn, &lockout, now)?;
                let (who, entry) = match &outcome {
                    LoginOutcome::Granted(p) => (actor(p, &ip), login_entry(p, "success")),
                    LoginOutcome::Refused(reason) => {
                        refused_entry(conn, &username, reason, &ip, &key)?
                    }
                };
                append(conn, &who, entry, now)?;
                Ok::<_, ApiError>(outcome)
            })
        })
        .await?;
    let principal = match outcome {
        LoginOutcome::Granted(p) => p,
        LoginOutcome::Refused(e) => return Err(e.into()),
    };
    let token = state
        .tokens
        .issue(&principal.user_id.to_string(), principal.role.code(), now)?;
    tracing::info!(user_id = %principal.user_id, role = %principal.role, "token issued");
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.ttl_secs(),
        role: principal.role.code().into(),
        agency_code: principal.agency_code().map(str::to_owned),
    }))
}

fn login_entry(p: &Principal, result: &str) -> Entry {
    let (province, commune) = place_of(p);
    Entry::new("auth.login")
        .on("user", p.user_id.to_string())
        .place(province, commune)
        .detail(serde_json::json!({"result": result}))
}

/// A refused login: recorded against the account when it exists; an unknown username is
/// kept only as a keyed hash (people type passwords into the username field).
fn refused_entry(
    conn: &mut hotline_store::DbConnection,
    username: &str,
    reason: &AuthError,
    ip: &ClientIp,
    key: &[u8],
) -> Result<(Actor, Entry), ApiError> {
    let result = match reason {
        AuthError::Locked { .. } => "locked",
        _ => "failure",
    };
    match users::by_username(conn, username)? {
        Some(user) => {
            let p = Principal::from_user(conn, user)?;
            Ok((actor(&p, ip), login_entry(&p, result)))
        }
        None => Ok((
            Actor { ip: ip.0.clone(), ..Actor::default() },
            Entry::new("auth.login")
                .detail(serde_json::json!({"result": result, "username_hash": search_term_hash(key, username)})),
        )),
    }
}
