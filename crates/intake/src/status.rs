//! What became of a report, for whoever logged it (a person, or a machine client such as the
//! 111 line's software): its case's number and status, and where its referrals stand. Codes
//! only: nothing about the child, the informant or the agencies' people. Another's report
//! reads as absent.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::CaseScope;
use hotline_http::Caller;
use hotline_store::queries::{cases, contacts, referrals};
use hotline_store::{DbConnection, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::IntakeError;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportStatus {
    pub report_id: String,
    /// The case it opened, if it opened one.
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    /// The case's status code.
    pub status: Option<String>,
    pub referrals: Vec<ReferralState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferralState {
    pub agency_kind: String,
    pub status: String,
}

/// Report `report_id`'s status, if the caller logged it: `report.status`.
pub fn report_status(
    conn: &mut DbConnection,
    caller: &Caller,
    report_id: &str,
    now: DateTime<Utc>,
) -> Result<ReportStatus, IntakeError> {
    let user = caller.user_id().ok_or(IntakeError::NotAnOperator)?;
    let id = uuid::Uuid::parse_str(report_id)
        .map_err(|_| IntakeError::Store(StoreError::NotFound))?
        .to_string();
    caller.audited_read(conn, now, |conn| {
        let case_id = contacts::logged_by(conn, &id, &user)?;
        let case = match &case_id {
            // The caller logged the report: its case is theirs to follow, wherever it went.
            Some(c) => Some(cases::visible(conn, CaseScope::All, c)?),
            None => None,
        };
        let referrals = match &case_id {
            Some(c) => referrals::for_case(conn, c)?
                .into_iter()
                .map(|(r, agency)| ReferralState {
                    agency_kind: agency.kind,
                    status: r.status.code().to_owned(),
                })
                .collect(),
            None => Vec::new(),
        };
        let mut entry = Entry::new("report.status").on("report", id.clone());
        if let Some(c) = &case {
            entry = entry
                .cases([c.id.clone()])
                .place(Some(c.province_code), Some(c.commune_code));
        }
        let status = ReportStatus {
            report_id: id.clone(),
            case_id: case.as_ref().map(|c| c.id.clone()),
            case_number: case.as_ref().map(|c| c.case_number.clone()),
            status: case.as_ref().map(|c| c.status.code().to_owned()),
            referrals,
        };
        let entry = entry.detail(json!({"case_status": status.status}));
        Ok((status, entry))
    })
}
