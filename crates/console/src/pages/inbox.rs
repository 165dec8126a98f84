//! The agency's referral inbox: what was referred to the person's agency, the nearest
//! deadline first, with the time left (or how late it is), and the moves each referral allows
//! here and now (acknowledge, accept, decline with a reason, complete with the outcome).

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use hotline_domain::referral::{actions_for, ReferralAction};
use hotline_domain::{time, AgencyKind, ReferralStatus, RiskLevel};
use hotline_http::{ApiError, AppState, Failure, FieldError};
use hotline_routing::inbox::{list_inbox, InboxQuery};
use hotline_routing::moves::move_referral;
use hotline_routing::Router;
use serde::Deserialize;

use hotline_domain::codes::label_or_code as label;

use super::local;
use crate::error::ConsoleError;
use crate::form::CsrfForm;
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

/// A move as a button: its code (the form's address) and what the person reads.
pub struct Move {
    pub code: &'static str,
    pub label: &'static str,
    /// Decline and complete ask for a text (the reason, the outcome).
    pub asks: Option<&'static str>,
}

fn move_of(action: ReferralAction) -> Move {
    match action {
        ReferralAction::Acknowledge => Move {
            code: "acknowledge",
            label: text::ACKNOWLEDGE,
            asks: None,
        },
        ReferralAction::Accept => Move {
            code: "accept",
            label: text::ACCEPT,
            asks: None,
        },
        ReferralAction::Decline => Move {
            code: "decline",
            label: text::DECLINE,
            asks: Some(text::DECLINE_REASON),
        },
        ReferralAction::Complete => Move {
            code: "complete",
            label: text::COMPLETE,
            asks: Some(text::OUTCOME),
        },
    }
}

pub struct Row {
    pub id: String,
    pub case_id: String,
    pub case_number: String,
    pub status: String,
    pub risk: String,
    pub due: String,
    pub left: String,
    pub overdue: bool,
    pub reason: String,
    pub moves: Vec<Move>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    chrome: Chrome,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    done: Option<String>,
    errors: Vec<(String, String)>,
}

/// The time left until `due`, or how late it is, in hours and minutes.
fn time_left(due: DateTime<Utc>, now: DateTime<Utc>) -> (String, bool) {
    let late = due < now;
    let minutes = (due - now).num_minutes().abs();
    (text::time_left(minutes, late), late)
}

#[derive(Debug, Deserialize)]
pub struct InboxParams {
    done: Option<String>,
    page: Option<i64>,
}

/// Referrals a page shows: the nearest deadlines, a screenful of work.
const PER_PAGE: i64 = 25;

async fn render(
    state: &web::Data<AppState>,
    signed: &Signed,
    page_no: i64,
    done: Option<String>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let query = InboxQuery {
        status: None,
        page: Some(page_no.max(1).to_string()),
        per_page: Some(PER_PAGE.to_string()),
    };
    let inbox = state
        .db(move |conn| list_inbox(conn, &caller, &query, now))
        .await?;
    let rows = inbox
        .items
        .into_iter()
        .map(|i| {
            let r = i.referral;
            let status: Option<ReferralStatus> = r.status.parse().ok();
            let kind: Option<AgencyKind> = r.agency_kind.parse().ok();
            let moves = match (status, kind) {
                (Some(s), Some(k)) => actions_for(s, k).into_iter().map(move_of).collect(),
                _ => Vec::new(),
            };
            let (left, overdue) = match (r.due_at, status) {
                (Some(due), Some(s)) if hotline_domain::referral::awaits_answer(s) => {
                    time_left(due, now)
                }
                _ => (String::new(), false),
            };
            Row {
                case_number: i.case_number,
                status: label::<ReferralStatus>(&r.status, ReferralStatus::label_vi),
                risk: i
                    .risk_level
                    .as_deref()
                    .map(|x| label::<RiskLevel>(x, RiskLevel::label_vi))
                    .unwrap_or_default(),
                due: r.due_at.map(local).unwrap_or_default(),
                left,
                overdue,
                reason: r.reason,
                moves,
                id: r.id,
                case_id: r.case_id,
            }
        })
        .collect();
    let done = done.and_then(|d| match d.as_str() {
        "acknowledge" => Some(text::DONE_ACKNOWLEDGED.to_owned()),
        "accept" => Some(text::DONE_ACCEPTED.to_owned()),
        "decline" => Some(text::DONE_DECLINED.to_owned()),
        "complete" => Some(text::DONE_COMPLETED.to_owned()),
        _ => None,
    });
    Ok(page::respond(
        status,
        &InboxPage {
            chrome: signed.chrome(),
            rows,
            pages: ((inbox.total + PER_PAGE - 1) / PER_PAGE).max(1),
            page: page_no.max(1),
            total: inbox.total,
            done,
            errors: errors.into_iter().map(|e| (e.field, e.message)).collect(),
        },
    ))
}

#[get("/console/inbox")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<InboxParams>,
) -> Result<HttpResponse, ConsoleError> {
    let params = params.into_inner();
    render(
        &state,
        &signed,
        params.page.unwrap_or(1),
        params.done,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveForm {
    text: Option<String>,
}

/// A move refused for what it carried: the inbox again, each error linked to the move's
/// text field (the missing reason or outcome).
async fn refused_move(
    state: &web::Data<AppState>,
    signed: &Signed,
    (id, action): (&str, ReferralAction),
    errors: Vec<FieldError>,
) -> Result<HttpResponse, ConsoleError> {
    let errors = errors
        .into_iter()
        .map(|e| FieldError::new(format!("text-{id}-{}", action.code()), e.message))
        .collect();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(state, signed, 1, None, errors, status).await
}

#[post("/console/referrals/{id}/{action}")]
pub async fn act(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    path: web::Path<(String, String)>,
    sent: CsrfForm<MoveForm>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, form, .. } = sent;
    let (id, action) = path.into_inner();
    let action = ReferralAction::ALL
        .into_iter()
        .find(|a| a.code() == action)
        .ok_or(ConsoleError::Api(ApiError::not_found()))?;
    let (caller, referral, now) = (signed.caller.clone(), id.clone(), time::now());
    let moved = state
        .db(move |conn| {
            let text = form.text.as_deref();
            move_referral(conn, &caller, &router, &referral, action, text, now)
        })
        .await;
    match moved {
        Ok(_) => Ok(page::see_other(&format!(
            "/console/inbox?done={}",
            action.code()
        ))),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            refused_move(&state, &signed, (&id, action), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
