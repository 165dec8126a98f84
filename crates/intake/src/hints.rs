//! What the operator should know while a call is still being typed: open cases the report
//! may belong to (the same URL, file, offender handle, or child in the same commune) and
//! earlier contacts from the same number or account. Nothing is written but the audit
//! entry, which records how much was probed and found, never the values.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::evidence::{evidence_keys, platform_named};
use hotline_domain::Role;
use hotline_http::Caller;
use hotline_store::queries::evidence::{self, Probe};
use hotline_store::queries::search_terms::TermKey;
use hotline_store::DbConnection;

use crate::contacts::{earlier_contacts, lookup_points, scope_of, ContactKey, ContactLookup};
use crate::dto::{DuplicateMatch, EarlierContact, ReportRequest};
use crate::duplicates::{child_keys, matches};
use crate::IntakeError;

#[derive(Debug, Default)]
pub struct DraftHints {
    pub duplicates: Vec<DuplicateMatch>,
    pub earlier_contacts: Vec<EarlierContact>,
}

/// The hints for a report not yet logged. Fields that do not parse yet are skipped: the
/// draft is checked in full only when it is logged.
pub fn draft_hints(
    conn: &mut DbConnection,
    caller: &Caller,
    (contact_key, terms): (&ContactKey, &TermKey),
    draft: &ReportRequest,
    now: DateTime<Utc>,
) -> Result<DraftHints, IntakeError> {
    let principal = caller
        .principal()
        .filter(|p| p.role == Role::Operator)
        .ok_or(IntakeError::NotAnOperator)?;
    let evidence: Vec<(String, String)> = draft
        .online
        .as_ref()
        .map(|o| {
            let platform = o.platform.as_deref().map(platform_named);
            let keys = evidence_keys(&o.urls, &o.offender_handles, &o.file_sha256, platform);
            crate::evidence::probe_keys(terms, &keys)
        })
        .unwrap_or_default();
    let commune_code = draft
        .place
        .as_ref()
        .and_then(|p| p.commune_code)
        .and_then(|c| i32::try_from(c).ok());
    // A child matches only in the same commune: without one, children are not compared.
    let children = match commune_code {
        Some(_) => child_keys(
            terms,
            draft
                .children
                .iter()
                .flatten()
                .map(|c| (c.name.as_deref(), c.birth_year)),
        ),
        None => Vec::new(),
    };
    let points = draft
        .informant
        .as_ref()
        .map(|i| ContactLookup {
            phone: i.phone.clone(),
            handle: i.handle.clone(),
        })
        .and_then(|l| lookup_points(&l).ok())
        .unwrap_or_default();
    if evidence.is_empty() && children.is_empty() && points.is_empty() {
        return Ok(DraftHints::default());
    }
    let digests = contact_key.digests(&points);
    let scope = principal.case_scope();
    let contact_scope = scope_of(principal);
    caller.audited(conn, now, |conn| {
        let mut hints = DraftHints::default();
        if let (Some(scope), false) = (scope, evidence.is_empty() && children.is_empty()) {
            let probe = Probe {
                evidence: evidence.clone(),
                children: children.clone(),
                commune_code: commune_code.unwrap_or_default(),
                exclude_case: None,
            };
            hints.duplicates = matches(evidence::possible_duplicates(conn, scope, &probe)?);
        }
        if let (Some((agency_id, jurisdiction)), false) = (&contact_scope, digests.is_empty()) {
            hints.earlier_contacts =
                earlier_contacts(conn, agency_id, *jurisdiction, scope, &digests, now)?;
        }
        let entry = Entry::new("intake.hints").detail(serde_json::json!({
            "evidence_keys": evidence.len(),
            "children": children.len(),
            "contact_kinds": points.iter().map(|p| p.kind).collect::<Vec<_>>(),
            "duplicates_found": hints.duplicates.len(),
            "earlier_found": hints.earlier_contacts.len(),
        }));
        Ok((hints, entry))
    })
}
