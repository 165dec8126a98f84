//! Intake: logging a report. Validation (`validate`), the operation (`log`) and the rows it
//! writes (`record`), evidence in comparable form (`evidence`), possible duplicates at intake
//! (`duplicates`), repeat contacts by keyed hash (`contacts`) and idempotent retries
//! (`idempotency`). `api` holds the JSON endpoints over them. The rules these apply live in
//! `hotline-domain`, the queries in `hotline-store`.

pub mod api;
pub mod contacts;
pub mod dto;
pub mod duplicates;
mod error;
pub mod evidence;
pub mod hints;
pub mod idempotency;
pub mod indicators;
pub mod log;
pub mod past;
pub mod places;
pub mod record;
pub mod status;
pub mod validate;

pub use api::configure;
pub use error::IntakeError;

/// The OpenAPI description of these endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::create_report, api::lookup_contact, api::report_status),
    components(schemas(
        status::ReportStatus,
        status::ReferralState,
        dto::ReportRequest,
        dto::PlaceInput,
        dto::ChildInput,
        indicators::PerpetratorInput,
        dto::InformantInput,
        dto::OnlineInput,
        dto::ReportCreated,
        dto::DuplicateMatch,
        dto::EarlierContact,
        contacts::ContactLookup,
        contacts::ContactHistory,
    ))
)]
pub struct IntakeApi;
