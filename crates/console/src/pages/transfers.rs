//! Transfers: what comes to the person's side (to take or refuse, with a reason) and what went
//! from it (to withdraw while it waits). Each answer is the operation the API calls.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_cases::transfers::{self, AnswerRequest, TransferView, Transfers};
use hotline_domain::time;
use hotline_domain::transfer::TransferMove;
use hotline_domain::TransferStatus;
use hotline_http::{ApiError, AppState};
use hotline_routing::Router;
use serde::Deserialize;

use super::local;
use crate::error::ConsoleError;
use crate::form::{CsrfForm, Gate};
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

/// A transfer as the page lists it.
pub struct TransferRow {
    pub id: String,
    pub case_id: String,
    pub number: String,
    pub places: String,
    pub proposed: String,
    pub reason: String,
    pub due: String,
    pub status: String,
    pub escalated: bool,
    pub answer: Option<String>,
    /// The person answers it (accept, refuse).
    pub answers: bool,
    /// The person may withdraw it (the sending side, while it waits).
    pub withdraws: bool,
}

impl TransferRow {
    pub(crate) fn of(t: &TransferView, outgoing: bool) -> TransferRow {
        let place = |name: &Option<String>, code: i32| name.clone().unwrap_or(code.to_string());
        let waiting = t.status == TransferStatus::Proposed.code();
        TransferRow {
            id: t.id.clone(),
            case_id: t.case_id.clone(),
            number: t.case_number.clone(),
            places: text::from_to(
                &place(&t.from_commune, t.from_commune_code),
                &place(&t.to_commune, t.to_commune_code),
            ),
            proposed: format!(
                "{} – {}",
                local(t.proposed_at),
                t.proposed_by.clone().unwrap_or_default()
            ),
            reason: t.reason.clone(),
            due: local(t.due_at),
            status: hotline_domain::codes::label_or_code::<TransferStatus>(
                &t.status,
                TransferStatus::label_vi,
            ),
            escalated: t.escalated_at.is_some() && waiting,
            answer: t.answer_reason.clone(),
            answers: t.yours_to_answer,
            withdraws: outgoing && waiting,
        }
    }
}

#[derive(Template)]
#[template(path = "transfers.html")]
struct TransfersPage {
    chrome: Chrome,
    incoming: Vec<TransferRow>,
    outgoing: Vec<TransferRow>,
    /// The person takes part (answers, withdraws); a supervisor only reads.
    acts: bool,
    done: Option<&'static str>,
    errors: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct TransferParams {
    done: Option<String>,
}

/// What was just done, said on the page after the redirect.
fn said(done: &str) -> Option<&'static str> {
    match done {
        "accepted" => Some(text::DONE_TRANSFER_ACCEPTED),
        "refused" => Some(text::DONE_TRANSFER_REFUSED),
        "cancelled" => Some(text::DONE_TRANSFER_CANCELLED),
        _ => None,
    }
}

async fn page_of(
    state: &web::Data<AppState>,
    signed: &Signed,
    (done, errors): (Option<&'static str>, Vec<(String, String)>),
) -> Result<TransfersPage, ConsoleError> {
    let caller = signed.caller.clone();
    let acts = transfers::may_take_part(&caller).is_ok();
    let listed: Transfers = state
        .db(move |conn| transfers::list(conn, &caller, time::now()))
        .await?;
    Ok(TransfersPage {
        chrome: signed.chrome(),
        incoming: listed
            .incoming
            .iter()
            .map(|t| TransferRow::of(t, false))
            .collect(),
        outgoing: listed
            .outgoing
            .iter()
            .map(|t| TransferRow::of(t, acts))
            .collect(),
        acts,
        done,
        errors,
    })
}

#[get("/console/transfers")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<TransferParams>,
) -> Result<HttpResponse, ConsoleError> {
    let done = params.done.as_deref().and_then(said);
    let page = page_of(&state, &signed, (done, Vec::new())).await?;
    Ok(page::respond(StatusCode::OK, &page))
}

/// Those who take part in transfers: the commune's group and chair, the department.
pub struct TakesPart;

impl Gate for TakesPart {
    fn admit(signed: &Signed) -> Result<(), ConsoleError> {
        transfers::may_take_part(&signed.caller).map_err(|e| ApiError::from(e).into())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerForm {
    reason: Option<String>,
    /// Where the answer came from: the case's page (`case`), else the transfers page.
    from: Option<String>,
}

/// An answer to a transfer: `accept`, `refuse` or `cancel`. Back to the transfers page (or
/// the case taken) saying what was done, or the page again with what was refused.
#[post("/console/transfers/{id}/{answer}")]
pub async fn answer(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    path: web::Path<(String, String)>,
    CsrfForm { signed, form, .. }: CsrfForm<AnswerForm, TakesPart>,
) -> Result<HttpResponse, ConsoleError> {
    let (id, answer) = path.into_inner();
    let (mv, done) = match answer.as_str() {
        "accept" => (TransferMove::Accept, "accepted"),
        "refuse" => (TransferMove::Refuse, "refused"),
        "cancel" => (TransferMove::Cancel, "cancelled"),
        _ => return Err(ApiError::not_found().into()),
    };
    let request = AnswerRequest {
        reason: form.reason.filter(|r| !r.trim().is_empty()),
    };
    let caller = signed.caller.clone();
    let answered = state
        .db(move |conn| transfers::answer(conn, &caller, &router, (&id, mv), &request, time::now()))
        .await;
    let field = format!("answer-{answer}");
    let errors = match answered {
        // A case taken is the person's now: its page, to name its manager; a withdrawal
        // from the case's page goes back to it (a refused case is no longer in sight).
        Ok(t)
            if mv == TransferMove::Accept
                || (mv == TransferMove::Cancel && form.from.as_deref() == Some("case")) =>
        {
            return Ok(page::see_other(&format!(
                "/cases/{}?done=transfer-{done}",
                t.case_id
            )));
        }
        Ok(_) => return Ok(page::see_other(&format!("/console/transfers?done={done}"))),
        Err(e) => page::refusals(e, &field)?,
    };
    let page = page_of(&state, &signed, (None, errors)).await?;
    Ok(page::respond(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
