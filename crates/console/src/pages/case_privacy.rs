//! From the case page, for a supervisor: place and lift a legal hold, correct a child's
//! details, download everything held about a child, and erase an ended case on a lawful
//! request; the same operations as the API's.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use askama::Template;
use hotline_cases::privacy::corrections::{correct, CorrectionRequest};
use hotline_cases::privacy::export::{
    export_candidates, export_child, CandidateCase, ExportChoice, MAX_CONFIRMED,
};
use hotline_cases::privacy::holds::{lift_hold, place_hold};
use hotline_cases::privacy::request::erase_on_request;
use hotline_cases::CaseError;
use hotline_http::{AppState, FieldError};
use serde::Deserialize;

use super::case::refused;
use crate::error::ConsoleError;
use crate::form::{CaseForm, GuardsPrivacy};
use crate::page::{self, Chrome};
use crate::signed::Signed;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldForm {
    reason: String,
}

/// Keep the case from erasure until the hold is lifted.
#[post("/console/cases/{id}/hold")]
pub async fn hold(
    state: web::Data<AppState>,
    sent: CaseForm<HoldForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let HoldForm { reason } = form;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    match state
        .db(move |conn| place_hold(conn, &caller, &case, &reason, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=held"))),
        Err(e) => refused(&state, &signed, id, "hold-reason", e).await,
    }
}

/// A form of a button alone: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// Lift the hold in force.
#[post("/console/cases/{id}/hold/lift")]
pub async fn lift(
    state: web::Data<AppState>,
    sent: CaseForm<NoFields, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm { signed, id, .. } = sent;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    match state
        .db(move |conn| lift_hold(conn, &caller, &case, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=hold-lifted"))),
        Err(e) => refused(&state, &signed, id, "hold-lift", e).await,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectForm {
    child_id: String,
    field: String,
    value: Option<String>,
    reason: String,
}

/// Correct a child's name, date of birth or location; the old value is kept as a version.
#[post("/console/cases/{id}/correct")]
pub async fn correct_child(
    state: web::Data<AppState>,
    sent: CaseForm<CorrectForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let CorrectForm {
        child_id,
        field,
        value,
        reason,
    } = form;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    let request = CorrectionRequest {
        child_id: Some(child_id),
        field,
        value,
        reason,
    };
    match state
        .db(move |conn| correct(conn, &caller, &case, &request, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=corrected"))),
        Err(e) => refused(&state, &signed, id, "correct-value", e).await,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseForm {
    reason: String,
    note: String,
    /// The box saying the person knows the erasure cannot be undone.
    confirm: Option<String>,
}

/// Erase an ended case's personal details on a lawful request.
#[post("/console/cases/{id}/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    sent: CaseForm<EraseForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let EraseForm {
        reason,
        note,
        confirm,
    } = form;
    if confirm.is_none() {
        let unconfirmed = CaseError::Invalid(vec![FieldError::new(
            "confirm",
            "hãy xác nhận rằng dữ liệu sẽ bị xóa vĩnh viễn",
        )]);
        return refused(&state, &signed, id, "erase-note", unconfirmed.into()).await;
    }
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    match state
        .db(move |conn| erase_on_request(conn, &caller, &case, (&reason, &note), now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=erased"))),
        Err(e) => refused(&state, &signed, id, "erase-note", e).await,
    }
}

/// What the export page's query asks: the download, with the cases confirmed.
struct ExportAsk {
    download: bool,
    confirm: Vec<String>,
}

impl ExportAsk {
    /// The query as sent: `download=1` and one `confirm` per box ticked. Anything else is
    /// ignored, and no more values are read than the export takes.
    fn of(query: &str) -> ExportAsk {
        let mut ask = ExportAsk {
            download: false,
            confirm: Vec::new(),
        };
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()).take(MAX_CONFIRMED + 2) {
            match name.as_ref() {
                "download" => ask.download = value == "1",
                "confirm" => ask.confirm.push(value.into_owned()),
                _ => {}
            }
        }
        ask
    }
}

#[derive(Template)]
#[template(path = "export.html")]
pub struct ExportPage {
    pub chrome: Chrome,
    pub id: String,
    pub child: String,
    pub choice: ExportChoice,
}

impl ExportPage {
    fn received(&self, c: &CandidateCase) -> String {
        super::local(c.received_at)
    }

    fn status(&self, c: &CandidateCase) -> String {
        hotline_domain::codes::label_or_code::<hotline_domain::CaseStatus>(
            &c.status,
            hotline_domain::CaseStatus::label_vi,
        )
    }
}

/// What is held about one child, as a JSON file to hand to the child or its guardian: first
/// a page offering the other cases that may hold the same child, each to be confirmed (or
/// left out), then the file.
#[get("/console/cases/{id}/children/{child}/export")]
pub async fn export(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let (id, child) = path.into_inner();
    let ask = ExportAsk::of(req.query_string());
    if !ask.download {
        let (case, which) = (id.clone(), child.clone());
        let choice = state
            .db(move |conn| export_candidates(conn, &caller, (&case, &which), now))
            .await?;
        let page = ExportPage {
            chrome: signed.chrome(),
            id,
            child,
            choice,
        };
        return Ok(page::respond(StatusCode::OK, &page));
    }
    let doc = state
        .db(move |conn| export_child(conn, &caller, (&id, &child), &ask.confirm, now))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"tre-em-{}.json\"", doc.case_number()),
        ))
        .json(doc))
}
