//! The retention run: every record the policy says is due, not under a legal hold, is
//! erased, each in its own transaction, as the system actor `retention`. `hotline retention
//! run` and the server's daily job both come here; `--dry-run` lists what would go.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDateTime, Utc};
use hotline_audit::Actor;
use hotline_domain::time::vietnam_date;
use hotline_store::queries::erasure::{self as stored, EndedCase, LoneContact};
use hotline_store::{write_transaction, DbConnection};
use hotline_vault::Vault;
use serde::Serialize;

use super::erase::{erase_case, erase_contact, Basis};
use super::policy::{RetentionPolicy, Rule};
use crate::CaseError;

/// The audit actor of the retention run.
pub const RETENTION: &str = "retention";

const PAGE: i64 = 500;

/// A record whose time is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueRecord {
    /// `case` or `contact`.
    pub kind: &'static str,
    pub id: String,
    pub case_number: Option<String>,
    pub due_at: DateTime<Utc>,
    /// The policy's line that makes it due, e.g. `case:closed`.
    pub rule: String,
}

/// What a run erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Swept {
    pub cases: usize,
    pub contacts: usize,
}

/// Everything due at `now`, erasing nothing.
pub fn due(
    conn: &mut DbConnection,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<DueRecord>, CaseError> {
    let mut found = Vec::new();
    walk(conn, policy, now, |_, due| {
        found.push(due.record);
        Ok(())
    })?;
    Ok(found)
}

/// Erase everything due at `now`.
pub fn run(
    conn: &mut DbConnection,
    vault: &Vault,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<Swept, CaseError> {
    let actor = Actor::system(RETENTION);
    let mut swept = Swept::default();
    let task = hotline_domain::progress::task("retention", None);
    walk(conn, policy, now, |conn, due| {
        task.advance(1);
        let basis = Basis::Retention {
            rule: due.record.rule.clone(),
        };
        match &due.what {
            What::Case => {
                let erased = write_transaction(conn, |conn| {
                    erase_case(conn, (&actor, vault), &due.record.id, &basis, now)
                })?;
                swept.cases += usize::from(erased.is_some());
            }
            What::Contact(contact) => {
                let erased = write_transaction(conn, |conn| {
                    erase_contact(conn, &actor, contact, &basis, now)
                })?;
                swept.contacts += usize::from(erased);
            }
        }
        Ok(())
    })?;
    Ok(swept)
}

enum What {
    Case,
    Contact(LoneContact),
}

struct Due {
    record: DueRecord,
    what: What,
}

/// Call `act` on each record due at `now`: ended cases first, then contacts that opened no
/// case, a page at a time (a page is read whole before anything is erased, so an erasure
/// never runs under an open read).
fn walk<F>(
    conn: &mut DbConnection,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
    mut act: F,
) -> Result<(), CaseError>
where
    F: FnMut(&mut DbConnection, Due) -> Result<(), CaseError>,
{
    let at = now.naive_utc();
    let (case_years, contact_years) = policy.shortest();
    if let Some(before) = case_years.and_then(|y| years_before(at, y)) {
        let mut after = None;
        loop {
            let page = stored::ended_cases(conn, before, after.as_ref(), PAGE)?;
            let Some(last) = page.last() else { break };
            after = Some((last.closed_at, last.id.clone()));
            let short = page.len() < PAGE as usize;
            for due in due_cases(conn, policy, at, page)? {
                act(conn, due)?;
            }
            if short {
                break;
            }
        }
    }
    if let Some(before) = contact_years.and_then(|y| years_before(at, y)) {
        let mut after = None;
        loop {
            let page = stored::lone_contacts(conn, before, after.as_ref(), PAGE)?;
            let Some(last) = page.last() else { break };
            after = Some((last.received_at, last.id.clone()));
            let short = page.len() < PAGE as usize;
            for contact in page {
                let Some((due_at, rule)) =
                    policy.contact_due(&contact.contact_type, contact.received_at)
                else {
                    continue;
                };
                if due_at > at {
                    continue;
                }
                act(
                    conn,
                    Due {
                        record: record("contact", &contact.id, None, due_at, rule),
                        what: What::Contact(contact),
                    },
                )?;
            }
            if short {
                break;
            }
        }
    }
    Ok(())
}

fn years_before(at: NaiveDateTime, years: u32) -> Option<NaiveDateTime> {
    at.checked_sub_months(Months::new(years.checked_mul(12)?))
}

fn record(
    kind: &'static str,
    id: &str,
    case_number: Option<String>,
    due_at: NaiveDateTime,
    rule: Rule,
) -> DueRecord {
    DueRecord {
        kind,
        id: id.to_owned(),
        case_number,
        due_at: due_at.and_utc(),
        rule: rule.name,
    }
}

/// The cases of `page` that are due. A duplicate waits for the case it was linked to: its
/// evidence and referrals went there, and the two are read together until both may go.
fn due_cases(
    conn: &mut DbConnection,
    policy: &RetentionPolicy,
    at: NaiveDateTime,
    page: Vec<EndedCase>,
) -> Result<Vec<Due>, CaseError> {
    let ids: Vec<String> = page.iter().map(|c| c.id.clone()).collect();
    let youngest = youngest_born(conn, &page, &ids)?;
    let kept: Vec<String> = page.iter().filter_map(|c| c.duplicate_of.clone()).collect();
    let kept_erased = stored::erased_among(conn, &kept)?;
    let mut due = Vec::new();
    for case in page {
        if let Some(kept) = &case.duplicate_of {
            if !kept_erased.contains(kept) {
                continue;
            }
        }
        let born = youngest
            .get(&case.id)
            .copied()
            .unwrap_or_else(|| vietnam_date(case.received_at.and_utc()).year());
        let Some((due_at, rule)) = policy.case_due(
            (&case.status, case.legal_outcome.as_deref()),
            case.closed_at,
            born,
        ) else {
            continue;
        };
        if due_at <= at {
            due.push(Due {
                record: record(
                    "case",
                    &case.id,
                    Some(case.case_number.clone()),
                    due_at,
                    rule,
                ),
                what: What::Case,
            });
        }
    }
    Ok(due)
}

/// The year of birth of each case's youngest child: the year stored, else the year the age
/// on receipt or the estimated age gives, else (age unknown) the year the case was received,
/// which keeps the case longest.
fn youngest_born(
    conn: &mut DbConnection,
    page: &[EndedCase],
    ids: &[String],
) -> Result<HashMap<String, i32>, CaseError> {
    let received: HashMap<&str, i32> = page
        .iter()
        .map(|c| (c.id.as_str(), vietnam_date(c.received_at.and_utc()).year()))
        .collect();
    let mut youngest: HashMap<String, i32> = HashMap::new();
    for child in stored::child_ages(conn, ids)? {
        let year_received = received
            .get(child.case_id.as_str())
            .copied()
            .unwrap_or_default();
        let born = child
            .birth_year
            .or(child.age_on_receipt.map(|a| year_received - a))
            .or(child.age_estimate.map(|a| year_received - a))
            .unwrap_or(year_received);
        let entry = youngest.entry(child.case_id).or_insert(born);
        *entry = (*entry).max(born);
    }
    Ok(youngest)
}
