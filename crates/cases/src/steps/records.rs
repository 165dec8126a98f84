//! The record each step of Decree 56 case work keeps, as typed documents (forms Mẫu 02–06),
//! and the checks each gets before it is stored. Free text is trimmed; blank optional text
//! is dropped; every problem is reported at once, by field.

use chrono::{DateTime, NaiveDate, Utc};
use hotline_domain::{
    ActionStatus, ClosureReason, EmergencyActionKind, NeedDomain, ReviewDecision, RiskLevel,
    ServiceType,
};
use hotline_http::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::lifecycle::MAX_NOTE_CHARS;

/// Most entries a list in a record may hold.
const MAX_ITEMS: usize = 50;

/// Verification and initial assessment (Mẫu 02).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationRecord {
    /// Whether verification confirmed what was reported.
    pub confirmed: bool,
    /// The child's safety now, as found.
    pub child_safety: String,
    /// Who was contacted in verifying.
    #[serde(default)]
    pub contacts: Vec<ContactMade>,
    /// The four criteria of the initial risk assessment.
    pub criteria: RiskCriteria,
    pub initial_risk: RiskLevel,
    /// The emergency measure taken, if one was (it meets the 12-hour clock).
    #[serde(default)]
    pub emergency_action: Option<EmergencyAction>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactMade {
    /// Who: the family, the school, the police, a neighbour ...
    pub who: String,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Decree 56's four criteria, each scored with the reason for the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskCriteria {
    /// How serious the harm is.
    pub harm: Criterion,
    /// Whether the abuser can still reach the child.
    pub abuser_access: Criterion,
    /// The care environment.
    pub care_environment: Criterion,
    /// The child's capacity to protect itself.
    pub self_protection: Criterion,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub level: RiskLevel,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyAction {
    pub kind: EmergencyActionKind,
    pub taken_at: DateTime<Utc>,
    /// Who took it (a body or a person's office, as the form asks).
    pub taken_by: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// Detailed assessment (Mẫu 03).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecord {
    pub physical_state: String,
    pub psychological_state: String,
    /// The family and caregivers, and their capacity to protect the child.
    pub caregivers: String,
    pub caregivers_can_protect: bool,
    /// Needs by domain, one entry per domain.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// The risk level the assessment comes to.
    pub risk: RiskLevel,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub domain: NeedDomain,
    pub description: String,
}

/// Support and intervention plan (Mẫu 04).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    pub goals: Vec<String>,
    pub actions: Vec<PlanAction>,
    /// When the plan's implementation is first reviewed (a deadline once approved).
    pub next_review: NaiveDate,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanAction {
    pub description: String,
    /// The agency or person responsible.
    pub responsible: String,
    pub service: ServiceType,
    pub due: NaiveDate,
    #[serde(default = "planned")]
    pub status: ActionStatus,
}

fn planned() -> ActionStatus {
    ActionStatus::Planned
}

/// A review of the plan's implementation (Mẫu 06).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// The day of the review: a later date starts the next review, the same date edits this one.
    pub reviewed_on: NaiveDate,
    /// Where each action of the approved plan stands.
    #[serde(default)]
    pub actions: Vec<ActionReview>,
    /// The child's situation now.
    pub situation: String,
    pub risk_now: RiskLevel,
    pub decision: ReviewDecision,
    /// The next review, when the decision is to continue.
    #[serde(default)]
    pub next_review: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionReview {
    /// The action's number in the approved plan, from 1.
    pub action: u32,
    pub status: ActionStatus,
    #[serde(default)]
    pub note: Option<String>,
}

/// Closing the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureRecord {
    pub reason: ClosureReason,
    /// Refused: a child who moved to another commune is transferred there (the field is
    /// read in closures written before transfers existed).
    #[serde(default)]
    pub new_commune_code: Option<i32>,
    pub summary: String,
}

/// Collects every problem of a record, by field.
#[derive(Debug, Default)]
pub(crate) struct Check {
    pub errors: Vec<FieldError>,
}

impl Check {
    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Required text, trimmed.
    pub fn text(&mut self, field: &str, value: &mut String) {
        *value = value.trim().to_owned();
        if value.is_empty() {
            self.fail(field, "bắt buộc");
        } else if value.chars().count() > MAX_NOTE_CHARS {
            self.fail(field, format!("dài quá {MAX_NOTE_CHARS} ký tự"));
        }
    }

    /// Optional text, trimmed; blank is none.
    pub fn optional(&mut self, field: &str, value: &mut Option<String>) {
        if let Some(v) = value.as_mut() {
            *v = v.trim().to_owned();
        }
        if value.as_deref().is_some_and(str::is_empty) {
            *value = None;
        }
        if value
            .as_deref()
            .is_some_and(|v| v.chars().count() > MAX_NOTE_CHARS)
        {
            self.fail(field, format!("dài quá {MAX_NOTE_CHARS} ký tự"));
        }
    }

    pub fn count(&mut self, field: &str, len: usize, min: usize) {
        if len < min {
            self.fail(field, format!("cần ít nhất {min} mục"));
        } else if len > MAX_ITEMS {
            self.fail(field, format!("nhiều nhất {MAX_ITEMS} mục"));
        }
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// Dates a record may carry: this century's, give or take.
fn plausible(date: NaiveDate) -> bool {
    (2000..=2200).contains(&chrono::Datelike::year(&date))
}

/// How far ahead of the server's clock a time "already done" may lie (clocks differ).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

impl VerificationRecord {
    pub(crate) fn check(&mut self, now: DateTime<Utc>) -> Result<(), Vec<FieldError>> {
        let mut c = Check::default();
        c.text("child_safety", &mut self.child_safety);
        c.count("contacts", self.contacts.len(), 0);
        for (i, contact) in self.contacts.iter_mut().enumerate() {
            c.text(&format!("contacts[{i}].who"), &mut contact.who);
            c.optional(&format!("contacts[{i}].summary"), &mut contact.summary);
            if contact.at.is_some_and(|at| at > now + CLOCK_SKEW) {
                c.fail(format!("contacts[{i}].at"), "không được ở tương lai");
            }
        }
        let criteria = &mut self.criteria;
        for (name, criterion) in [
            ("harm", &mut criteria.harm),
            ("abuser_access", &mut criteria.abuser_access),
            ("care_environment", &mut criteria.care_environment),
            ("self_protection", &mut criteria.self_protection),
        ] {
            c.text(&format!("criteria.{name}.note"), &mut criterion.note);
        }
        if let Some(action) = self.emergency_action.as_mut() {
            c.text("emergency_action.taken_by", &mut action.taken_by);
            c.optional("emergency_action.note", &mut action.note);
            if action.taken_at > now + CLOCK_SKEW {
                c.fail("emergency_action.taken_at", "không được ở tương lai");
            }
            if !plausible(action.taken_at.date_naive()) {
                c.fail("emergency_action.taken_at", "ngày không hợp lệ");
            }
        }
        c.optional("note", &mut self.note);
        c.into_result()
    }
}

impl AssessmentRecord {
    pub(crate) fn check(&mut self) -> Result<(), Vec<FieldError>> {
        let mut c = Check::default();
        c.text("physical_state", &mut self.physical_state);
        c.text("psychological_state", &mut self.psychological_state);
        c.text("caregivers", &mut self.caregivers);
        c.count("needs", self.needs.len(), 0);
        let mut seen = Vec::new();
        for (i, need) in self.needs.iter_mut().enumerate() {
            c.text(&format!("needs[{i}].description"), &mut need.description);
            if seen.contains(&need.domain) {
                c.fail(format!("needs[{i}].domain"), "mỗi lĩnh vực chỉ ghi một lần");
            }
            seen.push(need.domain);
        }
        c.optional("note", &mut self.note);
        c.into_result()
    }
}

impl PlanRecord {
    /// `today` is the date in Vietnam: a review cannot be planned for a day already past.
    pub(crate) fn check(&mut self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut c = Check::default();
        c.count("goals", self.goals.len(), 1);
        for (i, goal) in self.goals.iter_mut().enumerate() {
            c.text(&format!("goals[{i}]"), goal);
        }
        c.count("actions", self.actions.len(), 1);
        for (i, action) in self.actions.iter_mut().enumerate() {
            c.text(
                &format!("actions[{i}].description"),
                &mut action.description,
            );
            c.text(
                &format!("actions[{i}].responsible"),
                &mut action.responsible,
            );
            if !plausible(action.due) {
                c.fail(format!("actions[{i}].due"), "ngày không hợp lệ");
            }
        }
        if self.next_review < today {
            c.fail("next_review", "không được là ngày đã qua");
        } else if !plausible(self.next_review) {
            c.fail("next_review", "ngày không hợp lệ");
        }
        c.optional("note", &mut self.note);
        c.into_result()
    }
}

impl ReviewRecord {
    /// `today` in Vietnam; `actions` is how many actions the approved plan has.
    pub(crate) fn check(
        &mut self,
        today: NaiveDate,
        actions: usize,
    ) -> Result<(), Vec<FieldError>> {
        let mut c = Check::default();
        if self.reviewed_on > today {
            c.fail("reviewed_on", "không được ở tương lai");
        } else if !plausible(self.reviewed_on) {
            c.fail("reviewed_on", "ngày không hợp lệ");
        }
        c.count("actions", self.actions.len(), 0);
        let mut seen = Vec::new();
        for (i, review) in self.actions.iter_mut().enumerate() {
            if review.action == 0 || review.action as usize > actions {
                c.fail(
                    format!("actions[{i}].action"),
                    format!("kế hoạch có {actions} hoạt động, đánh số từ 1"),
                );
            } else if seen.contains(&review.action) {
                c.fail(
                    format!("actions[{i}].action"),
                    "mỗi hoạt động chỉ ghi một lần",
                );
            }
            seen.push(review.action);
            c.optional(&format!("actions[{i}].note"), &mut review.note);
        }
        c.text("situation", &mut self.situation);
        match (self.decision, self.next_review) {
            (ReviewDecision::Continue, None) => {
                c.fail("next_review", "bắt buộc khi tiếp tục thực hiện kế hoạch")
            }
            (ReviewDecision::Continue, Some(next)) if next <= self.reviewed_on => {
                c.fail("next_review", "phải sau ngày rà soát")
            }
            (ReviewDecision::Continue, Some(next)) if !plausible(next) => {
                c.fail("next_review", "ngày không hợp lệ")
            }
            (ReviewDecision::Continue, Some(_)) => {}
            (_, Some(_)) => c.fail(
                "next_review",
                "chỉ ghi khi quyết định tiếp tục thực hiện kế hoạch",
            ),
            (_, None) => {}
        }
        c.optional("note", &mut self.note);
        c.into_result()
    }
}

impl ClosureRecord {
    pub(crate) fn check(&mut self) -> Result<(), Vec<FieldError>> {
        let mut c = Check::default();
        c.text("summary", &mut self.summary);
        // A child who moved to another commune is transferred there, not closed here: the
        // field stays readable in closures written before transfers existed.
        if self.new_commune_code.is_some() {
            c.fail(
                "new_commune_code",
                "trẻ chuyển đến xã, phường khác: hãy đề nghị chuyển vụ việc cho nơi đó thay vì kết thúc",
            );
        }
        c.into_result()
    }
}

#[cfg(test)]
mod tests;
