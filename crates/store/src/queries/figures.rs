//! What the figures of a place and a period are counted from. Each source is read by its own
//! date: contacts and cases by when they were received, referrals by when they were made,
//! deadlines by when they fell due, services by the day they were given. A case linked as the
//! duplicate of another counts in the case it was merged into, never twice.
//! Everything is counted in the database where a plain count serves; what needs the calendar
//! (a child's age on the day, times to acknowledge) is read as narrow rows and folded by the
//! caller.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;
use hotline_domain::CaseStatus;

use crate::schema::{
    agencies, case_categories, case_children, case_deadlines, case_perpetrators, case_services,
    case_sexual_subtypes, cases, referrals, reports,
};
use crate::{DbConnection, StoreResult};

/// The place figures are counted over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Nation,
    Province(i32),
    Commune(i32),
}

/// A span of time, `from` included, `until` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDateTime,
    pub until: NaiveDateTime,
}

/// `$query` narrowed to `$area`, by the province and commune columns given.
macro_rules! in_area {
    ($query:expr, $area:expr, $province:expr, $commune:expr) => {
        match $area {
            Area::Nation => $query,
            Area::Province(p) => $query.filter($province.eq(p)),
            Area::Commune(c) => $query.filter($commune.eq(c)),
        }
    };
}

/// `$query` narrowed to the cases of `$area` received in `$window` that are not duplicates.
macro_rules! counted_cases {
    ($query:expr, $area:expr, $window:expr) => {{
        let q = $query
            .filter(cases::received_at.ge($window.from))
            .filter(cases::received_at.lt($window.until))
            .filter(cases::status.ne(CaseStatus::Duplicate.code()));
        in_area!(q, $area, cases::province_code, cases::commune_code)
    }};
}

/// One group of contacts: what kind, how it came, who called.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ContactCount {
    pub contact_type: String,
    pub channel: String,
    pub caller_type: Option<String>,
    pub caller_sex: Option<String>,
    pub caller_age_band: Option<String>,
    pub count: i64,
}

/// Contacts received in the window whose place (or, without one, the receiving line's
/// province) lies in the area, grouped by every way the figures split them.
pub fn contacts(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<ContactCount>> {
    let q = reports::table
        .group_by((
            reports::contact_type,
            reports::channel,
            reports::caller_type,
            reports::caller_sex,
            reports::caller_age_band,
        ))
        .select((
            reports::contact_type,
            reports::channel,
            reports::caller_type,
            reports::caller_sex,
            reports::caller_age_band,
            count_star(),
        ))
        .into_boxed()
        .filter(reports::received_at.ge(window.from))
        .filter(reports::received_at.lt(window.until));
    let q = in_area!(q, area, reports::province_code, reports::commune_code);
    Ok(q.load(conn)?)
}

/// How many contacts of the area were received in the window.
pub fn contacts_in(conn: &mut DbConnection, area: Area, window: Window) -> StoreResult<i64> {
    let q = reports::table
        .count()
        .into_boxed()
        .filter(reports::received_at.ge(window.from))
        .filter(reports::received_at.lt(window.until));
    let q = in_area!(q, area, reports::province_code, reports::commune_code);
    Ok(q.get_result(conn)?)
}

/// The online details (JSON, as intake stored them) of the contacts in the window and area
/// that carry any.
pub fn online_details(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<String>> {
    let q = reports::table
        .select(reports::online.assume_not_null())
        .into_boxed()
        .filter(reports::online.is_not_null())
        .filter(reports::received_at.ge(window.from))
        .filter(reports::received_at.lt(window.until));
    let q = in_area!(q, area, reports::province_code, reports::commune_code);
    Ok(q.load(conn)?)
}

/// Cases received in the window in the area: all of them, and those since linked as
/// duplicates of another.
pub fn cases_opened(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<(i64, i64)> {
    let q = cases::table
        .group_by(cases::status)
        .select((cases::status, count_star()))
        .into_boxed()
        .filter(cases::received_at.ge(window.from))
        .filter(cases::received_at.lt(window.until));
    let q = in_area!(q, area, cases::province_code, cases::commune_code);
    let rows: Vec<(String, i64)> = q.load(conn)?;
    let all = rows.iter().map(|r| r.1).sum();
    let duplicates = rows
        .iter()
        .filter(|r| r.0 == CaseStatus::Duplicate.code())
        .map(|r| r.1)
        .sum();
    Ok((all, duplicates))
}

/// One abused child as the figures see it: no name, only what it is counted by.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ChildFact {
    pub case_id: String,
    pub commune_code: i32,
    pub received_at: NaiveDateTime,
    pub setting: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    pub ethnicity: Option<String>,
    pub disability: Option<bool>,
}

/// The children of the counted cases (see [`counted_cases!`]).
pub fn children(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<ChildFact>> {
    let q = case_children::table
        .inner_join(cases::table)
        .select((
            cases::id,
            cases::commune_code,
            cases::received_at,
            cases::abuse_setting,
            case_children::sex,
            case_children::birth_date,
            case_children::birth_year,
            case_children::age_estimate,
            case_children::ethnicity,
            case_children::disability,
        ))
        .into_boxed();
    Ok(counted_cases!(q, area, window).load(conn)?)
}

/// (case id, category) of the counted cases.
pub fn categories(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<(String, String)>> {
    let q = case_categories::table
        .inner_join(cases::table)
        .select((case_categories::case_id, case_categories::category))
        .into_boxed();
    Ok(counted_cases!(q, area, window).load(conn)?)
}

/// (case id, sexual-abuse sub-type) of the counted cases.
pub fn sexual_subtypes(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<(String, String)>> {
    let q = case_sexual_subtypes::table
        .inner_join(cases::table.on(cases::id.eq(case_sexual_subtypes::case_id)))
        .select((case_sexual_subtypes::case_id, case_sexual_subtypes::subtype))
        .into_boxed();
    Ok(counted_cases!(q, area, window).load(conn)?)
}

/// Perpetrators of the counted cases: (relation, age band, how many).
pub fn perpetrators(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<(String, Option<String>, i64)>> {
    let q = case_perpetrators::table
        .inner_join(cases::table.on(cases::id.eq(case_perpetrators::case_id)))
        .group_by((case_perpetrators::relation, case_perpetrators::age_band))
        .select((
            case_perpetrators::relation,
            case_perpetrators::age_band,
            count_star(),
        ))
        .into_boxed();
    Ok(counted_cases!(q, area, window).load(conn)?)
}

/// Legal outcomes of the counted cases (`None`: not recorded), how many of each.
pub fn legal_outcomes(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<(Option<String>, i64)>> {
    let q = cases::table
        .group_by(cases::legal_outcome)
        .select((cases::legal_outcome, count_star()))
        .into_boxed();
    Ok(counted_cases!(q, area, window).load(conn)?)
}

/// Services given on the days `from` to `to` (both included) to children of the area's
/// cases that are not duplicates: (service, how many).
pub fn services(
    conn: &mut DbConnection,
    area: Area,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(String, i64)>> {
    let q = case_services::table
        .inner_join(cases::table.on(cases::id.eq(case_services::case_id)))
        .group_by(case_services::service)
        .select((case_services::service, count_star()))
        .into_boxed()
        .filter(case_services::provided_on.ge(from))
        .filter(case_services::provided_on.le(to))
        .filter(cases::status.ne(CaseStatus::Duplicate.code()));
    let q = in_area!(q, area, cases::province_code, cases::commune_code);
    Ok(q.load(conn)?)
}

/// A referral made in the window, with its agency.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ReferralFact {
    pub agency_code: String,
    pub agency_name: String,
    pub agency_kind: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub declined_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub escalated_at: Option<NaiveDateTime>,
}

impl ReferralFact {
    /// When the agency first answered: acknowledged, accepted or declined.
    pub fn answered_at(&self) -> Option<NaiveDateTime> {
        [self.acknowledged_at, self.accepted_at, self.declined_at]
            .into_iter()
            .flatten()
            .min()
    }
}

/// Referrals made in the window about cases of the area (by the place each referral keeps
/// of its case), except those of a case since linked as a duplicate.
pub fn referrals(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<ReferralFact>> {
    let q = referrals::table
        .inner_join(agencies::table)
        .inner_join(cases::table)
        .select((
            agencies::code,
            agencies::name,
            agencies::kind,
            referrals::status,
            referrals::created_at,
            referrals::due_at,
            referrals::acknowledged_at,
            referrals::accepted_at,
            referrals::declined_at,
            referrals::completed_at,
            referrals::escalated_at,
        ))
        .into_boxed()
        .filter(cases::status.ne(CaseStatus::Duplicate.code()))
        .filter(referrals::created_at.ge(window.from))
        .filter(referrals::created_at.lt(window.until));
    let q = in_area!(
        q,
        area,
        referrals::case_province_code,
        referrals::case_commune_code
    );
    Ok(q.load(conn)?)
}

/// A deadline that fell due in the window.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DeadlineFact {
    pub kind: String,
    pub state: String,
    pub due_at: NaiveDateTime,
    pub met_at: Option<NaiveDateTime>,
    pub breached_at: Option<NaiveDateTime>,
    pub escalated_to: Option<String>,
}

/// Deadlines of the area's cases that fell due in the window.
pub fn deadlines(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
) -> StoreResult<Vec<DeadlineFact>> {
    let q = case_deadlines::table
        .inner_join(cases::table)
        .select((
            case_deadlines::kind,
            case_deadlines::state,
            case_deadlines::due_at,
            case_deadlines::met_at,
            case_deadlines::breached_at,
            case_deadlines::escalated_to,
        ))
        .into_boxed()
        .filter(case_deadlines::due_at.ge(window.from))
        .filter(case_deadlines::due_at.lt(window.until));
    let q = in_area!(q, area, cases::province_code, cases::commune_code);
    Ok(q.load(conn)?)
}

/// Cases of the area open at `at` (received by then, not closed by then, not duplicates)
/// that were received after `after` (if given) and by `by`.
pub fn open_at(
    conn: &mut DbConnection,
    area: Area,
    at: NaiveDateTime,
    after: Option<NaiveDateTime>,
    by: NaiveDateTime,
) -> StoreResult<i64> {
    let mut q = cases::table
        .count()
        .into_boxed()
        .filter(cases::received_at.le(by))
        .filter(cases::received_at.le(at))
        .filter(cases::closed_at.is_null().or(cases::closed_at.gt(at)))
        .filter(cases::status.ne(CaseStatus::Duplicate.code()));
    if let Some(after) = after {
        q = q.filter(cases::received_at.gt(after));
    }
    let q = in_area!(q, area, cases::province_code, cases::commune_code);
    Ok(q.get_result(conn)?)
}

/// The names of communes, by code.
pub fn commune_names(conn: &mut DbConnection, codes: &[i32]) -> StoreResult<Vec<(i32, String)>> {
    Ok(crate::schema::communes::table
        .filter(crate::schema::communes::code.eq_any(codes))
        .select((crate::schema::communes::code, crate::schema::communes::name))
        .load(conn)?)
}
