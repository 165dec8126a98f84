//! Reading the log: filtered pages for supervisors, exports, and the access summary that
//! flags users reading far more cases than they usually do.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use hotline_store::models::AuditEntryRow;
pub use hotline_store::queries::scope::{Total, COUNTED_EXACTLY};
use hotline_store::schema::{audit_entries, audit_entry_cases};
use hotline_store::{DbConnection, MultiBackend};
use serde::Serialize;
use sha2::Sha256;

use crate::AuditError;

/// Actions that count as reading case contents.
pub const CASE_READ_ACTIONS: &[&str] = &["case.read"];

/// The part of the log a supervisor may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    All,
    Province(i32),
    Commune(i32),
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub case_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

type Boxed<'a> = audit_entries::BoxedQuery<'a, MultiBackend>;

fn filtered<'a>(scope: AuditScope, f: &'a AuditFilter) -> Boxed<'a> {
    let mut q = audit_entries::table.into_boxed();
    q = match scope {
        AuditScope::All => q,
        AuditScope::Province(p) => q.filter(audit_entries::province_code.eq(p)),
        AuditScope::Commune(c) => q.filter(audit_entries::commune_code.eq(c)),
    };
    if let Some(id) = &f.case_id {
        q = q.filter(
            audit_entries::seq.eq_any(
                audit_entry_cases::table
                    .filter(audit_entry_cases::case_id.eq(id))
                    .select(audit_entry_cases::seq),
            ),
        );
    }
    if let Some(actor) = &f.actor {
        q = q.filter(audit_entries::actor.eq(actor));
    }
    if let Some(action) = &f.action {
        q = q.filter(audit_entries::action.eq(action));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_entries::at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_entries::at.lt(to));
    }
    q
}

/// One page, newest first, and how many entries match, counted as the case lists count:
/// exactly up to [`COUNTED_EXACTLY`] (or the end of the page asked for), "that many or more"
/// past it. Counting ten million entries for the newest page took a second.
pub fn list(
    conn: &mut DbConnection,
    scope: AuditScope,
    filter: &AuditFilter,
    page: i64,
    per_page: i64,
) -> Result<(Vec<AuditEntryRow>, Total), AuditError> {
    let offset = (page - 1).saturating_mul(per_page);
    let cap = Total::cap(None, offset.saturating_add(per_page));
    let counted: Vec<i64> = filtered(scope, filter)
        .select(audit_entries::seq)
        .limit(cap.saturating_add(1))
        .load(conn)?;
    let total = Total::counted(i64::try_from(counted.len()).unwrap_or(i64::MAX), cap);
    let rows = filtered(scope, filter)
        .order(audit_entries::seq.desc())
        .limit(per_page)
        .offset(offset)
        .select(AuditEntryRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Every matching entry, oldest first, up to `limit`.
pub fn export(
    conn: &mut DbConnection,
    scope: AuditScope,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntryRow>, AuditError> {
    Ok(filtered(scope, filter)
        .order(audit_entries::seq)
        .limit(limit)
        .select(AuditEntryRow::as_select())
        .load(conn)?)
}

/// One user's case reads on one day, against their usual level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyAccess {
    pub actor: String,
    pub day: NaiveDate,
    pub case_reads: i64,
    /// Mean daily reads over the `baseline_days` before `day`.
    pub usual: f64,
    pub flagged: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct SummaryRule {
    /// Flag a day whose reads exceed this multiple of the usual level...
    pub multiple: f64,
    /// ...where the usual level is never taken as lower than this (new users).
    pub floor: f64,
    pub baseline_days: i64,
}

impl Default for SummaryRule {
    fn default() -> Self {
        SummaryRule {
            multiple: 3.0,
            floor: 10.0,
            baseline_days: 30,
        }
    }
}

/// One user's case reads on one day, counted by the database.
#[derive(QueryableByName)]
struct DayCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    actor: String,
    #[diesel(sql_type = diesel::sql_types::Date)]
    day: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    reads: i64,
}

/// Case reads per user and Vietnam day in `[start, end)`, counted in the database (a year of
/// reads is never loaded row by row).
fn reads_per_day(
    conn: &mut DbConnection,
    scope: AuditScope,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Result<Vec<(String, NaiveDate, i64)>, AuditError> {
    use diesel::sql_types::{Integer, Timestamp};
    let (place, code) = match scope {
        AuditScope::All => ("", 0),
        AuditScope::Province(p) => ("province_code", p),
        AuditScope::Commune(c) => ("commune_code", c),
    };
    let postgres = conn.is_postgres();
    let offset = hotline_domain::time::VIETNAM_OFFSET_SECS;
    let day = if postgres {
        format!("(at + interval '{offset} seconds')::date")
    } else {
        format!("date(at, '+{offset} seconds')")
    };
    let arg = |n: usize| {
        if postgres {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };
    let place_clause = if place.is_empty() {
        String::new()
    } else {
        format!(" AND {place} = {}", arg(3))
    };
    let sql = format!(
        "SELECT COALESCE(actor, '') AS actor, {day} AS day, COUNT(*) AS reads FROM audit_entries
         WHERE action = 'case.read' AND at >= {} AND at < {}{place_clause}
         GROUP BY 1, 2",
        arg(1),
        arg(2)
    );
    let query = diesel::sql_query(sql)
        .bind::<Timestamp, _>(start)
        .bind::<Timestamp, _>(end);
    let rows: Vec<DayCount> = if place.is_empty() {
        hotline_store::per_backend!(&mut *conn, |c| query.clone().load(c))?
    } else {
        let query = query.bind::<Integer, _>(code);
        hotline_store::per_backend!(&mut *conn, |c| query.clone().load(c))?
    };
    Ok(rows
        .into_iter()
        .map(|r| (r.actor, r.day, r.reads))
        .collect())
}

/// Case reads per user and day (Vietnam time) from `from` to `to` (dates, inclusive).
pub fn access_summary(
    conn: &mut DbConnection,
    scope: AuditScope,
    from: NaiveDate,
    to: NaiveDate,
    rule: SummaryRule,
) -> Result<Vec<DailyAccess>, AuditError> {
    let start = hotline_domain::time::vietnam_midnight(from - Duration::days(rule.baseline_days))
        .naive_utc();
    let end = hotline_domain::time::vietnam_midnight(to + Duration::days(1)).naive_utc();
    let mut per_day: HashMap<String, BTreeMap<NaiveDate, i64>> = HashMap::new();
    for (actor, day, reads) in reads_per_day(conn, scope, start, end)? {
        per_day.entry(actor).or_default().insert(day, reads);
    }
    let mut out = Vec::new();
    for (actor, days) in &per_day {
        for (&day, &count) in days.range(from..=to) {
            let window = (day - Duration::days(rule.baseline_days))..day;
            let usual =
                days.range(window).map(|(_, c)| *c).sum::<i64>() as f64 / rule.baseline_days as f64;
            let flagged = count as f64 > rule.multiple * usual.max(rule.floor);
            out.push(DailyAccess {
                actor: actor.clone(),
                day,
                case_reads: count,
                usual,
                flagged,
            });
        }
    }
    out.sort_by(|a, b| (b.day, b.flagged, &a.actor).cmp(&(a.day, a.flagged, &b.actor)));
    Ok(out)
}

/// A free-text search term as the log keeps it: a keyed hash of its folded form, so equal
/// searches can be matched without the term itself ever being stored.
pub fn search_term_hash(key: &[u8], term: &str) -> String {
    let folded = hotline_domain::text::fold(term);
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(folded.as_bytes());
    hex::encode(mac.finalize().into_bytes())[..32].to_owned()
}

/// A key for one purpose derived from a master secret (HMAC-SHA256 of the purpose), so one
/// configured secret serves several uses without one use revealing another's key.
pub fn derive_key(master: &[u8], purpose: &str) -> Vec<u8> {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(master) else {
        return Vec::new();
    };
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_hashes_are_keyed_and_fold_diacritics() {
        let a = search_term_hash(b"key one", "Nguyễn Văn A");
        assert_eq!(a, search_term_hash(b"key one", "nguyen van a"));
        assert_ne!(a, search_term_hash(b"key two", "nguyen van a"));
        assert!(!a.contains("nguyen"));
        assert_eq!(a.len(), 32);
    }
}
