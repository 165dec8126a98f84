//! The named case manager: one worker of the case's commune group answers for each case (the
//! group's other members still see it and may help). The commune's chair, or the province's
//! department for the cases it holds, assigns the manager (`assign_manager`) and hands a
//! leaver's cases to another worker in one action (`reassign`); `caseloads` counts each
//! worker's open cases. Every change is an event on the case's timeline and an entry in the
//! audit log, and the new manager gets one mail listing the cases' numbers.

mod caseloads;
mod reassign;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hotline_domain::{lifecycle, CaseScope};
use hotline_http::Caller;
use hotline_store::models::{CaseEventRow, CaseRow, OutboxRow, UserRow};
use hotline_store::queries::{cases, managers, outbox};
use hotline_store::DbConnection;
use hotline_vault::SealText;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

pub use caseloads::{caseloads, Caseload, Caseloads};
pub use reassign::{handover, reassign, Handover, ReassignRequest, Reassigned, MAX_REASSIGNED};

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::{self, assigner_scope, case_id, required_text, Reader};
use crate::view::current_view;
use crate::CaseError;

/// `PUT /api/v1/cases/{id}/manager`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagerRequest {
    /// A worker of the child-protection group of the case's commune.
    pub user_id: String,
    /// Why this worker (kept on the case's timeline, sealed).
    pub reason: String,
}

/// A user id as typed in `field`: anything but a UUID names nobody.
fn user_id(field: &str, raw: &str) -> Result<String, CaseError> {
    Uuid::parse_str(raw.trim())
        .map(|u| u.to_string())
        .map_err(|_| CaseError::field(field, "không phải mã người dùng hợp lệ"))
}

/// The members of the groups of the communes asked for, each read once.
#[derive(Default)]
struct Groups(HashMap<i32, Vec<UserRow>>);

impl Groups {
    /// `user` (an id) if it is a worker of the group of `case`'s commune, else refused as
    /// `field`.
    fn member(
        &mut self,
        conn: &mut DbConnection,
        case: &CaseRow,
        (field, user): (&str, &str),
    ) -> Result<UserRow, CaseError> {
        let members = match self.0.entry(case.commune_code) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(managers::group_members(conn, case.commune_code)?)
            }
        };
        members
            .iter()
            .find(|m| m.id == user)
            .cloned()
            .ok_or_else(|| {
                CaseError::field(
                    field,
                    format!(
                    "không phải cán bộ đang công tác của nhóm bảo vệ trẻ em xã nơi có vụ việc {}",
                    case.case_number
                ),
                )
            })
    }
}

/// Case `id` within `scope`, if it is still worked and may be written to.
fn open_case(conn: &mut DbConnection, scope: CaseScope, id: &str) -> Result<CaseRow, CaseError> {
    let row = guard::writable(cases::visible(conn, scope, id)?)?;
    if !lifecycle::is_open(row.status) {
        return Err(CaseError::NotOpen);
    }
    Ok(row)
}

/// Make `to` the manager of `case`: the case, its timeline event (with `reason`, sealed) and
/// its audit entry, in the caller's transaction.
fn hand(
    conn: &mut DbConnection,
    caller: &Caller,
    (case, to): (&CaseRow, &UserRow),
    reason: &str,
    now: DateTime<Utc>,
) -> Result<hotline_audit::Entry, CaseError> {
    let at = now.naive_utc();
    managers::set_manager(conn, &case.id, Some(&to.id), at)?;
    let event = CaseEventRow::new(&case.id, caller.user_id(), CaseEventRow::MANAGER, at)
        .handing(case.manager_id.as_deref(), Some(&to.id))
        .sealed_text(caller.vault(), Some(reason.to_owned()))?;
    cases::insert_event(conn, &event)?;
    Ok(case_entry("case.manager", case).detail(json!({
        "case_number": case.case_number,
        "from_user_id": case.manager_id,
        "to_user_id": to.id,
    })))
}

/// One mail to `to` (if it has an address) listing the numbers of the cases now its own.
fn tell(
    conn: &mut DbConnection,
    to: &UserRow,
    numbers: &[String],
    now: DateTime<Utc>,
) -> Result<(), CaseError> {
    let Some(email) = to.email.as_deref() else {
        return Ok(());
    };
    let payload = json!({"username": to.username, "case_numbers": numbers}).to_string();
    outbox::insert(
        conn,
        &[OutboxRow::queued(
            OutboxRow::CASES_ASSIGNED,
            email,
            payload,
            now.naive_utc(),
        )],
    )?;
    Ok(())
}

/// Make the worker `request.user_id` the manager of case `id` (as typed), with a reason:
/// `case.manager`. Asking for the manager the case has already changes nothing.
pub fn assign_manager(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    request: &ManagerRequest,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = assigner_scope(caller)?;
    let id = case_id(id)?;
    let reason = required_text("reason", &request.reason)?;
    let user = user_id("user_id", &request.user_id)?;
    caller.audited(conn, now, |conn| {
        let case = open_case(conn, scope, &id)?;
        let to = Groups::default().member(conn, &case, ("user_id", &user))?;
        let entry = if case.manager_id.as_deref() == Some(to.id.as_str()) {
            case_entry("case.manager", &case)
                .detail(json!({"case_number": case.case_number, "unchanged": true}))
        } else {
            let entry = hand(conn, caller, (&case, &to), &reason, now)?;
            tell(conn, &to, std::slice::from_ref(&case.case_number), now)?;
            entry
        };
        Ok((current_view(conn, Reader::of(caller, scope), &id)?, entry))
    })
}

/// The workers who may manage case `id` (as typed): the active members of its commune's
/// group, for the form that assigns one.
pub fn candidates(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<Vec<UserRow>, CaseError> {
    let scope = assigner_scope(caller)?;
    let id = case_id(id)?;
    let case = cases::visible(conn, scope, &id)?;
    Ok(managers::group_members(conn, case.commune_code)?)
}

/// Whether the caller assigns managers at all (what a form asks before its body is read).
pub fn may_assign(caller: &Caller) -> Result<(), CaseError> {
    assigner_scope(caller).map(|_| ())
}
