//! The deadline watcher: a referral not acknowledged in time becomes `overdue` and is
//! escalated, once, to its province's child-protection department and that department's
//! supervisors. Any number of servers may run it: the conditional update in
//! `referrals::claim_escalation` lets exactly one of them act on each referral, and the
//! timeline event, audit entry and outbox rows commit with that claim.

use chrono::{DateTime, Utc};
use hotline_audit::{append, Actor, Entry};
use hotline_domain::{AgencyKind, CaseScope};
use hotline_store::models::CaseEventRow;
use hotline_store::queries::{agencies, cases, outbox, referrals};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{SealText, Vault};
use serde_json::json;

use crate::dispatch;

/// The audit actor of escalations.
pub const WATCHER: &str = "deadline-watcher";

/// Escalate what is due, up to `batch` referrals (see `referrals::escalate_due`).
pub fn escalate_due(
    conn: &mut DbConnection,
    vault: &Vault,
    now: DateTime<Utc>,
    batch: i64,
) -> Result<usize, StoreError> {
    let escalate = |conn: &mut DbConnection, id: &str| escalate_one(conn, vault, id, now);
    referrals::escalate_due(conn, now.naive_utc(), batch, escalate)
}

fn escalate_one(
    conn: &mut DbConnection,
    vault: &Vault,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let referral = referrals::find(conn, id)?.ok_or(StoreError::NotFound)?;
    let case = cases::visible(conn, CaseScope::All, &referral.case_id)?;
    let late_agency = agencies::by_id(conn, &referral.agency_id)?.ok_or(StoreError::NotFound)?;
    let department = referrals::province_agency(
        conn,
        AgencyKind::ChildProtectionDept.code(),
        case.province_code,
    )?;

    let mut recipients: Vec<String> = Vec::new();
    if let Some(dept) = &department {
        recipients.extend(dept.email.clone().filter(|e| !e.trim().is_empty()));
        for email in referrals::supervisor_emails(conn, &dept.id)? {
            if !recipients.contains(&email) {
                recipients.push(email);
            }
        }
    }
    let extra = json!({ "late_agency_code": late_agency.code });
    let messages = recipients
        .iter()
        .map(|to| {
            dispatch::message(
                "referral.escalated",
                &referral,
                department.as_ref().map_or(&referral.agency_id, |d| &d.id),
                to,
                extra.clone(),
                now,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    outbox::insert(conn, &messages)?;

    let escalated_to = department.as_ref().map(|d| d.code.as_str());
    cases::insert_event(
        conn,
        &CaseEventRow::new(&case.id, None, "referral.escalated", now.naive_utc()).sealed_text(
            vault,
            Some(
                json!({
                    "referral_id": referral.id,
                    "agency_code": late_agency.code,
                    "due_at": referral.due_at.and_utc(),
                    "escalated_to": escalated_to,
                })
                .to_string(),
            ),
        )?,
    )?;
    append(
        conn,
        &Actor::system(WATCHER),
        Entry::new("referral.escalate")
            .on("referral", referral.id.clone())
            .cases([case.id.clone()])
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(json!({
                "case_id": case.id,
                "agency_code": late_agency.code,
                "due_at": referral.due_at.and_utc(),
                "escalated_to": escalated_to,
                "notified": messages.len(),
            })),
        now,
    )?;
    if department.is_none() {
        tracing::warn!(
            province = case.province_code,
            "overdue referral escalated, but the province has no child-protection department"
        );
    }
    Ok(())
}
