//! The case's papers: the upload form's handler (a file input on the case page, no script
//! needed), each step's form printed to be signed, and a paper's download. Every
//! rule is the documents crate's; the upload's form token is checked before its file is read.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpResponse};
use hotline_cases::record::{export_record, render_step_form, RecordFormat};
use hotline_documents::form::{self, Received};
use hotline_documents::upload::Upload;
use hotline_documents::{api, read, DocumentError};
use hotline_domain::{time, DocumentStep};
use hotline_http::{ApiError, AppState, Failure, FieldError};

use super::render::{render, Done};
use crate::error::ConsoleError;
use crate::signed::Signed;

/// The console form's fields, as the API's form names them: `attach` becomes `step` or
/// `referral_id`.
fn as_api_fields(received: &mut Received) {
    let attach = received
        .fields
        .iter()
        .position(|(n, _)| n == "attach")
        .map(|i| received.fields.remove(i).1);
    match attach.as_deref().map(|a| a.split_once(':')) {
        Some(Some(("step", step))) => received.fields.push(("step".into(), step.into())),
        Some(Some(("referral", id))) => received.fields.push(("referral_id".into(), id.into())),
        Some(Some(_)) => received.fields.push(("step".into(), "?".into())),
        Some(None) | None => {}
    }
}

/// The form's input an API field's problem is shown at.
fn input_of(field: &str) -> &'static str {
    match field {
        "kind" => "paper-kind",
        "title" => "paper-title",
        "dated" => "paper-dated",
        "scanned_paper" => "paper-scanned",
        "step" | "referral_id" => "paper-attach",
        _ => "paper-file",
    }
}

/// File a paper from the case page.
#[post("/console/cases/{id}/documents")]
pub async fn upload(
    state: web::Data<AppState>,
    signed: Signed,
    sent: Upload,
) -> Result<HttpResponse, ConsoleError> {
    let id = sent.case_id.clone();
    let (errors, status) = match receive(&state, &signed, sent).await {
        Ok(()) => {
            return Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, Done::Paper.path(&id)))
                .finish())
        }
        Err(ConsoleError::Api(ApiError::Failed(Failure::Invalid(errors)))) => {
            (errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(ConsoleError::Api(ApiError::Failed(Failure::TooLarge { field, detail }))) => (
            vec![FieldError::new(field, detail)],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Err(e) => return Err(e),
    };
    let shown = errors
        .into_iter()
        .map(|e| FieldError::new(input_of(&e.field), e.message))
        .collect();
    render(&state, &signed, id, None, shown, status).await
}

/// Admit the upload (reach, declared size), read the form (its token first), then file
/// the paper.
async fn receive(
    state: &web::Data<AppState>,
    signed: &Signed,
    sent: Upload,
) -> Result<(), ConsoleError> {
    let target = sent.admit(state, &signed.caller).await?;
    let names = ["csrf", "kind", "title", "dated", "attach", "scanned_paper"];
    let mut received = form::receive::<ConsoleError>(sent.multipart, target, &names, |fields| {
        let token = fields
            .iter()
            .find(|(n, _)| n == "csrf")
            .map(|(_, v)| v.as_str());
        signed.check_form(token)
    })
    .await?;
    as_api_fields(&mut received);
    api::file(state, signed.caller.clone(), sent.case_id, received).await?;
    Ok(())
}

impl From<DocumentError> for ConsoleError {
    fn from(e: DocumentError) -> Self {
        ConsoleError::Api(e.into())
    }
}

/// A paper's file, as an attachment.
#[get("/console/documents/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller;
    let opened = state
        .db(move |conn| read::open(conn, &caller, &path, time::now()))
        .await?;
    Ok(api::send(state.into_inner(), opened))
}

/// A step's form, printed with the case's data to be signed (`case.record.export`).
#[get("/console/cases/{id}/steps/{step}/form")]
pub async fn step_form(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ConsoleError> {
    let (id, step) = path.into_inner();
    let step: DocumentStep = step.parse().map_err(|_| ApiError::not_found())?;
    let caller = signed.caller;
    let html = state
        .db(move |conn| {
            let record = export_record(conn, &caller, &id, RecordFormat::StepForm, time::now())?;
            render_step_form(&record, step)
        })
        .await?;
    Ok(super::printable(html))
}
