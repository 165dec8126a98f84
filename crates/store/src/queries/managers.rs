//! Case managers: who manages a case, the members of a commune's group who may, a worker's
//! open cases, and the caseloads of a reach, counted in SQL.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use hotline_domain::{AgencyKind, CaseScope, DeadlineKind, DeadlineState, Role};

use super::casework::open_statuses;
use super::scope::in_scope;
use crate::models::{CaseRow, UserRow};
use crate::schema::{agencies, case_deadlines, cases, users};
use crate::{DbConnection, StoreResult};

/// Make `manager` (a user id, or nobody) the manager of case `id`.
pub fn set_manager(
    conn: &mut DbConnection,
    id: &str,
    manager: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.filter(cases::id.eq(id)))
        .set((cases::manager_id.eq(manager), cases::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

/// The workers of the child-protection group of `commune` (active accounts of an active
/// group), by username: who may manage a case there.
pub fn group_members(conn: &mut DbConnection, commune: i32) -> StoreResult<Vec<UserRow>> {
    Ok(users::table
        .inner_join(agencies::table)
        .filter(agencies::kind.eq(AgencyKind::CommuneCpGroup.code()))
        .filter(agencies::commune_code.eq(commune))
        .filter(agencies::active.eq(true))
        .filter(users::role.eq(Role::CommuneWorker.code()))
        .filter(users::active.eq(true))
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)?)
}

/// The open cases within `scope` that `manager` manages, oldest first, at most `limit`.
pub fn open_managed_by(
    conn: &mut DbConnection,
    scope: CaseScope,
    manager: &str,
    limit: i64,
) -> StoreResult<Vec<CaseRow>> {
    let query = cases::table
        .into_boxed()
        .filter(cases::manager_id.eq(manager))
        .filter(cases::status.eq_any(open_statuses()));
    Ok(in_scope!(query, scope)
        .order((cases::received_at, cases::id))
        .limit(limit)
        .select(CaseRow::as_select())
        .load(conn)?)
}

/// `$query` (boxed over cases) narrowed to the open cases within `$scope` that nobody manages
/// though they were received before `$before`.
macro_rules! unmanaged {
    ($query:expr, $scope:expr, $before:expr) => {{
        let query = $query
            .filter(cases::manager_id.is_null())
            .filter(cases::received_at.lt($before))
            .filter(cases::status.eq_any(open_statuses()));
        in_scope!(query, $scope)
    }};
}

/// Open cases within `scope` that nobody manages though they were received before `before`,
/// oldest first, at most `limit`.
pub fn unmanaged_since(
    conn: &mut DbConnection,
    scope: CaseScope,
    before: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<CaseRow>> {
    // The ids first, from the index alone; then the few rows listed.
    let ids: Vec<String> = unmanaged!(cases::table.into_boxed(), scope, before)
        .order((cases::received_at, cases::id))
        .limit(limit)
        .select(cases::id)
        .load(conn)?;
    Ok(cases::table
        .filter(cases::id.eq_any(&ids))
        .order((cases::received_at, cases::id))
        .select(CaseRow::as_select())
        .load(conn)?)
}

/// How many cases [`unmanaged_since`] finds, counted up to `cap`.
pub fn count_unmanaged_since(
    conn: &mut DbConnection,
    scope: CaseScope,
    before: NaiveDateTime,
    cap: i64,
) -> StoreResult<i64> {
    let found: Vec<NaiveDateTime> = unmanaged!(cases::table.into_boxed(), scope, before)
        .select(cases::received_at)
        .limit(cap)
        .load(conn)?;
    Ok(i64::try_from(found.len()).unwrap_or(cap))
}

/// The accounts no longer active (few): id and username.
fn leavers(conn: &mut DbConnection) -> StoreResult<Vec<(String, String)>> {
    Ok(users::table
        .filter(users::active.eq(false))
        .select((users::id, users::username))
        .load(conn)?)
}

/// Open cases within `scope` whose manager's account is no longer active: the oldest `limit`
/// of them, with the manager's username, and how many there are, counted up to `cap`. Read
/// from the leavers (few), then each one's open cases by index, never from every case of the
/// reach.
pub fn managed_by_leavers(
    conn: &mut DbConnection,
    scope: CaseScope,
    (limit, cap): (i64, i64),
) -> StoreResult<(Vec<(CaseRow, String)>, i64)> {
    let leavers = leavers(conn)?;
    if leavers.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let ids: Vec<&str> = leavers.iter().map(|(id, _)| id.as_str()).collect();
    let of_leavers = || {
        let query = cases::table
            .into_boxed()
            .filter(cases::manager_id.eq_any(ids.clone()))
            .filter(cases::status.eq_any(open_statuses()));
        in_scope!(query, scope)
    };
    let rows: Vec<CaseRow> = of_leavers()
        .order((cases::received_at, cases::id))
        .limit(limit)
        .select(CaseRow::as_select())
        .load(conn)?;
    let counted: Vec<Option<String>> = of_leavers()
        .select(cases::manager_id)
        .limit(cap)
        .load(conn)?;
    let names: std::collections::HashMap<&str, &str> = leavers
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let rows = rows
        .into_iter()
        .map(|c| {
            let name = c
                .manager_id
                .as_deref()
                .and_then(|m| names.get(m).copied())
                .unwrap_or_default()
                .to_owned();
            (c, name)
        })
        .collect();
    Ok((rows, i64::try_from(counted.len()).unwrap_or(cap)))
}

/// Open cases within `scope` by manager (`None`: nobody) and status.
pub fn open_by_manager(
    conn: &mut DbConnection,
    scope: CaseScope,
) -> StoreResult<Vec<(Option<String>, String, i64)>> {
    let query = cases::table
        .group_by((cases::manager_id, cases::status))
        .select((cases::manager_id, cases::status, count_star()))
        .into_boxed()
        .filter(cases::status.eq_any(open_statuses()));
    Ok(in_scope!(query, scope).load(conn)?)
}

/// A count of open cases: commune, status, manager (`None`: nobody), how many.
pub type CommuneCount = (i32, String, Option<String>, i64);

/// Open cases within `scope` by commune, status and manager.
pub fn open_by_commune(
    conn: &mut DbConnection,
    scope: CaseScope,
) -> StoreResult<Vec<CommuneCount>> {
    let query = cases::table
        .group_by((cases::commune_code, cases::status, cases::manager_id))
        .select((
            cases::commune_code,
            cases::status,
            cases::manager_id,
            count_star(),
        ))
        .into_boxed()
        .filter(cases::status.eq_any(open_statuses()));
    Ok(in_scope!(query, scope).load(conn)?)
}

/// `$query` (boxed, over deadlines joined to their cases) narrowed to the case-work deadlines
/// of open cases within `$scope` owed and past `$now` (a referral's acknowledgement is its
/// agency's, not a worker's).
macro_rules! overdue_in_scope {
    ($query:expr, $scope:expr, $now:expr) => {{
        let query = $query
            .filter(case_deadlines::state.eq_any([
                DeadlineState::Pending.code(),
                DeadlineState::Breached.code(),
            ]))
            .filter(case_deadlines::kind.ne(DeadlineKind::ReferralAck.code()))
            .filter(case_deadlines::met_at.is_null())
            .filter(case_deadlines::due_at.lt($now))
            .filter(cases::status.eq_any(open_statuses()));
        in_scope!(query, $scope)
    }};
}

/// Overdue deadlines of open cases within `scope`, by the cases' manager.
pub fn overdue_by_manager(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(Option<String>, i64)>> {
    let query = case_deadlines::table
        .inner_join(cases::table)
        .group_by(cases::manager_id)
        .select((cases::manager_id, count_star()))
        .into_boxed();
    Ok(overdue_in_scope!(query, scope, now).load(conn)?)
}

/// Overdue deadlines of open cases within `scope`, by the cases' commune.
pub fn overdue_by_commune(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: NaiveDateTime,
) -> StoreResult<Vec<(i32, i64)>> {
    let query = case_deadlines::table
        .inner_join(cases::table)
        .group_by(cases::commune_code)
        .select((cases::commune_code, count_star()))
        .into_boxed();
    Ok(overdue_in_scope!(query, scope, now).load(conn)?)
}
