//! Transfers of cases between communes: the proposals, their answers, each side's list, the
//! watcher's claim on an unanswered one, and the move of the case itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::TransferStatus;

use crate::models::{CaseRow, TransferRow};
use crate::schema::{case_transfers, cases};
use crate::{DbConnection, StoreResult};

/// How many transfers one side's list shows, newest first (those waiting come first).
pub const LISTED: i64 = 200;

/// Where a side of a transfer speaks from: a commune's group, or a province's department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Commune { province: i32, commune: i32 },
    Province(i32),
}

pub fn insert(conn: &mut DbConnection, row: &TransferRow) -> StoreResult<()> {
    diesel::insert_into(case_transfers::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<TransferRow>> {
    Ok(case_transfers::table
        .filter(case_transfers::id.eq(id))
        .select(TransferRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every transfer of case `case_id`, oldest first.
pub fn for_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<TransferRow>> {
    Ok(case_transfers::table
        .filter(case_transfers::case_id.eq(case_id))
        .order((case_transfers::proposed_at, case_transfers::id))
        .select(TransferRow::as_select())
        .load(conn)?)
}

/// A side's transfers (`incoming`: those to it, else those from it) with their case numbers:
/// the waiting first, then the newest.
pub fn listed(
    conn: &mut DbConnection,
    side: Side,
    incoming: bool,
) -> StoreResult<Vec<(TransferRow, String)>> {
    let mut q = case_transfers::table
        .inner_join(cases::table)
        .select((TransferRow::as_select(), cases::case_number))
        .into_boxed();
    q = match (side, incoming) {
        (Side::Commune { province, commune }, true) => q
            .filter(case_transfers::to_province_code.eq(province))
            .filter(case_transfers::to_commune_code.eq(commune)),
        (Side::Commune { province, commune }, false) => q
            .filter(case_transfers::from_province_code.eq(province))
            .filter(case_transfers::from_commune_code.eq(commune)),
        (Side::Province(p), true) => q.filter(case_transfers::to_province_code.eq(p)),
        (Side::Province(p), false) => q.filter(case_transfers::from_province_code.eq(p)),
    };
    // `proposed` sorts before the answers' codes only by accident: say it.
    let waiting = case_transfers::status.eq(TransferStatus::Proposed.code());
    Ok(q.order((
        waiting.desc(),
        case_transfers::proposed_at.desc(),
        case_transfers::id,
    ))
    .limit(LISTED)
    .load(conn)?)
}

/// The transfers waiting for an answer of `side`, with their cases, the soonest due first.
pub fn waiting_for(
    conn: &mut DbConnection,
    side: Side,
    limit: i64,
) -> StoreResult<Vec<(TransferRow, CaseRow)>> {
    let mut q = case_transfers::table
        .inner_join(cases::table)
        .filter(case_transfers::status.eq(TransferStatus::Proposed.code()))
        .select((TransferRow::as_select(), CaseRow::as_select()))
        .into_boxed();
    q = match side {
        Side::Commune { province, commune } => q
            .filter(case_transfers::to_province_code.eq(province))
            .filter(case_transfers::to_commune_code.eq(commune)),
        Side::Province(p) => q.filter(case_transfers::to_province_code.eq(p)),
    };
    Ok(q.order((case_transfers::due_at, case_transfers::id))
        .limit(limit)
        .load(conn)?)
}

/// The answer to a transfer still waiting: `status`, with its sealed reason, by whom and
/// when. `false` when it was answered (or withdrawn) meanwhile: the conditional update is
/// the claim, so of two answers only one counts.
pub fn answer(
    conn: &mut DbConnection,
    id: &str,
    status: TransferStatus,
    (reason, by): (Option<String>, &str),
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let changed = diesel::update(
        case_transfers::table
            .filter(case_transfers::id.eq(id))
            .filter(case_transfers::status.eq(TransferStatus::Proposed.code())),
    )
    .set((
        case_transfers::status.eq(status.code()),
        case_transfers::answer_reason.eq(reason),
        case_transfers::answered_by.eq(by),
        case_transfers::answered_at.eq(at),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

// The watcher's candidates and claim: a transfer unanswered past its deadline.
super::escalation::escalation_queries!(
    case_transfers,
    TransferStatus::Proposed.code(),
    set: |now: NaiveDateTime| case_transfers::escalated_at.eq(now)
);

/// Move case `id` to the commune `(province, commune)`: the receiving side names its own
/// manager, so the case has none until it does.
pub fn move_case(
    conn: &mut DbConnection,
    id: &str,
    (province, commune): (i32, i32),
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(cases::table.filter(cases::id.eq(id)))
        .set((
            cases::province_code.eq(province),
            cases::commune_code.eq(commune),
            cases::manager_id.eq(None::<String>),
            cases::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
