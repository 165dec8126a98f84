//! What the signed-in person must act on: overdue first (in red), then due within 7 days.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use askama::Template;
use hotline_cases::tasks::{list_tasks, TaskList};
use hotline_domain::CaseStatus;
use hotline_http::AppState;

use super::{grouped, local};
use crate::error::ConsoleError;
use crate::page::{self, Chrome};
use crate::signed::Signed;

pub struct Row {
    pub overdue: bool,
    pub label: String,
    pub agency: Option<String>,
    pub case_id: String,
    pub case_number: String,
    pub due: String,
    pub case_status: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    chrome: Chrome,
    rows: Vec<Row>,
    /// The counts, in a sentence.
    summary: String,
}

/// "12 việc quá hạn, 3 việc đến hạn trong 7 ngày tới", or, past the count's cap, what is
/// known: more than the cap in all, and how many overdue (or more than the cap).
fn summary(list: &TaskList, listed: usize) -> String {
    let cap = hotline_cases::tasks::COUNT_CAP;
    let mut text = if list.counts_capped {
        let overdue = if list.overdue >= cap {
            format!("hơn {}", grouped(cap))
        } else {
            grouped(list.overdue)
        };
        format!(
            "Hơn {} việc đến hạn trong 7 ngày tới hoặc đã quá hạn, trong đó {overdue} việc quá hạn (giờ Việt Nam).",
            grouped(cap)
        )
    } else {
        format!(
            "{} việc quá hạn, {} việc đến hạn trong 7 ngày tới (giờ Việt Nam).",
            grouped(list.overdue),
            grouped(list.total.saturating_sub(list.overdue))
        )
    };
    if list.total > listed {
        text.push_str(&format!(" Hiển thị {listed} việc gấp nhất."));
    }
    text
}

#[get("/console/tasks")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let list = state.db(move |conn| list_tasks(conn, &caller, now)).await?;
    let rows: Vec<Row> = list
        .items
        .iter()
        .cloned()
        .map(|t| Row {
            overdue: t.overdue,
            label: t.label,
            agency: t.agency_code,
            case_id: t.case_id,
            case_number: t.case_number,
            due: local(t.due_at),
            case_status: CaseStatus::label_vi(t.case_status).to_owned(),
        })
        .collect();
    Ok(page::respond(
        StatusCode::OK,
        &TasksPage {
            chrome: Chrome::of(&signed),
            summary: summary(&list, rows.len()),
            rows,
        },
    ))
}
