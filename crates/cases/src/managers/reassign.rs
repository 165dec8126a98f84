//! Handing a worker's open cases to another in one action: all of them, or those chosen, with
//! one reason. Every case moves or none does; the new manager gets one mail.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use hotline_http::Caller;
use hotline_store::queries::managers;
use hotline_store::DbConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{hand, tell, user_id, Groups};
use crate::guard::{assigner_scope, case_id, required_text};
use crate::CaseError;

/// The most cases one action moves: more than any worker's caseload, and a bound on the
/// transaction and on the mail that lists them.
pub const MAX_REASSIGNED: usize = 1000;

/// `POST /api/v1/cases/reassign`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignRequest {
    /// The worker whose cases move.
    pub from_user_id: String,
    /// The worker who takes them: a member of the group of each case's commune.
    pub to_user_id: String,
    /// The cases to move (each an open case of `from_user_id` in the caller's reach); absent:
    /// all of them.
    #[serde(default)]
    pub case_ids: Option<Vec<String>>,
    /// Why (kept on each case's timeline, sealed).
    pub reason: String,
}

/// What a reassignment moved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reassigned {
    pub moved: usize,
    /// The worker who took them (username; empty when nothing moved).
    pub to_username: String,
    /// The numbers of the cases moved, oldest first.
    pub case_numbers: Vec<String>,
}

/// The cases asked for, as ids (each once), or `None` for all.
fn chosen(case_ids: Option<&[String]>) -> Result<Option<BTreeSet<String>>, CaseError> {
    let Some(ids) = case_ids else {
        return Ok(None);
    };
    if ids.is_empty() || ids.len() > MAX_REASSIGNED {
        return Err(CaseError::field(
            "case_ids",
            format!("chọn từ 1 đến {MAX_REASSIGNED} vụ việc, hoặc bỏ trống để chuyển tất cả"),
        ));
    }
    ids.iter()
        .enumerate()
        .map(|(i, raw)| {
            case_id(raw).map_err(|_| {
                CaseError::field(&format!("case_ids[{i}]"), "không phải mã vụ việc hợp lệ")
            })
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map(Some)
}

/// Move the open cases of one worker to another, with a reason: `case.manager` for each
/// case and `case.reassign` for the action.
pub fn reassign(
    conn: &mut DbConnection,
    caller: &Caller,
    request: &ReassignRequest,
    now: DateTime<Utc>,
) -> Result<Reassigned, CaseError> {
    let scope = assigner_scope(caller)?;
    let from = user_id("from_user_id", &request.from_user_id)?;
    let to = user_id("to_user_id", &request.to_user_id)?;
    if from == to {
        return Err(CaseError::field(
            "to_user_id",
            "phải khác người đang quản lý các vụ việc",
        ));
    }
    let reason = required_text("reason", &request.reason)?;
    let chosen = chosen(request.case_ids.as_deref())?;
    let limit = i64::try_from(MAX_REASSIGNED).unwrap_or(i64::MAX) + 1;
    caller.audited(conn, now, |conn| {
        let held = managers::open_managed_by(conn, scope, &from, limit)?;
        if held.len() > MAX_REASSIGNED {
            return Err(CaseError::field(
                "case_ids",
                format!("người này quản lý hơn {MAX_REASSIGNED} vụ việc; hãy chọn từng phần"),
            ));
        }
        let moving: Vec<_> = match &chosen {
            None => held,
            Some(ids) => {
                if let Some(stray) = ids.iter().find(|id| !held.iter().any(|c| &c.id == *id)) {
                    return Err(CaseError::field(
                        "case_ids",
                        format!("vụ việc {stray} không phải vụ việc đang mở do người này quản lý trong phạm vi của bạn"),
                    ));
                }
                held.into_iter().filter(|c| ids.contains(&c.id)).collect()
            }
        };
        let mut groups = Groups::default();
        let mut numbers = Vec::with_capacity(moving.len());
        let mut taker = None;
        for case in &moving {
            let member = groups.member(conn, case, ("to_user_id", &to))?;
            let entry = hand(conn, caller, (case, &member), &reason, now)?;
            caller.record(conn, entry, now)?;
            numbers.push(case.case_number.clone());
            taker = Some(member);
        }
        if let Some(taker) = &taker {
            tell(conn, taker, &numbers, now)?;
        }
        let (province, commune) = caller.place();
        let entry = hotline_audit::Entry::new("case.reassign")
            .place(province, commune)
            .detail(json!({
                "from_user_id": from, "to_user_id": to, "moved": numbers.len(),
                "case_numbers": numbers,
            }));
        Ok((
            Reassigned {
                moved: numbers.len(),
                to_username: taker.map(|t| t.username).unwrap_or_default(),
                case_numbers: numbers,
            },
            entry,
        ))
    })
}

/// A worker's open cases as the chair (or the department) hands them over: the worker, the
/// cases, and who may take them.
#[derive(Debug, Clone)]
pub struct Handover {
    /// The worker (username), and whether its account is active.
    pub from: (String, bool),
    /// Each case: id, number, status, received.
    pub cases: Vec<(String, String, hotline_domain::CaseStatus, DateTime<Utc>)>,
    /// The workers of the groups of those cases' communes (the chair's group when there is
    /// none), other than `from`: id and username.
    pub takers: Vec<(String, String)>,
}

/// The open cases of worker `from` (as typed) in the caller's reach, for the page that hands
/// them over: `case.list` of what it shows.
pub fn handover(
    conn: &mut DbConnection,
    caller: &Caller,
    from: &str,
    now: DateTime<Utc>,
) -> Result<Handover, CaseError> {
    let scope = assigner_scope(caller)?;
    let from = user_id("from_user_id", from).map_err(|_| CaseError::NotFound)?;
    let limit = i64::try_from(MAX_REASSIGNED).unwrap_or(i64::MAX);
    caller.audited_read(conn, now, |conn| {
        let account =
            hotline_store::queries::users::by_id(conn, &from)?.ok_or(CaseError::NotFound)?;
        let held = managers::open_managed_by(conn, scope, &from, limit)?;
        let mut communes: BTreeSet<i32> = held.iter().map(|c| c.commune_code).collect();
        if let (true, hotline_domain::CaseScope::Commune(c)) = (communes.is_empty(), scope) {
            communes.insert(i32::try_from(c).unwrap_or(i32::MAX));
        }
        let mut takers = std::collections::BTreeMap::new();
        for commune in communes {
            for m in managers::group_members(conn, commune)? {
                if m.id != from {
                    takers.insert(m.id, m.username);
                }
            }
        }
        let mut takers: Vec<(String, String)> = takers.into_iter().collect();
        takers.sort_by(|a, b| a.1.cmp(&b.1));
        let (province, commune) = caller.place();
        let entry = hotline_audit::Entry::new("case.list")
            .place(province, commune)
            .cases(held.iter().map(|c| c.id.clone()))
            .detail(json!({"manager": from, "count": held.len()}));
        let cases = held
            .into_iter()
            .map(|c| (c.id, c.case_number, c.status, c.received_at.and_utc()))
            .collect();
        Ok((
            Handover {
                from: (account.username, account.active),
                cases,
                takers,
            },
            entry,
        ))
    })
}
