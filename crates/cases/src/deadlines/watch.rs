//! The case-work deadline watcher: a deadline past due and not met is breached, once, and
//! escalated to the commune's chair, the province's child-protection department and its
//! supervisors. Any number of servers may run it: the conditional update in
//! `casework::claim_breach` lets exactly one act on each deadline, and the timeline event,
//! audit entry and outbox rows commit with that claim.

use chrono::{DateTime, Utc};
use hotline_audit::{append, Actor, Entry};
use hotline_domain::{AgencyKind, CaseScope, Role};
use hotline_store::models::CaseEventRow;
use hotline_store::queries::casework as stored;
use hotline_store::queries::{agencies, cases, outbox, referrals, users};
use hotline_store::{each_claimed, DbConnection, StoreError};
use hotline_vault::{SealText, Vault};
use serde_json::json;

/// The audit actor of breaches (the same watcher that escalates late referrals).
pub const WATCHER: &str = "deadline-watcher";

/// Breach what is due, up to `batch` deadlines, each in its own transaction. Returns how
/// many this call breached (others may have been taken by another server).
pub fn breach_due(
    conn: &mut DbConnection,
    vault: &Vault,
    now: DateTime<Utc>,
    batch: i64,
) -> Result<usize, StoreError> {
    let due = stored::due_for_breach(conn, now.naive_utc(), batch)?;
    each_claimed(conn, &due, |conn, id| breach_one(conn, vault, id, now))
}

/// Who hears of a breach: (address, agency id) pairs, and the agencies' codes.
struct Recipients {
    to: Vec<(String, String)>,
    agencies: Vec<String>,
}

impl Recipients {
    fn add(&mut self, email: String, agency_id: &str) {
        if !email.trim().is_empty() && !self.to.iter().any(|(e, _)| *e == email) {
            self.to.push((email, agency_id.to_owned()));
        }
    }
}

/// The commune's chair (and deputies), the province's department and its supervisors.
fn recipients(
    conn: &mut DbConnection,
    province: i32,
    commune: i32,
) -> Result<Recipients, StoreError> {
    let mut r = Recipients {
        to: Vec::new(),
        agencies: Vec::new(),
    };
    for (email, agency_id) in users::emails_in_commune(conn, Role::CommuneChair.code(), commune)? {
        if let Some(agency) = agencies::by_id(conn, &agency_id)? {
            if !r.agencies.contains(&agency.code) {
                r.agencies.push(agency.code);
            }
        }
        r.add(email, &agency_id);
    }
    let department =
        referrals::province_agency(conn, AgencyKind::ChildProtectionDept.code(), province)?;
    if let Some(dept) = department {
        r.agencies.push(dept.code.clone());
        if let Some(email) = dept.email.clone() {
            r.add(email, &dept.id);
        }
        for email in referrals::supervisor_emails(conn, &dept.id)? {
            r.add(email, &dept.id);
        }
    }
    Ok(r)
}

fn breach_one(
    conn: &mut DbConnection,
    vault: &Vault,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(deadline) = stored::claim_breach(conn, id, now.naive_utc())? else {
        return Ok(false);
    };
    let case = cases::visible(conn, CaseScope::All, &deadline.case_id)?;
    let to = recipients(conn, case.province_code, case.commune_code)?;
    let payload = json!({
        "case_id": case.id,
        "deadline_kind": deadline.kind,
        "due_at": deadline.due_at.and_utc(),
        "cycle": deadline.cycle,
        "round": deadline.round,
    })
    .to_string();
    let mailed = to
        .to
        .iter()
        .map(|(email, agency)| (email.as_str(), Some(agency.as_str())));
    let kind = ("deadline.breached", case.id.as_str());
    let notified = outbox::queue_about_case(conn, kind, mailed, &payload, now.naive_utc())?;
    let codes =
        serde_json::to_string(&to.agencies).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    stored::set_escalated_to(conn, &deadline.id, &codes)?;
    let what = json!({
        "deadline_id": deadline.id,
        "kind": deadline.kind,
        "cycle": deadline.cycle,
        "round": deadline.round,
        "due_at": deadline.due_at.and_utc(),
        "escalated_to": to.agencies,
    });
    cases::insert_event(
        conn,
        &CaseEventRow::new(&case.id, None, "deadline.breached", now.naive_utc())
            .sealed_text(vault, Some(what.to_string()))?,
    )?;
    let mut detail = what;
    detail["notified"] = json!(notified);
    append(
        conn,
        &Actor::system(WATCHER),
        Entry::new("deadline.breach")
            .on("deadline", deadline.id.clone())
            .cases([case.id.clone()])
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(detail),
        now,
    )?;
    if notified == 0 {
        tracing::warn!(
            province = case.province_code,
            kind = %deadline.kind,
            "deadline breached, but nobody has an address to hear of it"
        );
    }
    Ok(true)
}
