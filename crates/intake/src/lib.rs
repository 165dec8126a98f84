//! Intake: logging reports and working cases over HTTP. Validation and DTOs live here;
//! the rules they apply live in `hotline-domain`, the queries in `hotline-store`.

pub mod cases;
pub mod contacts;
pub mod dto;
pub mod duplicates;
pub mod evidence;
pub mod reports;
pub mod validate;

use actix_web::web;

/// Register the intake and case endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(reports::create_report)
        .service(cases::list_cases)
        .service(cases::get_case)
        .service(cases::transition_case)
        .service(cases::add_note)
        .service(duplicates::link_duplicate)
        .service(evidence::export_evidence)
        .service(contacts::lookup_contact);
}

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        reports::create_report,
        cases::list_cases,
        cases::get_case,
        cases::transition_case,
        cases::add_note,
        duplicates::link_duplicate,
        evidence::export_evidence,
        contacts::lookup_contact
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
        dto::DuplicateMatch,
        dto::EarlierContact,
        dto::CaseLink,
        dto::EvidenceItem,
        duplicates::LinkDuplicateRequest,
        evidence::EvidenceExport,
        evidence::IncidentSummary,
        evidence::ReportedUrl,
        evidence::ReportedFile,
        evidence::OffenderAccount,
        evidence::ChildFacts,
        contacts::ContactLookup,
        contacts::ContactHistory,
    ))
)]
pub struct IntakeApi;
