//! Notifications for supervisors: what is waiting, sent or given up, and resending a dead
//! letter. Scoped to the supervisor's province; every call is audited.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{CaseScope, Role};
use hotline_http::{Caller, FieldError};
use hotline_store::models::OutboxRow;
use hotline_store::queries::{cases, outbox};
use hotline_store::{DbConnection, StoreError};
use serde_json::json;

use crate::NotifierError;

/// Rows one list shows at most.
const MAX_LISTED: i64 = 500;

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Given up after repeated failures (a dead letter).
    Failed,
    /// Waiting for its next attempt.
    Pending,
    Sent,
}

impl Standing {
    pub fn code(self) -> &'static str {
        match self {
            Standing::Failed => "failed",
            Standing::Pending => "pending",
            Standing::Sent => "sent",
        }
    }

    /// Where a row stands.
    pub fn of(row: &OutboxRow) -> Standing {
        if row.sent_at.is_some() {
            Standing::Sent
        } else if row.failed_at.is_some() {
            Standing::Failed
        } else {
            Standing::Pending
        }
    }

    /// A status as typed; absent means dead letters.
    fn parse(raw: Option<&str>) -> Result<Standing, NotifierError> {
        match raw.unwrap_or("failed") {
            "failed" => Ok(Standing::Failed),
            "pending" => Ok(Standing::Pending),
            "sent" => Ok(Standing::Sent),
            _ => Err(NotifierError::Invalid(vec![FieldError::new(
                "status",
                "phải là failed, pending hoặc sent",
            )])),
        }
    }
}

/// The cases whose mail a supervisor sees: those of its jurisdiction (the country, its
/// province, or its commune).
fn supervisor_scope(caller: &Caller) -> Result<CaseScope, NotifierError> {
    if caller.role() != Some(Role::Supervisor) {
        return Err(NotifierError::NotSupervisor);
    }
    match caller.case_scope() {
        Some(s @ (CaseScope::All | CaseScope::Province(_) | CaseScope::Commune(_))) => Ok(s),
        _ => Err(NotifierError::NoJurisdiction),
    }
}

/// Notifications of the caller's province in `status` (as typed), newest first
/// (`notification.list`).
pub fn list_notifications(
    conn: &mut DbConnection,
    caller: &Caller,
    status: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<OutboxRow>, NotifierError> {
    let scope = supervisor_scope(caller)?;
    let status = Standing::parse(status)?;
    let (p, c) = caller.place();
    caller.audited(conn, now, |conn| {
        let rows = outbox::list(conn, status.code(), scope, MAX_LISTED)?;
        let entry = Entry::new("notification.list").place(p, c).detail(json!({
            "status": status.code(), "count": rows.len(),
        }));
        Ok((rows, entry))
    })
}

/// Put dead letter `id` (as typed) back in the queue (`notification.resend`).
pub fn resend_notification(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<OutboxRow, NotifierError> {
    let scope = supervisor_scope(caller)?;
    let id = uuid::Uuid::parse_str(id)
        .map_err(|_| NotifierError::NotFound)?
        .to_string();
    caller.audited(conn, now, |conn| {
        let row = outbox::find(conn, &id)?.ok_or(NotifierError::NotFound)?;
        // Mail about a case the supervisor's jurisdiction does not hold is not found; mail
        // about no case at all, only for a national supervisor.
        let case = match row.case_id.as_deref() {
            Some(case_id) => match cases::visible(conn, scope, case_id) {
                Ok(case) => Some(case),
                Err(StoreError::NotFound) => return Err(NotifierError::NotFound),
                Err(e) => return Err(e.into()),
            },
            None if scope == CaseScope::All => None,
            None => return Err(NotifierError::NotFound),
        };
        if !outbox::resend(conn, &id, now.naive_utc())? {
            return Err(NotifierError::NotDead);
        }
        let entry = Entry::new("notification.resend")
            .on("notification", id.clone())
            .cases(row.case_id.clone())
            .place(
                case.as_ref().map(|c| c.province_code),
                case.as_ref().map(|c| c.commune_code),
            )
            .detail(json!({"case_id": row.case_id, "kind": row.kind}));
        let row = outbox::find(conn, &id)?.ok_or(StoreError::NotFound)?;
        Ok((row, entry))
    })
}
