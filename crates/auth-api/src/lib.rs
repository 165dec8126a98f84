//! `POST /api/v1/auth/token`: signing in for a short-lived access token, over
//! `hotline_auth::sign_in`.

use actix_web::{post, web, HttpResponse};
use hotline_auth::{sign_in, Attempt, Login};
use hotline_http::{ApiError, AppState, ClientIp, ValidJson};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(issue_token);
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

/// Exchange a username and password for an access token.
#[utoipa::path(
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = hotline_http::Problem, description = "wrong username or password"),
        (status = 429, body = hotline_http::Problem, description = "too many failures; see Retry-After"),
    )
)]
#[post("/api/v1/auth/token")]
pub async fn issue_token(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: ValidJson<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let TokenRequest { username, password } = body.body;
    let now = chrono::Utc::now();
    let worker = state.clone();
    let principal = state
        .db(move |conn| {
            let attempt = Attempt {
                login: Login {
                    username: &username,
                    password: &password,
                },
                client_ip: ip.0,
                audit_key: &worker.audit_key,
            };
            sign_in(conn, &attempt, &worker.lockout, now)
        })
        .await?;
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
#[openapi(paths(issue_token), components(schemas(TokenRequest, TokenResponse)))]
pub struct AuthApi;
