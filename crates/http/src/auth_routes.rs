//! `POST /api/v1/auth/token`: a password login for a short-lived access token.

use actix_web::{post, web, HttpResponse};
use chrono::Utc;
use hotline_auth::{Login, LoginOutcome};
use hotline_store::write_transaction;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{ApiError, AppState, ValidJson};

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
    body: ValidJson<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest { username, password } = body.body;
    let lockout = state.lockout;
    let now = Utc::now();
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                Login {
                    username: &username,
                    password: &password,
                }
                .check(conn, &lockout, now)
                .map_err(ApiError::from)
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
