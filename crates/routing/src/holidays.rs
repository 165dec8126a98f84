//! `config/holidays.toml`: the days off and the weekend days worked in exchange.

use chrono::{Datelike, NaiveDate, Weekday};
use hotline_domain::WorkCalendar;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    #[serde(default)]
    days_off: Vec<Day>,
    #[serde(default)]
    working_weekends: Vec<Day>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Day {
    date: String,
    name: String,
}

/// Parse and check a holiday file; every problem is one line.
pub fn parse(text: &str) -> Result<WorkCalendar, Vec<String>> {
    let file: HolidayFile = toml::from_str(text).map_err(|e| vec![one_line(&e.to_string())])?;
    let mut problems = Vec::new();
    let mut dates = |days: &[Day], list: &str| -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for (i, day) in days.iter().enumerate() {
            match NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") {
                Ok(d) if out.contains(&d) => {
                    problems.push(format!("{list}[{i}]: {} is listed twice", day.date));
                }
                Ok(d) => out.push(d),
                Err(_) => problems.push(format!(
                    "{list}[{i}].date: `{}` is not a YYYY-MM-DD date",
                    day.date
                )),
            }
            if day.name.trim().is_empty() {
                problems.push(format!("{list}[{i}].name is empty"));
            }
        }
        out
    };
    let days_off = dates(&file.days_off, "days_off");
    let working = dates(&file.working_weekends, "working_weekends");
    for d in &working {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            problems.push(format!("working_weekends: {d} is not a Saturday or Sunday"));
        }
        if days_off.contains(d) {
            problems.push(format!("{d} is both a day off and a working day"));
        }
    }
    if problems.is_empty() {
        Ok(WorkCalendar::new(days_off, working))
    } else {
        Err(problems)
    }
}

/// toml's messages span lines (with a source excerpt); the start-up error is one line.
pub(crate) fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_excerpt(l))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The source excerpt toml adds under its message: `58 | line`, `|`, `^^^`.
fn is_excerpt(line: &str) -> bool {
    let gutter = line
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    gutter.starts_with('|') || line.chars().all(|c| c == '^' || c == ' ')
}

#[cfg(test)]
mod tests {
    #[test]
    fn toml_errors_become_one_line_without_the_excerpt() {
        let e = toml::from_str::<super::HolidayFile>("days_off = 3\nx = [").unwrap_err();
        let line = super::one_line(&e.to_string());
        assert!(
            !line.contains('\n') && !line.contains(" | ") && !line.contains('^'),
            "{line}"
        );
        assert!(line.contains("line"), "{line}");
    }
}
