//! The papers of a case: signed forms, decisions, and what the police, the hospital or the
//! school send back. A file is known by its bytes (`spool`), stripped of a picture's
//! metadata as it streams in (`strip`), sealed a chunk at a time under a key of its own, and
//! filed on the case, one of its step records or one of its referrals (`add`); it is read
//! by those who read what it hangs on, a chunk at a time (`read`). Abuse material is never
//! held: a file recorded as online evidence is refused, and on a case of sexual abuse a
//! picture is taken only as a declared scan of a paper. Every filing and every reading is
//! audited.

pub mod add;
pub mod api;
mod error;
pub mod form;
pub mod read;
pub mod spool;
mod strip;
pub mod upload;
pub mod view;

pub use error::DocumentError;

/// Register the document endpoints.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    api::configure(cfg);
}

/// The id of a paper about to be received (its chunks are sealed for it as they arrive).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A case's or a paper's id as typed: anything but a UUID is "not found".
pub(crate) fn case_uuid(raw: &str) -> Result<String, DocumentError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| hotline_cases::CaseError::NotFound.into())
}

/// The OpenAPI description of the document endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::upload, api::list, api::download),
    components(schemas(view::DocumentView, view::DocumentList, api::UploadForm))
)]
pub struct DocumentsApi;
