//! Signing in and out. The sign-in goes through the same door as the API's token (address
//! and name throttling, a bounded number of hashes at once, the same audit entries); what
//! it opens is a session instead of a token.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use hotline_auth_api::LoginGuard;
use hotline_http::{ApiError, AppState, Failure};
use serde::Deserialize;

use crate::csrf;
use crate::error::ConsoleError;
use crate::form::{CsrfForm, OpenForm};
use crate::page::{self, Chrome};
use crate::session::{self, SessionSettings};
use crate::signed::Signed;
use crate::text;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    /// Sent here from a page that needs a session.
    asked: bool,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form, with a fresh form token in its own cookie.
fn form(
    req: &HttpRequest,
    status: StatusCode,
    next: String,
    username: String,
    error: Option<String>,
    asked: bool,
) -> HttpResponse {
    let token = session::random_token();
    let mut response = page::respond(
        status,
        &SignInPage {
            chrome: Chrome::anonymous(),
            csrf: token.clone(),
            next,
            username,
            error,
            asked,
        },
    );
    let cookie = csrf::sign_in_cookie(token, SessionSettings::of(req).secure_cookies);
    if let Err(e) = response.add_cookie(&cookie) {
        tracing::error!(error = %e, "sign-in cookie not set");
    }
    response
}

/// `/console` (and `/console/`): the signed-in person's own home page; signed out, the
/// sign-in page, which comes back here.
#[get("/console")]
pub async fn console_home(signed: Signed) -> Result<HttpResponse, ConsoleError> {
    to_home(&signed)
}

/// `/console/`: as `/console`.
#[get("/console/")]
pub async fn console_home_slash(signed: Signed) -> Result<HttpResponse, ConsoleError> {
    to_home(&signed)
}

fn to_home(signed: &Signed) -> Result<HttpResponse, ConsoleError> {
    let role = signed
        .caller
        .role()
        .ok_or(ApiError::from(Failure::Forbidden(String::new())))?;
    Ok(page::see_other(page::home(role)))
}

/// `/`: the sign-in page, or (signed in already) where the person was going.
#[get("/")]
pub async fn show(
    req: HttpRequest,
    query: web::Query<NextQuery>,
    signed: Option<Signed>,
) -> HttpResponse {
    let next = page::safe_next(query.next.as_deref());
    if let Some(role) = signed.as_ref().and_then(|s| s.caller.role()) {
        return page::see_other(next.as_deref().unwrap_or(page::home(role)));
    }
    form(
        &req,
        StatusCode::OK,
        next.unwrap_or_default(),
        String::new(),
        None,
        query.next.is_some(),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInForm {
    username: String,
    password: String,
    csrf: Option<String>,
    next: Option<String>,
}

/// The sign-in form's token is the one its own cookie holds (no session yet: double submit).
fn check_sign_in_token(req: &HttpRequest, sent: Option<&str>) -> Result<(), ConsoleError> {
    let expected = req
        .cookie(csrf::SIGN_IN_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    match csrf::matches(sent, &expected) {
        true => Ok(()),
        false => Err(ConsoleError::FormToken),
    }
}

/// The form again after a refused sign-in, saying why (never which part was wrong).
fn refused(
    req: &HttpRequest,
    error: ApiError,
    (next, username): (Option<String>, String),
) -> Result<HttpResponse, ConsoleError> {
    let (status, said) = match error {
        ApiError::Failed(Failure::Unauthenticated) => {
            (StatusCode::UNAUTHORIZED, text::BAD_CREDENTIALS)
        }
        ApiError::Failed(Failure::Throttled { .. }) => {
            (StatusCode::TOO_MANY_REQUESTS, text::TOO_MANY)
        }
        other => return Err(other.into()),
    };
    let next = next.unwrap_or_default();
    Ok(form(
        req,
        status,
        next,
        username,
        Some(said.to_owned()),
        false,
    ))
}

/// The way on after signing in: to `next`, or the person's home, with the session's cookie
/// set and the sign-in form's spent.
fn signed_in(
    req: &HttpRequest,
    begun: session::Begun,
    target: &str,
) -> Result<HttpResponse, ConsoleError> {
    let settings = SessionSettings::of(req);
    let mut response = page::see_other(target);
    let mut spent = csrf::sign_in_cookie(String::new(), settings.secure_cookies);
    spent.set_max_age(actix_web::cookie::time::Duration::ZERO);
    for cookie in [session::cookie(begun.cookie_value, &settings), spent] {
        response
            .add_cookie(&cookie)
            .map_err(|e| ApiError::internal(format!("cookie: {e}")))?;
    }
    Ok(response)
}

#[post("/console/sign-in")]
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    guard: web::Data<LoginGuard>,
    body: OpenForm<SignInForm>,
) -> Result<HttpResponse, ConsoleError> {
    let OpenForm(form) = body;
    check_sign_in_token(&req, form.csrf.as_deref())?;
    let next = page::safe_next(form.next.as_deref());
    let now = hotline_domain::time::now();
    let name = form.username.clone();
    let principal =
        match hotline_auth_api::sign_in(&state, &guard, &req, name, form.password, now).await {
            Ok(p) => p,
            Err(e) => return refused(&req, e, (next, form.username)),
        };
    let client_ip = state.clients.of(&req).map(|ip| ip.to_string());
    let user_id = principal.user_id.to_string();
    let begun = state
        .db(move |conn| session::begin(conn, &user_id, client_ip, now))
        .await?;
    let target = next.unwrap_or_else(|| page::home(principal.role).to_owned());
    signed_in(&req, begun, &target)
}

/// The sign-out button: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOutForm {}

#[post("/console/sign-out")]
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    _sent: CsrfForm<SignOutForm>,
) -> Result<HttpResponse, ConsoleError> {
    let value = req
        .cookie(session::COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let now = hotline_domain::time::now();
    state
        .db(move |conn| session::end(conn, &value, now))
        .await?;
    let mut response = page::see_other("/");
    response
        .add_cookie(&session::removal(&SessionSettings::of(&req)))
        .map_err(|e| ApiError::internal(format!("cookie: {e}")))?;
    Ok(response)
}
