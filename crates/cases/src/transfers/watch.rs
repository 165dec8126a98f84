//! A transfer left unanswered past its deadline is escalated, once, to the receiving
//! province's child-protection department and its supervisors, like a referral nobody
//! acknowledged. Any number of servers may run this: the conditional claim in
//! `transfers::claim_escalation` lets exactly one act on each transfer, and the timeline
//! event, the audit entries and the mail commit with that claim.

use chrono::{DateTime, Utc};
use hotline_audit::Actor;
use hotline_domain::CaseScope;
use hotline_store::queries::{cases, transfers as store};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::Vault;

use super::notices::{self, Step};
use crate::CaseError;

/// The audit actor of escalations (the same watcher as referrals' and deadlines').
const WATCHER: &str = "deadline-watcher";

/// Escalate up to `batch` unanswered transfers (see `transfers::escalate_due`).
pub fn escalate_due(
    conn: &mut DbConnection,
    vault: &Vault,
    now: DateTime<Utc>,
    batch: i64,
) -> Result<usize, StoreError> {
    let escalate = |conn: &mut DbConnection, id: &str| escalate_one(conn, vault, id, now);
    store::escalate_due(conn, now.naive_utc(), batch, escalate).map_err(|e: CaseError| match e {
        CaseError::Store(e) => e,
        other => StoreError::Unavailable(other.to_string()),
    })
}

fn escalate_one(
    conn: &mut DbConnection,
    vault: &Vault,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), CaseError> {
    let row = store::find(conn, id)?.ok_or(CaseError::NotFound)?;
    let case = cases::visible(conn, CaseScope::All, &row.case_id)?;
    notices::record_as_system(
        conn,
        (&Actor::system(WATCHER), vault),
        (&case, &row),
        Step::Escalated,
        now,
    )?;
    Ok(())
}
