//! Opening the sealed fields of rows an operation has already read in the caller's scope.

use chrono::{NaiveDate, NaiveDateTime};
use hotline_store::models::{CaseStepRow, ChildRow, EvidenceRow, ReportRow};
use hotline_store::queries::{cases, casework, evidence, places, search_terms};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::CaseError;

/// The value of `field` of row `id`, opened.
pub(crate) fn open(
    vault: &Vault,
    field: Field,
    id: &str,
    stored: Option<&str>,
) -> Result<Option<String>, CaseError> {
    Ok(vault.open_opt(field, id, stored)?)
}

/// A child's date of birth: sealed, or in clear for a child written before sealing.
pub(crate) fn birth_date(vault: &Vault, child: &ChildRow) -> Result<Option<NaiveDate>, CaseError> {
    let Some(sealed) = child.birth_date_sealed.as_deref() else {
        return Ok(child.birth_date);
    };
    let text = vault.open(Field::ChildBirthDate, &child.id, sealed)?;
    text.parse().map(Some).map_err(|_| {
        StoreError::Corrupt(format!("child {} has a bad date of birth", child.id)).into()
    })
}

/// The step records of case `case_id`, their body and note opened.
pub(crate) fn steps_of(
    conn: &mut DbConnection,
    vault: &Vault,
    case_id: &str,
) -> Result<Vec<CaseStepRow>, CaseError> {
    casework::steps_of(conn, case_id)?
        .into_iter()
        .map(|mut row| {
            row.body = vault.open(Field::StepBody, &row.id, &row.body)?;
            row.note = vault.open_opt(Field::StepNote, &row.id, row.note.as_deref())?;
            Ok(row)
        })
        .collect()
}

/// Store step record `row` (body and note in clear), sealing its body and note.
pub(crate) fn insert_step(
    conn: &mut DbConnection,
    vault: &Vault,
    row: &CaseStepRow,
) -> Result<(), CaseError> {
    let mut sealed = row.clone();
    sealed.body = vault.seal(Field::StepBody, &row.id, &row.body)?;
    sealed.note = vault.seal_opt(Field::StepNote, &row.id, row.note.as_deref())?;
    casework::insert_step(conn, &sealed)?;
    Ok(())
}

/// A report's whole online document: sealed, or in clear for a report written before sealing
/// (an erased report keeps only the counted facts, in clear).
pub(crate) fn online_of(vault: &Vault, report: &ReportRow) -> Result<Option<String>, CaseError> {
    match &report.online_sealed {
        Some(sealed) => Ok(Some(vault.open(Field::ReportOnline, &report.id, sealed)?)),
        None => Ok(report.online.clone()),
    }
}

/// The online evidence of case `case_id`, values opened, each with its keyed hash (the
/// start keys every row before serving; one it has not reached is keyed here, the one place
/// rows are read with their values open).
pub(crate) fn evidence_of(
    conn: &mut DbConnection,
    vault: &Vault,
    case_id: &str,
) -> Result<Vec<EvidenceRow>, CaseError> {
    evidence::for_case(conn, case_id)?
        .into_iter()
        .map(|mut row| {
            row.value = vault.open(Field::EvidenceValue, &row.id, &row.value)?;
            if row.value_key.is_none() {
                row.value_key = Some(vault.terms().evidence_key(&row.kind, &row.value));
            }
            Ok(row)
        })
        .collect()
}

/// Give case `to` every piece of case `from`'s evidence it does not have yet (linking a
/// duplicate: later reports of the same URL then find the case that is still worked). Each
/// copy is a new row, so its value is sealed again under the new row's id.
pub(crate) fn copy_evidence(
    conn: &mut DbConnection,
    vault: &Vault,
    (from, to): (&str, &str),
    now: NaiveDateTime,
) -> Result<usize, CaseError> {
    let rows: Vec<EvidenceRow> = evidence_of(conn, vault, from)?
        .into_iter()
        .map(|r| {
            let id = uuid::Uuid::now_v7().to_string();
            Ok(EvidenceRow {
                value: vault.seal(Field::EvidenceValue, &id, &r.value)?,
                id,
                case_id: to.to_owned(),
                created_at: now,
                ..r
            })
        })
        .collect::<Result<_, CaseError>>()?;
    let n = rows.len();
    evidence::insert(conn, &rows)?;
    Ok(n)
}

/// Index case `id` again from what it holds now: its number, commune, places, and its
/// children's names and locations. A corrected name no longer finds the case, nor a commune
/// it was transferred from.
pub(crate) fn reindex(conn: &mut DbConnection, vault: &Vault, id: &str) -> Result<(), CaseError> {
    let fresh = cases::visible(conn, hotline_domain::CaseScope::All, id)?;
    let commune = places::commune(conn, fresh.commune_code)?.map(|c| c.name);
    let place = open(
        vault,
        Field::CasePlace,
        &fresh.id,
        fresh.place_detail.as_deref(),
    )?;
    let mut children = Vec::new();
    for child in cases::children_of(conn, &fresh.id)? {
        let name = open(vault, Field::ChildName, &child.id, child.name.as_deref())?;
        let location = child.current_location.as_deref();
        let location = open(vault, Field::ChildLocation, &child.id, location)?;
        children.push((name, location));
    }
    let children: Vec<_> = children
        .iter()
        .map(|(n, l)| (n.as_deref(), l.as_deref()))
        .collect();
    let words = search_terms::case_words(
        commune.as_deref().unwrap_or_default(),
        place.as_deref(),
        &children,
    );
    search_terms::forget_case(conn, &fresh.id)?;
    let terms = vault.terms();
    let posting = (fresh.id.as_str(), fresh.received_at);
    search_terms::index_case(conn, terms, posting, &words)?;
    // The number is indexed as written, as intake does.
    search_terms::index_case(conn, terms, posting, &fresh.case_number)?;
    Ok(())
}
