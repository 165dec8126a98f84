//! Repeat contacts. The phone number and handle a contact came from are kept as keyed hashes
//! (HMAC-SHA256 under a server key that never leaves the server), with or without consent:
//! the operator learns that this number called before, and when, without the number being
//! kept. Without the key a digest cannot be tested against a guessed number.

use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use hotline_audit::query::search_term_hash;
use hotline_audit::Entry;
use hotline_auth::Principal;
use hotline_domain::{contact, CaseScope, Jurisdiction, Role};
use hotline_http::{Caller, FieldError};
use hotline_store::models::FingerprintRow;
use hotline_store::queries::cases;
use hotline_store::queries::contacts::{self, ContactScope};
use hotline_store::{DbConnection, StoreResult};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::dto::EarlierContact;
use crate::validate::{ContactPoint, MAX_SHORT_TEXT};
use crate::IntakeError;

/// Earlier contacts shown at most.
pub const MAX_EARLIER: i64 = 20;

/// The server key repeat contacts are hashed under (`contact_key_file`, or generated under
/// the data directory). Changing it makes earlier contacts unrecognisable, nothing worse.
#[derive(Clone)]
pub struct ContactKey(Vec<u8>);

impl ContactKey {
    pub fn new(key: Vec<u8>) -> ContactKey {
        ContactKey(key)
    }

    /// The digest of one normalised contact point, hex; the kind is part of what is hashed,
    /// so a handle that reads like a number never meets that number.
    pub fn digest(&self, point: &ContactPoint) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(point.kind.as_bytes());
        mac.update(&[0]);
        mac.update(point.value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The digests of a contact's points, each once.
    pub fn digests(&self, points: &[ContactPoint]) -> Vec<ContactDigest> {
        let mut digests: Vec<ContactDigest> = points
            .iter()
            .map(|p| ContactDigest {
                kind: p.kind,
                digest: self.digest(p),
            })
            .collect();
        digests.dedup_by(|a, b| a.kind == b.kind && a.digest == b.digest);
        digests
    }
}

impl std::fmt::Debug for ContactKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactKey(..)")
    }
}

/// A contact point's keyed hash, and what kind of point it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDigest {
    /// `phone` or `handle`.
    pub kind: &'static str,
    /// HMAC-SHA256, hex.
    pub digest: String,
}

/// The fingerprint rows of one report.
pub fn fingerprints(
    report_id: &str,
    digests: &[ContactDigest],
    received_at: NaiveDateTime,
) -> Vec<FingerprintRow> {
    digests
        .iter()
        .map(|d| FingerprintRow {
            report_id: report_id.to_owned(),
            kind: d.kind.to_owned(),
            digest: d.digest.clone(),
            received_at,
        })
        .collect()
}

/// Whose earlier contacts the operator may see, from its agency; `None`: nobody's.
pub fn scope_of(principal: &Principal) -> Option<(String, Jurisdiction)> {
    if principal.role != Role::Operator {
        return None;
    }
    principal
        .agency
        .as_ref()
        .map(|a| (a.id.to_string(), a.jurisdiction))
}

/// The earlier contacts from these digests, as the operator may see them: a case number
/// only for a case inside its case scope.
pub fn earlier_contacts(
    conn: &mut DbConnection,
    agency_id: &str,
    jurisdiction: Jurisdiction,
    case_scope: Option<CaseScope>,
    digests: &[ContactDigest],
    before: DateTime<Utc>,
) -> StoreResult<Vec<EarlierContact>> {
    let rows = contacts::earlier(
        conn,
        ContactScope {
            agency_id,
            jurisdiction,
        },
        &digests.iter().map(|d| d.digest.clone()).collect::<Vec<_>>(),
        before.naive_utc(),
        MAX_EARLIER,
    )?;
    let ids: Vec<&str> = rows.iter().filter_map(|r| r.case_id.as_deref()).collect();
    let numbers = match case_scope {
        Some(scope) => cases::visible_numbers(conn, scope, &ids)?,
        None => Default::default(),
    };
    let out = rows
        .into_iter()
        .map(|r| {
            let case_number = r.case_id.as_ref().and_then(|id| numbers.get(id)).cloned();
            EarlierContact {
                report_id: r.id,
                received_at: r.received_at.and_utc(),
                channel: r.channel,
                contact_type: r.contact_type,
                case_id: case_number.as_ref().and(r.case_id),
                case_number,
            }
        })
        .collect();
    Ok(out)
}

/// `POST /api/v1/contacts/lookup`: a phone or handle, in the body so that it never appears
/// in a URL or an access log.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactLookup {
    pub phone: Option<String>,
    pub handle: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContactHistory {
    /// Earlier contacts from this phone number or handle, newest first (at most 20).
    pub items: Vec<EarlierContact>,
}

/// Has this number or handle contacted the line before? For the operator on the call
/// (`contact.lookup`: what was looked up is recorded as a keyed digest under the audit key,
/// as search terms are, so that a lookup of a neighbour's number can be traced, never as the
/// number; and how much was found).
pub fn lookup_contacts(
    conn: &mut DbConnection,
    caller: &Caller,
    key: &ContactKey,
    lookup: &ContactLookup,
    audit_key: &[u8],
    now: DateTime<Utc>,
) -> Result<Vec<EarlierContact>, IntakeError> {
    let Some((agency_id, jurisdiction)) = caller.principal().and_then(scope_of) else {
        return Err(IntakeError::LookupNotAllowed);
    };
    let points = lookup_points(lookup)?;
    let digests = key.digests(&points);
    let scope = caller.case_scope();
    caller.audited(conn, now, |conn| {
        let items = earlier_contacts(conn, &agency_id, jurisdiction, scope, &digests, now)?;
        let entry = Entry::new("contact.lookup").detail(serde_json::json!({
            "kinds": points.iter().map(|p| p.kind).collect::<Vec<_>>(),
            "digests": points.iter()
                .map(|p| search_term_hash(audit_key, &format!("{}:{}", p.kind, p.value)))
                .collect::<Vec<_>>(),
            "found": items.len(),
        }));
        Ok((items, entry))
    })
}

/// The phone and handle of a lookup, normalised; at least one is needed.
pub(crate) fn lookup_points(lookup: &ContactLookup) -> Result<Vec<ContactPoint>, IntakeError> {
    let mut points = Vec::new();
    let mut errors = Vec::new();
    if let Some(raw) = lookup.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        match contact::normalise_phone(raw).filter(|_| raw.chars().count() <= 32) {
            Some(value) => points.push(ContactPoint {
                kind: "phone",
                value,
            }),
            None => errors.push(FieldError::new("phone", "số điện thoại không hợp lệ")),
        }
    }
    if let Some(raw) = lookup.handle.as_deref().filter(|h| !h.trim().is_empty()) {
        match hotline_domain::evidence::fold_handle(raw)
            .filter(|_| raw.chars().count() <= MAX_SHORT_TEXT)
        {
            Some(value) => points.push(ContactPoint {
                kind: "handle",
                value,
            }),
            None => errors.push(FieldError::new(
                "handle",
                format!("cần từ 1 đến {MAX_SHORT_TEXT} ký tự"),
            )),
        }
    }
    if points.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("phone", "cần số điện thoại hoặc tài khoản"));
    }
    if errors.is_empty() {
        Ok(points)
    } else {
        Err(IntakeError::Invalid(errors))
    }
}
