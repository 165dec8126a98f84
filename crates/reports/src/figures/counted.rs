//! The daily counts of an area, summed over a period: what every table is laid out from.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use hotline_store::queries::daily_counts::{self, Level};
use hotline_store::DbConnection;

use super::count::Tally;
use crate::daily::figure as f;
use crate::ReportsError;

/// The figures summed over the period's days, by figure and key.
#[derive(Debug, Default)]
pub struct Counted {
    sums: HashMap<&'static str, BTreeMap<String, i64>>,
    /// Contacts per day, for the figures by month.
    contacts_per_day: BTreeMap<NaiveDate, i64>,
}

/// The figures counted over a period (the open cases are counted apart, at its end).
const PERIOD_FIGURES: [&str; 30] = [
    f::CONTACT_TYPE,
    f::CHANNEL,
    f::CALLER_TYPE,
    f::CALLER_SEX,
    f::CALLER_AGE,
    f::ONLINE_PLATFORM,
    f::ONLINE_STILL,
    f::CASES,
    f::CHILD_INDICATOR,
    f::CHILD_CATEGORY,
    f::CHILD_SUBTYPE,
    f::CHILD_SEX,
    f::CHILD_AGE,
    f::CHILD_SETTING,
    f::CHILD_ETHNICITY,
    f::CHILD_DISABILITY,
    f::CHILD_COMMUNE,
    f::PERPETRATOR_RELATION,
    f::PERPETRATOR_AGE,
    f::SERVICE,
    f::LEGAL_OUTCOME,
    f::REFERRAL,
    f::ACK,
    f::ACK_ESCALATED,
    f::ACK_TIME,
    f::TAKEDOWN,
    f::TAKEDOWN_TIME,
    f::DEADLINE,
    f::DEADLINE_ESCALATED,
    f::MOVED,
];

impl Counted {
    /// Every figure of `level` summed over the days `from` to `to`.
    pub fn read(
        conn: &mut DbConnection,
        level: Level,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Counted, ReportsError> {
        let mut counted = Counted::default();
        for figure in PERIOD_FIGURES {
            let sums = daily_counts::sums(conn, level, figure, from, to)?;
            counted.sums.insert(figure, sums.into_iter().collect());
        }
        counted.contacts_per_day = daily_counts::per_day(conn, level, f::CONTACT_TYPE, from, to)?
            .into_iter()
            .collect();
        Ok(counted)
    }

    /// (key, n) of a figure.
    pub fn of(&self, figure: &str) -> impl Iterator<Item = (&str, i64)> {
        self.sums
            .get(figure)
            .into_iter()
            .flatten()
            .map(|(k, n)| (k.as_str(), *n))
    }

    /// A figure's counts as a tally.
    pub fn tally(&self, figure: &str) -> Tally {
        let mut t = Tally::default();
        for (key, n) in self.of(figure) {
            t.add(Some(key), n);
        }
        t
    }

    /// All of a figure.
    pub fn total(&self, figure: &str) -> i64 {
        self.of(figure).map(|(_, n)| n).sum()
    }

    /// One key of a figure.
    pub fn get(&self, figure: &str, key: &str) -> i64 {
        self.sums
            .get(figure)
            .and_then(|m| m.get(key))
            .copied()
            .unwrap_or(0)
    }

    /// Contacts received on the days `from` to `to`.
    pub fn contacts_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.contacts_per_day.range(from..=to).map(|(_, n)| n).sum()
    }
}

/// Split keys `a b` of a figure (agency and state, kind and state): (a, b, n).
pub fn pairs<'a>(
    counted: &'a Counted,
    figure: &str,
) -> impl Iterator<Item = (&'a str, &'a str, i64)> + 'a {
    counted
        .sums
        .get(figure)
        .into_iter()
        .flatten()
        .filter_map(|(key, n)| key.split_once(' ').map(|(a, b)| (a, b, *n)))
}
