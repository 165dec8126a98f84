//! The supervisor's dashboard: counts over the cases of a place (the country, a province or
//! a commune), each one grouped query joined to the cases it concerns.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use hotline_domain::{CaseScope, DeadlineState, ReferralStatus};

use super::scope::{in_place, in_place_by, load_in_place};
use crate::schema::{agencies, case_deadlines, cases, outbox, referrals};
use crate::{DbConnection, StoreResult};

/// Rows of `$source` counted per `$column`, boxed for the filters that follow.
macro_rules! count_per {
    ($source:expr, $column:expr) => {
        $source
            .group_by($column)
            .select(($column, count_star()))
            .into_boxed()
    };
}

/// Open cases per status.
pub fn open_cases_by_status(
    conn: &mut DbConnection,
    scope: CaseScope,
) -> StoreResult<Vec<(String, i64)>> {
    let query = count_per!(cases::table, cases::status)
        .filter(cases::status.eq_any(super::casework::open_statuses()));
    load_in_place!(query, scope, conn)
}

/// Referrals not acknowledged by their deadline, per agency (name), most first. Counted on
/// the place each referral keeps of its case, from one index and without reading a case.
pub fn overdue_referrals_by_agency(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let waiting = [
        ReferralStatus::Pending.code(),
        ReferralStatus::Overdue.code(),
    ];
    let query = count_per!(referrals::table, referrals::agency_id)
        .filter(referrals::status.eq_any(waiting))
        .filter(referrals::due_at.lt(now));
    let (province, commune) = (referrals::case_province_code, referrals::case_commune_code);
    let Some(query) = in_place_by!(query, scope, province, commune) else {
        return Ok(Vec::new());
    };
    let counts: Vec<(String, i64)> = query.load(conn)?;
    let ids: Vec<&str> = counts.iter().map(|(id, _)| id.as_str()).collect();
    let names: std::collections::HashMap<String, String> = agencies::table
        .filter(agencies::id.eq_any(ids))
        .select((agencies::id, agencies::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut rows: Vec<(String, i64)> = counts
        .into_iter()
        .map(|(id, n)| (names.get(&id).cloned().unwrap_or(id), n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}

/// Deadlines of the process still owed and already past, per kind.
pub fn overdue_deadlines_by_kind(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let owed = [
        DeadlineState::Pending.code(),
        DeadlineState::Breached.code(),
    ];
    let query = count_per!(
        case_deadlines::table.inner_join(cases::table),
        case_deadlines::kind
    )
    .filter(case_deadlines::state.eq_any(owed))
    .filter(case_deadlines::met_at.is_null())
    .filter(case_deadlines::due_at.lt(now));
    load_in_place!(query, scope, conn)
}

/// Deadlines breached since `since`, per kind. A month's breaches are few beside a place's
/// cases, so the query starts from them: the place is compared as `code + 0`, an expression
/// no index serves, which keeps SQLite's planner (it has no statistics) from starting from
/// every case of the province instead.
pub fn breaches_since(
    conn: &mut DbConnection,
    scope: CaseScope,
    since: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let query = count_per!(
        case_deadlines::table.inner_join(cases::table),
        case_deadlines::kind
    )
    .filter(case_deadlines::breached_at.ge(since));
    let (province, commune) = (cases::province_code + 0, cases::commune_code + 0);
    match in_place_by!(query, scope, province, commune) {
        Some(query) => Ok(query.load(conn)?),
        None => Ok(Vec::new()),
    }
}

/// Mails given up (dead letters) about the cases in scope; mail about no case counts for
/// the national supervisor only.
pub fn dead_letters(conn: &mut DbConnection, scope: CaseScope) -> StoreResult<i64> {
    let query = outbox::table
        .inner_join(cases::table.on(outbox::case_id.eq(cases::id.nullable())))
        .count()
        .into_boxed()
        .filter(outbox::failed_at.is_not_null())
        .filter(outbox::sent_at.is_null());
    let Some(q) = in_place!(query, scope) else {
        return Ok(0);
    };
    let about_cases: i64 = q.get_result(conn)?;
    let about_none: i64 = match scope {
        CaseScope::All => outbox::table
            .filter(outbox::failed_at.is_not_null())
            .filter(outbox::sent_at.is_null())
            .filter(outbox::case_id.is_null())
            .count()
            .get_result(conn)?,
        _ => 0,
    };
    Ok(about_cases + about_none)
}
