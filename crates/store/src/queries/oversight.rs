//! The supervisor's dashboard: counts over the cases of a place (the country, a province or
//! a commune), each one grouped query joined to the cases it concerns.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use hotline_domain::{CaseScope, CaseStatus, DeadlineState, ReferralStatus};

use crate::schema::{agencies, case_deadlines, cases, outbox, referrals};
use crate::{DbConnection, StoreResult};

/// A filter on the joined `cases` table for a place scope; `None` for any other scope, which
/// a dashboard does not serve.
macro_rules! in_place {
    ($query:expr, $scope:expr) => {
        match $scope {
            CaseScope::All => Some($query),
            CaseScope::Province(p) => Some($query.filter(cases::province_code.eq(i32::from(p)))),
            CaseScope::Commune(c) => {
                Some($query.filter(cases::commune_code.eq(i32::try_from(c).unwrap_or(i32::MAX))))
            }
            _ => None,
        }
    };
}

/// Statuses of a case that is still being worked.
fn open_statuses() -> Vec<&'static str> {
    CaseStatus::ALL
        .iter()
        .filter(|s| {
            !matches!(
                s,
                CaseStatus::Closed | CaseStatus::NoAction | CaseStatus::Duplicate
            )
        })
        .map(|s| s.code())
        .collect()
}

/// Open cases per status.
pub fn open_cases_by_status(
    conn: &mut DbConnection,
    scope: CaseScope,
) -> StoreResult<Vec<(String, i64)>> {
    let query = cases::table
        .group_by(cases::status)
        .select((cases::status, count_star()))
        .into_boxed()
        .filter(cases::status.eq_any(open_statuses()));
    match in_place!(query, scope) {
        Some(q) => Ok(q.load(conn)?),
        None => Ok(Vec::new()),
    }
}

/// Referrals not acknowledged by their deadline, per agency (name), most first.
pub fn overdue_referrals_by_agency(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let query = referrals::table
        .inner_join(agencies::table)
        .inner_join(cases::table)
        .group_by(agencies::name)
        .select((agencies::name, count_star()))
        .into_boxed()
        .filter(referrals::status.eq_any([
            ReferralStatus::Pending.code(),
            ReferralStatus::Overdue.code(),
        ]))
        .filter(referrals::due_at.lt(now));
    let Some(q) = in_place!(query, scope) else {
        return Ok(Vec::new());
    };
    let mut rows: Vec<(String, i64)> = q.load(conn)?;
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}

/// Deadlines of the process still owed and already past, per kind.
pub fn overdue_deadlines_by_kind(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let query = case_deadlines::table
        .inner_join(cases::table)
        .group_by(case_deadlines::kind)
        .select((case_deadlines::kind, count_star()))
        .into_boxed()
        .filter(case_deadlines::state.eq_any([
            DeadlineState::Pending.code(),
            DeadlineState::Breached.code(),
        ]))
        .filter(case_deadlines::met_at.is_null())
        .filter(case_deadlines::due_at.lt(now));
    match in_place!(query, scope) {
        Some(q) => Ok(q.load(conn)?),
        None => Ok(Vec::new()),
    }
}

/// Deadlines breached since `since`, per kind.
pub fn breaches_since(
    conn: &mut DbConnection,
    scope: CaseScope,
    since: NaiveDateTime,
) -> StoreResult<Vec<(String, i64)>> {
    let query = case_deadlines::table
        .inner_join(cases::table)
        .group_by(case_deadlines::kind)
        .select((case_deadlines::kind, count_star()))
        .into_boxed()
        .filter(case_deadlines::breached_at.ge(since));
    match in_place!(query, scope) {
        Some(q) => Ok(q.load(conn)?),
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
