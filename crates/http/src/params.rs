//! Query-string values shared by the list endpoints, checked with field-level errors.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use crate::FieldError;

/// The years a date or time may fall in: anything outside is a typing mistake here (and far
/// enough outside, beyond what date arithmetic can represent).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A date (`YYYY-MM-DD`) in [`YEARS`].
pub fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| YEARS.contains(&d.year()))
}

/// RFC 3339, or a date read in Vietnam time; as an upper bound a date includes its whole day.
/// Either must fall in [`YEARS`].
pub fn time_bound(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    upper: bool,
) -> Option<NaiveDateTime> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        let t = t.with_timezone(&Utc).naive_utc();
        if YEARS.contains(&t.year()) {
            return Some(t);
        }
    } else if let Some(d) = date(v) {
        let day = if upper { d.succ_opt().unwrap_or(d) } else { d };
        return Some(hotline_domain::time::vietnam_midnight(day).naive_utc());
    }
    errors.push(FieldError::new(
        field,
        "cần thời điểm RFC 3339 hoặc ngày YYYY-MM-DD, từ năm 1900 đến 2200",
    ));
    None
}

/// An integer in `min..=max`, `default` when the parameter is left out; sent empty, it is an
/// error like any other value that is not such an integer.
pub fn integer(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    min: i64,
    max: i64,
    default: i64,
) -> i64 {
    match value.map(str::trim) {
        None => default,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    field,
                    format!("cần số nguyên từ {min} đến {max}"),
                ));
                default
            }
        },
    }
}

/// How a list pages: at most `max` items a page, `default` when the client does not say.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub max: i64,
    pub default: i64,
}

impl Paging {
    /// `page` (from 1) and `per_page` (1 to `max`) as typed.
    pub fn read(
        self,
        errors: &mut Vec<FieldError>,
        page: Option<&str>,
        per_page: Option<&str>,
    ) -> (i64, i64) {
        (
            integer(errors, "page", page, 1, 1_000_000, 1),
            integer(errors, "per_page", per_page, 1, self.max, self.default),
        )
    }
}

/// A code from a closed list (a status, a category ...): `None` when the parameter is left
/// out; present but empty or unknown is an error named after the field.
pub fn code<T: std::str::FromStr>(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
) -> Option<T> {
    match value?.trim().parse() {
        Ok(code) => Some(code),
        Err(_) => {
            errors.push(FieldError::new(field, "mã không hợp lệ"));
            None
        }
    }
}

/// A query value trimmed, or `None` when absent or blank.
pub fn text(value: Option<&str>) -> Option<String> {
    value.and_then(crate::form::text)
}

/// A record's id as it appears in a path (a UUID, in its canonical form); anything else is
/// simply not found.
pub fn path_id(raw: &str) -> Result<String, crate::Failure> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| crate::Failure::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_far_outside_the_service_s_years_are_refused_not_computed() {
        for v in [
            "-262143-01-01",
            "262142-12-31",
            "0001-01-01",
            "1899-12-31T23:00:00Z",
        ] {
            let mut errors = Vec::new();
            assert_eq!(time_bound(&mut errors, "from", Some(v), true), None, "{v}");
            assert_eq!(errors.len(), 1, "{v}");
            assert_eq!(errors[0].field, "from");
        }
        let mut errors = Vec::new();
        assert!(time_bound(&mut errors, "to", Some("2026-11-28"), true).is_some());
        assert!(time_bound(&mut errors, "to", Some("2026-11-28T08:00:00+07:00"), false).is_some());
        assert!(errors.is_empty());
    }
}
