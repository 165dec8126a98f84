//! The Decree 56 step forms on the case page (Mẫu 02 verification, 03 assessment, 04 plan,
//! 06 review, closure): the forms of the steps open at the case's status, for those who
//! write step records, filled from the latest version; saved by the same operation as
//! `PUT /api/v1/cases/{id}/steps/{step}`, and a plan sent for the chair's approval by the
//! same move as the API's.

pub mod form;
pub mod shown;

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpResponse};
use hotline_cases::plan::{move_plan, PlanMove};
use hotline_cases::steps::{may_save_step, save_step};
use hotline_domain::CaseStep;
use hotline_http::{ApiError, AppState, Failure, FieldError};

use self::form::{field_id, StepValues};
use self::shown::names;
use super::render::{render_with_step, Done};
use crate::error::ConsoleError;
use crate::form::UnreadForm;
use crate::page;
use crate::signed::Signed;

/// Save a step's record from its form; `action=submit` on a plan also sends it for approval.
/// Who sends it, to which case and which step are checked before a byte of the body is read,
/// and the body may hold only the fields the step's form shows.
#[post("/console/cases/{id}/steps/{step}")]
pub async fn save(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(String, String)>,
    body: UnreadForm,
) -> Result<HttpResponse, ConsoleError> {
    let (id, step_code) = path.into_inner();
    let step: CaseStep = step_code.parse().map_err(|_| ApiError::not_found())?;
    let caller = signed.caller.clone();
    let case = id.clone();
    state
        .db(move |conn| may_save_step(conn, &caller, &case, step))
        .await?;
    let fields = body.read(&signed).await?;
    let names = names(step);
    let mut values = StepValues::from_fields(fields, &names).map_err(ConsoleError::Form)?;
    let submit = step == CaseStep::Plan && values.take_action() == "submit";
    let document = values.document();
    let (caller, now, case) = (
        signed.caller.clone(),
        hotline_domain::time::now(),
        id.clone(),
    );
    let saved = state
        .db(move |conn| {
            save_step(conn, &caller, &case, step.code(), &document, now)?;
            if submit {
                move_plan(conn, &caller, &case, PlanMove::Submit, None, now)?;
            }
            Ok::<_, hotline_cases::CaseError>(())
        })
        .await;
    match saved {
        Ok(()) => {
            let done = if submit { Done::Submitted } else { Done::Step };
            Ok(page::see_other(&done.path(&id)))
        }
        Err(e) => refused(&state, &signed, id, (step, values), e).await,
    }
}

/// The case page again with the step's form as typed and what was wrong with it, each error
/// linked to its field; anything else the operation refused is the failure page.
async fn refused(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    (step, values): (CaseStep, StepValues),
    error: ApiError,
) -> Result<HttpResponse, ConsoleError> {
    let errors = match error {
        ApiError::Failed(Failure::Invalid(errors)) => errors,
        ApiError::Failed(Failure::Conflict { detail, .. } | Failure::Incomplete { detail, .. }) => {
            vec![FieldError::new("step", detail)]
        }
        e => return Err(e.into()),
    };
    let errors = errors
        .into_iter()
        .map(|e| (format!("{}-{}", step.code(), field_id(&e.field)), e.message))
        .collect();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_with_step(state, signed, id, errors, (step, values), status).await
}
