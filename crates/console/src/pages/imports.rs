//! The rows of past registers held for the department: each names a commune of before 2025
//! that was divided, with the address the register gives and the communes that took a part of
//! it; the officer places each in one. The operations are the import's own (`held`), which
//! say who may see and place them and audit each.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_domain::time;
use hotline_http::{ApiError, AppState};
use hotline_import::held::{self, HeldView};
use serde::Deserialize;

use super::local;
use crate::error::ConsoleError;
use crate::form::{CsrfForm, Gate};
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

struct HeldRow {
    id: String,
    register: String,
    received: String,
    old: String,
    address: String,
    among: Vec<(i32, String)>,
}

impl From<HeldView> for HeldRow {
    fn from(h: HeldView) -> Self {
        HeldRow {
            register: text::register_row(&h.source_key, h.row),
            received: local(h.received_at),
            old: format!("{} – {}", h.old_name, h.old_district),
            address: h.address.unwrap_or_else(|| text::NO_ADDRESS.to_owned()),
            among: h.among,
            id: h.id,
        }
    }
}

#[derive(Template)]
#[template(path = "imports.html")]
struct HeldPage {
    chrome: Chrome,
    rows: Vec<HeldRow>,
    shown: String,
    done: Option<String>,
    errors: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct HeldParams {
    placed: Option<String>,
}

async fn page_of(
    state: &web::Data<AppState>,
    signed: &Signed,
    (done, errors): (Option<String>, Vec<(String, String)>),
) -> Result<HeldPage, ConsoleError> {
    let caller = signed.caller.clone();
    let (rows, total) = state
        .db(move |conn| held::waiting(conn, &caller, time::now()))
        .await?;
    Ok(HeldPage {
        chrome: signed.chrome(),
        shown: text::held_shown(rows.len(), total),
        rows: rows.into_iter().map(Into::into).collect(),
        done,
        errors,
    })
}

/// The rows waiting in the officer's province.
#[get("/console/imports")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<HeldParams>,
) -> Result<HttpResponse, ConsoleError> {
    PlacesRows::admit(&signed)?;
    // Only a case number goes through the address bar: nothing personal.
    let done = params
        .placed
        .as_deref()
        .filter(|n| n.len() <= 32 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(text::placed);
    let page = page_of(&state, &signed, (done, Vec::new())).await?;
    Ok(page::respond(StatusCode::OK, &page))
}

/// The child-protection department's officers.
pub struct PlacesRows;

impl Gate for PlacesRows {
    fn admit(signed: &Signed) -> Result<(), ConsoleError> {
        held::may_place(&signed.caller).map_err(|e| ApiError::from(e).into())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceForm {
    commune_code: i32,
}

/// Place a held row in the commune chosen: back to the list saying the case's number, or
/// the list again with what was refused.
#[post("/console/imports/{id}/place")]
pub async fn place(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm { signed, form, .. }: CsrfForm<PlaceForm, PlacesRows>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let id = path.into_inner();
    let field = format!("place-{id}");
    let placed = state
        .db(move |conn| held::place(conn, &caller, (&id, form.commune_code), time::now()))
        .await;
    let errors = match placed {
        Ok(number) => {
            return Ok(page::see_other(&format!(
                "/console/imports?placed={number}"
            )))
        }
        Err(e) => page::refusals(e, &field)?,
    };
    let page = page_of(&state, &signed, (None, errors)).await?;
    Ok(page::respond(StatusCode::UNPROCESSABLE_ENTITY, &page))
}
