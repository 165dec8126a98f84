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
use crate::form::{CaseForm, LinksCase, RefersCase};
use crate::page;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateForm {
    of: String,
    note: Option<String>,
}

/// This case is the same incident as case `of`: it is closed as a duplicate of it.
#[post("/console/cases/{id}/duplicate")]
pub async fn link(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    sent: CaseForm<DuplicateForm, LinksCase>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let DuplicateForm { of, note } = form;
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
#[serde(deny_unknown_fields)]
pub struct ReferForm {
    agency_code: String,
    reason: String,
    replaces: Option<String>,
}

/// Refer the case to one more agency, or hand an open referral to another.
#[post("/console/cases/{id}/referrals")]
pub async fn refer(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    sent: CaseForm<ReferForm, RefersCase>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let ReferForm {
        agency_code,
        reason,
        replaces,
    } = form;
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
