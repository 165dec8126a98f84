//! Legal holds: a supervisor keeps a case from erasure (an investigation, a trial, a
//! complaint) and lifts the hold when it is no longer needed. A hold changes nothing else.

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::models::CaseEventRow;
use hotline_store::queries::cases;
use hotline_store::queries::holds::{self as stored, HoldRow};
use hotline_store::DbConnection;
use hotline_vault::{Field, SealText};
use serde_json::json;

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::{self, case_id, required_text, supervisor_scope, Reader};
use crate::view::current_view;
use crate::CaseError;

/// Place a legal hold on case `id`, for `reason`.
pub fn place_hold(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let reason = required_text("reason", reason)?;
    let user_id = caller.user_id().ok_or(CaseError::NotSupervisor)?;
    caller.audited(conn, now, |conn| {
        let case = guard::writable(cases::visible(conn, scope, &id)?)?;
        let hold_id = uuid::Uuid::now_v7().to_string();
        stored::place(
            conn,
            &HoldRow {
                reason: caller.vault().seal(Field::HoldReason, &hold_id, &reason)?,
                id: hold_id.clone(),
                case_id: case.id.clone(),
                placed_at: now.naive_utc(),
                placed_by: user_id.clone(),
                lifted_at: None,
                lifted_by: None,
            },
        )
        .map_err(|e| match e {
            hotline_store::StoreError::Conflict(_) => CaseError::AlreadyHeld,
            other => other.into(),
        })?;
        cases::insert_event(
            conn,
            &CaseEventRow::new(
                &case.id,
                Some(user_id.clone()),
                "hold_placed",
                now.naive_utc(),
            )
            .sealed_text(
                caller.vault(),
                Some(format!("Đặt lệnh giữ hồ sơ: {reason}")),
            )?,
        )?;
        let view = current_view(conn, Reader::of(caller, scope), &case.id)?;
        let entry = case_entry("case.hold.place", &case)
            .detail(json!({"case_number": case.case_number, "hold_id": hold_id}));
        Ok((view, entry))
    })
}

/// Lift the legal hold in force on case `id`.
pub fn lift_hold(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let user_id = caller.user_id().ok_or(CaseError::NotSupervisor)?;
    caller.audited(conn, now, |conn| {
        let case = cases::visible(conn, scope, &id)?;
        let lifted =
            stored::lift(conn, &case.id, &user_id, now.naive_utc())?.ok_or(CaseError::NotHeld)?;
        cases::insert_event(
            conn,
            &CaseEventRow::new(
                &case.id,
                Some(user_id.clone()),
                "hold_lifted",
                now.naive_utc(),
            )
            .sealed_text(caller.vault(), Some("Gỡ lệnh giữ hồ sơ.".to_owned()))?,
        )?;
        let view = current_view(conn, Reader::of(caller, scope), &case.id)?;
        let entry = case_entry("case.hold.lift", &case)
            .detail(json!({"case_number": case.case_number, "hold_id": lifted.id}));
        Ok((view, entry))
    })
}
