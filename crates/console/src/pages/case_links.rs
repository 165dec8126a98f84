//! From the case page: record the case as a duplicate of another open case, and refer it to
//! one more agency or hand an open referral on; the same operations as the API's.

use actix_web::{post, web, HttpResponse};
use hotline_cases::duplicates::link_duplicate;
use hotline_http::AppState;
use hotline_routing::refer::{refer_case, NewReferralRequest};
use hotline_routing::Router;
use serde::Deserialize;

use super::case::refused;
use crate::error::ConsoleError;
use crate::page;
use crate::signed::Signed;

#[derive(Debug, Deserialize)]
pub struct DuplicateForm {
    csrf: Option<String>,
    of: String,
    note: Option<String>,
}

/// This case is the same incident as case `of`: it is closed as a duplicate of it.
#[post("/console/cases/{id}/duplicate")]
pub async fn link(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    signed: Signed,
    path: web::Path<String>,
    form: web::Form<DuplicateForm>,
) -> Result<HttpResponse, ConsoleError> {
    let DuplicateForm {
        csrf: token,
        of,
        note,
    } = form.into_inner();
    signed.check_form(token.as_deref())?;
    let id = path.into_inner();
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    let note = note.filter(|n| !n.trim().is_empty());
    match state
        .db(move |conn| link_duplicate(conn, &caller, &router, &case, &of, note.as_deref(), now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=linked"))),
        Err(e) => refused(&state, &signed, id, "duplicate-note", e).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct ReferForm {
    csrf: Option<String>,
    agency_code: String,
    reason: String,
    replaces: Option<String>,
}

/// Refer the case to one more agency, or hand an open referral to another.
#[post("/console/cases/{id}/referrals")]
pub async fn refer(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    signed: Signed,
    path: web::Path<String>,
    form: web::Form<ReferForm>,
) -> Result<HttpResponse, ConsoleError> {
    let ReferForm {
        csrf: token,
        agency_code,
        reason,
        replaces,
    } = form.into_inner();
    signed.check_form(token.as_deref())?;
    let id = path.into_inner();
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    let request = NewReferralRequest {
        agency_code,
        reason,
        replaces: replaces.filter(|r| !r.is_empty()),
    };
    match state
        .db(move |conn| refer_case(conn, &caller, &router, &case, &request, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=referred"))),
        Err(e) => refused(&state, &signed, id, "refer-reason", e).await,
    }
}
