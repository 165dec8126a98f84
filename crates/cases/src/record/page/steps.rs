//! The case file's step records (Mẫu 02 to 06), each as it last stands, with its history.

use hotline_domain::{ActionStatus, CaseStep, PlanState};
use hotline_words::{self as text, date as day, moment as at};

use super::{at_opt, field, opt, typed, yes, Field, Section, Table};
use crate::steps::records::{
    AssessmentRecord, ClosureRecord, Criterion, PlanRecord, ReviewRecord, VerificationRecord,
};
use crate::steps::StepRecordView;
use crate::CaseError;

fn criterion(name: &str, c: &Criterion) -> Field {
    field(name, format!("{}: {}", c.level.label_vi(), c.note))
}

/// A step record, as it last stands, with its history.
pub(super) fn step_section(r: &StepRecordView) -> Result<Section, CaseError> {
    let Some(last) = r.versions.last() else {
        return Err(CaseError::NotFound);
    };
    let mut fields = Vec::new();
    let mut tables = Vec::new();
    match r.step {
        CaseStep::Verification => {
            let v: VerificationRecord = typed(last)?;
            fields.push(field(text::CONFIRMED_Q, yes(v.confirmed)));
            fields.push(field(text::CHILD_SAFETY_NOW, v.child_safety));
            fields.push(criterion(text::HARM_LEVEL, &v.criteria.harm));
            fields.push(criterion(text::OFFENDER_ACCESS, &v.criteria.abuser_access));
            fields.push(criterion(text::CARE_SETTING, &v.criteria.care_environment));
            fields.push(criterion(
                text::CHILD_SELF_PROTECTION,
                &v.criteria.self_protection,
            ));
            fields.push(field(text::RISK_INITIAL, v.initial_risk.label_vi()));
            match &v.emergency_action {
                Some(a) => {
                    fields.push(field(text::EMERGENCY_MEASURE_TAKEN, a.kind.label_vi()));
                    fields.push(field(text::DONE_AT, at(a.taken_at)));
                    fields.push(field(text::DONE_BY, a.taken_by.clone()));
                }
                None => fields.push(field(text::EMERGENCY_MEASURE_TAKEN, text::NO)),
            }
            fields.push(field(text::NOTE, opt(&v.note)));
            tables.push(Table {
                caption: text::CONTACTED_IN_VERIFICATION.into(),
                head: vec![text::WHO, text::WHEN, text::CONTENT],
                rows: v
                    .contacts
                    .iter()
                    .map(|k| vec![k.who.clone(), at_opt(k.at), opt(&k.summary)])
                    .collect(),
            });
        }
        CaseStep::Assessment => {
            let a: AssessmentRecord = typed(last)?;
            fields.push(field(text::PHYSICAL_STATE, a.physical_state));
            fields.push(field(text::PSYCHOLOGICAL_STATE, a.psychological_state));
            fields.push(field(text::CAREGIVER, a.caregivers));
            fields.push(field(
                text::CAREGIVER_PROTECTS_Q,
                yes(a.caregivers_can_protect),
            ));
            fields.push(field(text::RISK, a.risk.label_vi()));
            fields.push(field(text::NOTE, opt(&a.note)));
            tables.push(Table {
                caption: text::CHILD_NEEDS.into(),
                head: vec![text::DOMAIN, text::NEED],
                rows: a
                    .needs
                    .iter()
                    .map(|n| vec![n.domain.label_vi().to_owned(), n.description.clone()])
                    .collect(),
            });
        }
        CaseStep::Plan => {
            let p: PlanRecord = typed(last)?;
            fields.push(field(
                text::APPROVAL_STATE,
                r.plan_state.map_or("", PlanState::label_vi),
            ));
            fields.push(field(text::GOALS, p.goals.join("\n")));
            fields.push(field(text::FIRST_REVIEW, day(p.next_review)));
            fields.push(field(text::NOTE, opt(&p.note)));
            tables.push(Table {
                caption: text::PLAN_ACTIONS.into(),
                head: vec![
                    text::ROW_NUMBER,
                    text::PLAN_ACTION,
                    text::DONE_BY,
                    text::SERVICE,
                    text::DEADLINE,
                    text::STANDING,
                ],
                rows: p
                    .actions
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        vec![
                            (i + 1).to_string(),
                            a.description.clone(),
                            a.responsible.clone(),
                            a.service.label_vi().to_owned(),
                            day(a.due),
                            a.status.label_vi().to_owned(),
                        ]
                    })
                    .collect(),
            });
            tables.push(Table {
                caption: text::PLAN_APPROVAL.into(),
                head: vec![
                    text::VERSION,
                    text::STANDING,
                    text::ACTOR,
                    text::WHEN,
                    text::RETURN_REASON,
                ],
                rows: r
                    .versions
                    .iter()
                    .map(|v| {
                        vec![
                            v.version.to_string(),
                            v.plan_state.map_or("", PlanState::label_vi).to_owned(),
                            opt(&v.recorded_by),
                            at(v.recorded_at),
                            opt(&v.note),
                        ]
                    })
                    .collect(),
            });
        }
        CaseStep::Review => {
            let v: ReviewRecord = typed(last)?;
            fields.push(field(text::REVIEW_DATE, day(v.reviewed_on)));
            fields.push(field(text::CHILD_SITUATION_NOW, v.situation));
            fields.push(field(text::RISK_NOW, v.risk_now.label_vi()));
            fields.push(field(text::DECISION, v.decision.label_vi()));
            fields.push(field(
                text::NEXT_REVIEW,
                v.next_review.map(day).unwrap_or_default(),
            ));
            fields.push(field(text::NOTE, opt(&v.note)));
            tables.push(Table {
                caption: text::ACTION_RESULTS.into(),
                head: vec![text::ACTION_NUMBER, text::STANDING, text::NOTE],
                rows: v
                    .actions
                    .iter()
                    .map(|a| {
                        vec![
                            a.action.to_string(),
                            ActionStatus::label_vi(a.status).to_owned(),
                            opt(&a.note),
                        ]
                    })
                    .collect(),
            });
        }
        CaseStep::Closure => {
            let v: ClosureRecord = typed(last)?;
            fields.push(field(text::CLOSURE_REASON, v.reason.label_vi()));
            if let Some(code) = v.new_commune_code {
                fields.push(field(text::MOVED_TO_COMMUNE_CODE, code.to_string()));
            }
            fields.push(field(text::SUMMARY, v.summary));
        }
    }
    let round = (r.step == CaseStep::Review).then_some(r.round);
    Ok(Section {
        title: r.step.label_vi().to_owned(),
        caption: text::step_caption(
            r.cycle,
            round,
            last.version,
            &opt(&last.recorded_by),
            &at(last.recorded_at),
        ),
        fields,
        tables,
    })
}
