//! Idempotent intake: a report sent again with the same key (a retry after a lost answer)
//! gets the first answer again instead of a second case. The key is the client's; the
//! request is compared by a keyed hash (HMAC) of the typed request, never a plain one: a
//! report of a silent call holds little more than a phone number, which a plain hash would
//! give away to anyone trying every number. A key is kept for a day ([`KEPT_FOR`]): a retry
//! comes within minutes, and nothing of the request outlives that.

use hotline_http::FieldError;
use hotline_store::models::IdempotencyRow;
use hotline_store::queries::search_terms::TermKey;

use crate::dto::ReportRequest;

use crate::IntakeError;

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
const MAX_KEY: usize = 200;

/// How long a key and its first answer are kept.
pub const KEPT_FOR: chrono::Duration = chrono::Duration::hours(24);

/// A key as the client sent it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Idempotency<'a> {
    /// `None` when no key was sent; `Some("")` when one was sent that is not text.
    pub key: Option<&'a str>,
}

/// The keyed hash of `request` as the operation reads it (its typed form: however a client
/// formatted it, the same request hashes alike).
pub fn request_hash(terms: &TermKey, request: &ReportRequest) -> Result<String, IntakeError> {
    let canonical = serde_json::to_string(request)
        .map_err(|e| IntakeError::from(hotline_store::StoreError::Corrupt(e.to_string())))?;
    Ok(terms.request_key(&canonical))
}

/// The header named as the field at fault.
fn key_error(message: String) -> IntakeError {
    IntakeError::Invalid(vec![FieldError::new(IDEMPOTENCY_HEADER, message)])
}

/// The key, checked: 1 to 200 printable ASCII characters.
pub fn checked_key(raw: Option<&str>) -> Result<Option<String>, IntakeError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let key = raw.trim();
    if key.is_empty() || key.len() > MAX_KEY || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(key_error(format!(
            "cần 1 đến {MAX_KEY} ký tự ASCII in được"
        )));
    }
    Ok(Some(key.to_owned()))
}

/// The stored answer to give again, if the stored request is the same one.
pub fn replay(stored: IdempotencyRow, request_hash: &str) -> Result<Replayed, IntakeError> {
    if stored.request_hash != request_hash {
        return Err(key_error("khóa đã dùng cho một yêu cầu khác".into()));
    }
    Ok(Replayed {
        status: stored.status_code as u16,
        body: stored.response_body,
    })
}

/// The first answer to a request, given again.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub status: u16,
    /// The JSON body, as first sent.
    pub body: String,
}
