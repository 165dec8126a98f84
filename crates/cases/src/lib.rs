//! Case work: listing and searching (`search`), reading a case (`view`), notes (`notes`),
//! moves along the Decree 56 lifecycle (`transitions`, checked in `lifecycle`), linking
//! duplicates (`duplicates`) and exporting evidence (`evidence`). Every operation is scoped to
//! what the caller may see (outside it is "not found") and audited. `api` holds the JSON
//! endpoints over them.

pub mod api;
pub mod dto;
pub mod duplicates;
mod entries;
mod error;
pub mod evidence;
mod handover;
pub mod lifecycle;
pub mod notes;
pub mod search;
pub mod transitions;
pub mod view;

pub use api::configure;
pub use error::CaseError;

/// The OpenAPI description of the case endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list_cases,
        api::get_case,
        api::transition_case,
        api::add_note,
        api::link_duplicate,
        api::export_evidence
    ),
    components(schemas(
        dto::CaseList,
        dto::CaseSummary,
        dto::CaseDetailView,
        dto::ChildView,
        dto::ReportView,
        dto::InformantView,
        dto::TimelineEntry,
        dto::TransitionRequest,
        dto::NoteRequest,
        dto::CaseLink,
        dto::EvidenceItem,
        dto::LinkDuplicateRequest,
        evidence::EvidenceExport,
        evidence::IncidentSummary,
        evidence::ReportedUrl,
        evidence::ReportedFile,
        evidence::OffenderAccount,
        evidence::ChildFacts,
    ))
)]
pub struct CasesApi;
