//! Working days in Vietnam: weekends and public holidays are off, except the Saturdays the
//! government swaps in as working days. Statutory periods counted in working days follow
//! the Civil Code 2015: counting starts the day after the event (art. 147) and the period
//! ends at the end of its last day (art. 148).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};

use crate::time;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days_off: BTreeSet<NaiveDate>,
    /// Weekend days worked in exchange for a day off elsewhere (ngày làm bù).
    working_weekends: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn new(
        days_off: impl IntoIterator<Item = NaiveDate>,
        working_weekends: impl IntoIterator<Item = NaiveDate>,
    ) -> WorkCalendar {
        WorkCalendar {
            days_off: days_off.into_iter().collect(),
            working_weekends: working_weekends.into_iter().collect(),
        }
    }

    /// The public holidays and days off, in order.
    pub fn days_off(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.days_off.iter().copied()
    }

    /// The weekend days worked instead, in order.
    pub fn working_weekends(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.working_weekends.iter().copied()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_weekends.contains(&date) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.days_off.contains(&date)
    }

    /// Whether the holiday list says anything about `year`; past its end, only weekends are
    /// skipped, and deadlines come out earlier than the law's, never later.
    pub fn covers_year(&self, year: i32) -> bool {
        self.days_off.iter().any(|d| d.year() == year)
    }

    /// The `n`th working day after `date` (`date` itself is not counted). With `n == 0`,
    /// `date` itself.
    pub fn working_days_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            // A year of days off in a row does not exist; the bound only keeps a corrupt
            // calendar from looping for ever.
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The deadline `n` working days after the instant `start`: the last second of the `n`th
    /// working day after the Vietnamese calendar day of `start`, as UTC.
    pub fn due_after_working_days(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let local_day = start.with_timezone(&time::vietnam()).date_naive();
        end_of_day(self.working_days_after(local_day, n))
    }
}

/// 23:59:59 in Vietnam on `date`, as UTC.
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let last_second = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default();
    let local = date.and_time(last_second);
    (local - chrono::Duration::hours(7)).and_utc()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The days off of the Tết and 30/4 weeks of 2025, with the Saturday worked for 2 May.
    fn calendar() -> WorkCalendar {
        WorkCalendar::new(
            [
                d(2025, 1, 1),
                d(2025, 1, 27),
                d(2025, 1, 28),
                d(2025, 1, 29),
                d(2025, 1, 30),
                d(2025, 1, 31),
                d(2025, 4, 30),
                d(2025, 5, 1),
                d(2025, 5, 2),
                d(2026, 1, 1),
            ],
            [d(2025, 4, 26)],
        )
    }

    #[test]
    fn counting_starts_the_next_day_and_skips_weekends() {
        let cal = calendar();
        // Wednesday 2025-03-05 + 5 working days: Thu, Fri, Mon, Tue, Wed.
        assert_eq!(cal.working_days_after(d(2025, 3, 5), 5), d(2025, 3, 12));
        // From a Friday: Mon..Fri of the next week.
        assert_eq!(cal.working_days_after(d(2025, 3, 7), 5), d(2025, 3, 14));
        // From a Saturday: the Monday is the first day.
        assert_eq!(cal.working_days_after(d(2025, 3, 8), 1), d(2025, 3, 10));
        assert_eq!(cal.working_days_after(d(2025, 3, 8), 0), d(2025, 3, 8));
    }

    #[test]
    fn tet_is_skipped_whole() {
        let cal = calendar();
        // Thursday 23 January 2025: Fri 24, then Tết (27-31) and the weekends are off:
        // Mon 3, Tue 4, Wed 5, Thu 6 February.
        assert_eq!(cal.working_days_after(d(2025, 1, 23), 5), d(2025, 2, 6));
        // Plan (5) then approval (2 more): 7 working days in all.
        assert_eq!(cal.working_days_after(d(2025, 2, 6), 2), d(2025, 2, 10));
    }

    #[test]
    fn a_swapped_saturday_is_worked_and_the_friday_is_not() {
        let cal = calendar();
        assert!(cal.is_working_day(d(2025, 4, 26)));
        assert!(!cal.is_working_day(d(2025, 5, 2)));
        // Thursday 24 April: Fri 25, Sat 26 (worked), Mon 28, Tue 29, then 30/4, 1/5, 2/5
        // and the weekend are off: Mon 5 May.
        assert_eq!(cal.working_days_after(d(2025, 4, 24), 5), d(2025, 5, 5));
    }

    #[test]
    fn the_year_end_and_new_year_are_crossed() {
        let cal = calendar();
        // Tuesday 30 December 2025: Wed 31, (Thu 1 Jan off), Fri 2, Mon 5, Tue 6, Wed 7.
        assert_eq!(cal.working_days_after(d(2025, 12, 30), 5), d(2026, 1, 7));
        assert!(cal.covers_year(2025));
        assert!(!cal.covers_year(2030));
    }

    #[test]
    fn a_deadline_ends_at_the_last_second_of_its_day_in_vietnam() {
        let cal = calendar();
        // 2025-03-04 20:00 UTC is already Wednesday 5 March 03:00 in Vietnam.
        let start = Utc.with_ymd_and_hms(2025, 3, 4, 20, 0, 0).unwrap();
        let due = cal.due_after_working_days(start, 5);
        // Wednesday 12 March 23:59:59 +07:00.
        assert_eq!(due, Utc.with_ymd_and_hms(2025, 3, 12, 16, 59, 59).unwrap());
    }
}
