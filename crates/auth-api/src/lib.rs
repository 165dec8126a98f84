//! Signing in: `POST /api/v1/auth/token` for a short-lived access token, and [`sign_in`], the
//! same steps for any face: limits per address and per name, the account read, the password
//! hashed with no database connection held and a bounded number of hashes at once, then the
//! attempt recorded with its audit entry.

pub mod accounts;
pub mod agencies;
pub mod clients;
pub mod clients_api;
pub mod guard;

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_auth::{login, record, Attempt, Principal};
use hotline_http::{ApiError, AppState, ValidJson};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use guard::{GuardSettings, LoginGuard};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(issue_token);
    clients_api::configure(cfg);
}

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

/// Sign in with a username and password, as the request's client. A refusal is the same
/// 401 whatever the reason (no such name, a wrong password, a locked account).
pub async fn sign_in(
    state: &web::Data<AppState>,
    guard: &LoginGuard,
    req: &HttpRequest,
    username: String,
    password: String,
    now: DateTime<Utc>,
) -> Result<Principal, ApiError> {
    guard.admit(state.clients.key(req), &username)?;
    let client_ip = state.clients.of(req).map(|ip| ip.to_string());
    let name = username.clone();
    let account = state.db(move |conn| login::account(conn, &name)).await?;
    let verdict = {
        let _turn = guard.turn().await?;
        web::block(move || login::check_password(account, &password, now)).await?
    };
    let worker = state.clone();
    state
        .db(move |conn| {
            let attempt = Attempt {
                username: &username,
                client_ip,
                audit_key: &worker.audit_key,
            };
            record(conn, verdict, &attempt, &worker.lockout, now)
        })
        .await
}

/// Exchange a username and password for an access token.
#[utoipa::path(
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = hotline_http::Problem, description = "wrong username or password"),
        (status = 429, body = hotline_http::Problem, description = "too many attempts from this address or for this name; see Retry-After"),
        (status = 503, body = hotline_http::Problem, description = "too many logins at once; retry"),
    )
)]
#[post("/api/v1/auth/token")]
pub async fn issue_token(
    state: web::Data<AppState>,
    guard: web::Data<LoginGuard>,
    req: HttpRequest,
    body: ValidJson<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest { username, password } = body.body;
    let now = Utc::now();
    let principal = sign_in(&state, &guard, &req, username, password, now).await?;
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

/// The OpenAPI description of the login endpoint.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        issue_token,
        clients_api::create_client,
        clients_api::add_secret,
        clients_api::revoke_secret,
        clients_api::disable_client,
        clients_api::client_token,
    ),
    components(schemas(
        TokenRequest,
        TokenResponse,
        clients::NewClient,
        clients::ClientCreated,
        clients::SecretCreated,
        clients::ClientDisabled,
        clients_api::ClientCredentials,
        clients_api::ClientToken,
    ))
)]
pub struct AuthApi;
