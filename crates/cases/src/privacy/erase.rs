//! Erasing a case or a contact: the one erasure both the retention run and a lawful request
//! use. The personal details go, the codes, dates and counts stay (the figures do not move),
//! the case's timeline says when and why, and the audit log gets one entry per record erased,
//! with ids and codes only.

use chrono::{DateTime, Utc};
use hotline_audit::{append, Actor, Entry};
use hotline_domain::ErasureReason;
use hotline_store::models::CaseEventRow;
use hotline_store::queries::cases;
use hotline_store::queries::erasure::{self as stored, Erased};
use hotline_store::DbConnection;
use hotline_vault::{SealText, Vault};
use serde_json::json;

use crate::CaseError;

/// Why a record was erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Its time under the retention policy was up (`rule` names the policy's line).
    Retention { rule: String },
    /// A lawful request, for `reason`; `note` says which request
    /// and is kept sealed on the timeline.
    Request { reason: ErasureReason, note: String },
}

impl Basis {
    pub fn code(&self) -> &'static str {
        match self {
            Basis::Retention { .. } => "retention",
            Basis::Request { .. } => "request",
        }
    }

    fn detail(&self) -> serde_json::Value {
        match self {
            Basis::Retention { rule } => json!({"basis": self.code(), "rule": rule}),
            Basis::Request { reason, .. } => json!({"basis": self.code(), "reason": reason.code()}),
        }
    }

    fn sentence(&self) -> String {
        match self {
            Basis::Retention { .. } => {
                "Dữ liệu cá nhân của vụ việc đã được xóa khi hết thời hạn lưu trữ.".to_owned()
            }
            Basis::Request { reason, note } => format!(
                "Dữ liệu cá nhân của vụ việc đã được xóa theo yêu cầu ({}). {note}",
                reason.label_vi().to_lowercase()
            ),
        }
    }
}

/// Erase case `id` inside the caller's transaction, as `actor`; what went, or `None` when it
/// was erased already.
pub(crate) fn erase_case(
    conn: &mut DbConnection,
    (actor, vault): (&Actor, &Vault),
    id: &str,
    basis: &Basis,
    now: DateTime<Utc>,
) -> Result<Option<Erased>, CaseError> {
    let at = now.naive_utc();
    let case = cases::visible(conn, hotline_domain::CaseScope::All, id)?;
    let Some(erased) = stored::erase_case(conn, id, at)? else {
        return Ok(None);
    };
    cases::insert_event(
        conn,
        &CaseEventRow::new(id, actor.id.clone(), "erased", at)
            .sealed_text(vault, Some(basis.sentence()))?,
    )?;
    let mut detail = basis.detail();
    detail["case_number"] = json!(case.case_number);
    detail["reports"] = json!(erased.reports);
    detail["children"] = json!(erased.children);
    detail["perpetrators"] = json!(erased.perpetrators);
    detail["events"] = json!(erased.events);
    detail["step_records"] = json!(erased.step_records);
    detail["evidence"] = json!(erased.evidence);
    detail["corrections"] = json!(erased.versions);
    append(
        conn,
        actor,
        crate::entries::case_entry("case.erase", &case).detail(detail),
        now,
    )?;
    Ok(Some(erased))
}

/// Erase contact `id`, which opened no case, inside the caller's transaction; false when it
/// was erased already.
pub(crate) fn erase_contact(
    conn: &mut DbConnection,
    actor: &Actor,
    contact: &stored::LoneContact,
    basis: &Basis,
    now: DateTime<Utc>,
) -> Result<bool, CaseError> {
    if !stored::erase_lone_contact(conn, &contact.id, now.naive_utc())? {
        return Ok(false);
    }
    let mut detail = basis.detail();
    detail["contact_type"] = json!(contact.contact_type);
    append(
        conn,
        actor,
        Entry::new("report.erase")
            .on("report", contact.id.clone())
            .place(contact.province_code, contact.commune_code)
            .detail(detail),
        now,
    )?;
    Ok(true)
}
