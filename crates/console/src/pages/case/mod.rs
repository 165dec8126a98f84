//! One case, as the signed-in person may see it (`case.read`), and its printable file
//! (`case.record.export`): the page every referral e-mail links to (`view`), what its forms
//! do (`actions`, and the Decree 56 step forms in `steps`), the child's copy (`export`), and
//! the case's papers with the step forms printed to be signed (`papers`).

pub mod actions;
pub mod export;
pub mod papers;
mod papers_box;
mod render;
pub mod steps;
mod view;

pub use render::{show, Done};

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use hotline_cases::record::{export_record, render_html, RecordFormat};
use hotline_http::AppState;

use crate::error::ConsoleError;
use crate::signed::Signed;

/// The printable case file, as the API's `Accept: text/html` gives it.
#[get("/console/cases/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller;
    let now = hotline_domain::time::now();
    let html = state
        .db(move |conn| {
            let record = export_record(conn, &caller, &path, RecordFormat::Html, now)?;
            render_html(&record)
        })
        .await?;
    Ok(printable(html))
}

/// A printable document of the case (its file, a step's form): its own styles only, never
/// cached, nothing fetched.
pub(crate) fn printable(html: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            hotline_cases::record::PAGE_CSP,
        ))
        .body(html)
}
