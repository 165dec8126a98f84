//! Counting helpers the tables share: rows for every code of a closed list (a code nobody
//! used still reads 0, so the same table has the same rows every period), and percentiles.

use std::collections::BTreeMap;

/// A closed list's (code, label) pairs, in its order: the same as a form's choices.
pub use hotline_domain::codes::choices as codes;

/// The code of "not recorded", and how it reads.
pub const NOT_RECORDED: (&str, &str) = ("not_recorded", "Chưa ghi nhận");

/// Counts by code, then laid out as rows.
#[derive(Debug, Default)]
pub struct Tally {
    counts: BTreeMap<String, i64>,
}

impl Tally {
    pub fn add(&mut self, code: Option<&str>, n: i64) {
        let key = code.unwrap_or(NOT_RECORDED.0);
        *self.counts.entry(key.to_owned()).or_default() += n;
    }

    /// A row for every code of `known` (zeros included), then any stored code the list does
    /// not know (shown as its code), then "not recorded" when anything was.
    pub fn rows<K: AsRef<str>, L: AsRef<str>>(
        &self,
        known: &[(K, L)],
    ) -> Vec<(String, String, i64)> {
        let mut rows: Vec<(String, String, i64)> = known
            .iter()
            .map(|(code, label)| {
                let n = self.counts.get(code.as_ref()).copied().unwrap_or(0);
                (code.as_ref().to_owned(), label.as_ref().to_owned(), n)
            })
            .collect();
        for (code, n) in &self.counts {
            let listed = known.iter().any(|(k, _)| k.as_ref() == code);
            if !listed && code != NOT_RECORDED.0 {
                rows.push((code.clone(), code.clone(), *n));
            }
        }
        if let Some(n) = self.counts.get(NOT_RECORDED.0) {
            rows.push((NOT_RECORDED.0.into(), NOT_RECORDED.1.into(), *n));
        }
        rows
    }

    /// Only the codes counted, most first (a list too long to show whole: 56 ethnic groups,
    /// hundreds of communes).
    pub fn used_rows<K: AsRef<str>, L: AsRef<str>>(
        &self,
        known: &[(K, L)],
    ) -> Vec<(String, String, i64)> {
        let mut rows: Vec<_> = self.rows(known).into_iter().filter(|r| r.2 > 0).collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        rows
    }
}

/// The `p`-th fraction (0 to 1) of values given as (value, how many), interpolated between
/// the two nearest (as PostgreSQL's `percentile_cont`): the median of 10 and 20 is 15.
pub fn percentile(counts: &mut [(f64, i64)], p: f64) -> Option<f64> {
    counts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let all: i64 = counts.iter().map(|c| c.1.max(0)).sum();
    if all == 0 {
        return None;
    }
    let at = p * (all - 1) as f64;
    let (low, high) = (at.floor() as i64, at.ceil() as i64);
    let (a, b) = (nth(counts, low)?, nth(counts, high)?);
    Some(a + (b - a) * (at - low as f64))
}

/// The value of rank `rank` (from 0) of values sorted and counted.
fn nth(counts: &[(f64, i64)], rank: i64) -> Option<f64> {
    let mut seen = 0;
    counts.iter().find_map(|(value, n)| {
        seen += (*n).max(0);
        (seen > rank).then_some(*value)
    })
}

/// The times of a figure kept as (seconds, how many), in `unit` seconds.
pub fn times<'a>(keys: impl Iterator<Item = (&'a str, i64)>, unit: f64) -> Vec<(f64, i64)> {
    keys.filter_map(|(secs, n)| secs.parse::<f64>().ok().map(|s| (s / unit, n)))
        .collect()
}

/// `part` of `whole` in percent, none of none.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        assert_eq!(percentile(&mut [(20.0, 1), (10.0, 1)], 0.5), Some(15.0));
        let p90 = percentile(&mut [(1.0, 1), (2.0, 1), (3.0, 1), (4.0, 1), (5.0, 1)], 0.9);
        assert!((p90.unwrap() - 4.6).abs() < 1e-9, "{p90:?}");
        // Counted values read as the list they stand for: 1, 1, 1, 5.
        let p90 = percentile(&mut [(5.0, 1), (1.0, 3)], 0.9).unwrap();
        assert!((p90 - 3.8).abs() < 1e-9, "{p90}");
        assert_eq!(percentile(&mut [(7.0, 1)], 0.9), Some(7.0));
        assert_eq!(percentile(&mut [(7.0, 0)], 0.5), None);
        assert_eq!(percentile(&mut [], 0.5), None);
    }

    #[test]
    fn every_known_code_has_a_row_and_strangers_follow() {
        let mut t = Tally::default();
        t.add(Some("b"), 2);
        t.add(None, 1);
        t.add(Some("zz"), 4);
        let rows = t.rows(&[("a", "A"), ("b", "B")]);
        let flat: Vec<(&str, i64)> = rows.iter().map(|r| (r.0.as_str(), r.2)).collect();
        assert_eq!(
            flat,
            vec![("a", 0), ("b", 2), ("zz", 4), ("not_recorded", 1)]
        );
    }
}
