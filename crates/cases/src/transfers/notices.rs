//! What each step of a transfer leaves behind: an event on the case's timeline (its reason
//! sealed), an entry in the audit log of each side (two provinces' supervisors each see it in
//! their own), and mail to the side that must act next. Mail carries the case's number and
//! the communes only: a reason can name the family.

use chrono::{DateTime, Utc};
use hotline_audit::{Actor, Entry};
use hotline_domain::AgencyKind;
use hotline_http::Caller;
use hotline_store::models::{AgencyRow, CaseEventRow, CaseRow, TransferRow};
use hotline_store::queries::{agencies, cases, outbox, places, referrals};
use hotline_store::DbConnection;
use hotline_vault::{SealText, Vault};
use serde_json::json;

use crate::CaseError;

/// A step of a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Proposed,
    Accepted,
    Refused,
    Cancelled,
    Escalated,
}

impl Step {
    /// The timeline event's kind, and the mail's.
    fn kind(self) -> (&'static str, &'static str) {
        match self {
            Step::Proposed => ("transfer_proposed", "transfer.proposed"),
            Step::Accepted => ("transfer_accepted", "transfer.accepted"),
            Step::Refused => ("transfer_refused", "transfer.refused"),
            Step::Cancelled => ("transfer_cancelled", "transfer.cancelled"),
            Step::Escalated => ("transfer_escalated", "transfer.escalated"),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::Accepted => "accepted",
            Step::Refused => "refused",
            Step::Cancelled => "cancelled",
            Step::Escalated => "escalated",
        }
    }

    /// Whether the sending side acts in this step (else the receiving side, or the watcher).
    fn by_sender(self) -> bool {
        matches!(self, Step::Proposed | Step::Cancelled)
    }

    /// Whether the mail goes to the receiving side (else to the sending side).
    fn tells_receiver(self) -> bool {
        matches!(self, Step::Proposed | Step::Cancelled | Step::Escalated)
    }
}

/// The kinds of the case events transfers write.
pub const EVENT_KINDS: [&str; 5] = [
    "transfer_proposed",
    "transfer_accepted",
    "transfer_refused",
    "transfer_cancelled",
    "transfer_escalated",
];

/// Record `step` of `row` done by the caller: the timeline event, the mail, and the other
/// side's audit entry; returns the acting side's entry, which the operation's transaction
/// appends.
pub(crate) fn record(
    conn: &mut DbConnection,
    caller: &Caller,
    (case, row): (&CaseRow, &TransferRow),
    step: Step,
    now: DateTime<Utc>,
) -> Result<Entry, CaseError> {
    let text = text_of(caller.vault(), row, step)?;
    let [acting, other] = left_behind(
        conn,
        (caller.vault(), caller.user_id()),
        (case, row),
        step,
        (text, now),
    )?;
    caller.record(conn, other, now)?;
    Ok(acting)
}

/// Record `step` of `row` done by the system (`actor`): both sides' entries appended here.
pub(crate) fn record_as_system(
    conn: &mut DbConnection,
    (actor, vault): (&Actor, &Vault),
    (case, row): (&CaseRow, &TransferRow),
    step: Step,
    now: DateTime<Utc>,
) -> Result<(), CaseError> {
    for entry in left_behind(conn, (vault, None), (case, row), step, (None, now))? {
        hotline_audit::append(conn, actor, entry, now)?;
    }
    Ok(())
}

/// The reason the step gives, opened to go on the timeline.
fn text_of(vault: &Vault, row: &TransferRow, step: Step) -> Result<Option<String>, CaseError> {
    let (field, stored) = match step {
        Step::Proposed => (
            hotline_vault::Field::TransferReason,
            Some(row.reason.as_str()),
        ),
        _ => (
            hotline_vault::Field::TransferAnswer,
            row.answer_reason.as_deref(),
        ),
    };
    Ok(vault.open_opt(field, &row.id, stored.filter(|s| !s.is_empty()))?)
}

/// The timeline event and the mail, in the caller's transaction; the two audit entries, the
/// acting side's first.
fn left_behind(
    conn: &mut DbConnection,
    (vault, user_id): (&Vault, Option<String>),
    (case, row): (&CaseRow, &TransferRow),
    step: Step,
    (text, now): (Option<String>, DateTime<Utc>),
) -> Result<[Entry; 2], CaseError> {
    let (event_kind, mail_kind) = step.kind();
    let at = now.naive_utc();
    let mut event =
        CaseEventRow::new(&case.id, user_id, event_kind, at).sealed_text(vault, text)?;
    event.from_status = Some(row.from_commune_code.to_string());
    event.to_status = Some(row.to_commune_code.to_string());
    cases::insert_event(conn, &event)?;
    let notified = mail(conn, (case, row), (step, mail_kind), now)?;
    let entry = |side: &str, (province, commune): (i32, i32)| {
        Entry::new("case.transfer")
            .on("case", case.id.clone())
            .place(Some(province), Some(commune))
            .detail(json!({
                "transfer_id": row.id, "case_number": case.case_number, "step": step.code(),
                "side": side, "from_commune_code": row.from_commune_code,
                "to_commune_code": row.to_commune_code, "notified": notified,
            }))
    };
    let sending = entry("sending", (row.from_province_code, row.from_commune_code));
    let receiving = entry("receiving", (row.to_province_code, row.to_commune_code));
    Ok(if step.by_sender() {
        [sending, receiving]
    } else {
        [receiving, sending]
    })
}

/// Who hears of a step on one side: the commune's groups and the province's department
/// (with, for an escalation, the department's supervisors).
fn side_recipients(
    conn: &mut DbConnection,
    (province, commune): (i32, i32),
    escalation: bool,
) -> Result<Vec<(Option<String>, String)>, CaseError> {
    let mut agencies_told: Vec<AgencyRow> = if escalation {
        Vec::new()
    } else {
        agencies::commune_groups(conn, commune)?
    };
    let department =
        referrals::province_agency(conn, AgencyKind::ChildProtectionDept.code(), province)?;
    let mut to: Vec<(Option<String>, String)> = Vec::new();
    if let (true, Some(dept)) = (escalation, &department) {
        for email in referrals::supervisor_emails(conn, &dept.id)? {
            to.push((Some(dept.id.clone()), email));
        }
    }
    agencies_told.extend(department);
    for a in agencies_told {
        if let Some(email) = a.email.filter(|e| !e.trim().is_empty()) {
            to.push((Some(a.id), email));
        }
    }
    // One mail per address, whoever it is told as.
    let mut seen = std::collections::HashSet::new();
    to.retain(|(_, email)| seen.insert(email.clone()));
    Ok(to)
}

/// Queue the step's mail; returns how many.
fn mail(
    conn: &mut DbConnection,
    (case, row): (&CaseRow, &TransferRow),
    (step, kind): (Step, &str),
    now: DateTime<Utc>,
) -> Result<usize, CaseError> {
    let side = if step.tells_receiver() {
        (row.to_province_code, row.to_commune_code)
    } else {
        (row.from_province_code, row.from_commune_code)
    };
    let recipients = side_recipients(conn, side, step == Step::Escalated)?;
    let names = places::commune_names(conn, &[row.from_commune_code, row.to_commune_code])?;
    // Places' names and codes only: a commune is not a child's address.
    let payload = json!({
        "transfer_id": row.id,
        "from_commune_code": row.from_commune_code, "to_commune_code": row.to_commune_code,
        "from_commune": names.get(&row.from_commune_code),
        "to_commune": names.get(&row.to_commune_code),
        "due_at": row.due_at.and_utc(),
    })
    .to_string();
    let to = recipients
        .iter()
        .map(|(agency, email)| (email.as_str(), agency.as_deref()));
    Ok(outbox::queue_about_case(
        conn,
        (kind, &case.id),
        to,
        &payload,
        now.naive_utc(),
    )?)
}
