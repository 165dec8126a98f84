//! One step record printed as its form, to be signed: the case's data filled in, the step's
//! record as it last stands (or lines to write on), places to sign, and at the foot of every
//! page the case and the step, so that the signed scan comes back to the right place.

use askama::Template;
use hotline_domain::{CaseStep, DocumentStep};
use hotline_words::{self as text};

use super::{children_table, field, steps::step_section, Field, Section, Table};
use crate::record::CaseRecord;
use crate::CaseError;

#[derive(Template)]
#[template(path = "step_form.html")]
struct StepForm {
    case_number: String,
    commune: String,
    step: &'static str,
    summary: Vec<Field>,
    children: Table,
    sections: Vec<Section>,
    /// The chair's approval (Mẫu 05): the plan it approves, and the decision's words.
    approval: bool,
}

/// The record step whose last version a printed form shows.
fn record_step(step: DocumentStep) -> CaseStep {
    match step {
        DocumentStep::Verification => CaseStep::Verification,
        DocumentStep::Assessment => CaseStep::Assessment,
        DocumentStep::Plan | DocumentStep::Approval => CaseStep::Plan,
        DocumentStep::Review => CaseStep::Review,
        DocumentStep::Closure => CaseStep::Closure,
    }
}

/// Step `step` of `record` as its printable form.
pub fn render_step_form(record: &CaseRecord, step: DocumentStep) -> Result<String, CaseError> {
    let c = &record.case;
    let steps = record.steps.as_ref().ok_or(CaseError::MayNotReadSteps)?;
    let wanted = record_step(step);
    let sections = steps
        .records
        .iter()
        .rev()
        .find(|r| r.step == wanted && r.cycle == steps.cycle)
        .map(step_section)
        .transpose()?
        .into_iter()
        .collect();
    let page = StepForm {
        case_number: c.case_number.clone(),
        commune: c.commune_name.clone().unwrap_or_default(),
        step: step.label_vi(),
        summary: vec![
            field(text::RECORD_NUMBER, c.case_number.clone()),
            field(text::RECEIVED_AT, text::moment(c.received_at)),
        ],
        children: children_table(c),
        sections,
        approval: step == DocumentStep::Approval,
    };
    page.render().map_err(|e| {
        CaseError::Store(hotline_store::StoreError::Corrupt(format!(
            "the step form did not render: {e}"
        )))
    })
}
