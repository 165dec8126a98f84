//! The period figures are counted over: two days, both included, in Vietnam's calendar, so
//! a period begins at 00:00 in Vietnam (17:00 UTC the day before). Chosen by its days, or by
//! a preset (a month, quarter, half year or year, or one of the plan's reporting periods) and
//! a day it contains.

use chrono::{Datelike, Months, NaiveDate};
use hotline_domain::time::vietnam_midnight;
use hotline_http::params::date;
use hotline_http::FieldError;
use hotline_store::queries::figures::Window;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::settings::FigureSettings;

/// The longest period one request may span.
const MAX_YEARS: u32 = 10;

/// How a period is asked for.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day (`YYYY-MM-DD`, Vietnam); with `to`, instead of a preset.
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
    /// `month`, `quarter`, `half_year`, `year`, or a plan period (`plan_half_year`,
    /// `plan_year`, `plan_results` as shipped); the one that contains `on`. Without
    /// `from`, `to` or `preset`: this month.
    pub preset: Option<String>,
    /// A day the preset's period contains; default today (Vietnam).
    pub on: Option<String>,
}

/// A period as resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The preset it was chosen by, if any.
    pub preset: Option<String>,
    /// What a person reads ("Quý IV/2026").
    pub name: String,
}

impl Period {
    /// The instants the period spans: from 00:00 in Vietnam on its first day to 00:00 the
    /// day after its last.
    pub fn window(&self) -> Window {
        let after = self.to.succ_opt().unwrap_or(self.to);
        Window {
            from: vietnam_midnight(self.from).naive_utc(),
            until: vietnam_midnight(after).naive_utc(),
        }
    }

    /// The period cut into calendar months (up to three years) or years (longer), each
    /// clipped to the period: (code, label, part).
    pub fn parts(&self) -> Vec<(String, String, Period)> {
        let by_month = self
            .from
            .checked_add_months(Months::new(36))
            .is_some_and(|d| d > self.to);
        let mut parts = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let next = if by_month {
                NaiveDate::from_ymd_opt(start.year(), start.month(), 1)
                    .and_then(|d| d.checked_add_months(Months::new(1)))
            } else {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
            };
            let Some(next) = next else { break };
            let end = next.pred_opt().unwrap_or(next).min(self.to);
            let (code, label) = if by_month {
                (
                    format!("{}-{:02}", start.year(), start.month()),
                    format!("{:02}/{}", start.month(), start.year()),
                )
            } else {
                (start.year().to_string(), start.year().to_string())
            };
            parts.push((code, label, Period::custom(start, end)));
            start = next;
        }
        parts
    }

    fn custom(from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            from,
            to,
            preset: None,
            name: format!(
                "Từ ngày {} đến ngày {}",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
        }
    }
}

fn one_day(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let v = value.map(str::trim)?;
    let d = date(v);
    if d.is_none() {
        errors.push(FieldError::new(
            field,
            "cần ngày YYYY-MM-DD, từ năm 1900 đến 2200",
        ));
    }
    d
}

/// The period `query` asks for, `today` being the date in Vietnam now.
pub fn resolve(
    query: &PeriodQuery,
    today: NaiveDate,
    settings: &FigureSettings,
) -> Result<Period, Vec<FieldError>> {
    let mut errors = Vec::new();
    let from = one_day(&mut errors, "from", query.from.as_deref());
    let to = one_day(&mut errors, "to", query.to.as_deref());
    let on = one_day(&mut errors, "on", query.on.as_deref()).unwrap_or(today);
    let preset = query
        .preset
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let dated = query.from.is_some() || query.to.is_some();
    if let Some(p) = preset {
        if dated {
            errors.push(FieldError::new(
                "preset",
                "chọn hoặc khoảng thời gian (from, to) hoặc kỳ có sẵn, không cả hai",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        return by_preset(p, on, settings).ok_or_else(|| {
            let mut known: Vec<&str> = crate::settings::CALENDAR_PRESETS.to_vec();
            known.extend(settings.plan_periods.iter().map(|p| p.code.as_str()));
            vec![FieldError::new(
                "preset",
                format!("kỳ không có; dùng một trong: {}", known.join(", ")),
            )]
        });
    }
    if !dated {
        if !errors.is_empty() {
            return Err(errors);
        }
        return by_preset("month", on, settings).ok_or_else(Vec::new);
    }
    if query.from.is_none() {
        errors.push(FieldError::new("from", "cần cả ngày bắt đầu"));
    }
    if query.to.is_none() {
        errors.push(FieldError::new("to", "cần cả ngày kết thúc"));
    }
    match (from, to) {
        (Some(from), Some(to)) if errors.is_empty() => {
            if from > to {
                return Err(vec![FieldError::new("to", "không được trước ngày bắt đầu")]);
            }
            if from.checked_add_months(Months::new(12 * MAX_YEARS)) <= Some(to) {
                return Err(vec![FieldError::new(
                    "to",
                    format!("một lần xem tối đa {MAX_YEARS} năm"),
                )]);
            }
            Ok(Period::custom(from, to))
        }
        _ => Err(errors),
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// The preset's period that contains `on`.
fn by_preset(preset: &str, on: NaiveDate, settings: &FigureSettings) -> Option<Period> {
    let year = on.year();
    let first = |month: u32| NaiveDate::from_ymd_opt(year, month, 1);
    let (from, to, name) = match preset {
        "month" => {
            let from = first(on.month())?;
            let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
            (from, to, format!("Tháng {}/{year}", on.month()))
        }
        "quarter" => {
            let q = on.month0() / 3;
            let from = first(q * 3 + 1)?;
            let to = from.checked_add_months(Months::new(3))?.pred_opt()?;
            (from, to, format!("Quý {}/{year}", ROMAN[q as usize]))
        }
        "half_year" => {
            let second = on.month() > 6;
            let from = first(if second { 7 } else { 1 })?;
            let to = from.checked_add_months(Months::new(6))?.pred_opt()?;
            let which = if second { "cuối" } else { "đầu" };
            (from, to, format!("6 tháng {which} năm {year}"))
        }
        "year" => (
            first(1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
            format!("Năm {year}"),
        ),
        code => {
            let plan = settings.plan_period(code)?;
            // The period of the latest start on or before `on`: the one running, or, between
            // one period's end and the next one's start, the one just ended.
            let (reported, (from, to)) = [year + 1, year, year - 1]
                .into_iter()
                .filter_map(|y| plan.edges(y).map(|e| (y, e)))
                .find(|(_, (start, _))| *start <= on)?;
            (from, to, format!("{} năm {reported}", plan.name))
        }
    };
    Some(Period {
        from,
        to,
        preset: Some(preset.to_owned()),
        name,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::test_support::{d, settings};

    fn ask(preset: &str, on: &str) -> Period {
        let q = PeriodQuery {
            preset: Some(preset.into()),
            on: Some(on.into()),
            ..PeriodQuery::default()
        };
        resolve(&q, d(2026, 11, 30), &settings()).unwrap()
    }

    #[test]
    fn calendar_presets_contain_the_day() {
        let p = ask("month", "2024-02-10");
        assert_eq!((p.from, p.to), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(p.name, "Tháng 2/2024");
        let p = ask("quarter", "2026-11-30");
        assert_eq!((p.from, p.to), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(p.name, "Quý IV/2026");
        let p = ask("half_year", "2026-06-30");
        assert_eq!((p.from, p.to), (d(2026, 1, 1), d(2026, 6, 30)));
        let p = ask("year", "2026-03-01");
        assert_eq!((p.from, p.to), (d(2026, 1, 1), d(2026, 12, 31)));
    }

    #[test]
    fn plan_periods_begin_the_december_before() {
        let p = ask("plan_half_year", "2026-03-01");
        assert_eq!((p.from, p.to), (d(2025, 12, 15), d(2026, 6, 14)));
        assert!(p.name.ends_with("năm 2026"), "{}", p.name);
        // After 14 June and before 15 December: the half year just ended.
        let p = ask("plan_half_year", "2026-09-01");
        assert_eq!((p.from, p.to), (d(2025, 12, 15), d(2026, 6, 14)));
        // From 15 December the next year's period runs.
        let p = ask("plan_year", "2026-12-20");
        assert_eq!((p.from, p.to), (d(2026, 12, 15), d(2027, 11, 14)));
    }

    #[test]
    fn a_period_runs_from_vietnam_midnight_to_vietnam_midnight() {
        let w = ask("month", "2026-11-05").window();
        assert_eq!(w.from.to_string(), "2026-10-31 17:00:00");
        assert_eq!(w.until.to_string(), "2026-11-30 17:00:00");
    }

    #[test]
    fn a_period_is_cut_into_months_or_years() {
        let p = Period::custom(d(2025, 12, 15), d(2026, 2, 10));
        let parts: Vec<(String, NaiveDate, NaiveDate)> = p
            .parts()
            .into_iter()
            .map(|(code, _, part)| (code, part.from, part.to))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("2025-12".into(), d(2025, 12, 15), d(2025, 12, 31)),
                ("2026-01".into(), d(2026, 1, 1), d(2026, 1, 31)),
                ("2026-02".into(), d(2026, 2, 1), d(2026, 2, 10)),
            ]
        );
        let long = Period::custom(d(2020, 3, 1), d(2026, 2, 10));
        let years: Vec<String> = long.parts().into_iter().map(|p| p.0).collect();
        assert_eq!(
            years,
            vec!["2020", "2021", "2022", "2023", "2024", "2025", "2026"]
        );
    }

    #[test]
    fn bad_periods_name_their_field() {
        let fields = |q: PeriodQuery| -> Vec<String> {
            resolve(&q, d(2026, 11, 30), &settings())
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        let q = |from: Option<&str>, to: Option<&str>, preset: Option<&str>| PeriodQuery {
            from: from.map(Into::into),
            to: to.map(Into::into),
            preset: preset.map(Into::into),
            on: None,
        };
        assert_eq!(fields(q(Some("2026-01-01"), None, None)), vec!["to"]);
        assert_eq!(
            fields(q(Some("2026-13-01"), Some("2026-12-01"), None)),
            vec!["from"]
        );
        assert_eq!(
            fields(q(Some("2026-02-01"), Some("2026-01-01"), None)),
            vec!["to"]
        );
        assert_eq!(
            fields(q(Some("2000-01-01"), Some("2026-01-01"), None)),
            vec!["to"]
        );
        assert_eq!(fields(q(None, None, Some("decade"))), vec!["preset"]);
        assert_eq!(
            fields(q(Some("2026-01-01"), Some("2026-02-01"), Some("year"))),
            vec!["preset"]
        );
        let none = resolve(&PeriodQuery::default(), d(2026, 11, 30), &settings()).unwrap();
        assert_eq!((none.from, none.to), (d(2026, 11, 1), d(2026, 11, 30)));
    }
}
