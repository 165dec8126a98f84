//! The document endpoints: check the caller, read the form into a spool, call the
//! operation, and send a paper a chunk at a time.

use std::sync::Arc;

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use futures_util::stream;
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller};
use hotline_store::queries::documents::InDatabase;
use serde::Serialize;
use utoipa::ToSchema;

use crate::add::{self, NewDocument};
use crate::form::{self, DocumentInput, Received, FIELDS};
use crate::read::{self, Download};
use crate::spool::Spooled;
use crate::upload::Upload;
use crate::view::{DocumentList, DocumentView};
use crate::DocumentError;

/// A download's policy: nothing in it runs, nothing is fetched, nothing frames it.
pub const DOWNLOAD_CSP: &str = "default-src 'none'; sandbox; frame-ancestors 'none'";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(upload).service(list).service(download);
}

/// The upload form, as the OpenAPI document describes it.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// A PDF, JPEG or PNG (known by its bytes), at most the configured size.
    #[schema(value_type = String, format = Binary)]
    file: String,
    #[schema(value_type = hotline_domain::DocumentKind)]
    kind: String,
    /// At most 200 characters.
    title: String,
    /// The paper's date (YYYY-MM-DD), not after today.
    #[schema(value_type = chrono::NaiveDate)]
    dated: String,
    /// The step record it belongs to.
    #[schema(value_type = Option<hotline_domain::DocumentStep>)]
    step: Option<String>,
    /// The referral it belongs to (not with `step`).
    referral_id: Option<String>,
    /// A picture is a scan or photo of a paper (required for pictures on cases of sexual
    /// abuse).
    scanned_paper: Option<bool>,
}

/// The form's fields typed and its file, or every problem at once.
pub fn checked(received: Received) -> Result<(DocumentInput, Spooled), DocumentError> {
    let parsed = DocumentInput::parse(&received, time::vietnam_date(time::now()));
    match (parsed, received.file) {
        (Ok(input), Some(file)) => Ok((input, file)),
        (Ok(_), None) => Err(DocumentError::field("file", "Chọn tệp cần tải lên.")),
        (Err(DocumentError::Invalid(mut errors)), None) => {
            errors.push(hotline_http::FieldError::new(
                "file",
                "Chọn tệp cần tải lên.",
            ));
            Err(DocumentError::Invalid(errors))
        }
        (Err(e), _) => Err(e),
    }
}

/// File a paper on a case (`multipart/form-data`), to the case itself, one of its step
/// records or one of its referrals.
#[utoipa::path(
    tag = "documents",
    params(("id" = String, Path, description = "case id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = DocumentView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the case's details were erased"),
        (status = 413, body = hotline_http::Problem, description = "the file is over the limit (`errors[].field = \"file\"`)"),
        (status = 422, body = hotline_http::Problem, description = "a refused type, a broken file, a file recorded as evidence (`file`), or a field of the form"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/documents")]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    sent: Upload,
) -> Result<HttpResponse, ApiError> {
    let target = sent.admit(&state, &caller).await?;
    let received =
        form::receive::<DocumentError>(sent.multipart, target, &FIELDS, |_| Ok(())).await?;
    let view = file(&state, caller, sent.case_id, received).await?;
    Ok(HttpResponse::Created().json(view))
}

/// File what a form brought (its fields typed, its file) on case `case_id`, in the
/// database, off the server's threads.
pub async fn file(
    state: &AppState,
    caller: Caller,
    case_id: String,
    received: Received,
) -> Result<DocumentView, ApiError> {
    let (input, file) = checked(received)?;
    state
        .db(move |conn| {
            add::add(
                conn,
                &caller,
                (&case_id, &InDatabase),
                NewDocument { input, file },
                time::now(),
            )
        })
        .await
}

/// The papers of a case the caller may read.
#[utoipa::path(
    tag = "documents",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = DocumentList),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/documents")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let listed = state
        .db(move |conn| read::list(conn, &caller, &path, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// A paper's file, as an attachment (never shown inline).
#[utoipa::path(
    tag = "documents",
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "the file",
            content((String = "application/pdf"), (String = "image/jpeg"), (String = "image/png"))),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem, description = "no such paper, or not one the caller reads"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/documents/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let opened = state
        .db(move |conn| read::open(conn, &caller, &path, time::now()))
        .await?;
    Ok(send(state.into_inner(), opened))
}

/// The response carrying a paper: its chunks read and opened one at a time as the client
/// takes them, so a large file never sits in memory.
pub fn send(state: Arc<AppState>, paper: Download) -> HttpResponse {
    let name = paper.view.file_name();
    let media = paper.view.media_type.clone();
    let size = u64::try_from(paper.view.size).unwrap_or_default();
    let paper = Arc::new(paper);
    let chunks = stream::unfold((state, paper, 0), |(state, paper, seq)| async move {
        let reading = paper.clone();
        match state
            .db(move |conn| reading.chunk(conn, &InDatabase, seq))
            .await
        {
            Ok(Some(bytes)) => Some((Ok(Bytes::from(bytes)), (state, paper, seq + 1))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "a document's chunk could not be read");
                Some((Err::<Bytes, ApiError>(e), (state, paper, i32::MAX)))
            }
        }
    });
    HttpResponse::Ok()
        .content_type(media)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, DOWNLOAD_CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .no_chunking(size)
        .streaming(chunks)
}
