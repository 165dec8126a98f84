//! What a case's file holds: the stored versions of its step records, read as the lifecycle
//! and the next save need them.

use hotline_domain::casework::Holdings;
use hotline_domain::{CaseStep, PlanState};
use hotline_store::models::CaseStepRow;
use hotline_store::StoreError;
use serde::de::DeserializeOwned;

use super::records::{PlanRecord, ReviewRecord};
use crate::CaseError;

/// The versions of a case's step records, and the plan cycle its work is in.
pub(crate) struct File<'a> {
    pub rows: &'a [CaseStepRow],
    pub cycle: i32,
}

impl<'a> File<'a> {
    pub fn new(rows: &'a [CaseStepRow], cycle: i32) -> File<'a> {
        File { rows, cycle }
    }

    /// The newest version of `step`'s record in the current cycle (of its latest round).
    pub fn latest(&self, step: CaseStep) -> Option<&'a CaseStepRow> {
        self.rows
            .iter()
            .filter(|r| r.step == step && r.cycle == self.cycle)
            .max_by_key(|r| (r.round, r.version))
    }

    /// The current cycle's plan's place in approval.
    pub fn plan_state(&self) -> Result<Option<PlanState>, CaseError> {
        self.latest(CaseStep::Plan)
            .map(plan_state)
            .transpose()
            .map(Option::flatten)
    }

    /// The current cycle's plan as approved, if it is.
    pub fn approved_plan(&self) -> Result<Option<PlanRecord>, CaseError> {
        match self.latest(CaseStep::Plan) {
            Some(row) if plan_state(row)? == Some(PlanState::Approved) => Ok(Some(body(row)?)),
            _ => Ok(None),
        }
    }

    /// The current cycle's latest review, as last saved.
    pub fn latest_review(&self) -> Result<Option<(&'a CaseStepRow, ReviewRecord)>, CaseError> {
        self.latest(CaseStep::Review)
            .map(|row| Ok((row, body(row)?)))
            .transpose()
    }

    /// What the lifecycle asks of the file, in the current cycle.
    pub fn holdings(&self) -> Result<Holdings, CaseError> {
        Ok(Holdings {
            verification: self.latest(CaseStep::Verification).is_some(),
            assessment: self.latest(CaseStep::Assessment).is_some(),
            plan: self.plan_state()?,
            review: self.latest_review()?.map(|(_, r)| r.decision),
            closure: self.latest(CaseStep::Closure).is_some(),
        })
    }
}

fn corrupt(row: &CaseStepRow, what: &str) -> CaseError {
    CaseError::Store(StoreError::Corrupt(format!(
        "step record {} has bad {what}",
        row.id
    )))
}

/// A stored plan state.
pub(crate) fn plan_state(row: &CaseStepRow) -> Result<Option<PlanState>, CaseError> {
    row.plan_state
        .as_deref()
        .map(|s| s.parse().map_err(|_| corrupt(row, "plan state")))
        .transpose()
}

/// A stored record, as its type.
pub(crate) fn body<T: DeserializeOwned>(row: &CaseStepRow) -> Result<T, CaseError> {
    serde_json::from_str(&row.body).map_err(|_| corrupt(row, "body"))
}
