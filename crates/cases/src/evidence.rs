//! A case's online evidence exported for the international hotline networks (INHOPE's ICCAM
//! and NCMEC's CyberTipline; the field mapping is in docs/EVIDENCE_EXPORT.md). Children's
//! names never leave in an export; only hashes of files ever reach this service.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hotline_domain::evidence::EvidenceKind;
use hotline_http::Caller;
use hotline_intake::dto::OnlineInput;
use hotline_store::models::CaseRow;
use hotline_store::queries::{cases, places};
use hotline_store::DbConnection;
use hotline_vault::Vault;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entries::case_entry;
use crate::guard::case_id;
use crate::CaseError;

/// Export the evidence of case `id` (as typed), audited as `case.evidence_export`.
pub fn export_evidence(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<EvidenceExport, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    caller.audited(conn, now, |conn| {
        let row = cases::visible(conn, scope, &id)?;
        let doc = export(conn, caller.vault(), &row, now)?;
        let entry = case_entry("case.evidence_export", &row).detail(serde_json::json!({
            "case_number": row.case_number, "urls": doc.urls.len(), "files": doc.files.len(),
            "accounts": doc.offender_accounts.len(),
        }));
        Ok((doc, entry))
    })
}

/// A case's evidence, in the shape ICCAM and the CyberTipline take (see the mapping).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EvidenceExport {
    /// `hotline-evidence/1`: the shape of this document.
    pub format: String,
    pub case_number: String,
    pub exported_at: DateTime<Utc>,
    pub incident: IncidentSummary,
    pub urls: Vec<ReportedUrl>,
    pub files: Vec<ReportedFile>,
    pub offender_accounts: Vec<OffenderAccount>,
    /// Codes: image, video, audio, text, livestream, link, file, other.
    pub content_types: Vec<String>,
    /// Age and sex only: children's names never leave in an export.
    pub children: Vec<ChildFacts>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IncidentSummary {
    /// Category codes of the case.
    pub categories: Vec<String>,
    /// When the first report of the case came in.
    pub first_reported_at: DateTime<Utc>,
    /// ISO 3166-1 alpha-2 of where the child is: always VN here.
    pub country: String,
    pub province_code: i32,
    pub province_name: Option<String>,
    pub commune_code: i32,
    pub commune_name: Option<String>,
    /// Whether any report said the content was still online at the time.
    pub still_online: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportedUrl {
    /// Normalised: lower-case scheme and host, punycode, no tracking parameters.
    pub url: String,
    pub platform: Option<String>,
    pub first_reported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportedFile {
    /// `SHA256`.
    pub hash_type: String,
    pub hash: String,
    pub first_reported_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OffenderAccount {
    /// Folded: lower case, no leading `@`, no diacritics.
    pub handle: String,
    pub platform: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChildFacts {
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    pub sex: Option<String>,
}

/// Build the export from what is stored.
fn export(
    conn: &mut DbConnection,
    vault: &Vault,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<EvidenceExport, CaseError> {
    let rows = crate::sealed::evidence_of(conn, vault, &case.id)?;
    let detail = cases::detail(conn, case.clone())?;
    let mut onlines: Vec<OnlineInput> = Vec::new();
    for report in &detail.reports {
        if let Some(doc) = crate::sealed::online_of(vault, report)? {
            onlines.extend(serde_json::from_str(&doc).ok());
        }
    }
    let mut content_types: Vec<String> = onlines
        .iter()
        .flat_map(|o| o.content_types.iter().cloned())
        .collect();
    content_types.sort();
    content_types.dedup();
    let still_online = onlines
        .iter()
        .filter_map(|o| o.still_online)
        .reduce(|a, b| a || b);
    let first_reported_at = detail
        .reports
        .iter()
        .map(|r| r.received_at)
        .min()
        .unwrap_or(case.received_at)
        .and_utc();
    let mut urls = Vec::new();
    let mut files = Vec::new();
    let mut accounts = BTreeMap::new();
    for r in rows {
        match r.kind.as_str() {
            k if k == EvidenceKind::Url.code() => urls.push(ReportedUrl {
                url: r.value,
                platform: r.platform,
                first_reported_at: r.created_at.and_utc(),
            }),
            k if k == EvidenceKind::FileSha256.code() => files.push(ReportedFile {
                hash_type: "SHA256".into(),
                hash: r.value,
                first_reported_at: r.created_at.and_utc(),
            }),
            _ => {
                accounts.insert((r.value.clone(), r.platform.clone()), ());
            }
        }
    }
    let commune = places::commune(conn, case.commune_code)?;
    let province_name = places::province(conn, case.province_code)?.map(|p| p.name);
    Ok(EvidenceExport {
        format: "hotline-evidence/1".into(),
        case_number: case.case_number.clone(),
        exported_at: now,
        incident: IncidentSummary {
            categories: detail.categories,
            first_reported_at,
            country: "VN".into(),
            province_code: case.province_code,
            province_name,
            commune_code: case.commune_code,
            commune_name: commune.map(|c| c.name),
            still_online,
        },
        urls,
        files,
        offender_accounts: accounts
            .into_keys()
            .map(|(handle, platform)| OffenderAccount { handle, platform })
            .collect(),
        content_types,
        children: detail
            .children
            .into_iter()
            .map(|c| ChildFacts {
                birth_year: c.birth_year,
                age_estimate: c.age_estimate,
                sex: c.sex,
            })
            .collect(),
    })
}
