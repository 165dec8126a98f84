//! The machine-client endpoints: the administrator's (register, a second secret, revoke one,
//! disable) and the OAuth 2.0 client-credentials grant (RFC 6749 §4.4).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{delete, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::Utc;
use hotline_http::form::Fields;
use hotline_http::{ApiError, AppState, Caller, Failure, ValidJson};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clients::{self, ClientCreated, ClientDisabled, NewClient, SecretCreated};
use crate::LoginGuard;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_client)
        .service(add_secret)
        .service(revoke_secret)
        .service(disable_client)
        .service(client_token);
}

/// Register a machine client tied to a hotline agency; its first secret is shown once.
#[utoipa::path(
    tag = "clients",
    request_body = NewClient,
    responses(
        (status = 201, body = ClientCreated),
        (status = 403, body = hotline_http::Problem),
        (status = 422, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/admin/clients")]
pub async fn create_client(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<NewClient>,
) -> Result<HttpResponse, ApiError> {
    let created = state
        .db(move |conn| clients::create_client(conn, &caller, &body.body, Utc::now()))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// A second secret, to rotate to (at most two live at once); shown once.
#[utoipa::path(
    tag = "clients",
    params(("client_id" = String, Path, description = "client id")),
    responses(
        (status = 201, body = SecretCreated),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "two secrets are live already, or the client is disabled"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/admin/clients/{client_id}/secrets")]
pub async fn add_secret(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let created = state
        .db(move |conn| clients::add_secret(conn, &caller, &path, Utc::now()))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revoke one of a client's secrets: tokens are no longer given for it.
#[utoipa::path(
    tag = "clients",
    params(
        ("client_id" = String, Path, description = "client id"),
        ("secret_id" = String, Path, description = "secret id"),
    ),
    responses(
        (status = 204, description = "revoked"),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/admin/clients/{client_id}/secrets/{secret_id}")]
pub async fn revoke_secret(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (client, secret) = path.into_inner();
    state
        .db(move |conn| clients::revoke_secret(conn, &caller, (&client, &secret), Utc::now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Disable a client: its tokens are refused at once, and it gets no other.
#[utoipa::path(
    tag = "clients",
    params(("client_id" = String, Path, description = "client id")),
    responses(
        (status = 200, body = ClientDisabled),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "disabled already"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/admin/clients/{client_id}/disable")]
pub async fn disable_client(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let disabled = state
        .db(move |conn| clients::disable_client(conn, &caller, &path, Utc::now()))
        .await?;
    Ok(HttpResponse::Ok().json(disabled))
}

/// The client-credentials grant's form.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientCredentials {
    /// `client_credentials`.
    pub grant_type: String,
    /// With `client_secret`, or both in HTTP Basic instead.
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClientToken {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// The client's id and secret: from HTTP Basic (both URL-encoded, RFC 6749 §2.3.1), or from
/// the form.
fn credentials(req: &HttpRequest, form: &mut Fields) -> Result<(String, String), ApiError> {
    let from_form = (
        form.take("client_id").map_err(refused)?,
        form.take("client_secret").map_err(refused)?,
    );
    let basic = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (id, secret) = s.split_once(':')?;
            let decode = |v: &str| {
                url::form_urlencoded::parse(format!("v={v}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    if let Some(pair) = basic {
        return Ok(pair);
    }
    match from_form {
        (Some(id), Some(secret)) => Ok((id, secret)),
        _ => Err(Failure::Unauthenticated.into()),
    }
}

fn refused(r: hotline_http::form::Refusal) -> ApiError {
    Failure::field("grant_type", format!("{r:?}")).into()
}

/// A short-lived access token for a machine client (OAuth 2.0 client credentials): it opens
/// only the routes of the client's permissions.
#[utoipa::path(
    tag = "clients",
    request_body(content = ClientCredentials, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, body = ClientToken),
        (status = 401, body = hotline_http::Problem, description = "unknown client, disabled client, or a wrong or revoked secret"),
        (status = 422, body = hotline_http::Problem, description = "`grant_type` is not `client_credentials`"),
        (status = 429, body = hotline_http::Problem, description = "too many attempts; see Retry-After"),
    ),
    security(("client_basic" = []), ())
)]
#[post("/api/v1/oauth/token")]
pub async fn client_token(
    state: web::Data<AppState>,
    guard: web::Data<LoginGuard>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    let mut form = Fields::parse(&body).map_err(refused)?;
    // The client first (no credentials: 401, as RFC 6749 §5.2's invalid_client), then
    // what it asks for.
    let (client_id, secret) = credentials(&req, &mut form)?;
    let grant = form.take("grant_type").map_err(refused)?;
    if grant.as_deref() != Some("client_credentials") {
        return Err(Failure::field("grant_type", "chỉ nhận client_credentials").into());
    }
    guard.admit(state.clients.key(&req), &format!("client:{client_id}"))?;
    let now = Utc::now();
    let worker = state.clone();
    let token = state
        .db(move |conn| clients::client_token(conn, &worker.tokens, (&client_id, &secret), now))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ClientToken {
            access_token: token,
            token_type: "Bearer".into(),
            expires_in: state.tokens.ttl_secs(),
        }))
}
