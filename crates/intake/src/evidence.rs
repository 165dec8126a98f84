//! Evidence of online abuse: the comparable rows a report leaves on its case, and the
//! export of a case's evidence for the international hotline networks (INHOPE's ICCAM and
//! NCMEC's CyberTipline; the field mapping is in docs/EVIDENCE_EXPORT.md). Only hashes of
//! files ever reach this service; imagery is never stored, shown or sent.

use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use hotline_audit::append;
use hotline_domain::evidence::{evidence_keys, EvidenceKey, EvidenceKind, Platform};
use hotline_domain::time;
use hotline_http::access::{case_scope, path_id};
use hotline_http::audit_ctx::actor;
use hotline_http::{ApiError, AppState, Authenticated, ClientIp};
use hotline_store::models::{EvidenceRow, ReportRow};
use hotline_store::queries::{cases, evidence, places};
use hotline_store::{write_transaction, DbConnection};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::cases::case_entry;
use crate::dto::OnlineInput;
use crate::validate::ValidReport;

/// The comparable keys of a checked report's online evidence.
pub fn keys_of(report: &ValidReport) -> Vec<EvidenceKey> {
    let Some(online) = &report.online else {
        return Vec::new();
    };
    let platform = online.platform.as_deref().map(Platform::from_name);
    evidence_keys(
        &online.urls,
        &online.offender_handles,
        &online.file_sha256,
        platform,
    )
}

pub fn rows_for(
    case_id: &str,
    report_id: &str,
    keys: &[EvidenceKey],
    now: NaiveDateTime,
) -> Vec<EvidenceRow> {
    keys.iter()
        .map(|k| EvidenceRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: case_id.to_owned(),
            report_id: report_id.to_owned(),
            kind: k.kind.code().to_owned(),
            value: k.value.clone(),
            platform: k.platform.map(|p| p.code().to_owned()),
            created_at: now,
        })
        .collect()
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
pub fn export(
    conn: &mut DbConnection,
    case: &hotline_store::models::CaseRow,
    now: DateTime<Utc>,
) -> Result<EvidenceExport, ApiError> {
    let rows = evidence::for_case(conn, &case.id)?;
    let detail = cases::detail(conn, case.clone())?;
    let onlines: Vec<OnlineInput> = detail
        .reports
        .iter()
        .filter_map(|r: &ReportRow| r.online.as_deref())
        .filter_map(|o| serde_json::from_str(o).ok())
        .collect();
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

/// Export a case's online evidence (for ICCAM or the CyberTipline; see
/// docs/EVIDENCE_EXPORT.md). Audited as `case.evidence_export`.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    responses(
        (status = 200, body = EvidenceExport),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}/evidence")]
pub async fn export_evidence(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = case_scope(&principal)?;
    let id = path_id(&path)?;
    let who = actor(&principal, &ip);
    let now = time::now();
    let doc = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let row = cases::visible(conn, scope, &id)?;
                let doc = export(conn, &row, now)?;
                let entry = case_entry("case.evidence_export", &row).detail(serde_json::json!({
                    "case_number": row.case_number, "urls": doc.urls.len(), "files": doc.files.len(),
                    "accounts": doc.offender_accounts.len(),
                }));
                append(conn, &who, entry, now)?;
                Ok::<_, ApiError>(doc)
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"evidence-{}.json\"", doc.case_number),
        ))
        .json(doc))
}
