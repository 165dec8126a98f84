//! The plan's reports as deadlines: each reporting period's report is owed by the kinds of
//! agency the settings name. It shows among their tasks from a month before it is due, and a
//! week before it is due each such agency is e-mailed a reminder (once per period and year).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hotline_domain::time::vietnam_date;
use hotline_domain::AgencyKind;
use hotline_store::models::OutboxRow;
use hotline_store::queries::{agencies, outbox, plan_activities};
use hotline_store::{write_transaction, DbConnection};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::settings::{FigureSettings, PlanPeriod};
use crate::ReportsError;

/// How long before its due date a report shows among the tasks.
pub const TASK_DAYS: i64 = 30;
/// How long before its due date the reminder is mailed.
pub const REMINDER_DAYS: i64 = 7;
/// The outbox kind of a reminder.
pub const REMINDER_KIND: &str = "report.due";

/// A report an agency owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportDue {
    /// The period's code, as the figures' `preset` takes it.
    pub period_code: String,
    pub name: String,
    /// The year it reports on.
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub due: NaiveDate,
    /// Days until it is due (0: today).
    pub days_left: i64,
}

fn due_of(p: &PlanPeriod, year: i32, today: NaiveDate) -> Option<ReportDue> {
    let (from, to) = p.edges(year)?;
    let due = p.due_in(year)?;
    Some(ReportDue {
        period_code: p.code.clone(),
        name: p.name.clone(),
        year,
        from,
        to,
        due,
        days_left: (due - today).num_days(),
    })
}

/// The reports `kind` owes that fall due from `today` to `within` days on, soonest first.
pub fn reports_due(
    settings: &FigureSettings,
    kind: AgencyKind,
    today: NaiveDate,
    within: i64,
) -> Vec<ReportDue> {
    let mut due: Vec<ReportDue> = settings
        .plan_periods
        .iter()
        .filter(|p| p.reporters.contains(&kind))
        .flat_map(|p| [today.year(), today.year() + 1].map(|y| due_of(p, y, today)))
        .flatten()
        .filter(|r| (0..=within).contains(&r.days_left))
        .collect();
    due.sort_by(|a, b| a.due.cmp(&b.due).then(a.name.cmp(&b.name)));
    due
}

/// Queue the reminders due at `now`: for each report falling due within
/// [`REMINDER_DAYS`], one message to each active agency that owes it and has an address,
/// once. Returns how many were queued.
pub fn queue_reminders(
    conn: &mut DbConnection,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<usize, ReportsError> {
    let today = vietnam_date(now);
    let mut queued = 0;
    for period in &settings.plan_periods {
        for year in [today.year(), today.year() + 1] {
            let Some(due) = due_of(period, year, today) else {
                continue;
            };
            if !(0..=REMINDER_DAYS).contains(&due.days_left) {
                continue;
            }
            let kinds: Vec<&str> = period.reporters.iter().map(|k| k.code()).collect();
            for agency in agencies::active_of_kinds(conn, &kinds)? {
                let Some(email) = agency.email.clone() else {
                    continue;
                };
                let payload = serde_json::json!({
                    "period_code": due.period_code,
                    "name": due.name,
                    "year": due.year,
                    "from": due.from,
                    "to": due.to,
                    "due": due.due,
                    "agency_name": agency.name,
                })
                .to_string();
                let claimed = write_transaction(conn, |conn| {
                    let first = plan_activities::claim_reminder(
                        conn,
                        &due.period_code,
                        due.year,
                        &agency.id,
                        now.naive_utc(),
                    )?;
                    if first {
                        outbox::insert(
                            conn,
                            &[OutboxRow::about_agency(
                                REMINDER_KIND,
                                &agency.id,
                                &email,
                                payload.clone(),
                                now.naive_utc(),
                            )],
                        )?;
                    }
                    Ok::<_, ReportsError>(first)
                })?;
                queued += usize::from(claimed);
            }
        }
    }
    if queued > 0 {
        tracing::info!(queued, "report reminders queued");
    }
    Ok(queued)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_support::{d, settings};

    #[test]
    fn each_kind_owes_its_reports() {
        let s = settings();
        let info = reports_due(&s, AgencyKind::InfoDept, d(2026, 11, 1), TASK_DAYS);
        let codes: Vec<(&str, NaiveDate)> = info
            .iter()
            .map(|r| (r.period_code.as_str(), r.due))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("plan_results", d(2026, 11, 20)),
                ("plan_year", d(2026, 11, 30))
            ]
        );
        assert_eq!(info[0].days_left, 19);
        let school = reports_due(&s, AgencyKind::EducationDept, d(2026, 11, 1), TASK_DAYS);
        assert_eq!(school.len(), 1);
        assert!(reports_due(&s, AgencyKind::Hotline, d(2026, 11, 1), TASK_DAYS).is_empty());
        // The day after it was due, it is no longer listed.
        assert!(reports_due(&s, AgencyKind::EducationDept, d(2026, 11, 21), 0).is_empty());
        // In December, next June's half-year report is not yet a task.
        assert!(reports_due(&s, AgencyKind::InfoDept, d(2026, 12, 5), TASK_DAYS).is_empty());
    }
}
