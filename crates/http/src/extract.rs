//! Request extractors: the caller, authenticated by a bearer token, and the client address.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use hotline_auth::Principal;

use crate::{ApiError, AppState, Caller, Failure};

/// The caller, authenticated by a bearer token and reloaded from the database on every
/// request, so that a deactivated user or a moved agency takes effect at once.
impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        let ip = client_ip(req);
        let route = (
            req.method().to_string(),
            req.match_pattern().unwrap_or_default(),
        );
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = token.ok_or(Failure::Unauthenticated)?;
            let claims = state.tokens.verify(&token)?;
            if let Some(scope) = &claims.scope {
                admit_client(&state, scope, &claims.sub, (&route.0, &route.1))?;
            }
            let principal = state
                .db(move |conn| Principal::load(conn, &claims.sub))
                .await?;
            Ok(Caller::user(principal, ip, state.vault.clone()))
        })
    }
}

/// A machine client's token opens only the routes of its permissions, at a bounded rate.
fn admit_client(
    state: &AppState,
    scope: &str,
    account: &str,
    (method, route): (&str, &str),
) -> Result<(), Failure> {
    let permissions = hotline_domain::client::permissions_of(scope);
    if !hotline_domain::client::client_may(&permissions, method, route) {
        return Err(Failure::Forbidden(
            "Ứng dụng này không được cấp quyền cho yêu cầu này.".into(),
        ));
    }
    state
        .client_requests
        .check(&account.to_owned())
        .map_err(|wait| Failure::Throttled {
            retry_after_secs: wait.as_secs(),
            detail: format!(
                "Ứng dụng gửi quá nhiều yêu cầu; thử lại sau {} giây.",
                wait.as_secs()
            ),
        })
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

/// The client's address: the peer's, or the one a configured trusted proxy reports (any
/// other forwarded header is ignored: anyone can forge one).
fn client_ip(req: &HttpRequest) -> Option<String> {
    match req.app_data::<web::Data<AppState>>() {
        Some(state) => state.clients.of(req),
        None => req.peer_addr().map(|a| a.ip()),
    }
    .map(|ip| ip.to_string())
}

/// The client's address, for requests that come with no caller (logging in, a link).
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequest for ClientIp {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(ClientIp(client_ip(req))))
    }
}
