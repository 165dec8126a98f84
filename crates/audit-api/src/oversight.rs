//! What supervisors do with the audit log: page through it, verify its chain, export it and
//! look at case reads per user and day. Each is audited, placed where the supervisor's
//! agency lies.

use chrono::{DateTime, NaiveDate, Utc};
pub use hotline_audit::query::DailyAccess;
use hotline_audit::query::{self, AuditFilter, AuditScope, SummaryRule};
use hotline_audit::{verify, Entry, SealKey, VerifyReport};
use hotline_domain::{time, CaseScope, Role};
use hotline_http::params::{self, text, time_bound, Paging};
use hotline_http::{Caller, FieldError};
use hotline_store::models::AuditEntryRow;
use hotline_store::DbConnection;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::OversightError;

/// Up to 500 entries a page, 50 unless asked.
const PAGING: Paging = Paging {
    max: 500,
    default: 50,
};

/// Rows one CSV export may hold; narrow the filters for more.
pub const MAX_EXPORT_ROWS: i64 = 100_000;

/// The filters of a query or export, as typed (query-string values).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub case_id: Option<String>,
    /// Username of whoever acted.
    pub actor: Option<String>,
    /// e.g. `case.read`, `case.list`, `report.create`, `case.transition`, `auth.login`.
    pub action: Option<String>,
    /// RFC 3339, or a date (Vietnam time).
    pub from: Option<String>,
    pub to: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// 1 to 500; default 50.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub per_page: Option<String>,
}

/// The days of an access summary, as typed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// First day (YYYY-MM-DD, Vietnam time); default: 6 days before `to`.
    pub from: Option<String>,
    /// Last day; default: today.
    pub to: Option<String>,
}

/// One page of entries, newest first, and how many match (`total` or more when not
/// `total_exact`).
pub struct LogPage {
    pub items: Vec<AuditEntryRow>,
    pub total: i64,
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

/// The part of the log the caller may read: only supervisors, and only their jurisdiction.
pub fn audit_scope(caller: &Caller) -> Result<AuditScope, OversightError> {
    if caller.role() != Some(Role::Supervisor) {
        return Err(OversightError::NotSupervisor);
    }
    match caller.case_scope() {
        Some(CaseScope::All) => Ok(AuditScope::All),
        Some(CaseScope::Province(p)) => Ok(AuditScope::Province(i32::from(p))),
        Some(CaseScope::Commune(c)) => {
            Ok(AuditScope::Commune(i32::try_from(c).unwrap_or(i32::MAX)))
        }
        _ => Err(OversightError::NoJurisdiction),
    }
}

fn parse(q: &AuditQuery) -> Result<(AuditFilter, i64, i64), OversightError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let filter = AuditFilter {
        case_id: text(q.case_id.as_deref()),
        actor: text(q.actor.as_deref()),
        action: text(q.action.as_deref()),
        from: time_bound(&mut errors, "from", q.from.as_deref(), false),
        to: time_bound(&mut errors, "to", q.to.as_deref(), true),
    };
    let (page, per_page) = PAGING.read(&mut errors, q.page.as_deref(), q.per_page.as_deref());
    if errors.is_empty() {
        Ok((filter, page, per_page))
    } else {
        Err(OversightError::Invalid(errors))
    }
}

fn filter_detail(f: &AuditFilter) -> serde_json::Value {
    serde_json::json!({
        "case_id": f.case_id, "actor": f.actor, "action": f.action,
        "from": f.from.map(|t| t.and_utc()), "to": f.to.map(|t| t.and_utc()),
    })
}

/// An entry about the log itself, placed where the supervisor's agency lies.
pub(crate) fn entry(caller: &Caller, action: &'static str, detail: serde_json::Value) -> Entry {
    let (province, commune) = caller.place();
    Entry::new(action).place(province, commune).detail(detail)
}

/// Entries of the caller's jurisdiction matching `q`, newest first (`audit.query`).
pub fn list_entries(
    conn: &mut DbConnection,
    caller: &Caller,
    q: &AuditQuery,
    now: DateTime<Utc>,
) -> Result<LogPage, OversightError> {
    let scope = audit_scope(caller)?;
    let (filter, page, per_page) = parse(q)?;
    caller.audited(conn, now, |conn| {
        let (items, total) = query::list(conn, scope, &filter, page, per_page)?;
        let detail = serde_json::json!({
            "filters": filter_detail(&filter), "page": page, "returned": items.len(),
            "total": total.n, "total_exact": total.exact,
        });
        let page = LogPage {
            items,
            total: total.n,
            total_exact: total.exact,
            page,
            per_page,
        };
        Ok((page, entry(caller, "audit.query", detail)))
    })
}

/// Recompute the hash chain of the whole log (`audit.verify`). The chain is read outside the
/// write transaction: on SQLite that would hold the one write lock for the whole read.
pub fn verify_log(
    conn: &mut DbConnection,
    caller: &Caller,
    key: &SealKey,
    now: DateTime<Utc>,
) -> Result<VerifyReport, OversightError> {
    audit_scope(caller)?;
    let report = verify(conn, key)?;
    let detail = serde_json::json!({
        "ok": report.ok, "entries": report.entries, "sealed_through": report.sealed_through,
        "first_bad_seq": report.first_bad_seq,
    });
    caller.audited(conn, now, |_| {
        Ok::<_, OversightError>(((), entry(caller, "audit.verify", detail)))
    })?;
    if !report.ok {
        tracing::error!(first_bad_seq = ?report.first_bad_seq, problem = ?report.problem, "audit chain verification failed");
    }
    Ok(report)
}

/// Every matching entry, oldest first, up to [`MAX_EXPORT_ROWS`] (`audit.export`).
pub fn export_entries(
    conn: &mut DbConnection,
    caller: &Caller,
    q: &AuditQuery,
    now: DateTime<Utc>,
) -> Result<Vec<AuditEntryRow>, OversightError> {
    let scope = audit_scope(caller)?;
    let (filter, _, _) = parse(q)?;
    caller.audited(conn, now, |conn| {
        let rows = query::export(conn, scope, &filter, MAX_EXPORT_ROWS)?;
        let detail = serde_json::json!({"filters": filter_detail(&filter), "rows": rows.len()});
        Ok((rows, entry(caller, "audit.export", detail)))
    })
}

/// Case reads per user and day in the caller's jurisdiction, days far above the user's
/// usual level flagged (`audit.summary`).
pub fn access_summary(
    conn: &mut DbConnection,
    caller: &Caller,
    q: &SummaryQuery,
    rule: SummaryRule,
    now: DateTime<Utc>,
) -> Result<Vec<DailyAccess>, OversightError> {
    let scope = audit_scope(caller)?;
    let (from, to) = days(q, now)?;
    caller.audited(conn, now, |conn| {
        let rows = query::access_summary(conn, scope, from, to, rule)?;
        let flagged = rows.iter().filter(|r| r.flagged).count();
        let detail =
            serde_json::json!({"from": from, "to": to, "rows": rows.len(), "flagged": flagged});
        Ok((rows, entry(caller, "audit.summary", detail)))
    })
}

/// The summary's first and last day: a week to today by default, at most 366 days.
fn days(q: &SummaryQuery, now: DateTime<Utc>) -> Result<(NaiveDate, NaiveDate), OversightError> {
    let day = |field: &str, v: Option<&str>| -> Result<Option<NaiveDate>, OversightError> {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                params::date(v).ok_or_else(|| {
                    OversightError::Invalid(vec![FieldError::new(
                        field,
                        "cần ngày YYYY-MM-DD, từ năm 1900 đến 2200",
                    )])
                })
            })
            .transpose()
    };
    let to = day("to", q.to.as_deref())?
        .unwrap_or_else(|| now.with_timezone(&time::vietnam()).date_naive());
    let from = day("from", q.from.as_deref())?.unwrap_or(to - chrono::Duration::days(6));
    if from > to || (to - from).num_days() > 366 {
        return Err(OversightError::Invalid(vec![FieldError::new(
            "from",
            "khoảng ngày phải hợp lệ và không quá 366 ngày",
        )]));
    }
    Ok((from, to))
}
