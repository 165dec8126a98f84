//! Erasure: the personal details of a case or of a contact that opened no case go; the
//! codes, dates and counts the figures are made of stay. Each erasure is conditional on the
//! record not being erased yet, so two servers running retention at once erase it once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::evidence::OnlineCounted;

use crate::schema::{
    case_children, case_events, case_evidence, case_holds, case_perpetrators, case_search_terms,
    case_services, case_steps, case_transfers, cases, contact_fingerprints, field_versions,
    referrals, reports,
};
use crate::{DbConnection, StoreResult};

/// An ended case the retention run looks at.
#[derive(Debug, Clone)]
pub struct EndedCase {
    pub id: String,
    pub case_number: String,
    pub province_code: i32,
    pub commune_code: i32,
    pub status: String,
    pub received_at: NaiveDateTime,
    pub closed_at: NaiveDateTime,
    pub legal_outcome: Option<String>,
    pub duplicate_of: Option<String>,
}

/// Up to `limit` ended cases, not erased and under no hold in force, that ended before
/// `ended_before`, in (closing, id) order after `after`.
pub fn ended_cases(
    conn: &mut DbConnection,
    ended_before: NaiveDateTime,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> StoreResult<Vec<EndedCase>> {
    let held = case_holds::table
        .filter(case_holds::case_id.eq(cases::id))
        .filter(case_holds::lifted_at.is_null());
    let mut query = cases::table
        .filter(cases::erased_at.is_null())
        .filter(cases::status.eq_any(["closed", "no_action", "duplicate"]))
        .filter(cases::closed_at.lt(ended_before))
        .filter(diesel::dsl::not(diesel::dsl::exists(held)))
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            cases::closed_at
                .gt(*at)
                .or(cases::closed_at.eq(*at).and(cases::id.gt(id.clone()))),
        );
    }
    let rows: Vec<EndedRow> = query
        .order((cases::closed_at, cases::id))
        .limit(limit)
        .select((
            cases::id,
            cases::case_number,
            cases::province_code,
            cases::commune_code,
            cases::status,
            cases::received_at,
            cases::closed_at,
            cases::legal_outcome,
            cases::duplicate_of,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(EndedCase {
                closed_at: r.closed_at?,
                id: r.id,
                case_number: r.case_number,
                province_code: r.province_code,
                commune_code: r.commune_code,
                status: r.status,
                received_at: r.received_at,
                legal_outcome: r.legal_outcome,
                duplicate_of: r.duplicate_of,
            })
        })
        .collect())
}

/// An ended case as read: every ended case has its closing time.
#[derive(Queryable)]
struct EndedRow {
    id: String,
    case_number: String,
    province_code: i32,
    commune_code: i32,
    status: String,
    received_at: NaiveDateTime,
    closed_at: Option<NaiveDateTime>,
    legal_outcome: Option<String>,
    duplicate_of: Option<String>,
}

/// What the retention rule needs to know of a child's age.
#[derive(Debug, Clone, Queryable)]
pub struct ChildAge {
    pub case_id: String,
    pub birth_year: Option<i32>,
    pub age_on_receipt: Option<i32>,
    pub age_estimate: Option<i32>,
}

/// The ages of the children of `case_ids`.
pub fn child_ages(conn: &mut DbConnection, case_ids: &[String]) -> StoreResult<Vec<ChildAge>> {
    Ok(case_children::table
        .filter(case_children::case_id.eq_any(case_ids))
        .select((
            case_children::case_id,
            case_children::birth_year,
            case_children::age_on_receipt,
            case_children::age_estimate,
        ))
        .load(conn)?)
}

/// Which of `ids` are erased.
pub fn erased_among(conn: &mut DbConnection, ids: &[String]) -> StoreResult<Vec<String>> {
    Ok(cases::table
        .filter(cases::id.eq_any(ids))
        .filter(cases::erased_at.is_not_null())
        .select(cases::id)
        .load(conn)?)
}

/// A contact that opened no case, as the retention run sees it.
#[derive(Debug, Clone, Queryable)]
pub struct LoneContact {
    pub id: String,
    pub contact_type: String,
    pub received_at: NaiveDateTime,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
}

/// Up to `limit` contacts that opened no case, not erased, received before
/// `received_before`, in (receipt, id) order after `after`.
pub fn lone_contacts(
    conn: &mut DbConnection,
    received_before: NaiveDateTime,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> StoreResult<Vec<LoneContact>> {
    let mut query = reports::table
        .filter(reports::case_id.is_null())
        .filter(reports::erased_at.is_null())
        .filter(reports::received_at.lt(received_before))
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            reports::received_at
                .gt(*at)
                .or(reports::received_at.eq(*at).and(reports::id.gt(id.clone()))),
        );
    }
    Ok(query
        .order((reports::received_at, reports::id))
        .limit(limit)
        .select((
            reports::id,
            reports::contact_type,
            reports::received_at,
            reports::province_code,
            reports::commune_code,
        ))
        .load(conn)?)
}

/// What an erasure removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub reports: Vec<String>,
    pub children: usize,
    pub perpetrators: usize,
    pub events: usize,
    pub step_records: usize,
    pub evidence: usize,
    pub versions: usize,
    pub documents: usize,
}

/// Erase the personal details of case `id` and of its reports; `None` when it was erased
/// already. Codes, dates and counts stay, so the figures do not change.
pub fn erase_case(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
) -> StoreResult<Option<Erased>> {
    let claimed = diesel::update(
        cases::table
            .filter(cases::id.eq(id))
            .filter(cases::erased_at.is_null()),
    )
    .set((
        cases::place_detail.eq(None::<String>),
        cases::search_text.eq(""),
        cases::erased_at.eq(at),
    ))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(None);
    }
    let reports: Vec<String> = reports::table
        .filter(reports::case_id.eq(id))
        .select(reports::id)
        .load(conn)?;
    erase_reports(conn, &reports, at)?;
    let children = diesel::update(case_children::table.filter(case_children::case_id.eq(id)))
        .set((
            case_children::name.eq(None::<String>),
            case_children::current_location.eq(None::<String>),
            case_children::name_folded.eq(None::<String>),
            case_children::name_key.eq(None::<String>),
            case_children::birth_date_sealed.eq(None::<String>),
        ))
        .execute(conn)?;
    let perpetrators =
        diesel::update(case_perpetrators::table.filter(case_perpetrators::case_id.eq(id)))
            .set(case_perpetrators::description.eq(None::<String>))
            .execute(conn)?;
    // Who provided a service can be a person's name; the service and its date are counted.
    diesel::update(case_services::table.filter(case_services::case_id.eq(id)))
        .set(case_services::provider.eq(None::<String>))
        .execute(conn)?;
    // A referral's reason, a decline's reason, an outcome and a consent's reason are free
    // text about the child; the agencies, statuses and dates are counted. (The reason is
    // required: stored empty.)
    diesel::update(referrals::table.filter(referrals::case_id.eq(id)))
        .set((
            referrals::reason.eq(""),
            referrals::decline_reason.eq(None::<String>),
            referrals::outcome.eq(None::<String>),
            referrals::consent.eq(None::<String>),
        ))
        .execute(conn)?;
    // A hold's reason can name a court case or a person; that holds were placed and lifted,
    // and when, stays.
    diesel::update(case_holds::table.filter(case_holds::case_id.eq(id)))
        .set(case_holds::reason.eq(""))
        .execute(conn)?;
    // Why a case moved, and why the other side answered as it did, can name the family;
    // where and when it moved stays.
    diesel::update(case_transfers::table.filter(case_transfers::case_id.eq(id)))
        .set((
            case_transfers::reason.eq(""),
            case_transfers::answer_reason.eq(None::<String>),
        ))
        .execute(conn)?;
    let events = diesel::update(case_events::table.filter(case_events::case_id.eq(id)))
        .set(case_events::body.eq(None::<String>))
        .execute(conn)?;
    // A step record is the worker's account of the child: nothing in it is a count.
    let step_records =
        diesel::delete(case_steps::table.filter(case_steps::case_id.eq(id))).execute(conn)?;
    // Addresses, file hashes and account handles of the abuse: not counted anywhere.
    let evidence =
        diesel::delete(case_evidence::table.filter(case_evidence::case_id.eq(id))).execute(conn)?;
    let versions = diesel::delete(field_versions::table.filter(field_versions::case_id.eq(id)))
        .execute(conn)?;
    diesel::delete(case_search_terms::table.filter(case_search_terms::case_id.eq(id)))
        .execute(conn)?;
    // The papers: each file's key first, then its chunks.
    let documents = super::documents::erase_of_case(conn, &super::documents::InDatabase, id, at)?;
    Ok(Some(Erased {
        reports,
        children,
        perpetrators,
        events,
        step_records,
        evidence,
        versions,
        documents,
    }))
}

/// Erase contact `id`, which opened no case; false when it was erased already (or belongs
/// to a case, which is erased with it).
pub fn erase_lone_contact(
    conn: &mut DbConnection,
    id: &str,
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let claimed = diesel::update(
        reports::table
            .filter(reports::id.eq(id))
            .filter(reports::case_id.is_null())
            .filter(reports::erased_at.is_null()),
    )
    .set(reports::erased_at.eq(at))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(false);
    }
    erase_reports(conn, &[id.to_owned()], at)?;
    Ok(true)
}

/// The informant's details, the narrative, the place and the online account of `ids`, and
/// the keyed hashes that would recognise the informant's next contact.
fn erase_reports(conn: &mut DbConnection, ids: &[String], at: NaiveDateTime) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let online: Vec<(String, Option<String>)> = reports::table
        .filter(reports::id.eq_any(ids))
        .select((reports::id, reports::online))
        .load(conn)?;
    for (id, online) in online {
        diesel::update(reports::table.find(&id))
            .set((
                reports::place_detail.eq(None::<String>),
                reports::informant_name.eq(None::<String>),
                reports::informant_phone.eq(None::<String>),
                reports::informant_handle.eq(None::<String>),
                reports::informant_relation.eq(None::<String>),
                reports::narrative.eq(None::<String>),
                // The platform and whether the content was still up are counted: they stay.
                reports::online.eq(online.as_deref().map(OnlineCounted::counted_document)),
                reports::online_sealed.eq(None::<String>),
                reports::erased_at.eq(at),
            ))
            .execute(conn)?;
    }
    diesel::delete(contact_fingerprints::table.filter(contact_fingerprints::report_id.eq_any(ids)))
        .execute(conn)?;
    Ok(())
}

/// The cases of commune `commune_code` holding a child of keyed name `name_key` born in
/// `birth_year`: the same child, as the duplicate check recognises it.
pub fn cases_of_child(
    conn: &mut DbConnection,
    name_key: &str,
    birth_year: i32,
    commune_code: i32,
) -> StoreResult<Vec<String>> {
    Ok(case_children::table
        .inner_join(cases::table)
        .filter(case_children::name_key.eq(name_key))
        .filter(case_children::birth_year.eq(birth_year))
        .filter(cases::commune_code.eq(commune_code))
        .select(case_children::case_id)
        .distinct()
        .load(conn)?)
}
