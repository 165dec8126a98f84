//! A move on a referral by the agency it went to: acknowledge, accept, decline, complete.
//! One operation serves the inbox, the console and the acknowledge link (a caller that may
//! only acknowledge); each move commits with its timeline event and audit entry, and a
//! decline hands the case back to the province's child-protection department.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::referral::{self, ReferralAction};
use hotline_domain::{AgencyKind, CaseScope, ReferralStatus, WebhookEvent};
use hotline_http::{Acting, Caller};
use hotline_store::models::{AgencyRow, CaseEventRow, CaseRow, ReferralRow};
use hotline_store::queries::{agencies, cases, outbox, referrals, webhooks};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, SealText, Vault};
use serde_json::json;
use uuid::Uuid;

use crate::dispatch::{self, By};
use crate::{ReferralView, Router, RoutingError};

pub const MAX_REASON_CHARS: usize = 2_000;

/// Required free text: trimmed, not empty, not too long.
pub(crate) fn required_text(field: &str, value: Option<&str>) -> Result<String, RoutingError> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(RoutingError::field(field, "bắt buộc"));
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(RoutingError::field(
            field,
            format!("dài quá {MAX_REASON_CHARS} ký tự"),
        ));
    }
    Ok(text.to_owned())
}

/// The text a move carries: the reason of a decline and the outcome of a completion are
/// required; the other moves carry none.
fn move_text(action: ReferralAction, text: Option<&str>) -> Result<Option<String>, RoutingError> {
    match action {
        ReferralAction::Decline => required_text("reason", text).map(Some),
        ReferralAction::Complete => required_text("outcome", text).map(Some),
        ReferralAction::Acknowledge | ReferralAction::Accept => Ok(None),
    }
}

/// The agency whose inbox the caller works.
pub(crate) fn inbox_agency(caller: &Caller) -> Result<Uuid, RoutingError> {
    match caller.acting() {
        Acting::User(p) => {
            if !referral::role_works_referrals(p.role) {
                return Err(RoutingError::NoInbox);
            }
            p.agency
                .as_ref()
                .map(|a| a.id)
                .ok_or(RoutingError::NoAgency)
        }
        Acting::EmailLink(agency) => Ok(agency.id),
    }
}

/// Move referral `id` (as typed: anything but a UUID is simply not found), in one audited
/// transaction. `text` is the decline's reason or the completion's outcome.
pub fn move_referral(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    id: &str,
    action: ReferralAction,
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ReferralView, RoutingError> {
    let text = move_text(action, text)?;
    inbox_agency(caller)?;
    let id = Uuid::parse_str(id)
        .map_err(|_| RoutingError::NotFound)?
        .to_string();
    caller.audited(conn, now, |conn| {
        apply(conn, caller, router, &id, action, text, now)
    })
}

/// What the clients that logged the case's reports hear of a move: an answer (the first
/// acknowledgement, by acknowledging or accepting at once), a refusal, or the work done.
fn heard_as(action: ReferralAction, acknowledged_before: bool) -> Option<WebhookEvent> {
    match action {
        ReferralAction::Acknowledge => Some(WebhookEvent::ReferralAcknowledged),
        ReferralAction::Accept if !acknowledged_before => Some(WebhookEvent::ReferralAcknowledged),
        ReferralAction::Accept => None,
        ReferralAction::Decline => Some(WebhookEvent::ReferralDeclined),
        ReferralAction::Complete => Some(WebhookEvent::ReferralCompleted),
    }
}

/// The move itself, inside the caller's transaction: checks, writes, and the audit entry
/// to append (the acknowledge link adds to it). Nothing is written when it refuses.
pub(crate) fn apply(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    id: &str,
    action: ReferralAction,
    text: Option<String>,
    now: DateTime<Utc>,
) -> Result<(ReferralView, Entry), RoutingError> {
    if matches!(caller.acting(), Acting::EmailLink(_)) && action != ReferralAction::Acknowledge {
        return Err(RoutingError::LinkAcknowledgesOnly);
    }
    let vault = caller.vault();
    let agency_id = inbox_agency(caller)?.to_string();
    let (row, case) = own_referral(conn, caller, &agency_id, id)?;
    let agency = agencies::by_id(conn, &agency_id)?.ok_or(RoutingError::NotFound)?;
    check_allowed(row.status, action, &agency)?;
    let to = action.target();
    let t = now.naive_utc();
    let mut change = referrals::Move::to(to, t);
    match action {
        ReferralAction::Acknowledge => change.acknowledged_at = Some(t),
        ReferralAction::Accept => {
            change.accepted_at = Some(t);
            // Accepting answers the referral as much as acknowledging does.
            if row.acknowledged_at.is_none() {
                change.acknowledged_at = Some(t);
            }
        }
        ReferralAction::Decline => {
            change.declined_at = Some(t);
            change.decline_reason =
                vault.seal_opt(Field::ReferralDeclineReason, id, text.as_deref())?;
        }
        ReferralAction::Complete => {
            change.completed_at = Some(t);
            change.outcome = vault.seal_opt(Field::ReferralOutcome, id, text.as_deref())?;
        }
    }
    referrals::apply(conn, id, row.status, &change)?;
    if let Some(event) = heard_as(action, row.acknowledged_at.is_some()) {
        let data = json!({"referral_id": id, "agency_kind": agency.kind, "status": to.code()});
        webhooks::announce(conn, &case.id, event, data, t)?;
    }
    let via_link = matches!(caller.acting(), Acting::EmailLink(_));
    let mut event = json!({"referral_id": id, "agency_code": agency.code, "text": text});
    let mut detail = json!({
        "case_id": case.id, "agency_code": agency.code,
        "from": row.status.code(), "to": to.code(),
    });
    if via_link {
        event["via"] = json!("email_link");
        detail["via"] = json!("email_link");
    }
    cases::insert_event(
        conn,
        &CaseEventRow::new(
            &case.id,
            caller.user_id(),
            &format!("referral.{}", action.code()),
            t,
        )
        .sealed_text(caller.vault(), Some(event.to_string()))?,
    )?;
    if action == ReferralAction::Decline {
        let user_id = caller.user_id();
        let by = By {
            user_id: user_id.as_deref(),
            now,
        };
        let back = back_to_department(conn, (router, vault), &row, &case, &agency, by)?;
        detail["returned_to"] = json!(back);
    }
    let entry = Entry::new(audit_action(action))
        .on("referral", id.to_owned())
        .cases([case.id.clone()])
        .place(Some(case.province_code), Some(case.commune_code))
        .detail(detail);
    let row = referrals::find(conn, id)?.ok_or(RoutingError::NotFound)?;
    Ok((ReferralView::open(&row, &agency, vault)?, entry))
}

/// Whether a referral in `from` takes `action` from `agency`.
fn check_allowed(
    from: ReferralStatus,
    action: ReferralAction,
    agency: &AgencyRow,
) -> Result<(), RoutingError> {
    let allowed = referral::allowed_actions(from);
    if !allowed.contains(&action) {
        return Err(RoutingError::ActionRefused {
            from,
            action,
            allowed: allowed.to_vec(),
        });
    }
    let kind: AgencyKind = agency.kind.parse().map_err(|_| {
        RoutingError::Store(StoreError::Corrupt(format!("agency kind {}", agency.kind)))
    })?;
    let permitted = referral::actions_for(from, kind);
    if !permitted.contains(&action) {
        return Err(RoutingError::DepartmentMayNotDecline { allowed: permitted });
    }
    Ok(())
}

/// The referral and its case, when the caller's agency is the one it went to. A referral to
/// another agency is 403 when the caller may see its case anyway, and not found otherwise.
fn own_referral(
    conn: &mut DbConnection,
    caller: &Caller,
    agency_id: &str,
    id: &str,
) -> Result<(ReferralRow, CaseRow), RoutingError> {
    let row = referrals::find(conn, id)?.ok_or(RoutingError::NotFound)?;
    // A user reads cases in its scope or not at all; a link reads none.
    let scope = match caller.acting() {
        Acting::User(p) => Some(p.case_scope().ok_or(RoutingError::NotFound)?),
        Acting::EmailLink(_) => None,
    };
    if row.agency_id != agency_id {
        return match scope.map(|s| cases::visible(conn, s, &row.case_id)) {
            Some(Ok(_)) => Err(RoutingError::OtherAgency),
            _ => Err(RoutingError::NotFound),
        };
    }
    let case = cases::visible(conn, CaseScope::All, &row.case_id)?;
    if case.erased_at.is_some() {
        return Err(RoutingError::CaseErased);
    }
    Ok((row, case))
}

fn audit_action(action: ReferralAction) -> &'static str {
    match action {
        ReferralAction::Acknowledge => "referral.acknowledge",
        ReferralAction::Accept => "referral.accept",
        ReferralAction::Decline => "referral.decline",
        ReferralAction::Complete => "referral.complete",
    }
}

/// A declined referral goes back to the province's child-protection department for
/// reassignment: its open referral on the case is told so, or, when it has none, a new one
/// is made. Returns the department's code (None when the province has none configured).
fn back_to_department(
    conn: &mut DbConnection,
    (router, vault): (&Router, &Vault),
    declined: &ReferralRow,
    case: &CaseRow,
    declined_by: &AgencyRow,
    by: By<'_>,
) -> Result<Option<String>, RoutingError> {
    let Some(dept) = referrals::province_agency(
        conn,
        AgencyKind::ChildProtectionDept.code(),
        case.province_code,
    )?
    else {
        tracing::warn!(
            province = case.province_code,
            "a referral was declined, but the province has no child-protection department"
        );
        return Ok(None);
    };
    let extra = json!({ "declined_referral_id": declined.id, "declined_by": declined_by.code });
    let (referral, kind) = match referrals::open_for(conn, &case.id, &dept.id)? {
        Some(open) => (open, "referral.declined"),
        None => {
            let reason = format!(
                "{} từ chối tiếp nhận: cần phân công lại cơ quan xử lý",
                declined_by.name
            );
            let row = dispatch::new_referral(
                (router, vault),
                dispatch::ForCase::of(case),
                &dept.id,
                &reason,
                &["declined".to_owned()],
                by,
            )?;
            referrals::insert(conn, &row)?;
            (row, "referral.created")
        }
    };
    if let Some(email) = dept.email.as_deref().filter(|e| !e.trim().is_empty()) {
        let message = dispatch::message(kind, &referral, &dept.id, email, extra, by.now)?;
        outbox::insert(conn, &[message])?;
    }
    Ok(Some(dept.code))
}
