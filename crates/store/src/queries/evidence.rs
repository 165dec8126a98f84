//! Online evidence of cases, and the open cases that share a piece of it or a child:
//! the possible duplicates of a new report.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::CaseScope;

use crate::models::{CaseRow, EvidenceRow};
use crate::schema::{case_children, case_evidence, cases};
use crate::{DbConnection, StoreResult};

/// Case statuses that mean the case is no longer worked (see `domain::lifecycle::is_open`).
pub const NOT_OPEN: [&str; 3] = ["closed", "no_action", "duplicate"];

/// At most this many possible duplicates are returned: enough to spot the incident, not a
/// listing of the province.
pub const MAX_MATCHES: i64 = 20;

/// Rows are distinct per case, kind and value; a value already recorded is skipped.
pub fn insert(conn: &mut DbConnection, rows: &[EvidenceRow]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        DbConnection::Pg(c) => diesel::insert_into(case_evidence::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConnection::Sqlite(c) => diesel::insert_or_ignore_into(case_evidence::table)
            .values(rows)
            .execute(c)?,
    };
    Ok(())
}

/// A case's evidence, in the order it was recorded.
pub fn for_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<EvidenceRow>> {
    Ok(case_evidence::table
        .filter(case_evidence::case_id.eq(case_id))
        .order((
            case_evidence::created_at,
            case_evidence::kind,
            case_evidence::value,
        ))
        .select(EvidenceRow::as_select())
        .load(conn)?)
}

/// Give `to` every piece of `from`'s evidence it does not have yet (linking a duplicate:
/// later reports of the same URL then find the case that is still worked).
pub fn copy_to(
    conn: &mut DbConnection,
    from: &str,
    to: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let rows: Vec<EvidenceRow> = for_case(conn, from)?
        .into_iter()
        .map(|r| EvidenceRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: to.to_owned(),
            created_at: now,
            ..r
        })
        .collect();
    let n = rows.len();
    insert(conn, &rows)?;
    Ok(n)
}

/// What a new report offers to compare: evidence values by kind, and its children.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// (kind, value) pairs, values already normalised.
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

/// Candidates looked at per key kind, newest first: a URL reported a thousand times must not
/// make one intake read a thousand cases.
const CANDIDATES: i64 = 200;

/// Values per kind compared at most (a case's evidence can grow as duplicates join it).
const MAX_VALUES: usize = 500;

/// Statuses a candidate may have: open, or linked as a duplicate (it then counts for the
/// case it was linked to).
const ENDED: [&str; 2] = ["closed", "no_action"];

/// The open cases `scope` may see that share a piece of evidence with the probe, or a child
/// of the same folded name and birth year in the same commune. Newest first, at most
/// [`MAX_MATCHES`]. Every lookup is a subquery inside the scoped case query, so the work is
/// bounded however often a URL has been reported.
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
        let Some(query) = super::cases::scoped(scope) else {
            return Ok(Vec::new());
        };
        let hits: Vec<String> = query
            .filter(
                cases::id.eq_any(
                    case_evidence::table
                        .filter(case_evidence::kind.eq(kind))
                        .filter(case_evidence::value.eq_any(values))
                        .select(case_evidence::case_id),
                ),
            )
            .filter(cases::status.ne_all(ENDED))
            .order(cases::received_at.desc())
            .limit(CANDIDATES)
            .select(cases::id)
            .load(conn)?;
        for case_id in hits {
            reasons.entry(case_id).or_default().insert(kind.to_owned());
        }
    }
    // A shared child counts only in the same commune.
    for (name, year) in probe.children.iter().take(MAX_VALUES) {
        let Some(query) = super::cases::scoped(scope) else {
            return Ok(Vec::new());
        };
        let hits: Vec<String> = query
            .filter(cases::commune_code.eq(probe.commune_code))
            .filter(
                cases::id.eq_any(
                    case_children::table
                        .filter(case_children::name_folded.eq(name))
                        .filter(case_children::birth_year.eq(year))
                        .select(case_children::case_id),
                ),
            )
            .filter(cases::status.ne_all(ENDED))
            .order(cases::received_at.desc())
            .limit(CANDIDATES)
            .select(cases::id)
            .load(conn)?;
        for case_id in hits {
            reasons.entry(case_id).or_default().insert("child".into());
        }
    }
    // A hit on a case linked as a duplicate counts for the case it was linked to (a chain is
    // short; the bound only guards against a cycle).
    for _ in 0..4 {
        let ids: Vec<&str> = reasons.keys().map(String::as_str).collect();
        let linked: Vec<(String, Option<String>)> = cases::table
            .filter(cases::id.eq_any(ids))
            .filter(cases::status.eq("duplicate"))
            .filter(cases::duplicate_of.is_not_null())
            .select((cases::id, cases::duplicate_of))
            .load(conn)?;
        if linked.is_empty() {
            break;
        }
        for (id, kept) in linked {
            if let (Some(why), Some(kept)) = (reasons.remove(&id), kept) {
                reasons.entry(kept).or_default().extend(why);
            }
        }
    }
    if let Some(own) = &probe.exclude_case {
        reasons.remove(own);
    }
    if reasons.is_empty() {
        return Ok(Vec::new());
    }
    let Some(query) = super::cases::scoped(scope) else {
        return Ok(Vec::new());
    };
    let ids: Vec<&str> = reasons.keys().map(String::as_str).collect();
    let found: Vec<CaseRow> = query
        .filter(cases::id.eq_any(ids))
        .filter(cases::status.ne_all(NOT_OPEN))
        .order((cases::received_at.desc(), cases::id))
        .limit(MAX_MATCHES)
        .select(CaseRow::as_select())
        .load(conn)?;
    Ok(found
        .into_iter()
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
