//! Intake: logging reports and working cases over HTTP. Validation and DTOs live here;
//! the rules they apply live in `hotline-domain`, the queries in `hotline-store`.

pub mod cases;
pub mod dto;
pub mod reports;
pub mod validate;

use actix_web::web;

/// Register the intake and case endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(reports::create_report)
        .service(cases::list_cases)
        .service(cases::get_case)
        .service(cases::transition_case)
        .service(cases::add_note);
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        reports::create_report,
        cases::list_cases,
        cases::get_case,
        cases::transition_case,
        cases::add_note
    ),
    components(schemas(
        dto::ReportRequest,
        dto::PlaceInput,
        dto::ChildInput,
        dto::InformantInput,
        dto::OnlineInput,
        dto::ReportCreated,
        dto::CaseList,
        dto::CaseSummary,
        dto::CaseDetailView,
        dto::ChildView,
        dto::ReportView,
        dto::InformantView,
        dto::TimelineEntry,
        dto::TransitionRequest,
        dto::NoteRequest,
    ))
)]
pub struct IntakeApi;
