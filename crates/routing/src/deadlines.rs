//! Statutory deadlines (Decree 56/2017 art. 25-30), in Vietnam time: hour-based clocks run
//! around the clock; plan and approval periods count working days.

use chrono::{DateTime, Duration, Utc};
use hotline_domain::WorkCalendar;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlinePolicy {
    /// Emergency protection must be in place this many hours after receipt (12 by law).
    pub emergency_action_hours: u32,
    /// A referral must be acknowledged this many hours after it is made.
    pub acknowledge_hours_emergency: u32,
    pub acknowledge_hours: u32,
    /// The case plan is due this many working days after verification starts (5 by law).
    pub plan_working_days: u32,
    /// Its approval, this many working days after the plan is due (2 by law).
    pub approval_working_days: u32,
}

/// A case's own deadlines, set as its work reaches each step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDeadlines {
    pub plan_due_at: DateTime<Utc>,
    pub approval_due_at: DateTime<Utc>,
}

impl DeadlinePolicy {
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        for (key, value, max) in [
            ("emergency_action_hours", self.emergency_action_hours, 72),
            (
                "acknowledge_hours_emergency",
                self.acknowledge_hours_emergency,
                72,
            ),
            ("acknowledge_hours", self.acknowledge_hours, 720),
            ("plan_working_days", self.plan_working_days, 60),
            ("approval_working_days", self.approval_working_days, 60),
        ] {
            if value == 0 || value > max {
                p.push(format!("deadlines.{key} must be between 1 and {max}"));
            }
        }
        if self.acknowledge_hours_emergency > self.emergency_action_hours {
            p.push(
                "deadlines.acknowledge_hours_emergency must not exceed emergency_action_hours"
                    .to_owned(),
            );
        }
        p
    }

    /// When emergency protection must be in place, for an emergency received at `received_at`.
    pub fn emergency_action_due(&self, received_at: DateTime<Utc>) -> DateTime<Utc> {
        received_at + Duration::hours(i64::from(self.emergency_action_hours))
    }

    /// When a referral made at `referred_at` must be acknowledged.
    pub fn acknowledge_due(&self, referred_at: DateTime<Utc>, emergency: bool) -> DateTime<Utc> {
        let hours = if emergency {
            self.acknowledge_hours_emergency
        } else {
            self.acknowledge_hours
        };
        referred_at + Duration::hours(i64::from(hours))
    }

    /// The plan and approval deadlines of a case whose verification started at `started`.
    pub fn plan_deadlines(&self, calendar: &WorkCalendar, started: DateTime<Utc>) -> PlanDeadlines {
        let plan_due_at = calendar.due_after_working_days(started, self.plan_working_days);
        PlanDeadlines {
            plan_due_at,
            approval_due_at: calendar
                .due_after_working_days(plan_due_at, self.approval_working_days),
        }
    }
}
