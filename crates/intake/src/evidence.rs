//! Evidence of online abuse: the comparable rows a report leaves on its case (normalised
//! URLs, file hashes, offender handles), by which later reports find it. Only hashes of files
//! ever reach this service; imagery is never stored, shown or sent.

use chrono::NaiveDateTime;
use hotline_domain::evidence::{evidence_keys, EvidenceKey, Platform};
use hotline_store::models::EvidenceRow;

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
