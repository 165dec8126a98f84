//! The outbox: messages to send, written in the transaction of what they announce.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::CaseScope;

use crate::models::OutboxRow;
use crate::schema::outbox;
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, rows: &[OutboxRow]) -> StoreResult<()> {
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(outbox::table)
            .values(rows)
            .execute(c))?;
    }
    Ok(())
}

/// Queue one message of `kind` about case `case_id` to each of `recipients` (the address,
/// and the agency on whose business it goes), all with one payload (JSON of ids, codes and
/// dates). Returns how many were queued.
pub fn queue_about_case<'a>(
    conn: &mut DbConnection,
    (kind, case_id): (&str, &str),
    recipients: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    payload: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let rows: Vec<OutboxRow> = recipients
        .into_iter()
        .map(|(to, agency)| OutboxRow::about_case(kind, case_id, agency, to, payload.into(), now))
        .collect();
    insert(conn, &rows)?;
    Ok(rows.len())
}

/// Claim up to `limit` messages that are due, for `lease`: each claimed row is invisible to
/// other workers until `lease_until`, and its attempt is counted now, so a worker that dies
/// mid-send still used one. The caller commits before sending anything.
///
/// PostgreSQL skips rows another worker has locked (`FOR UPDATE SKIP LOCKED`), so concurrent
/// workers never claim the same row; SQLite has one writer (`BEGIN IMMEDIATE`), which does
/// the same.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<OutboxRow>> {
    use diesel::sql_types::{BigInt, Timestamp};
    match conn {
        DbConnection::Pg(pg) => Ok(diesel::sql_query(
            "UPDATE outbox SET locked_until = $2, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                   AND (locked_until IS NULL OR locked_until < $1)
                 ORDER BY next_attempt_at, id
                 LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             RETURNING *",
        )
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(lease_until)
        .bind::<BigInt, _>(limit)
        .load(pg)?),
        DbConnection::Sqlite(_) => {
            let ids: Vec<String> = due(now)
                .order((outbox::next_attempt_at, outbox::id))
                .limit(limit)
                .select(outbox::id)
                .load(conn)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set((
                    outbox::locked_until.eq(lease_until),
                    outbox::attempts.eq(outbox::attempts + 1),
                ))
                .execute(conn)?;
            Ok(outbox::table
                .filter(outbox::id.eq_any(&ids))
                .order((outbox::next_attempt_at, outbox::id))
                .select(OutboxRow::as_select())
                .load(conn)?)
        }
    }
}

type Due = diesel::dsl::Filter<
    outbox::table,
    diesel::dsl::And<
        diesel::dsl::And<
            diesel::dsl::And<
                diesel::dsl::IsNull<outbox::sent_at>,
                diesel::dsl::IsNull<outbox::failed_at>,
            >,
            diesel::dsl::LtEq<outbox::next_attempt_at, NaiveDateTime>,
        >,
        diesel::dsl::Or<
            diesel::dsl::IsNull<outbox::locked_until>,
            diesel::dsl::Lt<outbox::locked_until, NaiveDateTime>,
        >,
    >,
>;

/// Messages due and not leased.
fn due(now: NaiveDateTime) -> Due {
    outbox::table.filter(
        outbox::sent_at
            .is_null()
            .and(outbox::failed_at.is_null())
            .and(outbox::next_attempt_at.le(now))
            .and(
                outbox::locked_until
                    .is_null()
                    .or(outbox::locked_until.lt(now)),
            ),
    )
}

/// Sent: done for good.
pub fn mark_sent(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(outbox::table.find(id).filter(outbox::sent_at.is_null()))
        .set((
            outbox::sent_at.eq(now),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// A failed attempt: try again at `retry_at`, or (with `None`) give up.
pub fn mark_failed(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let target = outbox::table.find(id).filter(outbox::sent_at.is_null());
    match retry_at {
        Some(at) => diesel::update(target)
            .set((
                outbox::next_attempt_at.eq(at),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                outbox::failed_at.eq(now),
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::last_error.eq(error),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Messages waiting (neither sent nor given up).
pub fn depth(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .count()
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<OutboxRow>> {
    Ok(outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()?)
}

/// Put a dead-lettered message back in the queue, due now, with its attempts reset.
pub fn resend(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<bool> {
    let changed = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::failed_at.is_not_null()),
    )
    .set((
        outbox::failed_at.eq(None::<NaiveDateTime>),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
        outbox::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Messages by state (`failed`, `pending` or `sent`) about the cases of a supervisor's
/// jurisdiction (`CaseScope::All`, `Province` or `Commune`; any other scope sees none),
/// newest first.
pub fn list(
    conn: &mut DbConnection,
    state: &str,
    scope: CaseScope,
    limit: i64,
) -> StoreResult<Vec<OutboxRow>> {
    use crate::schema::cases;
    let mut q = outbox::table.into_boxed();
    q = match state {
        "failed" => q.filter(outbox::failed_at.is_not_null()),
        "sent" => q.filter(outbox::sent_at.is_not_null()),
        _ => q
            .filter(outbox::sent_at.is_null())
            .filter(outbox::failed_at.is_null()),
    };
    q = match scope {
        CaseScope::All => q,
        CaseScope::Province(p) => q.filter(
            outbox::case_id.eq_any(
                cases::table
                    .filter(cases::province_code.eq(i32::from(p)))
                    .select(cases::id.nullable()),
            ),
        ),
        CaseScope::Commune(c) => q.filter(
            outbox::case_id.eq_any(
                cases::table
                    .filter(cases::commune_code.eq(i32::try_from(c).unwrap_or(i32::MAX)))
                    .select(cases::id.nullable()),
            ),
        ),
        _ => return Ok(Vec::new()),
    };
    Ok(q.order((outbox::created_at.desc(), outbox::id))
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// What a message says, read when it is sent (so a resend tells the current state): codes,
/// labels' keys and deadlines, never a child's details.
#[derive(Debug, Clone)]
pub struct MailFacts {
    pub case_id: String,
    pub case_number: String,
    pub categories: Vec<String>,
    pub risk_level: Option<String>,
    pub emergency: bool,
    /// The referral the message is about, if it is about one.
    pub referral: Option<ReferralFacts>,
    /// The name of the agency the message goes to, on whose business.
    pub recipient_agency_name: Option<String>,
}

/// The referral a message is about.
#[derive(Debug, Clone)]
pub struct ReferralFacts {
    pub agency_id: String,
    pub agency_name: String,
    pub due_at: NaiveDateTime,
}

/// The facts of a message: about its referral, or else about its case; `None` when what it
/// is about no longer exists.
pub fn facts(conn: &mut DbConnection, row: &OutboxRow) -> StoreResult<Option<MailFacts>> {
    use crate::schema::{agencies, case_categories, cases, referrals};
    let (case_id, referral) = match row.referral_id.as_deref() {
        Some(referral_id) => {
            let found: Option<(String, String, String, NaiveDateTime)> = referrals::table
                .inner_join(agencies::table)
                .filter(referrals::id.eq(referral_id))
                .select((
                    referrals::case_id,
                    agencies::id,
                    agencies::name,
                    referrals::due_at,
                ))
                .first(conn)
                .optional()?;
            let Some((case_id, agency_id, agency_name, due_at)) = found else {
                return Ok(None);
            };
            (
                case_id,
                Some(ReferralFacts {
                    agency_id,
                    agency_name,
                    due_at,
                }),
            )
        }
        None => match row.case_id.clone() {
            Some(case_id) => (case_id, None),
            None => return Ok(None),
        },
    };
    let found: Option<(String, Option<String>, bool)> = cases::table
        .find(&case_id)
        .select((cases::case_number, cases::risk_level, cases::emergency))
        .first(conn)
        .optional()?;
    let Some((case_number, risk_level, emergency)) = found else {
        return Ok(None);
    };
    let categories = case_categories::table
        .filter(case_categories::case_id.eq(&case_id))
        .order(case_categories::category)
        .select(case_categories::category)
        .load(conn)?;
    let recipient_agency_name = match (row.agency_id.as_deref(), &referral) {
        (Some(id), Some(r)) if id == r.agency_id => Some(r.agency_name.clone()),
        (Some(id), _) => agencies::table
            .find(id)
            .select(agencies::name)
            .first(conn)
            .optional()?,
        (None, r) => r.as_ref().map(|r| r.agency_name.clone()),
    };
    Ok(Some(MailFacts {
        case_id,
        case_number,
        categories,
        risk_level,
        emergency,
        referral,
        recipient_agency_name,
    }))
}

/// Record that an acknowledge link was used; `false` when it already was.
pub fn use_link(
    conn: &mut DbConnection,
    outbox_id: &str,
    referral_id: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    use crate::schema::ack_links_used;
    let inserted = crate::insert_or_ignore!(
        conn,
        ack_links_used::table,
        (
            ack_links_used::outbox_id.eq(outbox_id),
            ack_links_used::referral_id.eq(referral_id),
            ack_links_used::used_at.eq(now),
        )
    )?;
    Ok(inserted == 1)
}

pub fn link_used(conn: &mut DbConnection, outbox_id: &str) -> StoreResult<bool> {
    use crate::schema::ack_links_used;
    Ok(
        diesel::select(diesel::dsl::exists(ack_links_used::table.find(outbox_id)))
            .get_result(conn)?,
    )
}
