//! The child's copy: a page offering the other cases that may hold the same child, each to
//! be confirmed (or left out), then the file.

use actix_web::http::{header, StatusCode};
use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use hotline_cases::privacy::export::{
    export_candidates, export_child, CandidateCase, ExportChoice, MAX_CONFIRMED,
};
use hotline_http::AppState;

use crate::error::ConsoleError;
use crate::page::{self, Chrome};
use crate::signed::Signed;

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
        crate::pages::local(c.received_at)
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
