//! Rows as stored. Codes are kept as their API text. Status columns become domain values as
//! rows are read (`deserialize_as`), so that nothing above the store parses them again, and a
//! status the domain does not know fails the read that meets it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hotline_domain::{
    CaseStatus, CaseStep, DeadlineKind, DeadlineState, Jurisdiction, ReferralStatus, TransferStatus,
};

use crate::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = provinces)]
pub struct ProvinceRow {
    pub code: i32,
    pub name: String,
    pub unit_type: String,
    pub valid_from: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = communes)]
pub struct CommuneRow {
    pub code: i32,
    pub province_code: i32,
    pub name: String,
    pub unit_type: String,
    pub name_folded: String,
    pub valid_from: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agencies)]
pub struct AgencyRow {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub email: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When an administrator last corrected the name or mail address in the console (the
    /// configuration no longer writes over them), and who (a user id).
    pub edited_at: Option<NaiveDateTime>,
    pub edited_by: Option<String>,
}

impl AgencyRow {
    /// The area the agency answers for, from its province and commune codes.
    pub fn jurisdiction(&self) -> crate::StoreResult<Jurisdiction> {
        let corrupt =
            || crate::StoreError::Corrupt(format!("agency {} has bad place codes", self.code));
        let province = self
            .province_code
            .map(u16::try_from)
            .transpose()
            .map_err(|_| corrupt())?;
        let commune = self
            .commune_code
            .map(u32::try_from)
            .transpose()
            .map_err(|_| corrupt())?;
        Ok(match (province, commune) {
            (Some(province), Some(commune)) => Jurisdiction::Commune { province, commune },
            (Some(province), None) => Jurisdiction::Province(province),
            (None, None) => Jurisdiction::National,
            (None, Some(_)) => return Err(corrupt()),
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub agency_id: Option<String>,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub email: Option<String>,
}

impl UserRow {
    /// A new account `id`: active, never signed in, no failed sign-in, no mail address.
    pub fn new(
        id: String,
        username: &str,
        role: &str,
        agency_id: Option<String>,
        password_hash: String,
        now: NaiveDateTime,
    ) -> UserRow {
        UserRow {
            id,
            username: username.to_owned(),
            password_hash,
            role: role.to_owned(),
            agency_id,
            active: true,
            failed_logins: 0,
            locked_until: None,
            last_login_at: None,
            created_at: now,
            email: None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: String,
    pub case_number: String,
    pub province_code: i32,
    pub commune_code: i32,
    pub place_detail: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: CaseStatus,
    pub risk_level: Option<String>,
    pub emergency: bool,
    pub received_at: NaiveDateTime,
    pub opened_by: String,
    pub opened_by_agency: String,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    /// JSON: how routing decided (see `hotline_routing::Decision`).
    pub routing: Option<String>,
    pub action_due_at: Option<NaiveDateTime>,
    pub plan_due_at: Option<NaiveDateTime>,
    pub approval_due_at: Option<NaiveDateTime>,
    /// The case this one was linked to as a duplicate.
    pub duplicate_of: Option<String>,
    /// The plan cycle the case's work is in (a review may start a new one; so does a reopen).
    pub plan_cycle: i32,
    /// Where the abuse happened (`AbuseSetting` code).
    pub abuse_setting: Option<String>,
    /// What the law did about it (`LegalOutcome` code).
    pub legal_outcome: Option<String>,
    /// When its personal details were erased (retention, or a lawful request).
    pub erased_at: Option<NaiveDateTime>,
    /// The worker of the case's commune group who manages it (a user id), if one is assigned.
    pub manager_id: Option<String>,
    /// Where the case was received: the figures count it there, wherever a transfer takes it.
    pub received_province_code: i32,
    pub received_commune_code: i32,
}

/// A key personal fields are sealed under, wrapped by the master key.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = vault_keys)]
pub struct VaultKeyRow {
    pub id: i32,
    /// `data` or `index`.
    pub purpose: String,
    pub wrapped: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_categories)]
pub struct CaseCategoryRow {
    pub case_id: String,
    pub category: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_children)]
pub struct ChildRow {
    pub id: String,
    pub case_id: String,
    pub position: i32,
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    pub sex: Option<String>,
    pub current_location: Option<String>,
    /// Written before names were hashed; emptied as the rows are sealed.
    pub name_folded: Option<String>,
    /// `Ethnicity` code.
    pub ethnicity: Option<String>,
    pub disability: Option<bool>,
    /// Written before dates of birth were sealed; emptied as the rows are sealed.
    pub birth_date: Option<NaiveDate>,
    /// The date of birth (`YYYY-MM-DD`), sealed.
    pub birth_date_sealed: Option<String>,
    /// The child's age on the day its case was received, from the date of birth: what the
    /// figures count, in clear.
    pub age_on_receipt: Option<i32>,
    /// A keyed hash of the folded name, to find the same child in another case.
    pub name_key: Option<String>,
}

/// A sexual-abuse sub-type of a case.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_sexual_subtypes)]
pub struct SexualSubtypeRow {
    pub case_id: String,
    pub subtype: String,
}

/// A perpetrator as the figures count them (codes as their API text).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_perpetrators)]
pub struct PerpetratorRow {
    pub id: String,
    pub case_id: String,
    pub position: i32,
    pub relation: String,
    pub sex: Option<String>,
    pub age_band: Option<String>,
    pub adult: Option<bool>,
    pub known_to_police: Option<bool>,
    /// Free text that may identify a person: shown to case readers only.
    pub description: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}

/// A service given to a case's child (or to the case's children as a whole).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_services)]
pub struct ServiceRow {
    pub id: String,
    pub case_id: String,
    pub position: i32,
    pub child_id: Option<String>,
    pub service: String,
    pub provided_on: NaiveDate,
    pub provider: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: String,
    pub case_id: Option<String>,
    pub channel: String,
    pub contact_type: String,
    pub received_at: NaiveDateTime,
    pub recorded_at: NaiveDateTime,
    pub recorded_by: Option<String>,
    pub agency_id: Option<String>,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub place_detail: Option<String>,
    /// JSON array of category codes.
    pub categories: String,
    pub emergency: bool,
    pub risk_level: Option<String>,
    pub informant_consent: bool,
    pub informant_name: Option<String>,
    pub informant_phone: Option<String>,
    pub informant_relation: Option<String>,
    pub narrative: Option<String>,
    /// What the figures count of the online details (platform, still online), in clear;
    /// before the move to sealed values, the whole document.
    pub online: Option<String>,
    /// The informant's own account on the channel they used; only with consent.
    pub informant_handle: Option<String>,
    /// Who called (a caller type code), their sex and age band: figures, not identity.
    pub caller_type: Option<String>,
    pub caller_sex: Option<String>,
    pub caller_age_band: Option<String>,
    /// The whole JSON document of online-abuse details, sealed.
    pub online_sealed: Option<String>,
}

/// A proposal to move a case to another commune, and its answer. `reason` and
/// `answer_reason` are sealed (`Field::TransferReason`, `Field::TransferAnswer`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_transfers)]
pub struct TransferRow {
    pub id: String,
    pub case_id: String,
    pub from_province_code: i32,
    pub from_commune_code: i32,
    pub to_province_code: i32,
    pub to_commune_code: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: TransferStatus,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_at: NaiveDateTime,
    /// When the receiving side's answer is due (the time a referral is given).
    pub due_at: NaiveDateTime,
    pub answer_reason: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// When the watcher escalated it, unanswered (its claim: once).
    pub escalated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_events)]
pub struct CaseEventRow {
    pub id: String,
    pub case_id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub user_id: String,
    pub idem_key: String,
    pub request_hash: String,
    pub status_code: i32,
    pub response_body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_entries)]
pub struct AuditEntryRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub ip: Option<String>,
    pub detail: String,
}

/// An audit entry before the database gives it its `seq`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_entries)]
pub struct NewAuditEntry {
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub ip: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_seals)]
pub struct AuditSealRow {
    pub seal_no: i64,
    pub first_seq: i64,
    pub last_seq: i64,
    pub entry_count: i64,
    pub prev_hash: String,
    pub hash: String,
    pub sealed_at: NaiveDateTime,
    pub sealed_by: String,
    /// Hex of the first 8 bytes of each entry digest, in seq order (a locator for verify).
    pub entry_digests: String,
    /// Whether `hash` is keyed (HMAC under a key outside the database); only seals written
    /// before keys were used are not.
    pub keyed: bool,
}

impl CaseEventRow {
    /// A new timeline event of `kind` on a case, with no status change and no text yet.
    /// A new event; its id is a UUIDv7, so events of the same instant keep the order in
    /// which this process wrote them (the timeline sorts by time, then id).
    pub fn new(
        case_id: &str,
        actor_id: Option<String>,
        kind: &str,
        at: NaiveDateTime,
    ) -> CaseEventRow {
        CaseEventRow {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: case_id.to_owned(),
            at,
            actor_id,
            kind: kind.to_owned(),
            from_status: None,
            to_status: None,
            body: None,
        }
    }

    /// The status change the event records.
    pub fn moving(mut self, from: Option<CaseStatus>, to: CaseStatus) -> CaseEventRow {
        self.from_status = from.map(String::from);
        self.to_status = Some(to.into());
        self
    }

    /// A change of the case's manager (user ids, either of them nobody): the kind
    /// [`CaseEventRow::MANAGER`] holds them where a move holds statuses.
    pub fn handing(mut self, from: Option<&str>, to: Option<&str>) -> CaseEventRow {
        self.from_status = from.map(str::to_owned);
        self.to_status = to.map(str::to_owned);
        self
    }

    /// The kind of the event that records a change of manager.
    pub const MANAGER: &'static str = "manager";

    /// The event's text, as stored (sealed: see `hotline_vault::SealText`).
    pub fn with_stored_text(mut self, stored: Option<String>) -> CaseEventRow {
        self.body = stored;
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = referrals)]
pub struct ReferralRow {
    pub id: String,
    pub case_id: String,
    /// The case's province and commune (a transfer moves them with the case), for scoping by index.
    pub case_province_code: i32,
    pub case_commune_code: i32,
    pub agency_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: ReferralStatus,
    pub reason: String,
    /// JSON list of rule ids.
    pub rules: String,
    pub emergency: bool,
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub due_at: NaiveDateTime,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub declined_at: Option<NaiveDateTime>,
    pub decline_reason: Option<String>,
    pub completed_at: Option<NaiveDateTime>,
    pub outcome: Option<String>,
    pub replaced_by: Option<String>,
    pub escalated_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    /// For a service: the consent given, or the reason to act without it (JSON, sealed).
    pub consent: Option<String>,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub referral_id: Option<String>,
    pub agency_id: Option<String>,
    pub recipient: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    /// Set when the notifier gave up on it (dead letter); a resend clears it.
    pub failed_at: Option<NaiveDateTime>,
}

impl OutboxRow {
    /// The kind of the mail that tells a worker which cases are now theirs to manage (its
    /// payload: the worker's username and the cases' numbers).
    pub const CASES_ASSIGNED: &'static str = "cases.assigned";

    /// A message to `recipient`, due now, about nothing yet: the constructors below, and
    /// a referral's, say what it concerns.
    pub fn queued(kind: &str, recipient: &str, payload: String, now: NaiveDateTime) -> OutboxRow {
        OutboxRow {
            id: uuid::Uuid::new_v4().to_string(),
            kind: kind.to_owned(),
            case_id: None,
            referral_id: None,
            agency_id: None,
            recipient: recipient.to_owned(),
            payload,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            sent_at: None,
            last_error: None,
            failed_at: None,
        }
    }

    /// A message to an agency about no case (a report it owes): ids, codes and dates only.
    pub fn about_agency(
        kind: &str,
        agency_id: &str,
        recipient: &str,
        payload: String,
        now: NaiveDateTime,
    ) -> OutboxRow {
        OutboxRow {
            agency_id: Some(agency_id.to_owned()),
            ..OutboxRow::queued(kind, recipient, payload, now)
        }
    }

    /// A message about a case (not about one referral) to `recipient`, on behalf of
    /// `agency_id`'s business. The payload (JSON) carries ids, codes and dates only.
    pub fn about_case(
        kind: &str,
        case_id: &str,
        agency_id: Option<&str>,
        recipient: &str,
        payload: String,
        now: NaiveDateTime,
    ) -> OutboxRow {
        OutboxRow {
            case_id: Some(case_id.to_owned()),
            agency_id: agency_id.map(str::to_owned),
            ..OutboxRow::queued(kind, recipient, payload, now)
        }
    }
}

/// One comparable piece of online evidence of a case (see `hotline_domain::evidence`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_evidence)]
pub struct EvidenceRow {
    pub id: String,
    pub case_id: String,
    pub report_id: String,
    /// `url`, `file_sha256` or `handle`.
    pub kind: String,
    /// Sealed (in clear only in a row written before sealing, until the move reaches it).
    pub value: String,
    pub platform: Option<String>,
    pub created_at: NaiveDateTime,
    /// The keyed hash of kind and value: what duplicates are found by.
    pub value_key: Option<String>,
}

/// A keyed hash of the phone or handle a contact came from.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = contact_fingerprints)]
pub struct FingerprintRow {
    pub report_id: String,
    /// `phone` or `handle`.
    pub kind: String,
    /// HMAC-SHA256, hex.
    pub digest: String,
    pub received_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = public_reports)]
pub struct PublicReportRow {
    pub code_sha256: String,
    pub report_id: String,
    pub case_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// One version of a step record (Decree 56 forms Mẫu 02–06). Versions are only added: an
/// edit, a submission, an approval or a return is a new row, so the history stays.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_steps)]
pub struct CaseStepRow {
    pub id: String,
    pub case_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub step: CaseStep,
    pub cycle: i32,
    /// Which review of the cycle; 1 for the other steps.
    pub round: i32,
    pub version: i32,
    /// The record as JSON. Free text about a child and family: never logged or mailed.
    pub body: String,
    /// A plan's place in approval (`hotline_domain::PlanState` code); `None` for other steps.
    pub plan_state: Option<String>,
    /// Why a plan was returned.
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// A deadline of a case's work.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_deadlines)]
pub struct DeadlineRow {
    pub id: String,
    pub case_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: DeadlineKind,
    pub cycle: i32,
    pub round: i32,
    pub due_at: NaiveDateTime,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: DeadlineState,
    /// When it was met; also kept for one met late (then the state stays `breached`).
    pub met_at: Option<NaiveDateTime>,
    pub breached_at: Option<NaiveDateTime>,
    /// JSON list of the agency codes a breach was escalated to.
    pub escalated_to: Option<String>,
    pub created_at: NaiveDateTime,
}

impl DeadlineRow {
    /// A new pending deadline.
    pub fn pending(
        case_id: &str,
        kind: DeadlineKind,
        (cycle, round): (i32, i32),
        due_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> DeadlineRow {
        DeadlineRow {
            id: uuid::Uuid::new_v4().to_string(),
            case_id: case_id.to_owned(),
            kind,
            cycle,
            round,
            due_at,
            state: DeadlineState::Pending,
            met_at: None,
            breached_at: None,
            escalated_to: None,
            created_at: now,
        }
    }
}

/// A console session (the cookie's value is never stored, only its SHA-256).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = console_sessions)]
pub struct SessionRow {
    pub id_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub client_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = crate::schema::plan_activities)]
pub struct PlanActivityRow {
    pub id: String,
    pub agency_id: String,
    pub province_code: i32,
    pub commune_code: Option<i32>,
    pub item: String,
    pub kind: String,
    pub held_on: chrono::NaiveDate,
    pub title: String,
    pub audience: Option<String>,
    pub quantity: i32,
    pub reach: Option<i32>,
    pub link: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = crate::schema::report_reminders)]
pub struct ReportReminderRow {
    pub period_code: String,
    pub year: i32,
    pub agency_id: String,
    pub queued_at: NaiveDateTime,
}
