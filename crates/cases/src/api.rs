//! The case endpoints: extract, call the operation, serialise.

use actix_web::{get, post, web, HttpResponse};
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, ValidJson};
use hotline_routing::Router;

use crate::dto::{
    CaseDetailView, CaseList, CaseQuery, LinkDuplicateRequest, NoteRequest, TimelineEntry,
    TransitionRequest,
};
use crate::evidence::{export_evidence as export, EvidenceExport};
use crate::{duplicates, notes, search, transitions, view};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_cases)
        .service(get_case)
        .service(transition_case)
        .service(add_note)
        .service(link_duplicate)
        .service(export_evidence);
}

/// List the cases the caller may see.
#[utoipa::path(
    tag = "cases",
    params(CaseQuery),
    responses((status = 200, body = CaseList), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/cases")]
pub async fn list_cases(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, ApiError> {
    let worker = state.clone();
    let list = state
        .db(move |conn| {
            search::search_cases(
                conn,
                &caller,
                &query,
                search::SearchKeys::of(&worker),
                time::now(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Read one case with its children, reports, referrals, notes and timeline.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    responses((status = 200, body = CaseDetailView), (status = 403, body = hotline_http::Problem), (status = 404, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}")]
pub async fn get_case(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| view::read_case(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Move a case to another status of the Decree 56 process.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    request_body = TransitionRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "not allowed from the current status; `allowed` lists the next states"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/transitions")]
pub async fn transition_case(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<TransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| {
            transitions::transition_case(conn, &caller, &router, &path, &body.body, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Add a note to a case's timeline.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    request_body = NoteRequest,
    responses((status = 201, body = TimelineEntry), (status = 403, body = hotline_http::Problem), (status = 404, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let entry = state
        .db(move |conn| notes::add_note(conn, &caller, &path, &body.body.text, time::now()))
        .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// Link this case as a duplicate of another: it moves to `duplicate`, its open referrals go
/// to the case kept (or end as `reassigned` where that agency already has one there), its
/// evidence is added to the case kept, and both timelines record the link.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "the duplicate's id")),
    request_body = LinkDuplicateRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "this case may not become a duplicate now, or the case kept is no longer open"),
        (status = 422, body = hotline_http::Problem, description = "`of` names no case the caller may see, or this case itself"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/duplicate-of")]
pub async fn link_duplicate(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<LinkDuplicateRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| {
            let request = &body.body;
            let note = request.note.as_deref();
            let of = &request.of;
            duplicates::link_duplicate(conn, &caller, &router, &path, of, note, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Export a case's online evidence (for ICCAM or the CyberTipline; see
/// docs/EVIDENCE_EXPORT.md). Audited as `case.evidence_export`.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = EvidenceExport),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/evidence")]
pub async fn export_evidence(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let doc = state
        .db(move |conn| export(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"evidence-{}.json\"", doc.case_number),
        ))
        .json(doc))
}
