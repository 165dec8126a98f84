//! Legal holds: a supervisor keeps a case from erasure (an investigation, a trial, a
//! complaint) and lifts the hold when it is no longer needed. A hold changes nothing else.

use chrono::{DateTime, Utc};
use hotline_domain::Role;
use hotline_http::Caller;
use hotline_store::models::CaseEventRow;
use hotline_store::queries::holds::{self as stored, HoldRow};
use hotline_store::queries::{cases, users};
use hotline_store::DbConnection;
use hotline_vault::{Field, SealText};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::{self, case_id};
use crate::view::{current_view, Reader};
use crate::CaseError;

/// The longest reason kept.
const REASON_MAX: usize = 1000;

/// A legal hold as the case shows it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct LegalHoldView {
    pub placed_at: DateTime<Utc>,
    /// Username of the supervisor who placed it.
    pub placed_by: Option<String>,
    pub reason: String,
}

/// The case scope of a supervisor; refused for any other role.
pub(crate) fn supervisor_scope(caller: &Caller) -> Result<hotline_domain::CaseScope, CaseError> {
    match (caller.role(), caller.case_scope()) {
        (Some(Role::Supervisor), Some(scope)) => Ok(scope),
        _ => Err(CaseError::NotSupervisor),
    }
}

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

/// The hold in force on case `case_id` (the caller has read the case in scope): its reason
/// opened for those who read it, empty for the others.
pub(crate) fn hold_view(
    conn: &mut DbConnection,
    reader: Reader<'_>,
    case_id: &str,
) -> Result<Option<LegalHoldView>, CaseError> {
    let Some(hold) = stored::in_force(conn, case_id)? else {
        return Ok(None);
    };
    let names = users::usernames(conn, &[hold.placed_by.as_str()])?;
    Ok(Some(LegalHoldView {
        placed_at: hold.placed_at.and_utc(),
        placed_by: names.get(&hold.placed_by).cloned(),
        reason: match reader.hold_reasons {
            true => reader
                .vault
                .open(Field::HoldReason, &hold.id, &hold.reason)?,
            false => String::new(),
        },
    }))
}

/// A free text the request must carry, trimmed, of sensible length.
pub(crate) fn required_text(field: &str, text: &str) -> Result<String, CaseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CaseError::field(field, "bắt buộc"));
    }
    if text.chars().count() > REASON_MAX {
        return Err(CaseError::field(
            field,
            format!("tối đa {REASON_MAX} ký tự"),
        ));
    }
    Ok(text.to_owned())
}
