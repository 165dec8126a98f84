//! Listing and searching the cases the caller may see. The search term is audited only as a
//! keyed hash: it may be a child's name.

use chrono::{DateTime, Utc};
use hotline_audit::query::search_term_hash;
use hotline_audit::Entry;
use hotline_domain::{text, CaseStatus, Category, RiskLevel};
use hotline_http::params::{code, integer, time_bound, Paging};
use hotline_http::{Caller, FieldError};
use hotline_store::queries::cases;
use hotline_store::queries::scope::CaseFilter;
use hotline_store::queries::search_terms::{self, TermKey};
use hotline_store::DbConnection;

use crate::dto::{CaseList, CaseQuery, CaseSummary};
use crate::CaseError;

/// Up to 100 cases a page, 20 unless asked.
pub const PAGING: Paging = Paging {
    max: 100,
    default: 20,
};
/// Longest search term, in characters after folding.
pub const MAX_QUERY_CHARS: usize = 200;

/// The keys a search needs: the audit log's (the query is audited as a keyed hash) and the
/// search index's.
#[derive(Clone, Copy)]
pub struct SearchKeys<'a> {
    pub audit: &'a [u8],
    pub terms: &'a TermKey,
}

impl<'a> SearchKeys<'a> {
    /// The server's keys.
    pub fn of(state: &'a hotline_http::AppState) -> Self {
        SearchKeys {
            audit: &state.audit_key,
            terms: state.vault.terms(),
        }
    }
}

fn parse(q: &CaseQuery, terms: &TermKey) -> Result<(CaseFilter, i64, i64), CaseError> {
    let mut errors = Vec::new();
    let status = code::<CaseStatus>(&mut errors, "status", q.status.as_deref());
    let category = code::<Category>(&mut errors, "category", q.category.as_deref());
    let risk_level = code::<RiskLevel>(&mut errors, "risk_level", q.risk_level.as_deref());
    let (page, per_page) = PAGING.read(&mut errors, q.page.as_deref(), q.per_page.as_deref());
    let commune_code = q
        .commune_code
        .as_deref()
        .map(|v| integer(&mut errors, "commune_code", Some(v), 1, 99_999, 0) as i32);
    let from = time_bound(&mut errors, "from", q.from.as_deref(), false);
    let to = time_bound(&mut errors, "to", q.to.as_deref(), true);
    let q_text = q.q.as_deref().map(text::fold).filter(|t| !t.is_empty());
    if q_text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_QUERY_CHARS)
    {
        errors.push(FieldError::new(
            "q",
            format!("dài quá {MAX_QUERY_CHARS} ký tự"),
        ));
    }
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }
    let filter = CaseFilter {
        terms: q_text
            .as_deref()
            .map(search_terms::query_terms)
            .unwrap_or_default()
            .iter()
            .map(|t| terms.hash(t))
            .collect(),
        status,
        commune_code,
        category,
        risk_level,
        from,
        to,
        chunk: None,
        counted_up_to: None,
    };
    Ok((filter, page, per_page))
}

/// One page of the cases the caller may see, newest first, filtered by `q` (`case.list`,
/// with the ids it returned). `keys.audit` hashes the search term for the log.
pub fn search_cases(
    conn: &mut DbConnection,
    caller: &Caller,
    q: &CaseQuery,
    keys: SearchKeys<'_>,
    now: DateTime<Utc>,
) -> Result<CaseList, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let (filter, page, per_page) = parse(q, keys.terms)?;
    let (province, commune) = caller.place();
    let q_hash =
        q.q.as_deref()
            .filter(|q| !q.trim().is_empty())
            .map(|q| search_term_hash(keys.audit, q));
    caller.audited_read(conn, now, |conn| {
        let (rows, total) = cases::list(conn, scope, &filter, page, per_page)?;
        let ids: Vec<&str> = rows.iter().map(|(r, _)| r.id.as_str()).collect();
        let entry = Entry::new("case.list")
            .place(province, commune)
            .cases(ids.iter().copied())
            .detail(serde_json::json!({
                "filters": {
                    "q_hash": q_hash, "status": filter.status, "commune_code": filter.commune_code,
                    "category": filter.category, "risk_level": filter.risk_level,
                    "from": filter.from.map(|t| t.and_utc()), "to": filter.to.map(|t| t.and_utc()),
                },
                "page": page, "per_page": per_page, "total": total.n,
                "total_exact": total.exact, "ids": ids,
            }));
        let items = rows
            .into_iter()
            .map(|(row, categories)| CaseSummary {
                id: row.id,
                case_number: row.case_number,
                status: row.status.code().to_owned(),
                risk_level: row.risk_level,
                emergency: row.emergency,
                province_code: row.province_code,
                commune_code: row.commune_code,
                categories,
                received_at: row.received_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
            })
            .collect();
        let list = CaseList {
            items,
            total: total.n,
            total_exact: total.exact,
            page,
            per_page,
        };
        Ok((list, entry))
    })
}
