//! Evidence of online abuse: the comparable rows a report leaves on its case (normalised
//! URLs, file hashes, offender handles), by which later reports find it. Only hashes of files
//! ever reach this service; imagery is never stored, shown or sent.

use chrono::NaiveDateTime;
use hotline_domain::evidence::{evidence_keys, platform_named, EvidenceKey};
use hotline_store::models::EvidenceRow;
use hotline_store::queries::search_terms::TermKey;
use hotline_vault::{Field, Vault};

use crate::validate::ValidReport;

/// The comparable keys of a checked report's online evidence.
pub fn keys_of(report: &ValidReport) -> Vec<EvidenceKey> {
    let Some(online) = &report.online else {
        return Vec::new();
    };
    let platform = online.platform.as_deref().map(platform_named);
    evidence_keys(
        &online.urls,
        &online.offender_handles,
        &online.file_sha256,
        platform,
    )
}

/// The (kind, keyed hash) pairs the duplicate check looks the keys up by.
pub fn probe_keys(terms: &TermKey, keys: &[EvidenceKey]) -> Vec<(String, String)> {
    keys.iter()
        .map(|k| {
            let kind = k.kind.code();
            (kind.to_owned(), terms.evidence_key(kind, &k.value))
        })
        .collect()
}

/// The rows `keys` leave on case `case_id` from report `report_id`: each value sealed under
/// its row's id, beside its keyed hash.
pub fn rows_for(
    vault: &Vault,
    (case_id, report_id): (&str, &str),
    keys: &[EvidenceKey],
    now: NaiveDateTime,
) -> hotline_vault::VaultResult<Vec<EvidenceRow>> {
    keys.iter()
        .map(|k| {
            let id = uuid::Uuid::now_v7().to_string();
            let kind = k.kind.code();
            Ok(EvidenceRow {
                value: vault.seal(Field::EvidenceValue, &id, &k.value)?,
                value_key: Some(vault.terms().evidence_key(kind, &k.value)),
                id,
                case_id: case_id.to_owned(),
                report_id: report_id.to_owned(),
                kind: kind.to_owned(),
                platform: k.platform.map(|p| p.code().to_owned()),
                created_at: now,
            })
        })
        .collect()
}
