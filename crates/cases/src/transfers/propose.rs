//! The sending side proposes to move a case to another commune.

use chrono::{DateTime, Utc};
use hotline_domain::transfer::{self, Place};
use hotline_domain::{lifecycle, TransferStatus};
use hotline_http::Caller;
use hotline_routing::Router;
use hotline_store::models::{CaseRow, TransferRow};
use hotline_store::queries::{agencies, cases, places, referrals, transfers as store};
use hotline_store::DbConnection;
use hotline_vault::Field;
use serde::Deserialize;
use utoipa::ToSchema;

use super::notices::{self, Step};
use super::{actor_role, place, view_one, TransferView};
use crate::guard::{self, case_id, required_text};
use crate::CaseError;

/// `POST /api/v1/cases/{id}/transfers`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// The commune (2025 code) the case is to move to: where the child now lives.
    pub to_commune_code: i64,
    /// Why (sealed: it can name the family).
    pub reason: String,
}

/// The place the case is to move to, if the commune exists and someone there can answer:
/// its child-protection group, or its province's department.
fn destination(conn: &mut DbConnection, code: i64) -> Result<Place, CaseError> {
    let unknown = || {
        CaseError::field(
            "to_commune_code",
            "không có xã, phường, đặc khu nào mang mã này",
        )
    };
    let code = i32::try_from(code).map_err(|_| unknown())?;
    let commune = places::commune(conn, code)?.ok_or_else(unknown)?;
    let answerable = !agencies::commune_groups(conn, code)?.is_empty()
        || referrals::province_agency(
            conn,
            hotline_domain::AgencyKind::ChildProtectionDept.code(),
            commune.province_code,
        )?
        .is_some();
    if !answerable {
        return Err(CaseError::field(
            "to_commune_code",
            "nơi nhận chưa có nhóm bảo vệ trẻ em cấp xã hay cơ quan bảo vệ trẻ em cấp tỉnh trên hệ thống để tiếp nhận",
        ));
    }
    Ok(Place {
        province: u16::try_from(commune.province_code).map_err(|_| unknown())?,
        commune: u32::try_from(code).map_err(|_| unknown())?,
    })
}

/// Propose to move case `id` (as typed) to the commune the request names: `case.transfer`
/// on both sides' logs, a timeline event, and mail to the receiving side.
pub fn propose(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    id: &str,
    request: &TransferRequest,
    now: DateTime<Utc>,
) -> Result<TransferView, CaseError> {
    let role = actor_role(caller)?;
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    let reason = required_text("reason", &request.reason)?;
    caller.audited(conn, now, |conn| {
        let case = guard::writable(cases::visible(conn, scope, &id)?)?;
        if !lifecycle::is_open(case.status) {
            return Err(CaseError::NotOpen);
        }
        let to = destination(conn, request.to_commune_code)?;
        let from = place(case.province_code, case.commune_code);
        if from == to {
            return Err(CaseError::field("to_commune_code", "vụ việc đã ở xã này"));
        }
        if !transfer::may_propose(role, caller.agency(), from, to) {
            return Err(CaseError::MayNotTransfer);
        }
        if store::for_case(conn, &id)?
            .iter()
            .any(|t| t.status == TransferStatus::Proposed)
        {
            return Err(CaseError::TransferWaiting);
        }
        let row = new_row(caller, (&case, to), &reason, router, now)?;
        store::insert(conn, &row)?;
        // As stored (PostgreSQL keeps microseconds): what later reads will say.
        let row = store::find(conn, &row.id)?.ok_or(CaseError::NotFound)?;
        let entry = notices::record(conn, caller, (&case, &row), Step::Proposed, now)?;
        Ok((view_one(conn, caller, (&row, &case.case_number))?, entry))
    })
}

fn new_row(
    caller: &Caller,
    (case, to): (&CaseRow, Place),
    reason: &str,
    router: &Router,
    now: DateTime<Utc>,
) -> Result<TransferRow, CaseError> {
    let id = uuid::Uuid::new_v4().to_string();
    Ok(TransferRow {
        reason: caller.vault().seal(Field::TransferReason, &id, reason)?,
        id,
        case_id: case.id.clone(),
        from_province_code: case.province_code,
        from_commune_code: case.commune_code,
        to_province_code: i32::from(to.province),
        to_commune_code: i32::try_from(to.commune).unwrap_or(i32::MAX),
        status: TransferStatus::Proposed,
        proposed_by: caller.user_id().ok_or(CaseError::MayNotTransfer)?,
        proposed_at: now.naive_utc(),
        // The receiving side answers within the time an agency has to acknowledge a
        // referral, and sooner for an emergency.
        due_at: router
            .deadlines
            .acknowledge_due(now, case.emergency)
            .naive_utc(),
        answer_reason: None,
        answered_by: None,
        answered_at: None,
        escalated_at: None,
    })
}
