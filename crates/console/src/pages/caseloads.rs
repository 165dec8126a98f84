//! Caseloads: each worker's (or, for a supervisor, each commune's) open cases, overdue
//! deadlines and cases with no manager; and the page that hands a worker's cases to another.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_cases::managers::{self, Caseload, Handover, ReassignRequest};
use hotline_domain::{time, CaseStatus};
use hotline_http::{ApiError, AppState, Failure};
use serde::Deserialize;

use super::local;
use crate::error::ConsoleError;
use crate::form::UnreadForm;
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

/// One row of the caseloads' table.
pub struct LoadRow {
    /// The worker (username, and whether it has left) or the commune's name.
    pub who: String,
    pub left: bool,
    /// The page that hands the worker's cases over (workers with open cases, for those who
    /// assign managers).
    pub handover: Option<String>,
    pub open: i64,
    pub overdue: i64,
    pub unmanaged: Option<i64>,
    /// The open cases by step, in a line.
    pub steps: String,
}

#[derive(Template)]
#[template(path = "caseloads.html")]
struct CaseloadsPage {
    chrome: Chrome,
    per_commune: bool,
    rows: Vec<LoadRow>,
    unmanaged: String,
    done: Option<String>,
}

/// The open cases of a load by step, in the process's order.
fn steps(load: &Caseload) -> String {
    CaseStatus::ALL
        .iter()
        .filter_map(|s| {
            let n = load.by_status.get(s.code())?;
            Some(format!("{}: {n}", s.label_vi()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn row(load: &Caseload, hands_over: bool) -> LoadRow {
    let handover = match (&load.user_id, hands_over && load.open > 0) {
        (Some(id), true) => Some(format!("/console/caseloads/{id}")),
        _ => None,
    };
    LoadRow {
        who: load
            .username
            .clone()
            .or_else(|| load.commune_name.clone())
            .or_else(|| load.commune_code.map(|c| c.to_string()))
            .unwrap_or_default(),
        left: load.active == Some(false),
        handover,
        open: load.open,
        overdue: load.overdue,
        unmanaged: load.unmanaged,
        steps: steps(load),
    }
}

#[derive(Debug, Deserialize)]
pub struct LoadParams {
    moved: Option<usize>,
    /// The worker who took them (a user id): named from the caseloads, never from the link.
    to: Option<String>,
}

#[get("/console/caseloads")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<LoadParams>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let hands_over = managers::may_assign(&caller).is_ok();
    let loads = state
        .db(move |conn| managers::caseloads(conn, &caller, time::now()))
        .await?;
    let taker = params.to.as_deref().and_then(|to| {
        loads
            .items
            .iter()
            .find(|l| l.user_id.as_deref() == Some(to))
            .and_then(|l| l.username.as_deref())
    });
    let done = match (params.moved, taker) {
        (Some(n), Some(to)) => Some(text::reassigned(n, to)),
        _ => None,
    };
    let page = CaseloadsPage {
        chrome: signed.chrome(),
        per_commune: loads.per == "commune",
        rows: loads.items.iter().map(|l| row(l, hands_over)).collect(),
        unmanaged: text::unmanaged_counted(loads.unmanaged),
        done,
    };
    Ok(page::respond(StatusCode::OK, &page))
}

/// A case as the handover page lists it.
pub struct HandedCase {
    pub id: String,
    pub number: String,
    pub status: &'static str,
    pub received: String,
    pub ticked: bool,
}

#[derive(Template)]
#[template(path = "reassign.html")]
struct ReassignPage {
    chrome: Chrome,
    from_id: String,
    heading: String,
    cases: Vec<HandedCase>,
    takers: Vec<(String, String)>,
    chosen: String,
    reason: String,
    errors: Vec<(String, String)>,
}

impl ReassignPage {
    fn of(chrome: Chrome, from_id: String, found: Handover) -> ReassignPage {
        let (name, active) = found.from;
        let heading = match active {
            true => text::reassign_heading(&name),
            false => format!("{} ({})", text::reassign_heading(&name), text::LEFT),
        };
        ReassignPage {
            chrome,
            from_id,
            heading,
            cases: found
                .cases
                .into_iter()
                .map(|(id, number, status, received)| HandedCase {
                    id,
                    number,
                    status: status.label_vi(),
                    received: local(received),
                    ticked: true,
                })
                .collect(),
            takers: found.takers,
            chosen: String::new(),
            reason: String::new(),
            errors: Vec::new(),
        }
    }
}

async fn handover_page(
    state: &web::Data<AppState>,
    signed: &Signed,
    from: String,
) -> Result<ReassignPage, ConsoleError> {
    let (caller, id) = (signed.caller.clone(), from.clone());
    let found = state
        .db(move |conn| managers::handover(conn, &caller, &id, time::now()))
        .await?;
    Ok(ReassignPage::of(signed.chrome(), from, found))
}

#[get("/console/caseloads/{user}")]
pub async fn show_handover(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let page = handover_page(&state, &signed, path.into_inner()).await?;
    Ok(page::respond(StatusCode::OK, &page))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReassignForm {
    to_user_id: String,
    reason: String,
    case: Vec<String>,
}

/// The handover page again, as it was sent, with what was refused.
async fn refused(
    state: &web::Data<AppState>,
    signed: &Signed,
    (from, form): (String, ReassignForm),
    errors: Vec<hotline_http::FieldError>,
) -> Result<HttpResponse, ConsoleError> {
    let mut page = handover_page(state, signed, from).await?;
    for case in &mut page.cases {
        case.ticked = form.case.contains(&case.id);
    }
    page.chosen = form.to_user_id;
    page.reason = form.reason;
    page.errors = errors.into_iter().map(|e| (e.field, e.message)).collect();
    Ok(page::respond(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// Hand the ticked cases to the chosen worker; back to the caseloads saying how many moved,
/// or the page again with what was refused.
#[post("/console/caseloads/{user}")]
pub async fn reassign(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
    body: UnreadForm,
) -> Result<HttpResponse, ConsoleError> {
    managers::may_assign(&signed.caller).map_err(ApiError::from)?;
    let form: ReassignForm = body
        .read(&signed)
        .await?
        .typed_with_lists(&["case"])
        .map_err(ConsoleError::Form)?;
    let from = path.into_inner();
    let request = ReassignRequest {
        from_user_id: from.clone(),
        to_user_id: form.to_user_id.clone(),
        // Nothing ticked is a choice of nothing, which the operation refuses by name.
        case_ids: Some(form.case.clone()),
        reason: form.reason.clone(),
    };
    let caller = signed.caller.clone();
    let moved = state
        .db(move |conn| managers::reassign(conn, &caller, &request, time::now()))
        .await;
    match moved {
        Ok(moved) => Ok(page::see_other(&super::query_link(
            "/console/caseloads",
            &[
                ("moved", Some(moved.moved.to_string().as_str())),
                ("to", Some(form.to_user_id.as_str())),
            ],
        ))),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            refused(&state, &signed, (from, form), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
