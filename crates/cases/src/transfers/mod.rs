//! Moving a case to the commune where the child now lives. The sending side (the commune's
//! group or chair, or the province's child-protection department) proposes it with a reason
//! (`propose`); the receiving side accepts or refuses it with a reason within the time a
//! referral is given, or the sender withdraws it (`answer`); the deadline watcher escalates
//! one left unanswered, once (`watch`). On acceptance the case's place and scope move, its
//! manager is unset, its open referrals go to the receiving side's agencies, and its
//! deadlines carry on. Both sides' audit logs and the case's timeline show every step
//! (`notices`), and the sending side keeps read-only sight of what it did.

mod answer;
mod notices;
mod propose;
pub mod watch;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hotline_domain::transfer::{self, Place};
use hotline_domain::{AgencyKind, Jurisdiction};
use hotline_http::Caller;
use hotline_store::models::TransferRow;
use hotline_store::queries::transfers::{self as store, Side};
use hotline_store::queries::{places, users};
use hotline_store::DbConnection;
use hotline_vault::{Field, Vault};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) use answer::withdraw_waiting;
pub use answer::{answer, AnswerRequest};
pub use notices::EVENT_KINDS;
pub use propose::{propose, TransferRequest};

use crate::guard::transferer_role as actor_role;
use crate::CaseError;

/// A transfer as either side reads it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TransferView {
    pub id: String,
    pub case_id: String,
    pub case_number: String,
    /// `proposed`, `accepted`, `refused` or `cancelled`.
    pub status: String,
    pub from_province_code: i32,
    pub from_commune_code: i32,
    pub from_commune: Option<String>,
    pub to_province_code: i32,
    pub to_commune_code: i32,
    pub to_commune: Option<String>,
    /// Why the sending side proposed it.
    pub reason: String,
    pub proposed_by: Option<String>,
    pub proposed_at: DateTime<Utc>,
    /// When the receiving side's answer is due.
    pub due_at: DateTime<Utc>,
    /// Why the receiving side answered as it did (required for a refusal).
    pub answer_reason: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// When the deadline watcher escalated it, unanswered.
    pub escalated_at: Option<DateTime<Utc>>,
    /// Whether the caller answers it (the receiving side, while it waits).
    pub yours_to_answer: bool,
}

/// `GET /api/v1/transfers`: what comes to the caller's side, and what went from it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Transfers {
    pub incoming: Vec<TransferView>,
    pub outgoing: Vec<TransferView>,
}

/// The side the caller speaks for in transfers: its commune's group, or its province's
/// department (a supervisor reads its province's, and answers none); refused otherwise.
pub(crate) fn side_of(caller: &Caller) -> Result<Side, CaseError> {
    let agency = caller.agency().ok_or(CaseError::MayNotTransfer)?;
    let role = caller.role().ok_or(CaseError::MayNotTransfer)?;
    let reads = transfer::role_transfers(role, Some(agency.kind))
        || (role == hotline_domain::Role::Supervisor
            && agency.kind == AgencyKind::ChildProtectionDept);
    match (reads, agency.jurisdiction) {
        (true, Jurisdiction::Commune { province, commune }) => Ok(Side::Commune {
            province: i32::from(province),
            commune: i32::try_from(commune).unwrap_or(i32::MAX),
        }),
        (true, Jurisdiction::Province(p)) => Ok(Side::Province(i32::from(p))),
        _ => Err(CaseError::MayNotTransfer),
    }
}

/// Whether the caller takes part in transfers (what a form asks before its body is read).
pub fn may_take_part(caller: &Caller) -> Result<(), CaseError> {
    actor_role(caller).map(|_| ())
}

/// Whether the caller reads its side's transfers (those who take part, and supervisors).
pub fn reads_transfers(caller: &Caller) -> bool {
    side_of(caller).is_ok()
}

/// The transfers waiting for the answer of the caller's side (none for a caller who takes no
/// part), with their cases, the soonest due first: its tasks.
pub(crate) fn to_answer(
    conn: &mut DbConnection,
    caller: &Caller,
) -> Result<Vec<(TransferRow, hotline_store::models::CaseRow)>, CaseError> {
    if actor_role(caller).is_err() {
        return Ok(Vec::new());
    }
    Ok(store::waiting_for(conn, side_of(caller)?, store::LISTED)?)
}

/// A place as stored (province and commune codes), as the domain's rules take it.
pub(crate) fn place(province: i32, commune: i32) -> Place {
    Place {
        province: u16::try_from(province).unwrap_or(0),
        commune: u32::try_from(commune).unwrap_or(0),
    }
}

/// The two places of a transfer, as the domain's rules take them.
pub(crate) fn places_of(row: &TransferRow) -> (Place, Place) {
    (
        place(row.from_province_code, row.from_commune_code),
        place(row.to_province_code, row.to_commune_code),
    )
}

/// Whether the caller speaks for either side of `row` (else the transfer is not found).
pub(crate) fn concerns(caller: &Caller, row: &TransferRow) -> bool {
    let (from, to) = places_of(row);
    let Some(role) = caller.role() else {
        return false;
    };
    transfer::speaks_for(role, caller.agency(), from)
        || transfer::speaks_for(role, caller.agency(), to)
}

/// The names a list of transfers shows: the communes' and the users'.
struct Names {
    communes: HashMap<i32, String>,
    users: HashMap<String, String>,
}

impl Names {
    fn of(conn: &mut DbConnection, rows: &[&TransferRow]) -> Result<Names, CaseError> {
        let codes: Vec<i32> = rows
            .iter()
            .flat_map(|r| [r.from_commune_code, r.to_commune_code])
            .collect();
        let ids: Vec<&str> = rows
            .iter()
            .flat_map(|r| [Some(r.proposed_by.as_str()), r.answered_by.as_deref()])
            .flatten()
            .collect();
        Ok(Names {
            communes: places::commune_names(conn, &codes)?,
            users: users::usernames(conn, &ids)?,
        })
    }
}

/// `row` as `caller` reads it, its sealed reasons opened.
fn view(
    (caller, vault): (&Caller, &Vault),
    (row, case_number): (&TransferRow, &str),
    names: &Names,
) -> Result<TransferView, CaseError> {
    let (from, to) = places_of(row);
    let yours_to_answer = transfer::is_open(row.status)
        && caller.role().is_some_and(|role| {
            transfer::may_move(
                role,
                caller.agency(),
                (from, to),
                transfer::TransferMove::Accept,
            )
        });
    let reason = match row.reason.as_str() {
        "" => String::new(),
        sealed => vault.open(Field::TransferReason, &row.id, sealed)?,
    };
    Ok(TransferView {
        id: row.id.clone(),
        case_id: row.case_id.clone(),
        case_number: case_number.to_owned(),
        status: row.status.code().to_owned(),
        from_province_code: row.from_province_code,
        from_commune_code: row.from_commune_code,
        from_commune: names.communes.get(&row.from_commune_code).cloned(),
        to_province_code: row.to_province_code,
        to_commune_code: row.to_commune_code,
        to_commune: names.communes.get(&row.to_commune_code).cloned(),
        reason,
        proposed_by: names.users.get(&row.proposed_by).cloned(),
        proposed_at: row.proposed_at.and_utc(),
        due_at: row.due_at.and_utc(),
        answer_reason: vault.open_opt(
            Field::TransferAnswer,
            &row.id,
            row.answer_reason.as_deref(),
        )?,
        answered_by: row
            .answered_by
            .as_ref()
            .and_then(|id| names.users.get(id).cloned()),
        answered_at: row.answered_at.map(|t| t.and_utc()),
        escalated_at: row.escalated_at.map(|t| t.and_utc()),
        yours_to_answer,
    })
}

/// One transfer as `caller` reads it.
pub(crate) fn view_one(
    conn: &mut DbConnection,
    caller: &Caller,
    (row, case_number): (&TransferRow, &str),
) -> Result<TransferView, CaseError> {
    let names = Names::of(conn, &[row])?;
    view((caller, caller.vault()), (row, case_number), &names)
}

/// The transfers of the caller's side, incoming and outgoing (`transfer.list`, with the
/// cases shown).
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Transfers, CaseError> {
    let side = side_of(caller)?;
    caller.audited_read(conn, now, |conn| {
        let incoming = store::listed(conn, side, true)?;
        let outgoing = store::listed(conn, side, false)?;
        let all: Vec<&TransferRow> = incoming.iter().chain(&outgoing).map(|(r, _)| r).collect();
        let names = Names::of(conn, &all)?;
        let case_ids: Vec<String> = all.iter().map(|r| r.case_id.clone()).collect();
        let views = |rows: &[(TransferRow, String)]| {
            rows.iter()
                .map(|(r, n)| view((caller, caller.vault()), (r, n), &names))
                .collect::<Result<Vec<_>, CaseError>>()
        };
        let listed = Transfers {
            incoming: views(&incoming)?,
            outgoing: views(&outgoing)?,
        };
        let (province, commune) = caller.place();
        let entry = hotline_audit::Entry::new("transfer.list")
            .cases(case_ids)
            .place(province, commune)
            .detail(serde_json::json!({
                "incoming": listed.incoming.len(), "outgoing": listed.outgoing.len(),
            }));
        Ok((listed, entry))
    })
}

/// The transfers of case `case_id`, as its readers see them on the case.
pub(crate) fn of_case(
    conn: &mut DbConnection,
    caller: &Caller,
    (case_id, case_number): (&str, &str),
) -> Result<Vec<TransferView>, CaseError> {
    let rows = store::for_case(conn, case_id)?;
    let refs: Vec<&TransferRow> = rows.iter().collect();
    let names = Names::of(conn, &refs)?;
    rows.iter()
        .map(|r| view((caller, caller.vault()), (r, case_number), &names))
        .collect()
}
