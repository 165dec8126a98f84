//! Request and response bodies of the intake endpoints (the OpenAPI document is their
//! reference; docs/API.md). Codes arrive as text and
//! are checked in `validate`, so that one response lists every bad field at once.

use chrono::{DateTime, FixedOffset, Utc};
use hotline_domain::{
    AbuseSetting, CallerAgeBand, CallerType, CaseStatus, Category, Channel, ContactType, Ethnicity,
    RiskLevel, Sex, SexualSubtype,
};

use crate::indicators::PerpetratorInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    #[schema(value_type = Channel)]
    pub channel: String,
    /// When the call or message came in; defaults to now; never in the future.
    pub received_at: Option<DateTime<FixedOffset>>,
    #[schema(value_type = ContactType)]
    pub contact_type: String,
    #[serde(default)]
    #[schema(value_type = Vec<Category>)]
    pub categories: Vec<String>,
    /// Serious harm to life, health or dignity, now or imminent: the 12-hour clock.
    #[serde(default)]
    pub emergency: bool,
    /// Omit to let triage decide.
    #[schema(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    pub place: Option<PlaceInput>,
    pub children: Option<Vec<ChildInput>>,
    pub informant: Option<InformantInput>,
    /// Who called or wrote, for the figures: kept whether or not the informant consents,
    /// since none of it names anyone.
    pub caller: Option<CallerInput>,
    pub narrative: Option<String>,
    pub online: Option<OnlineInput>,
    /// Where the abuse happened, if known already.
    #[schema(value_type = Option<AbuseSetting>)]
    pub setting: Option<String>,
    /// For sexual abuse or online sexual exploitation.
    #[serde(default)]
    #[schema(value_type = Vec<SexualSubtype>)]
    pub sexual_subtypes: Vec<String>,
    #[serde(default)]
    pub perpetrators: Vec<PerpetratorInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceInput {
    /// 2025 commune or ward code; required for an abuse report.
    pub commune_code: Option<u32>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildInput {
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<String>,
    pub current_location: Option<String>,
    #[schema(value_type = Option<Ethnicity>)]
    pub ethnicity: Option<String>,
    pub disability: Option<bool>,
    /// `YYYY-MM-DD`, when known; sets `birth_year` if that is not given.
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub birth_date: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallerInput {
    #[serde(rename = "type")]
    #[schema(value_type = Option<CallerType>)]
    pub caller_type: Option<String>,
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<String>,
    #[schema(value_type = Option<CallerAgeBand>)]
    pub age_band: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InformantInput {
    /// Without consent the informant's name and phone are not stored at all.
    pub consent_to_store: bool,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// The informant's own account on the channel used (a Zalo or Facebook account ...);
    /// like the phone, kept only with consent, and recognised again either way.
    pub handle: Option<String>,
    pub relation: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnlineInput {
    pub platform: Option<String>,
    #[serde(default)]
    pub urls: Vec<String>,
    #[serde(default)]
    pub offender_handles: Vec<String>,
    #[serde(default)]
    pub content_types: Vec<String>,
    pub still_online: Option<bool>,
    /// SHA-256 of files, as 64 hex digits; the files themselves are never stored.
    #[serde(default)]
    pub file_sha256: Vec<String>,
}

/// The online details as a form is typed, before they are checked.
#[derive(Debug, Clone, Copy)]
pub struct TypedOnline<'a> {
    pub platform: &'a str,
    /// One address a line.
    pub urls: &'a str,
    /// One account a line.
    pub handles: &'a str,
    pub content_types: &'a [String],
    /// `yes`, `no` or unanswered.
    pub still_online: &'a str,
    /// One SHA-256 a line.
    pub file_sha256: &'a str,
}

impl From<TypedOnline<'_>> for OnlineInput {
    fn from(t: TypedOnline<'_>) -> OnlineInput {
        use hotline_http::form::{lines, text, yes_no};
        OnlineInput {
            platform: text(t.platform),
            urls: lines(t.urls),
            offender_handles: lines(t.handles),
            content_types: t.content_types.to_vec(),
            still_online: yes_no(t.still_online),
            file_sha256: lines(t.file_sha256),
        }
    }
}

pub use hotline_routing::ReferralView;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReportCreated {
    pub report_id: String,
    /// Null when the contact opened no case.
    pub case_id: Option<String>,
    pub case_number: Option<String>,
    #[schema(value_type = Option<CaseStatus>)]
    pub status: Option<String>,
    #[schema(value_type = Option<RiskLevel>)]
    pub risk_level: Option<String>,
    pub emergency: bool,
    pub referrals: Vec<ReferralView>,
    /// Case numbers of open cases that may concern the same incident.
    pub possible_duplicates: Vec<String>,
    /// The same cases, with what they share with this report.
    #[serde(default)]
    pub duplicate_matches: Vec<DuplicateMatch>,
    /// Earlier contacts from the same phone number or handle, newest first.
    #[serde(default)]
    pub earlier_contacts: Vec<EarlierContact>,
}

/// An open case that may be about the same incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateMatch {
    pub case_id: String,
    pub case_number: String,
    /// What the cases share: `url`, `file_sha256`, `handle` (of the offender) or `child`
    /// (same folded name and birth year, same commune).
    pub matched_on: Vec<String>,
}

/// An earlier report from the same phone number or handle: when and how, never who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EarlierContact {
    pub report_id: String,
    pub received_at: DateTime<Utc>,
    #[schema(value_type = Channel)]
    pub channel: String,
    #[schema(value_type = ContactType)]
    pub contact_type: String,
    /// The case it opened, when it opened one the caller may see.
    pub case_id: Option<String>,
    pub case_number: Option<String>,
}
