//! The answer to a proposed transfer: the receiving side accepts or refuses it, or the
//! sending side withdraws it. An acceptance moves the case.

use chrono::{DateTime, Utc};
use hotline_domain::transfer::{self, TransferMove};
use hotline_domain::{lifecycle, CaseScope};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::{CaseRow, TransferRow};
use hotline_store::queries::{cases, transfers as store};
use hotline_store::DbConnection;
use hotline_vault::Field;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::notices::{self, Step};
use super::{actor_role, concerns, places_of, view_one, TransferView};
use crate::guard::{self, required_text};
use crate::handover::hand_over;
use crate::CaseError;

/// `POST /api/v1/transfers/{id}/accept`, `/refuse`, `/cancel`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// Why (required to refuse; sealed).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A transfer's id as typed: anything but a UUID is simply not found.
fn transfer_id(raw: &str) -> Result<String, CaseError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| CaseError::NotFound)
}

/// The answer's reason: required for a refusal, else optional.
fn reason_of(mv: TransferMove, request: &AnswerRequest) -> Result<Option<String>, CaseError> {
    match (mv, request.reason.as_deref().map(str::trim)) {
        (TransferMove::Refuse, reason) => required_text("reason", reason.unwrap_or("")).map(Some),
        (_, None | Some("")) => Ok(None),
        (_, Some(reason)) => required_text("reason", reason).map(Some),
    }
}

/// Make `mv` on transfer `id` (as typed): `case.transfer` on both sides' logs. Only the
/// first answer counts; a later one is a conflict.
pub fn answer(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    (id, mv): (&str, TransferMove),
    request: &AnswerRequest,
    now: DateTime<Utc>,
) -> Result<TransferView, CaseError> {
    let role = actor_role(caller)?;
    let id = transfer_id(id)?;
    let reason = reason_of(mv, request)?;
    caller.audited(conn, now, |conn| {
        let row = store::find(conn, &id)?
            .filter(|r| concerns(caller, r))
            .ok_or(CaseError::NotFound)?;
        if !transfer::may_move(role, caller.agency(), places_of(&row), mv) {
            return Err(CaseError::MayNotTransfer);
        }
        if !transfer::is_open(row.status) {
            return Err(CaseError::TransferAnswered);
        }
        let case = cases::visible(conn, CaseScope::All, &row.case_id)?;
        let sealed = reason
            .as_deref()
            .map(|r| caller.vault().seal(Field::TransferAnswer, &row.id, r))
            .transpose()?;
        let by = caller.user_id().ok_or(CaseError::MayNotTransfer)?;
        if mv == TransferMove::Accept {
            // An ended or erased case is not taken: it has nothing left to work.
            let case = guard::writable(case.clone())?;
            if !lifecycle::is_open(case.status) {
                return Err(CaseError::NotOpen);
            }
        }
        if !store::answer(conn, &row.id, mv.target(), (sealed, &by), now.naive_utc())? {
            return Err(CaseError::TransferAnswered);
        }
        let row = store::find(conn, &row.id)?.ok_or(CaseError::NotFound)?;
        let step = match mv {
            TransferMove::Accept => Step::Accepted,
            TransferMove::Refuse => Step::Refused,
            TransferMove::Cancel => Step::Cancelled,
        };
        let moved = if mv == TransferMove::Accept {
            Some(move_case(conn, caller, router, (&case, &row), now)?)
        } else {
            None
        };
        let mut entry = notices::record(conn, caller, (&case, &row), step, now)?;
        if let Some(moved) = moved {
            entry.detail["referrals"] = moved;
        }
        Ok((view_one(conn, caller, (&row, &case.case_number))?, entry))
    })
}

/// Move `case` to the receiving commune: its place and scope, no manager until the receiving
/// chair names one, and its open referrals handed to the agencies that serve the new place
/// (each referral's deadline carries on where it stays; a new referral, announced, where the
/// work goes to another agency). The case's own deadlines are untouched: they carry on.
fn move_case(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    (case, row): (&CaseRow, &TransferRow),
    now: DateTime<Utc>,
) -> Result<serde_json::Value, CaseError> {
    store::move_case(
        conn,
        &case.id,
        (row.to_province_code, row.to_commune_code),
        now.naive_utc(),
    )?;
    let moved = cases::visible(conn, CaseScope::All, &case.id)?;
    // Found by the name of the commune it is in now, no longer by the one it left.
    crate::sealed::reindex(conn, caller.vault(), &case.id)?;
    let user = caller.user_id();
    let handed = hand_over(
        conn,
        (router, caller.vault()),
        case,
        &moved,
        (user.as_deref(), now),
    )?;
    Ok(json!({
        "kept": handed.moved, "merged": handed.merged, "rerouted": handed.rerouted,
        "ended": handed.ended, "manager_unset": case.manager_id.is_some(),
    }))
}

/// Withdraw the transfer of `case` still waiting, if any, as the case ends (nobody is asked
/// to take a case nobody works): both sides' entries are appended here. Returns its id.
pub(crate) fn withdraw_waiting(
    conn: &mut DbConnection,
    caller: &Caller,
    case: &CaseRow,
    now: DateTime<Utc>,
) -> Result<Option<String>, CaseError> {
    let Some(waiting) = store::for_case(conn, &case.id)?
        .into_iter()
        .find(|t| transfer::is_open(t.status))
    else {
        return Ok(None);
    };
    let by = caller.user_id().ok_or(CaseError::MayNotTransfer)?;
    let at = now.naive_utc();
    if !store::answer(
        conn,
        &waiting.id,
        TransferMove::Cancel.target(),
        (None, &by),
        at,
    )? {
        return Ok(None);
    }
    let row = store::find(conn, &waiting.id)?.ok_or(CaseError::NotFound)?;
    let entry = notices::record(conn, caller, (case, &row), Step::Cancelled, now)?;
    caller.record(conn, entry, now)?;
    Ok(Some(row.id))
}
