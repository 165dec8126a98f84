//! An upload as both faces take it: the case it is for, the request's head and the form's
//! stream, not yet read. Nothing of the body is read before [`Upload::admit`] has checked the
//! caller and the declared size.

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use hotline_http::{ApiError, AppState, Caller};

use crate::form::FORM_OVERHEAD_BYTES;
use crate::{read, DocumentError};

/// A paper sent to the case named by the path's `id`.
pub struct Upload {
    pub case_id: String,
    pub multipart: Multipart,
    req: HttpRequest,
}

impl FromRequest for Upload {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let multipart = Multipart::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let case_id = req.match_info().get("id").unwrap_or_default().to_owned();
            Ok(Upload {
                case_id,
                multipart: multipart.await?,
                req,
            })
        })
    }
}

impl Upload {
    /// What every face does before a byte of an upload is read: the caller must see the
    /// case and handle papers, and a declared length over the limit is refused. The id the
    /// paper is spooled for, and the limit.
    pub async fn admit(
        &self,
        state: &AppState,
        caller: &Caller,
    ) -> Result<(String, u64), ApiError> {
        let (checking, id) = (caller.clone(), self.case_id.clone());
        state
            .db(move |conn| read::may_file_on(conn, &checking, &id))
            .await?;
        let limit = state.limits.max_document_bytes;
        refuse_declared_size(&self.req, limit)?;
        Ok((crate::new_id(), limit))
    }
}

/// Refused before any of the body is read, when the request says it is over the limit.
fn refuse_declared_size(req: &HttpRequest, limit: u64) -> Result<(), DocumentError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(len) if len > limit.saturating_add(FORM_OVERHEAD_BYTES) => {
            Err(DocumentError::TooLarge { limit })
        }
        _ => Ok(()),
    }
}
