//! Referrals: who must act on a case, their inboxes, their moves, and the escalation claim.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use hotline_domain::{referral, CaseScope, CaseStatus, ReferralStatus};

use crate::models::{AgencyRow, ReferralRow};
use crate::schema::{agencies, cases, referrals, users};
use crate::{DbConnection, StoreError, StoreResult};

/// The codes of the referral statuses for which `keep` holds, for a SQL filter.
fn codes_where(keep: fn(ReferralStatus) -> bool) -> Vec<&'static str> {
    ReferralStatus::ALL
        .iter()
        .filter(|s| keep(**s))
        .map(|s| s.code())
        .collect()
}

/// Statuses in which a referral still asks something of its agency.
pub fn open_codes() -> Vec<&'static str> {
    codes_where(referral::is_open)
}

pub fn insert(conn: &mut DbConnection, row: &ReferralRow) -> StoreResult<()> {
    insert_many(conn, std::slice::from_ref(row))
}

/// One statement for all of them: each round trip costs more than the row.
pub fn insert_many(conn: &mut DbConnection, rows: &[ReferralRow]) -> StoreResult<()> {
    if !rows.is_empty() {
        // Owned rows: the status is converted to its code on the way in.
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(referrals::table)
            .values(rows.to_vec())
            .execute(c))?;
    }
    Ok(())
}

/// The active agencies that may serve a place: those of its commune and the province-level
/// ones of its province, by code (one query for every rule of a case).
pub fn agencies_serving(
    conn: &mut DbConnection,
    province: i32,
    commune: i32,
) -> StoreResult<Vec<AgencyRow>> {
    Ok(agencies::table
        .filter(agencies::active.eq(true))
        .filter(
            agencies::commune_code
                .eq(commune)
                .or(agencies::province_code
                    .eq(province)
                    .and(agencies::commune_code.is_null())),
        )
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ReferralRow>> {
    Ok(referrals::table
        .find(id)
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?)
}

/// A referral with the agency it went to.
pub type WithAgency = (ReferralRow, AgencyRow);

/// A case's referrals, oldest first.
pub fn for_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<WithAgency>> {
    Ok(referrals::table
        .inner_join(agencies::table)
        .filter(referrals::case_id.eq(case_id))
        .order((referrals::created_at, referrals::id))
        .select((ReferralRow::as_select(), AgencyRow::as_select()))
        .load(conn)?)
}

/// The open referral of a case to an agency, if there is one.
pub fn open_for(
    conn: &mut DbConnection,
    case_id: &str,
    agency_id: &str,
) -> StoreResult<Option<ReferralRow>> {
    Ok(referrals::table
        .filter(referrals::case_id.eq(case_id))
        .filter(referrals::agency_id.eq(agency_id))
        .filter(referrals::status.eq_any(open_codes()))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?)
}

/// One line of an agency's inbox: the referral and what of its case the inbox shows.
#[derive(Debug, Clone, Queryable)]
pub struct InboxLine {
    pub referral: ReferralRow,
    pub case_number: String,
    pub case_status: CaseStatus,
    pub risk_level: Option<String>,
    pub commune_code: i32,
    pub received_at: NaiveDateTime,
}

/// An agency's referrals, the most urgent deadline first, and how many there are.
pub fn inbox(
    conn: &mut DbConnection,
    agency_id: &str,
    status: Option<ReferralStatus>,
    page: i64,
    per_page: i64,
) -> StoreResult<(Vec<InboxLine>, i64)> {
    let base = || {
        let mut q = referrals::table
            .inner_join(cases::table)
            .filter(referrals::agency_id.eq(agency_id.to_owned()))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(referrals::status.eq(s.code()));
        }
        q
    };
    // Counted on the referrals alone: every referral has its case, and the index on
    // (agency_id, due_at, id) answers both the count and the page without a sort.
    let mut count = referrals::table
        .filter(referrals::agency_id.eq(agency_id.to_owned()))
        .into_boxed();
    if let Some(s) = status {
        count = count.filter(referrals::status.eq(s.code()));
    }
    let total: i64 = count.count().get_result(conn)?;
    let lines = base()
        .order((referrals::due_at, referrals::id))
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .select((
            ReferralRow::as_select(),
            cases::case_number,
            cases::status,
            cases::risk_level,
            cases::commune_code,
            cases::received_at,
        ))
        .load::<(
            ReferralRow,
            String,
            String,
            Option<String>,
            i32,
            NaiveDateTime,
        )>(conn)?
        .into_iter()
        .map(
            |(referral, case_number, case_status, risk_level, commune_code, received_at)| {
                Ok(InboxLine {
                    referral,
                    case_number,
                    case_status: case_status.parse().map_err(
                        |e: hotline_domain::DomainError| StoreError::Corrupt(e.to_string()),
                    )?,
                    risk_level,
                    commune_code,
                    received_at,
                })
            },
        )
        .collect::<StoreResult<_>>()?;
    Ok((lines, total))
}

/// What a move writes; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = referrals)]
pub struct Move {
    /// The status code (see [`Move::to`]).
    status: Option<String>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub declined_at: Option<NaiveDateTime>,
    pub decline_reason: Option<String>,
    pub completed_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub replaced_by: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

impl Move {
    /// A move to `status`, made at `now`.
    pub fn to(status: ReferralStatus, now: NaiveDateTime) -> Move {
        Move {
            status: Some(status.into()),
            updated_at: Some(now),
            ..Move::default()
        }
    }
}

/// Apply `change` only if the referral is still in `from`: of two concurrent moves one wins,
/// the other gets a conflict.
pub fn apply(
    conn: &mut DbConnection,
    id: &str,
    from: ReferralStatus,
    change: &Move,
) -> StoreResult<()> {
    let changed = diesel::update(
        referrals::table
            .filter(referrals::id.eq(id))
            .filter(referrals::status.eq(from.code())),
    )
    .set(change.clone())
    .execute(conn)?;
    moved_once(changed, from)
}

/// A conditional update found the referral still in `from`, or another move came first.
fn moved_once(changed: usize, from: ReferralStatus) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "referral is no longer `{from}`"
        )))
    }
}

/// End a referral still in `from` as `reassigned`, pointing at the referral that took over
/// its work.
pub fn mark_replaced(
    conn: &mut DbConnection,
    id: &str,
    from: ReferralStatus,
    replaced_by: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    apply(
        conn,
        id,
        from,
        &Move {
            replaced_by: Some(replaced_by.to_owned()),
            ..Move::to(ReferralStatus::Reassigned, now)
        },
    )
}

/// Hand an open referral over to another case (a duplicate's work goes to the case kept), or
/// to the place its own case moved to (a transfer; `case_id` is the same),
/// only if it is still in `from`.
pub fn move_to_case(
    conn: &mut DbConnection,
    id: &str,
    from: ReferralStatus,
    (case_id, (province, commune)): (&str, (i32, i32)),
    now: NaiveDateTime,
) -> StoreResult<()> {
    let changed = diesel::update(
        referrals::table
            .filter(referrals::id.eq(id))
            .filter(referrals::status.eq(from.code())),
    )
    .set((
        referrals::case_id.eq(case_id),
        // The case's place is kept on the referral for the agency's scope and the figures.
        referrals::case_province_code.eq(province),
        referrals::case_commune_code.eq(commune),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    moved_once(changed, from)
}

/// End every open referral of a case that has ended (`closed_with_case`): nobody is asked to
/// work it any more, and the deadline watcher leaves them alone. Returns their ids.
pub fn end_with_case(
    conn: &mut DbConnection,
    case_id: &str,
    now: NaiveDateTime,
) -> StoreResult<Vec<String>> {
    let open = || {
        referrals::table
            .filter(referrals::case_id.eq(case_id))
            .filter(referrals::status.eq_any(open_codes()))
    };
    let ids: Vec<String> = open().select(referrals::id).load(conn)?;
    diesel::update(open())
        .set((
            referrals::status.eq(ReferralStatus::ClosedWithCase.code()),
            referrals::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(ids)
}

// The watcher's candidates and claim: a referral past its acknowledgement deadline turns
// overdue as it is escalated.
super::escalation::escalation_queries!(
    referrals,
    ReferralStatus::Pending.code(),
    set: |now: NaiveDateTime| (
        referrals::status.eq(ReferralStatus::Overdue.code()),
        referrals::escalated_at.eq(now),
        referrals::updated_at.eq(now),
    )
);

/// The active province-level agency of `kind` in `province`.
pub fn province_agency(
    conn: &mut DbConnection,
    kind: &str,
    province: i32,
) -> StoreResult<Option<AgencyRow>> {
    Ok(agencies::table
        .filter(agencies::kind.eq(kind))
        .filter(agencies::province_code.eq(province))
        .filter(agencies::commune_code.is_null())
        .filter(agencies::active.eq(true))
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Addresses of an agency's active supervisors who have one.
pub fn supervisor_emails(conn: &mut DbConnection, agency_id: &str) -> StoreResult<Vec<String>> {
    Ok(users::table
        .filter(users::agency_id.eq(agency_id))
        .filter(users::role.eq("supervisor"))
        .filter(users::active.eq(true))
        .filter(users::email.is_not_null())
        .order(users::username)
        .select(users::email.assume_not_null())
        .load(conn)?)
}

/// Which referrals are waiting: in one of `statuses`, due before `until`, on open cases; to
/// one agency, or (`None`) to any but `other_than`, and then on the cases `scope` sees.
#[derive(Debug, Clone, Copy)]
pub struct Waiting<'s> {
    pub agency_id: Option<&'s str>,
    pub other_than: Option<&'s str>,
    pub scope: Option<CaseScope>,
    pub statuses: &'s [ReferralStatus],
    pub until: NaiveDateTime,
}

type ReferralsOfCases<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::InnerJoin<diesel::dsl::InnerJoin<referrals::table, cases::table>, agencies::table>,
    crate::MultiBackend,
>;

fn waiting_query<'a>(waiting: &Waiting<'_>) -> ReferralsOfCases<'a> {
    let codes: Vec<&'static str> = waiting.statuses.iter().map(|s| s.code()).collect();
    let mut q = referrals::table
        .inner_join(cases::table)
        .inner_join(agencies::table)
        .into_boxed()
        .filter(referrals::status.eq_any(codes))
        .filter(referrals::due_at.lt(waiting.until))
        .filter(cases::status.eq_any(super::casework::open_statuses()));
    if let Some(agency) = waiting.agency_id {
        q = q.filter(referrals::agency_id.eq(agency.to_owned()));
    }
    if let Some(agency) = waiting.other_than {
        q = q.filter(referrals::agency_id.ne(agency.to_owned()));
    }
    match waiting.scope {
        Some(scope) => super::scope::in_scope!(q, scope),
        None => q,
    }
}

/// The `limit` soonest waiting referrals, with their case and agency.
pub fn due_with_case(
    conn: &mut DbConnection,
    waiting: &Waiting<'_>,
    limit: i64,
) -> StoreResult<Vec<(ReferralRow, crate::models::CaseRow, AgencyRow)>> {
    Ok(waiting_query(waiting)
        .order((referrals::due_at, referrals::id))
        .limit(limit)
        .select((
            ReferralRow::as_select(),
            crate::models::CaseRow::as_select(),
            AgencyRow::as_select(),
        ))
        .load(conn)?)
}

/// How many referrals are waiting, counted up to `cap`.
pub fn count_waiting(conn: &mut DbConnection, waiting: &Waiting<'_>, cap: i64) -> StoreResult<i64> {
    let ids: Vec<String> = waiting_query(waiting)
        .select(referrals::id)
        .limit(cap)
        .load(conn)?;
    Ok(i64::try_from(ids.len()).unwrap_or(cap))
}
