//! Online evidence of cases, and the open cases that share a piece of it or a child:
//! the possible duplicates of a new report.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use hotline_domain::{lifecycle, CaseScope, CaseStatus};

use crate::models::{CaseRow, EvidenceRow};
use crate::schema::{case_children, case_evidence, cases};
use crate::{DbConnection, StoreResult};

/// At most this many possible duplicates are returned: enough to spot the incident, not a
/// listing of the province.
pub const MAX_MATCHES: i64 = 20;

/// Rows are distinct per case, kind and value (by its keyed hash); a value already recorded
/// is skipped.
pub fn insert(conn: &mut DbConnection, rows: &[EvidenceRow]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::insert_or_ignore!(conn, case_evidence::table, rows)?;
    Ok(())
}

/// A case's evidence (values as stored: sealed), in the order it was recorded.
pub fn for_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<EvidenceRow>> {
    Ok(case_evidence::table
        .filter(case_evidence::case_id.eq(case_id))
        .order((
            case_evidence::created_at,
            case_evidence::kind,
            case_evidence::id,
        ))
        .select(EvidenceRow::as_select())
        .load(conn)?)
}

/// What a new report offers to compare: evidence by kind, and its children.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// (kind, keyed hash of the normalised value) pairs.
    pub evidence: Vec<(String, String)>,
    /// (folded name, birth year) of each named child with a birth year.
    pub children: Vec<(String, i32)>,
    /// The commune the report is about: a child matches only there.
    pub commune_code: i32,
    /// The case just opened, which must not match itself.
    pub exclude_case: Option<String>,
}

/// An open case that may be about the same incident, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PossibleDuplicate {
    pub case_id: String,
    pub case_number: String,
    /// `url`, `file_sha256`, `handle`, `child`: each key the cases share.
    pub matched_on: Vec<String>,
}

/// Rows looked at per key, newest first (read from an index in that order): a URL reported a
/// thousand times must not make one intake read a thousand cases.
const CANDIDATES: i64 = 50;

/// Values per kind compared at most (a case's evidence can grow as duplicates join it).
const MAX_VALUES: usize = 500;

/// The open cases `scope` may see that share a piece of evidence with the probe, or a child
/// of the same folded name and birth year in the same commune. Newest first, at most
/// [`MAX_MATCHES`].
///
/// Every step starts from the evidence (or the children) and reaches cases by primary key:
/// a plan that started from the province's cases would read all of them for every intake
/// (SQLite, without statistics, prefers that index).
pub fn possible_duplicates(
    conn: &mut DbConnection,
    scope: CaseScope,
    probe: &Probe,
) -> StoreResult<Vec<PossibleDuplicate>> {
    let mut reasons: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (kind, value) in &probe.evidence {
        let values = by_kind.entry(kind).or_default();
        if values.len() < MAX_VALUES {
            values.push(value);
        }
    }
    for (kind, values) in by_kind {
        let hits: Vec<String> = case_evidence::table
            .filter(case_evidence::kind.eq(kind))
            .filter(case_evidence::value_key.eq_any(values))
            .order(case_evidence::created_at.desc())
            .limit(CANDIDATES)
            .select(case_evidence::case_id)
            .load(conn)?;
        for case_id in hits {
            reasons.entry(case_id).or_default().insert(kind.to_owned());
        }
    }
    let mut child_cases = BTreeSet::new();
    for (name, year) in probe.children.iter().take(MAX_VALUES) {
        let hits: Vec<String> = case_children::table
            .filter(case_children::name_key.eq(name))
            .filter(case_children::birth_year.eq(year))
            .order(case_children::id.desc())
            .limit(CANDIDATES)
            .select(case_children::case_id)
            .load(conn)?;
        child_cases.extend(hits);
    }
    for case_id in &child_cases {
        reasons
            .entry(case_id.clone())
            .or_default()
            .insert("child".into());
    }
    let mut rows = by_ids(conn, reasons.keys().map(String::as_str))?;
    // A shared child counts only in the same commune.
    for case in &rows {
        if case.commune_code != probe.commune_code {
            if let Some(why) = reasons.get_mut(&case.id) {
                why.remove("child");
            }
        }
    }
    // A hit on a case linked as a duplicate counts for the case it was linked to (a chain is
    // short; the bound only guards against a cycle).
    for _ in 0..4 {
        let linked: Vec<(String, String)> = rows
            .iter()
            .filter(|c| c.status == CaseStatus::Duplicate)
            .filter_map(|c| Some((c.id.clone(), c.duplicate_of.clone()?)))
            .collect();
        if linked.is_empty() {
            break;
        }
        let mut kept_ids = Vec::new();
        for (id, kept) in linked {
            if let Some(why) = reasons.remove(&id) {
                reasons.entry(kept.clone()).or_default().extend(why);
                kept_ids.push(kept);
            }
        }
        rows.retain(|c| c.status != CaseStatus::Duplicate);
        rows.extend(by_ids(conn, kept_ids.iter().map(String::as_str))?);
    }
    if let Some(own) = &probe.exclude_case {
        reasons.remove(own);
    }
    rows.retain(|c| {
        lifecycle::is_open(c.status) && reasons.get(&c.id).is_some_and(|w| !w.is_empty())
    });
    rows.sort_by(|a, b| b.received_at.cmp(&a.received_at).then(a.id.cmp(&b.id)));
    rows.dedup_by(|a, b| a.id == b.id);
    let visible = super::cases::visible_among(conn, scope, rows)?;
    Ok(visible
        .into_iter()
        .take(MAX_MATCHES as usize)
        .filter_map(|case| {
            let why = reasons.remove(&case.id)?;
            Some(PossibleDuplicate {
                case_id: case.id,
                case_number: case.case_number,
                matched_on: why.into_iter().collect(),
            })
        })
        .collect())
}

/// Cases by primary key.
fn by_ids<'a>(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = &'a str>,
) -> StoreResult<Vec<CaseRow>> {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(cases::table
        .filter(cases::id.eq_any(ids))
        .select(CaseRow::as_select())
        .load(conn)?)
}
