//! What the figures are counted from, one province and one day at a time. Each source is
//! read by its own date: contacts and cases by when they were received, cases closed by when
//! they were closed, referrals by when they were made, deadlines by when they fell due,
//! services by the day they were given. A case linked as the duplicate of another counts in
//! the case it was merged into, never twice. Every row carries its commune, so one read
//! serves the province's counts and each commune's.
//!
//! The daily counts (see [`super::daily_counts`]) are recomputed from these; what depends
//! on the hour of reading (a deadline not yet due is not missed) is read live, by the few
//! rows still ahead of it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hotline_domain::{CaseStatus, DeadlineState};

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

/// The pseudo-province of contacts received without a province: counted for the nation only.
pub const UNPLACED: i32 = -1;

/// A span of time, `from` included, `until` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDateTime,
    pub until: NaiveDateTime,
}

/// `$query` narrowed to the non-duplicate cases of `$province` received in `$window`.
macro_rules! counted_cases {
    ($query:expr, $province:expr, $window:expr) => {
        $query
            .filter(cases::received_province_code.eq($province))
            .filter(cases::received_at.ge($window.from))
            .filter(cases::received_at.lt($window.until))
            .filter(cases::status.ne(CaseStatus::Duplicate.code()))
    };
}

/// One contact, by every way the figures split contacts.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ContactFact {
    pub commune_code: Option<i32>,
    pub contact_type: String,
    pub channel: String,
    pub caller_type: Option<String>,
    pub caller_sex: Option<String>,
    pub caller_age_band: Option<String>,
    /// The online details' counted facts (JSON; the whole document in a report written before
    /// sealing), if any.
    pub online: Option<String>,
}

/// Contacts of `province` ([`UNPLACED`]: of none) received in the window.
pub fn contacts(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<ContactFact>> {
    let q = reports::table
        .select((
            reports::commune_code,
            reports::contact_type,
            reports::channel,
            reports::caller_type,
            reports::caller_sex,
            reports::caller_age_band,
            reports::online,
        ))
        .into_boxed()
        .filter(reports::received_at.ge(window.from))
        .filter(reports::received_at.lt(window.until));
    let q = if province == UNPLACED {
        q.filter(reports::province_code.is_null())
    } else {
        q.filter(reports::province_code.eq(province))
    };
    Ok(q.load(conn)?)
}

/// A case as the figures see it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CaseFact {
    pub id: String,
    pub commune_code: i32,
    pub status: String,
    pub legal_outcome: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

/// Every case of the province received in the window, duplicates included.
pub fn cases(conn: &mut DbConnection, province: i32, window: Window) -> StoreResult<Vec<CaseFact>> {
    Ok(cases::table
        .filter(cases::received_province_code.eq(province))
        .filter(cases::received_at.ge(window.from))
        .filter(cases::received_at.lt(window.until))
        .select((
            cases::id,
            cases::received_commune_code,
            cases::status,
            cases::legal_outcome,
            cases::closed_at,
        ))
        .load(conn)?)
}

/// (commune, received at) of the province's non-duplicate cases closed in the window.
pub fn closed(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<(i32, NaiveDateTime)>> {
    Ok(cases::table
        .filter(cases::received_province_code.eq(province))
        .filter(cases::closed_at.ge(window.from))
        .filter(cases::closed_at.lt(window.until))
        .filter(cases::status.ne(CaseStatus::Duplicate.code()))
        .select((cases::received_commune_code, cases::received_at))
        .load(conn)?)
}

/// One abused child as the figures see it: no name, only what it is counted by.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ChildFact {
    pub case_id: String,
    pub commune_code: i32,
    pub received_at: NaiveDateTime,
    pub setting: Option<String>,
    pub sex: Option<String>,
    /// From the date of birth, on the day the case was received (the date itself is sealed).
    pub age_on_receipt: Option<i32>,
    /// A date of birth written before dates were sealed, until it is moved.
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    pub ethnicity: Option<String>,
    pub disability: Option<bool>,
}

/// The children of the province's counted cases received in the window.
pub fn children(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<ChildFact>> {
    let q = case_children::table.inner_join(cases::table).select((
        cases::id,
        cases::received_commune_code,
        cases::received_at,
        cases::abuse_setting,
        case_children::sex,
        case_children::age_on_receipt,
        case_children::birth_date,
        case_children::birth_year,
        case_children::age_estimate,
        case_children::ethnicity,
        case_children::disability,
    ));
    Ok(counted_cases!(q, province, window).load(conn)?)
}

/// (case id, category) of the counted cases.
pub fn categories(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<(String, String)>> {
    let q = case_categories::table
        .inner_join(cases::table)
        .select((case_categories::case_id, case_categories::category));
    Ok(counted_cases!(q, province, window).load(conn)?)
}

/// (case id, sexual-abuse sub-type) of the counted cases.
pub fn sexual_subtypes(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<(String, String)>> {
    let q = case_sexual_subtypes::table
        .inner_join(cases::table.on(cases::id.eq(case_sexual_subtypes::case_id)))
        .select((case_sexual_subtypes::case_id, case_sexual_subtypes::subtype));
    Ok(counted_cases!(q, province, window).load(conn)?)
}

/// Perpetrators of the counted cases: (commune, relation, age band), one row each.
pub fn perpetrators(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<(i32, String, Option<String>)>> {
    let q = case_perpetrators::table
        .inner_join(cases::table.on(cases::id.eq(case_perpetrators::case_id)))
        .select((
            cases::received_commune_code,
            case_perpetrators::relation,
            case_perpetrators::age_band,
        ));
    Ok(counted_cases!(q, province, window).load(conn)?)
}

/// Services given on `day` to children of the province's non-duplicate cases:
/// (commune, service), one row each.
///
/// Read by the day alone and narrowed to the province here: with the province in the query,
/// SQLite would walk every case of the province by its place index to find the day's few.
pub fn services(
    conn: &mut DbConnection,
    province: i32,
    day: NaiveDate,
) -> StoreResult<Vec<(i32, String)>> {
    let rows: Vec<(i32, i32, String)> = case_services::table
        .inner_join(cases::table.on(cases::id.eq(case_services::case_id)))
        .filter(case_services::provided_on.eq(day))
        .filter(cases::status.ne(CaseStatus::Duplicate.code()))
        .select((
            cases::received_province_code,
            cases::received_commune_code,
            case_services::service,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.0 == province)
        .map(|(_, commune, service)| (commune, service))
        .collect())
}

/// A referral, with its agency.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ReferralFact {
    pub commune_code: i32,
    pub agency_id: String,
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

/// Referrals made in the window about cases of the province (by the place each referral
/// keeps of its case), except those of a case since linked as a duplicate.
pub fn referrals(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<ReferralFact>> {
    Ok(referrals::table
        .inner_join(agencies::table)
        .inner_join(cases::table)
        .filter(referrals::case_province_code.eq(province))
        .filter(referrals::created_at.ge(window.from))
        .filter(referrals::created_at.lt(window.until))
        .filter(cases::status.ne(CaseStatus::Duplicate.code()))
        .select((
            referrals::case_commune_code,
            referrals::agency_id,
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
        .load(conn)?)
}

/// A deadline, with its case's commune.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DeadlineFact {
    pub commune_code: i32,
    pub kind: String,
    pub state: String,
    pub due_at: NaiveDateTime,
    pub met_at: Option<NaiveDateTime>,
    pub escalated_to: Option<String>,
}

/// Deadlines of the province's cases that fell due in the window. Read by the window alone
/// and narrowed to the province here, as [`services`] are.
pub fn deadlines(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<DeadlineFact>> {
    let rows: Vec<(i32, DeadlineFact)> = case_deadlines::table
        .inner_join(cases::table)
        .filter(case_deadlines::due_at.ge(window.from))
        .filter(case_deadlines::due_at.lt(window.until))
        .select((
            cases::received_province_code,
            (
                cases::received_commune_code,
                case_deadlines::kind,
                case_deadlines::state,
                case_deadlines::due_at,
                case_deadlines::met_at,
                case_deadlines::escalated_to,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.0 == province)
        .map(|(_, d)| d)
        .collect())
}

/// Where a case lies, and whether it was merged into another.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CasePlace {
    pub id: String,
    pub province_code: i32,
    pub commune_code: i32,
    pub duplicate: bool,
}

/// The places of the cases named, read by key.
pub fn case_places(conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<CasePlace>> {
    let mut places = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, i32, i32, String)> = cases::table
            .filter(cases::id.eq_any(chunk))
            .select((
                cases::id,
                cases::received_province_code,
                cases::received_commune_code,
                cases::status,
            ))
            .load(conn)?;
        places.extend(rows.into_iter().map(|(id, p, c, status)| CasePlace {
            id,
            province_code: p,
            commune_code: c,
            duplicate: status == CaseStatus::Duplicate.code(),
        }));
    }
    Ok(places)
}

/// A referral not answered whose deadline is still ahead: not (yet) missed.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct WaitingReferral {
    pub case_id: String,
    pub province_code: i32,
    pub commune_code: i32,
    pub agency_id: String,
    pub created_at: NaiveDateTime,
}

/// Every referral still unanswered whose deadline falls after `now`. Read by the deadline
/// alone, the only bound that keeps it to a few rows whatever the period.
pub fn referrals_waiting(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> StoreResult<Vec<WaitingReferral>> {
    Ok(referrals::table
        .filter(referrals::due_at.gt(now))
        .filter(referrals::acknowledged_at.is_null())
        .filter(referrals::accepted_at.is_null())
        .filter(referrals::declined_at.is_null())
        .select((
            referrals::case_id,
            referrals::case_province_code,
            referrals::case_commune_code,
            referrals::agency_id,
            referrals::created_at,
        ))
        .load(conn)?)
}

/// (case id, kind) of the deadlines not met nor cancelled that fall due in the window after
/// `now`.
pub fn deadlines_ahead(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    window: Window,
) -> StoreResult<Vec<(String, String)>> {
    Ok(case_deadlines::table
        .filter(case_deadlines::due_at.gt(now))
        .filter(case_deadlines::due_at.ge(window.from))
        .filter(case_deadlines::due_at.lt(window.until))
        .filter(case_deadlines::met_at.is_null())
        .filter(case_deadlines::state.ne(DeadlineState::Cancelled.code()))
        .select((case_deadlines::case_id, case_deadlines::kind))
        .load(conn)?)
}

/// (from province, from commune, to province, to commune) of the transfers accepted in the
/// window that moved a case out of or into `province`.
pub fn transfers(
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> StoreResult<Vec<(i32, i32, i32, i32)>> {
    use crate::schema::case_transfers as t;
    Ok(t::table
        .filter(t::status.eq(hotline_domain::TransferStatus::Accepted.code()))
        .filter(t::answered_at.ge(window.from))
        .filter(t::answered_at.lt(window.until))
        .filter(
            t::from_province_code
                .eq(province)
                .or(t::to_province_code.eq(province)),
        )
        .select((
            t::from_province_code,
            t::from_commune_code,
            t::to_province_code,
            t::to_commune_code,
        ))
        .load(conn)?)
}

/// The names of communes, by code.
pub fn commune_names(conn: &mut DbConnection, codes: &[i32]) -> StoreResult<Vec<(i32, String)>> {
    Ok(crate::schema::communes::table
        .filter(crate::schema::communes::code.eq_any(codes))
        .select((crate::schema::communes::code, crate::schema::communes::name))
        .load(conn)?)
}

/// (id, code, name) of the agencies named.
pub fn agency_names(
    conn: &mut DbConnection,
    ids: &[String],
) -> StoreResult<Vec<(String, String, String)>> {
    Ok(agencies::table
        .filter(agencies::id.eq_any(ids))
        .select((agencies::id, agencies::code, agencies::name))
        .load(conn)?)
}
