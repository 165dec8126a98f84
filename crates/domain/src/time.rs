//! Times are stored in UTC and shown in Asia/Ho_Chi_Minh, which is UTC+7 all year (no DST).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// Vietnam keeps UTC+7 all year (no daylight saving).
pub const VIETNAM_OFFSET_SECS: i32 = 7 * 3600;

/// Checked at compile time: 7 h is inside the ±24 h that `FixedOffset` accepts.
const VIETNAM: FixedOffset = match FixedOffset::east_opt(VIETNAM_OFFSET_SECS) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

pub fn vietnam() -> FixedOffset {
    VIETNAM
}

/// The calendar year in Vietnam at instant `t` (case numbers count by it).
pub fn vietnam_year(t: DateTime<Utc>) -> i32 {
    t.with_timezone(&vietnam()).year()
}

/// The calendar date in Vietnam at instant `t`.
pub fn vietnam_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&vietnam()).date_naive()
}

/// 00:00 in Vietnam on `date`, as UTC.
pub fn vietnam_midnight(date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    (local - chrono::Duration::seconds(i64::from(VIETNAM_OFFSET_SECS))).and_utc()
}

/// The current instant at the precision both databases keep (microseconds), so what is
/// returned before and after a round trip through storage is the same.
pub fn now() -> DateTime<Utc> {
    at_storage_precision(Utc::now())
}

pub fn at_storage_precision(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}

/// The wait before attempt `attempts + 1` of a delivery (mail, webhook): doubling from
/// `base`, capped at `max`, and stretched by up to a quarter by `jitter` (a draw in 0..1,
/// the caller's), so that the retries of many rows do not arrive together.
pub fn backoff(
    (base, max): (std::time::Duration, std::time::Duration),
    attempts: i32,
    jitter: f64,
) -> std::time::Duration {
    let exponent = u32::try_from(attempts.clamp(1, 30) - 1).unwrap_or(0);
    let delay = base.saturating_mul(2u32.saturating_pow(exponent)).min(max);
    delay.mul_f64(1.0 + jitter.clamp(0.0, 1.0) * 0.25)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn new_year_comes_seven_hours_early() {
        let t = Utc.with_ymd_and_hms(2026, 12, 31, 17, 30, 0).unwrap();
        assert_eq!(vietnam_year(t), 2027);
        assert_eq!(vietnam_year(t - chrono::Duration::hours(1)), 2026);
    }

    #[test]
    fn midnight_in_vietnam_is_17_utc_the_day_before() {
        let m = vietnam_midnight(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(m, Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap());
    }

    #[test]
    fn backoff_doubles_to_its_cap_with_a_quarter_of_jitter() {
        use std::time::Duration;
        let bounds = (Duration::from_secs(30), Duration::from_secs(3600));
        assert_eq!(backoff(bounds, 1, 0.0), Duration::from_secs(30));
        assert_eq!(backoff(bounds, 3, 0.0), Duration::from_secs(120));
        assert_eq!(backoff(bounds, 20, 0.0), Duration::from_secs(3600));
        assert_eq!(backoff(bounds, 1, 1.0), Duration::from_millis(37_500));
        assert_eq!(backoff(bounds, 0, 0.0), Duration::from_secs(30));
    }
}
