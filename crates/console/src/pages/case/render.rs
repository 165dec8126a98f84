//! The case page as a person sees it (`case.read`), after a form was done (`?done=`) or with
//! what an operation refused, at the form's field: what every form of the case comes back to.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use hotline_cases::steps::read_steps;
use hotline_cases::view::read_case;
use hotline_domain::{casework, CaseStep};
use hotline_http::{ApiError, AppState, Failure, FieldError};
use serde::Deserialize;

use super::papers_box::PapersBox;
use super::steps::form::StepValues;
use super::view::CasePage;
use crate::error::ConsoleError;
use crate::page;
use crate::signed::Signed;
use crate::text;

/// What was just done on the case, said on its page after the redirect (`?done=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Logged,
    Moved,
    Step,
    Submitted,
    Linked,
    Referred,
    Note,
    Approved,
    Returned,
    Held,
    HoldLifted,
    Corrected,
    Erased,
    Assigned,
    TransferProposed,
    TransferAccepted,
    TransferCancelled,
    Paper,
}

impl Done {
    const ALL: [Done; 18] = [
        Done::Logged,
        Done::Moved,
        Done::Step,
        Done::Submitted,
        Done::Linked,
        Done::Referred,
        Done::Note,
        Done::Approved,
        Done::Returned,
        Done::Held,
        Done::HoldLifted,
        Done::Corrected,
        Done::Erased,
        Done::Assigned,
        Done::TransferProposed,
        Done::TransferAccepted,
        Done::TransferCancelled,
        Done::Paper,
    ];

    fn code(self) -> &'static str {
        match self {
            Done::Logged => "logged",
            Done::Moved => "moved",
            Done::Step => "step",
            Done::Submitted => "submitted",
            Done::Linked => "linked",
            Done::Referred => "referred",
            Done::Note => "note",
            Done::Approved => "approved",
            Done::Returned => "returned",
            Done::Held => "held",
            Done::HoldLifted => "hold-lifted",
            Done::Corrected => "corrected",
            Done::Erased => "erased",
            Done::Assigned => "assigned",
            Done::TransferProposed => "transfer-proposed",
            Done::TransferAccepted => "transfer-accepted",
            Done::TransferCancelled => "transfer-cancelled",
            Done::Paper => "paper",
        }
    }

    /// What the page says of it.
    fn said(self) -> &'static str {
        match self {
            Done::Logged => text::DONE_ROUTED,
            Done::Moved => text::DONE_MOVED,
            Done::Step => text::DONE_STEP,
            Done::Submitted => text::DONE_SUBMITTED,
            Done::Linked => text::DONE_LINKED,
            Done::Referred => text::DONE_REFERRED,
            Done::Note => text::DONE_NOTE,
            Done::Approved => text::DONE_APPROVED,
            Done::Returned => text::DONE_RETURNED,
            Done::Held => text::DONE_HELD,
            Done::HoldLifted => text::DONE_HOLD_LIFTED,
            Done::Corrected => text::DONE_CORRECTED,
            Done::Erased => text::DONE_ERASED,
            Done::Assigned => text::DONE_ASSIGNED,
            Done::TransferProposed => text::DONE_PROPOSED,
            Done::TransferAccepted => text::DONE_TRANSFER_ACCEPTED,
            Done::TransferCancelled => text::DONE_TRANSFER_CANCELLED,
            Done::Paper => text::DONE_PAPER,
        }
    }

    fn parse(code: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The case's page, saying this was done.
    pub fn path(self, id: &str) -> String {
        format!("/cases/{id}?done={}", self.code())
    }
}

#[derive(Debug, Deserialize)]
pub struct CaseParams {
    done: Option<String>,
}

pub(crate) async fn render(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    done: Option<&'static str>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let errors = errors.into_iter().map(|e| (e.field, e.message)).collect();
    render_page(state, signed, id, done, errors, None, status).await
}

/// The case page with a step's form as it was typed, and what was wrong with it.
pub(crate) async fn render_with_step(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    errors: Vec<(String, String)>,
    typed: (CaseStep, StepValues),
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    render_page(state, signed, id, None, errors, Some(typed), status).await
}

async fn render_page(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    done: Option<&'static str>,
    errors: Vec<(String, String)>,
    typed: Option<(CaseStep, StepValues)>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let kind = caller.agency().map(|a| a.kind);
    let reads_steps = caller
        .role()
        .is_some_and(|r| casework::reads_step_records(r, kind));
    let refers = caller
        .role()
        .is_some_and(hotline_domain::referral::role_may_refer);
    let assigns = caller
        .role()
        .is_some_and(|r| casework::assigns_managers(r, kind));
    let takes_part = hotline_cases::transfers::may_take_part(&caller).is_ok();
    let (case, steps, agency_rows, members, provinces) = state
        .db(move |conn| {
            let case = read_case(conn, &caller, &id, now)?;
            // A case in sight only (handed on, or offered) is read, never worked.
            let works = case.sight.is_none();
            let (reads_steps, refers, assigns) =
                (reads_steps && works, refers && works, assigns && works);
            let provinces = match takes_part && works {
                true => hotline_store::queries::places::provinces(conn)?
                    .into_iter()
                    .map(|p| (p.code, p.name))
                    .collect(),
                false => Vec::new(),
            };
            let steps = match reads_steps {
                true => Some(read_steps(conn, &caller, &id, now)?),
                false => None,
            };
            let agency_rows = match refers {
                true => hotline_store::queries::agencies::all(conn)?,
                false => Vec::new(),
            };
            let members = match assigns {
                true => Some(
                    hotline_cases::managers::candidates(conn, &caller, &id)?
                        .into_iter()
                        .map(|u| (u.id, u.username))
                        .collect(),
                ),
                false => None,
            };
            Ok::<_, hotline_cases::CaseError>((case, steps, agency_rows, members, provinces))
        })
        .await?;
    let papers = papers_of(state, signed, &case).await?;
    let role = signed.caller.role();
    let now_at = case.status.parse().ok();
    let page = CasePage::of(signed.chrome(), role, case)
        .with_work((role, now_at), steps.as_ref(), typed, agency_rows)
        .with_candidates(members)
        .with_transfer(takes_part, provinces)
        .with_papers(papers)
        .saying(done, errors);
    Ok(page::respond(status, &page))
}

/// The case's papers as the person may see them, and whether it may file one (a case in
/// sight only, or erased, takes none).
async fn papers_of(
    state: &web::Data<AppState>,
    signed: &Signed,
    case: &hotline_cases::dto::CaseDetailView,
) -> Result<Option<PapersBox>, ConsoleError> {
    let (sees, reads_steps) = super::papers_box::sees_papers(signed);
    if !sees || case.sight.is_some() {
        return Ok(None);
    }
    let (caller, id) = (signed.caller.clone(), case.id.clone());
    let now = hotline_domain::time::now();
    let listed = state
        .db(move |conn| hotline_documents::read::list(conn, &caller, &id, now))
        .await?;
    let may_add = case.erased_at.is_none();
    let limit = state.limits.max_document_bytes;
    Ok(Some(PapersBox::of(
        case,
        listed.items,
        (reads_steps, may_add),
        limit,
    )))
}

#[get("/cases/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
    params: web::Query<CaseParams>,
) -> Result<HttpResponse, ConsoleError> {
    let done = params.done.as_deref().and_then(Done::parse).map(Done::said);
    render(
        &state,
        &signed,
        path.into_inner(),
        done,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// What an operation refused, said on the case page itself (the form's field named), or the
/// failure page for anything else.
pub(crate) async fn refused(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    field: &str,
    error: ApiError,
) -> Result<HttpResponse, ConsoleError> {
    let (status, errors) = match &error {
        ApiError::Failed(Failure::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .iter()
                .map(|e| FieldError::new(field, e.message.clone()))
                .collect(),
        ),
        ApiError::Failed(Failure::Conflict { detail, .. } | Failure::Incomplete { detail, .. }) => {
            (
                StatusCode::CONFLICT,
                vec![FieldError::new(field, detail.clone())],
            )
        }
        _ => return Err(error.into()),
    };
    render(state, signed, id, None, errors, status).await
}
