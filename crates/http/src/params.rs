//! Query-string values shared by the list endpoints, checked with field-level errors.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::FieldError;

/// RFC 3339, or a date read in Vietnam time; as an upper bound a date includes its whole day.
pub fn time_bound(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    upper: bool,
) -> Option<NaiveDateTime> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc).naive_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let day = if upper { d.succ_opt().unwrap_or(d) } else { d };
        return Some(hotline_domain::time::vietnam_midnight(day).naive_utc());
    }
    errors.push(FieldError::new(
        field,
        "cần thời điểm RFC 3339 hoặc ngày YYYY-MM-DD",
    ));
    None
}

/// An integer in `min..=max`, `default` when absent.
pub fn integer(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    min: i64,
    max: i64,
    default: i64,
) -> i64 {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
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

/// A query value trimmed, or `None` when absent or blank.
pub fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A record's id as it appears in a path (a UUID, in its canonical form); anything else is
/// simply not found.
pub fn path_id(raw: &str) -> Result<String, crate::Failure> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| crate::Failure::NotFound)
}
