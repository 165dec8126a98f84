//! What the API shows of referrals.

use chrono::{DateTime, Utc};
use hotline_domain::{AgencyKind, ReferralStatus};
use hotline_store::models::{AgencyRow, ReferralRow};
use hotline_vault::{Field, Vault, VaultResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferralView {
    pub id: String,
    pub case_id: String,
    pub agency_code: String,
    #[schema(value_type = AgencyKind)]
    pub agency_kind: String,
    pub agency_name: String,
    #[schema(value_type = ReferralStatus)]
    pub status: String,
    /// When the agency must acknowledge it.
    pub due_at: Option<DateTime<Utc>>,
    /// Why, in Vietnamese.
    pub reason: String,
    /// The routing rules that asked for it (`manual` when a person added it).
    pub rules: Vec<String>,
    pub emergency: bool,
    pub created_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub declined_at: Option<DateTime<Utc>>,
    pub decline_reason: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// The referral that replaced this one, when it was reassigned.
    pub replaced_by: Option<String>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// For a service: the consent recorded, or the reason it went ahead without.
    pub consent: Option<crate::consent::Consent>,
}

impl ReferralView {
    /// The referral as the API shows it, its free text opened: the reason, a decline's
    /// reason and a completion's outcome can name people, so they are sealed at rest (an
    /// erased case's reason is stored empty).
    pub fn open(r: &ReferralRow, agency: &AgencyRow, vault: &Vault) -> VaultResult<ReferralView> {
        let utc = |t: chrono::NaiveDateTime| t.and_utc();
        let reason = match r.reason.as_str() {
            "" => String::new(),
            sealed => vault.open(Field::ReferralReason, &r.id, sealed)?,
        };
        Ok(ReferralView {
            id: r.id.clone(),
            case_id: r.case_id.clone(),
            agency_code: agency.code.clone(),
            agency_kind: agency.kind.clone(),
            agency_name: agency.name.clone(),
            status: r.status.code().to_owned(),
            due_at: Some(utc(r.due_at)),
            reason,
            rules: serde_json::from_str(&r.rules).unwrap_or_default(),
            emergency: r.emergency,
            created_at: utc(r.created_at),
            acknowledged_at: r.acknowledged_at.map(utc),
            accepted_at: r.accepted_at.map(utc),
            declined_at: r.declined_at.map(utc),
            decline_reason: vault.open_opt(
                Field::ReferralDeclineReason,
                &r.id,
                r.decline_reason.as_deref(),
            )?,
            completed_at: r.completed_at.map(utc),
            outcome: vault.open_opt(Field::ReferralOutcome, &r.id, r.outcome.as_deref())?,
            replaced_by: r.replaced_by.clone(),
            escalated_at: r.escalated_at.map(utc),
            consent: vault
                .open_opt(Field::ReferralConsent, &r.id, r.consent.as_deref())?
                .and_then(|text| serde_json::from_str(&text).ok()),
        })
    }
}

/// One line of an agency's inbox.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InboxItem {
    #[serde(flatten)]
    pub referral: ReferralView,
    pub case_number: String,
    pub case_status: String,
    pub risk_level: Option<String>,
    pub commune_code: i32,
    pub received_at: DateTime<Utc>,
    /// Whether the acknowledgement deadline has passed without an answer.
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
