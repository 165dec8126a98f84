//! What the signed-in person must act on: overdue first (in red), then due within 7 days.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use askama::Template;
use hotline_cases::tasks::{list_tasks, TaskList};
use hotline_domain::CaseStatus;
use hotline_http::AppState;

use super::local;
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
    /// Who manages the case ("you", a username, or nobody yet).
    pub manager: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    chrome: Chrome,
    rows: Vec<Row>,
    /// The counts, in a sentence.
    summary: String,
    /// The plan's reports the person's agency owes soon.
    reports: Vec<ReportRow>,
}

/// A report due, and the figures of its period.
pub struct ReportRow {
    pub label: String,
    pub link: String,
}

/// The counts of `list`, in a sentence.
fn summary(list: &TaskList, listed: usize) -> String {
    crate::text::tasks_counted(
        list.total,
        list.overdue,
        list.counts_capped,
        hotline_cases::tasks::COUNT_CAP,
        listed,
    )
}

impl TasksPage {
    /// The person's tasks, and the reports its agency owes, as the page lists them.
    fn of(chrome: Chrome, list: &TaskList) -> TasksPage {
        let reports = list
            .reports_due
            .iter()
            .map(|r| ReportRow {
                label: crate::text::report_due(
                    &r.name,
                    r.year,
                    &crate::text::date(r.due),
                    r.days_left,
                ),
                link: super::query_link(
                    "/console/stats",
                    &[
                        ("preset", Some(r.period_code.as_str())),
                        ("on", Some(r.to.to_string().as_str())),
                    ],
                ),
            })
            .collect();
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
                manager: match (t.yours, t.manager) {
                    (true, _) => crate::text::YOU.to_owned(),
                    (false, Some(name)) => name,
                    (false, None) => crate::text::NO_MANAGER.to_owned(),
                },
            })
            .collect();
        TasksPage {
            chrome,
            summary: summary(list, rows.len()),
            rows,
            reports,
        }
    }
}

#[get("/console/tasks")]
pub async fn show(
    state: web::Data<AppState>,
    figures: web::Data<hotline_reports::FigureSettings>,
    signed: Signed,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let list = state
        .db(move |conn| list_tasks(conn, &caller, &figures, now))
        .await?;
    let page = TasksPage::of(signed.chrome(), &list);
    Ok(page::respond(StatusCode::OK, &page))
}
