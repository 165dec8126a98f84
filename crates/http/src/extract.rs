//! Request extractors: the authenticated caller and the client address.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use hotline_auth::Principal;

use crate::{ApiError, AppState};

/// The caller, authenticated by a bearer token and reloaded from the database.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let token = token.ok_or(ApiError::Unauthorized)?;
            let claims = state.tokens.verify(&token).map_err(ApiError::from)?;
            let principal = state
                .db(move |conn| Principal::load(conn, &claims.sub).map_err(ApiError::from))
                .await?;
            Ok(Authenticated(principal))
        })
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

/// The client's address as this server saw it (the peer, not a forwarded header, which
/// anyone can forge; a trusted proxy setting can come later).
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequest for ClientIp {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(ClientIp(req.peer_addr().map(|a| a.ip().to_string()))))
    }
}
