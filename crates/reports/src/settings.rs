//! What a province sets about its figures (`config/figures.toml`): the children's age groups
//! and the reporting periods of its plan. Read once at start; a mistake stops the start.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::ReportsError;

/// The settings as used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureSettings {
    /// The last age of each group, rising: `[5, 10, 14, 17]` is 0–5, 6–10, 11–14, 15–17.
    pub age_groups: Vec<u8>,
    pub plan_periods: Vec<PlanPeriod>,
}

/// A month and a day, with no year (`"06-14"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.trim().split_once('-')?;
        let md = MonthDay {
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        // 2024 is a leap year: 29 February is a day some year has.
        NaiveDate::from_ymd_opt(2024, md.month, md.day).map(|_| md)
    }

    /// The day in `year`; 29 February falls back to the 28th in other years.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))
    }
}

/// One of the plan's reporting periods, repeated every year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPeriod {
    /// What the API's `preset` names it by.
    pub code: String,
    /// What a person reads.
    pub name: String,
    pub from: MonthDay,
    /// The period begins in the year before the one it reports on (15/12 to 14/6).
    pub from_previous_year: bool,
    pub to: MonthDay,
    /// When its report is due, in the year it reports on.
    pub due: MonthDay,
    /// The kinds of agency that owe it: each sees it among its tasks and is reminded by
    /// e-mail a week before.
    pub reporters: Vec<hotline_domain::AgencyKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    age_groups: Vec<u8>,
    #[serde(default)]
    periods: Vec<PeriodFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    code: String,
    name: String,
    from: String,
    #[serde(default)]
    from_previous_year: bool,
    to: String,
    due: String,
    #[serde(default)]
    reporters: Vec<String>,
}

/// Codes the calendar presets already take.
pub const CALENDAR_PRESETS: [&str; 4] = ["month", "quarter", "half_year", "year"];

impl FigureSettings {
    /// Read and check `path`.
    pub fn load(path: &Path) -> Result<FigureSettings, ReportsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ReportsError::Settings(format!("{}: {e}", path.display())))?;
        FigureSettings::parse(&text)
    }

    pub fn parse(text: &str) -> Result<FigureSettings, ReportsError> {
        let file: File =
            toml::from_str(text).map_err(|e| ReportsError::Settings(e.message().to_owned()))?;
        let rising = file.age_groups.windows(2).all(|w| w[0] < w[1]);
        if file.age_groups.is_empty() || !rising || file.age_groups.last() != Some(&17) {
            return Err(ReportsError::Settings(
                "age_groups: the last age of each group, rising, ending at 17".into(),
            ));
        }
        let mut plan_periods = Vec::new();
        for p in file.periods {
            let bad = |what: &str| ReportsError::Settings(format!("periods {}: {what}", p.code));
            let valid_code = !p.code.is_empty()
                && p.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_code || CALENDAR_PRESETS.contains(&p.code.as_str()) {
                return Err(bad(
                    "code: lower-case letters, digits and _, not a calendar preset",
                ));
            }
            if plan_periods.iter().any(|q: &PlanPeriod| q.code == p.code) {
                return Err(bad("code given twice"));
            }
            let from = MonthDay::parse(&p.from).ok_or_else(|| bad("from: MM-DD"))?;
            let to = MonthDay::parse(&p.to).ok_or_else(|| bad("to: MM-DD"))?;
            let due = MonthDay::parse(&p.due).ok_or_else(|| bad("due: MM-DD"))?;
            let reporters = p
                .reporters
                .iter()
                .map(|k| k.parse::<hotline_domain::AgencyKind>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(&format!("reporters: {e}")))?;
            let period = PlanPeriod {
                code: p.code.clone(),
                name: p.name.trim().to_owned(),
                from,
                from_previous_year: p.from_previous_year,
                to,
                due,
                reporters,
            };
            match period.edges(2025) {
                Some((start, end)) if start <= end => {}
                _ => return Err(bad("from must come before to")),
            }
            plan_periods.push(period);
        }
        Ok(FigureSettings {
            age_groups: file.age_groups,
            plan_periods,
        })
    }

    pub fn plan_period(&self, code: &str) -> Option<&PlanPeriod> {
        self.plan_periods.iter().find(|p| p.code == code)
    }
}

impl PlanPeriod {
    /// The first and last day of the period that reports on `year`.
    pub fn edges(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        let start_year = if self.from_previous_year {
            year - 1
        } else {
            year
        };
        Some((self.from.in_year(start_year)?, self.to.in_year(year)?))
    }

    /// When the report on `year` is due.
    pub fn due_in(&self, year: i32) -> Option<NaiveDate> {
        self.due.in_year(year)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_load() {
        let s = FigureSettings::parse(include_str!("../../../config/figures.toml")).unwrap();
        assert_eq!(s.age_groups, vec![5, 10, 14, 17]);
        let half = s.plan_period("plan_half_year").unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(half.edges(2026), Some((d(2025, 12, 15), d(2026, 6, 14))));
        assert_eq!(half.due_in(2026), Some(d(2026, 6, 20)));
    }

    #[test]
    fn mistakes_are_named() {
        let bad = |text: &str| FigureSettings::parse(text).unwrap_err().to_string();
        assert!(bad("age_groups = [5, 4, 17]").contains("age_groups"));
        assert!(bad("age_groups = [5, 10]").contains("age_groups"));
        let period = |code: &str, from: &str| {
            format!(
                "age_groups = [17]\n[[periods]]\ncode = \"{code}\"\nname = \"x\"\nfrom = \"{from}\"\nto = \"06-14\"\ndue = \"06-20\"\n"
            )
        };
        assert!(bad(&period("year", "01-01")).contains("calendar preset"));
        assert!(bad(&period("h", "02-30")).contains("from"));
        assert!(bad(&period("h", "07-01")).contains("before"));
        assert!(FigureSettings::parse(&period("h", "01-01")).is_ok());
    }
}
