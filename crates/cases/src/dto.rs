//! Request and response bodies of the case endpoints (the OpenAPI document is their
//! reference; docs/API.md).

use chrono::{DateTime, Utc};
use hotline_domain::{CaseStatus, Category, Channel, ContactType, Ethnicity, RiskLevel, Sex};
use hotline_intake::dto::{DuplicateMatch, InformantInput, OnlineInput};
use hotline_routing::ReferralView;

use crate::indicators::dto::IndicatorsView;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// Matches case numbers, children's names and places, ignoring case and diacritics.
    pub q: Option<String>,
    #[param(value_type = Option<CaseStatus>)]
    pub status: Option<String>,
    #[param(value_type = Option<i32>, minimum = 1, maximum = 99999)]
    pub commune_code: Option<String>,
    #[param(value_type = Option<Category>)]
    pub category: Option<String>,
    #[param(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    /// Received at or after: RFC 3339, or a date (from 00:00 in Vietnam).
    pub from: Option<String>,
    /// Received before: RFC 3339 (exclusive), or a date (that whole day included).
    pub to: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// 1 to 100; default 20.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub case_number: String,
    #[schema(value_type = CaseStatus)]
    pub status: String,
    #[schema(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    pub emergency: bool,
    pub province_code: i32,
    pub commune_code: i32,
    #[schema(value_type = Vec<Category>)]
    pub categories: Vec<String>,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseList {
    pub items: Vec<CaseSummary>,
    /// How many cases match: exactly, up to 1,000 (or the end of the page asked for, if
    /// further); past that, `total_exact` is false and `total` or more match. A search of
    /// common words may also stop counting below 1,000 once its page is full.
    pub total: i64,
    /// False when the count stopped at `total` and that many or more cases match.
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChildView {
    pub id: String,
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<String>,
    pub current_location: Option<String>,
    #[schema(value_type = Option<Ethnicity>)]
    pub ethnicity: Option<String>,
    pub disability: Option<bool>,
    pub birth_date: Option<chrono::NaiveDate>,
}

/// The informant as the report gave them (name, phone and handle only with consent), in the
/// shape intake takes them, as the online details are.
pub type InformantView = InformantInput;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    pub id: String,
    #[schema(value_type = Channel)]
    pub channel: String,
    #[schema(value_type = ContactType)]
    pub contact_type: String,
    pub received_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<String>,
    pub agency_code: Option<String>,
    #[schema(value_type = Vec<Category>)]
    pub categories: Vec<String>,
    pub emergency: bool,
    #[schema(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    pub informant: Option<InformantView>,
    pub narrative: Option<String>,
    pub online: Option<OnlineInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    /// Username of whoever acted; null for the system.
    pub actor: Option<String>,
    /// `opened`, `transition`, `note`, `manager` (a new manager: `from_status` and
    /// `to_status` then name the previous and the new manager by username) and others.
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseDetailView {
    pub id: String,
    pub case_number: String,
    #[schema(value_type = CaseStatus)]
    pub status: String,
    /// Where the case may move next in the Decree 56 process.
    #[schema(value_type = Vec<CaseStatus>)]
    pub next_statuses: Vec<String>,
    #[schema(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    pub emergency: bool,
    pub province_code: i32,
    pub commune_code: i32,
    pub commune_name: Option<String>,
    pub place_detail: Option<String>,
    #[schema(value_type = Vec<Category>)]
    pub categories: Vec<String>,
    pub received_at: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub children: Vec<ChildView>,
    pub reports: Vec<ReportView>,
    pub referrals: Vec<ReferralView>,
    /// How routing decided: the risk and where it came from, the rules that matched with
    /// their reasons, and the agencies found (or not found) for each referral.
    #[schema(value_type = Option<Object>)]
    pub routing: Option<serde_json::Value>,
    /// Emergency protection due (12 hours from receipt), for emergencies.
    pub action_due_at: Option<DateTime<Utc>>,
    /// Case plan due, and its approval, counted in working days from the start of
    /// verification (set when verification starts).
    pub plan_due_at: Option<DateTime<Utc>>,
    pub approval_due_at: Option<DateTime<Utc>>,
    /// The case this one was linked to as a duplicate, when the caller may see it.
    pub duplicate_of: Option<CaseLink>,
    /// Open cases the caller may see that may be about the same incident (only while this
    /// case is open).
    pub possible_duplicates: Vec<DuplicateMatch>,
    /// Online evidence in comparable form (normalised URLs, file hashes, offender handles).
    pub evidence: Vec<EvidenceItem>,
    /// What the statistics need: setting, sexual-abuse sub-types, legal outcome,
    /// perpetrators and services given (each child's profile is on the child).
    pub indicators: IndicatorsView,
    pub notes: Vec<TimelineEntry>,
    pub timeline: Vec<TimelineEntry>,
    /// When the case's personal details were erased (by the retention policy or on a
    /// lawful request); its codes, dates and counts remain.
    pub erased_at: Option<DateTime<Utc>>,
    /// The legal hold in force, which keeps the case from erasure.
    pub legal_hold: Option<LegalHoldView>,
    /// The worker of the commune's group who manages the case, if one is assigned.
    pub manager: Option<ManagerView>,
    /// The case's moves between communes, proposed and answered, oldest first.
    pub transfers: Vec<crate::transfers::TransferView>,
    /// Why the caller sees a case its side does not hold, read only: `handed_on` (its side
    /// transferred the case away: the case as it was when it left) or `offered` (its side
    /// is asked to take it). `null` for the case's own readers.
    pub sight: Option<String>,
    /// Where a case imported from a past register came from; `null` for a case logged here.
    pub imported: Option<ImportedFrom>,
}

/// The register's row a past case was imported from.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportedFrom {
    /// `source:key`: the register's name and the row's number in it.
    pub source_key: String,
    pub imported_at: DateTime<Utc>,
}

/// Who manages a case.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ManagerView {
    pub user_id: String,
    pub username: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseLink {
    pub case_id: String,
    pub case_number: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EvidenceItem {
    /// `url`, `file_sha256` or `handle`.
    pub kind: String,
    pub value: String,
    pub platform: Option<String>,
    pub report_id: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    #[schema(value_type = CaseStatus)]
    pub to: String,
    pub note: Option<String>,
    /// Required with `to: duplicate`: the case kept (its id or number). The move is then the
    /// same as `POST /api/v1/cases/{id}/duplicate-of`.
    pub duplicate_of: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkDuplicateRequest {
    /// The case kept: its id or its case number.
    pub of: String,
    pub note: Option<String>,
}

/// A legal hold as the case shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LegalHoldView {
    pub placed_at: DateTime<Utc>,
    /// Username of the supervisor who placed it.
    pub placed_by: Option<String>,
    pub reason: String,
}
