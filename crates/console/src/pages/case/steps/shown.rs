//! The step forms a case page shows: those of the steps open at the case's status, for those
//! who write step records, filled from the latest version or as they were typed.

use hotline_cases::steps::StepsView;
use hotline_domain::{casework, CaseStatus, CaseStep, Role};
use hotline_domain::{
    ActionStatus, ClosureReason, EmergencyActionKind, NeedDomain, ReviewDecision, RiskLevel,
    ServiceType,
};

use super::form::{field_id, StepValues};
use crate::pages::{codes, Codes};

/// Slots for list entries a form offers (contacts, needs, actions).
const SLOTS: [usize; 3] = [0, 1, 2];
/// Plan actions a form offers.
const ACTION_SLOTS: [usize; 5] = [0, 1, 2, 3, 4];

/// The fields of each step's form, by name (with their suffixes), to fill it from a record.
pub(super) fn names(step: CaseStep) -> Vec<String> {
    let mut n: Vec<String> = Vec::new();
    match step {
        CaseStep::Verification => {
            n.extend(["confirmed", "child_safety", "initial_risk", "note"].map(String::from));
            for c in [
                "harm",
                "abuser_access",
                "care_environment",
                "self_protection",
            ] {
                n.push(format!("criteria.{c}.level"));
                n.push(format!("criteria.{c}.note"));
            }
            for i in SLOTS {
                n.push(format!("contacts.{i}.who"));
                n.push(format!("contacts.{i}.summary"));
            }
            n.extend(
                [
                    "emergency_action.kind",
                    "emergency_action.taken_at@",
                    "emergency_action.taken_by",
                    "emergency_action.note",
                ]
                .map(String::from),
            );
        }
        CaseStep::Assessment => {
            n.extend(
                [
                    "physical_state",
                    "psychological_state",
                    "caregivers",
                    "caregivers_can_protect",
                    "risk",
                    "note",
                ]
                .map(String::from),
            );
            for i in SLOTS {
                n.push(format!("needs.{i}.domain"));
                n.push(format!("needs.{i}.description"));
            }
        }
        CaseStep::Plan => {
            n.extend(["goals[]", "next_review", "note"].map(String::from));
            for i in ACTION_SLOTS {
                for f in ["description", "responsible", "service", "due", "status"] {
                    n.push(format!("actions.{i}.{f}"));
                }
            }
        }
        CaseStep::Review => {
            n.extend(
                [
                    "reviewed_on",
                    "situation",
                    "risk_now",
                    "decision",
                    "next_review",
                    "note",
                ]
                .map(String::from),
            );
            for i in ACTION_SLOTS {
                n.push(format!("actions.{i}.action#"));
                n.push(format!("actions.{i}.status"));
                n.push(format!("actions.{i}.note"));
            }
        }
        CaseStep::Closure => {
            n.extend(["reason", "new_commune_code#", "summary"].map(String::from));
        }
    }
    n
}

/// A step's form as the case page shows it.
pub struct StepForm {
    pub step: &'static str,
    pub title: &'static str,
    pub values: StepValues,
    /// For a review: the approved plan's actions, numbered from 1.
    pub plan_actions: Vec<String>,
    /// For a plan: it may be sent for approval now.
    pub may_submit: bool,
    pub slots: &'static [usize],
    pub action_slots: &'static [usize],
}

impl StepForm {
    /// The id of a named field (what an error links to).
    pub fn id(&self, name: &str) -> String {
        format!(
            "{}-{}",
            self.step,
            field_id(name.trim_end_matches(['#', '@']).trim_end_matches("[]"))
        )
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.get(name)
    }

    pub fn is(&self, name: &str, code: &str) -> bool {
        self.values.get(name) == code
    }
}

/// Code lists for the forms' choices.
pub fn options(kind: &str) -> Codes {
    match kind {
        "risk" => codes(RiskLevel::ALL, RiskLevel::code, RiskLevel::label_vi),
        "emergency" => codes(
            EmergencyActionKind::ALL,
            EmergencyActionKind::code,
            EmergencyActionKind::label_vi,
        ),
        "need" => codes(NeedDomain::ALL, NeedDomain::code, NeedDomain::label_vi),
        "service" => codes(ServiceType::ALL, ServiceType::code, ServiceType::label_vi),
        "action_status" => codes(
            ActionStatus::ALL,
            ActionStatus::code,
            ActionStatus::label_vi,
        ),
        "decision" => codes(
            ReviewDecision::ALL,
            ReviewDecision::code,
            ReviewDecision::label_vi,
        ),
        "closure" => codes(
            ClosureReason::ALL,
            ClosureReason::code,
            ClosureReason::label_vi,
        ),
        _ => Vec::new(),
    }
}

/// The forms of the steps open at `status` that `role` may write, each filled from the
/// current record (or from `typed`, for the step just refused).
pub fn forms_for(
    role: Option<Role>,
    status: Option<CaseStatus>,
    steps: Option<&StepsView>,
    typed: Option<(CaseStep, StepValues)>,
) -> Vec<StepForm> {
    let (Some(role), Some(status), Some(steps)) = (role, status, steps) else {
        return Vec::new();
    };
    if !casework::role_writes_steps(role) {
        return Vec::new();
    }
    let current = |step: CaseStep| {
        steps
            .records
            .iter()
            .rev()
            .find(|r| r.step == step && r.cycle == steps.cycle)
    };
    let approved_plan = current(CaseStep::Plan)
        .and_then(|r| r.versions.last())
        .and_then(|v| {
            serde_json::from_value::<hotline_cases::steps::records::PlanRecord>(v.body.clone()).ok()
        })
        .map(|p| {
            p.actions
                .into_iter()
                .map(|a| a.description)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    CaseStep::ALL
        .iter()
        .copied()
        .filter(|s| casework::step_open(*s, status))
        .map(|step| {
            let record = current(step);
            let values = match &typed {
                Some((s, v)) if *s == step => v.clone(),
                _ => record
                    .and_then(|r| r.versions.last())
                    // A review is a new round each time: its form starts empty.
                    .filter(|_| step != CaseStep::Review)
                    .map(|v| {
                        let names = names(step);
                        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                        StepValues::of_record(&v.body, &refs)
                    })
                    .unwrap_or_default(),
            };
            StepForm {
                step: step.code(),
                title: step.label_vi(),
                values,
                plan_actions: approved_plan.clone(),
                may_submit: step == CaseStep::Plan
                    && casework::plan_editable(record.and_then(|r| r.plan_state)),
                slots: &SLOTS,
                action_slots: &ACTION_SLOTS,
            }
        })
        .collect()
}
