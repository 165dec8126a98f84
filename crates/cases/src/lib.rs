//! Case work: listing and searching (`search`), reading a case (`view`), notes (`notes`),
//! moves along the Decree 56 lifecycle (`transitions`, checked in `lifecycle`), linking
//! duplicates (`duplicates`) and exporting evidence (`evidence`); the Decree's step records
//! (`steps`), the plan's approval (`plan`), the deadlines of the work and their watcher
//! (`deadlines`), each user's tasks (`tasks`), the case file for the record (`record`), and
//! the facts the statistics need (`indicators`), named case managers (`managers`) and moves
//! of a case to another commune (`transfers`).
//! Every operation is scoped to what the caller may see (outside it is "not found") and
//! audited. `api` and `casework_api` hold the JSON endpoints over them.

pub mod api;
pub mod casework_api;
pub mod deadlines;
pub mod dto;
pub mod duplicates;
mod entries;
mod error;
pub mod evidence;
pub mod guard;
mod handover;
pub mod indicators;
pub mod lifecycle;
pub mod managers;
pub mod managers_api;
pub mod notes;
pub mod papers;
pub mod plan;
pub mod privacy;
pub mod privacy_api;
pub mod record;
mod sealed;
pub mod search;
pub mod steps;
pub mod tasks;
pub mod transfers;
pub mod transfers_api;
pub mod transitions;
pub mod view;

/// Register the case endpoints and those of case work.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    api::configure(cfg);
    casework_api::configure(cfg);
    managers_api::configure(cfg);
    transfers_api::configure(cfg);
    privacy_api::configure(cfg);
}
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
        api::export_evidence,
        casework_api::read_steps,
        casework_api::save_step,
        casework_api::submit_plan,
        casework_api::approve_plan,
        casework_api::return_plan,
        casework_api::list_deadlines,
        casework_api::list_tasks,
        casework_api::export_record,
        casework_api::update_indicators,
        managers_api::set_manager,
        managers_api::reassign,
        managers_api::caseloads,
        transfers_api::propose,
        transfers_api::list,
        transfers_api::accept,
        transfers_api::refuse,
        transfers_api::cancel,
        privacy_api::place_hold,
        privacy_api::lift_hold,
        privacy_api::erase_case,
        privacy_api::correct_case,
        privacy_api::export_subject,
    ),
    components(schemas(
        dto::CaseList,
        dto::CaseSummary,
        dto::CaseDetailView,
        dto::ManagerView,
        dto::ImportedFrom,
        managers::ManagerRequest,
        managers::ReassignRequest,
        managers::Reassigned,
        managers::Caseloads,
        managers::Caseload,
        transfers::TransferRequest,
        transfers::AnswerRequest,
        transfers::TransferView,
        transfers::Transfers,
        dto::LegalHoldView,
        privacy::corrections::CorrectionRequest,
        privacy::corrections::FieldVersionView,
        privacy::export::SubjectExport,
        privacy::export::SubjectCase,
        privacy::export::SubjectPaper,
        privacy_api::HoldRequest,
        privacy_api::ErasureRequest,
        dto::ChildView,
        indicators::dto::IndicatorsPatch,
        indicators::dto::ChildPatch,
        indicators::dto::ServiceInput,
        indicators::dto::IndicatorsView,
        indicators::dto::PerpetratorView,
        indicators::dto::ServiceView,
        dto::ReportView,
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
        casework_api::StepRecordBody,
        casework_api::PlanMoveRequest,
        steps::StepsView,
        steps::StepRecordView,
        steps::StepVersionView,
        steps::records::VerificationRecord,
        steps::records::ContactMade,
        steps::records::RiskCriteria,
        steps::records::Criterion,
        steps::records::EmergencyAction,
        steps::records::AssessmentRecord,
        steps::records::Need,
        steps::records::PlanRecord,
        steps::records::PlanAction,
        steps::records::ReviewRecord,
        steps::records::ActionReview,
        steps::records::ClosureRecord,
        deadlines::DeadlineView,
        tasks::TaskItem,
        tasks::TaskList,
        record::CaseRecord,
        papers::DocumentView,
    ))
)]
pub struct CasesApi;
