//! One province's day, counted whole from the cases: every figure of [`super::figure`],
//! for the province and for each of its communes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Days, NaiveDate, NaiveDateTime};
use hotline_domain::codes::Platform;
use hotline_domain::evidence::OnlineCounted;
use hotline_domain::time::{vietnam_date, vietnam_midnight};
use hotline_domain::{AgencyKind, CaseStatus, DeadlineState};
use hotline_store::queries::daily_counts::{DayCount, WHOLE};
use hotline_store::queries::figures::{self as source, Window, UNPLACED};
use hotline_store::DbConnection;

use super::figure as f;
use crate::figures::{age_on, indicator_type, NOT_RECORDED};
use crate::ReportsError;

/// Counts of one day by (commune, figure, key); a contact without a commune counts for
/// its province only.
#[derive(Default)]
struct DayTally {
    counts: BTreeMap<(Option<i32>, &'static str, String), i64>,
}

impl DayTally {
    fn add(&mut self, commune: Option<i32>, figure: &'static str, key: impl Into<String>) {
        *self
            .counts
            .entry((commune, figure, key.into()))
            .or_default() += 1;
    }

    /// A code, or "not recorded".
    fn add_code(&mut self, commune: Option<i32>, figure: &'static str, code: Option<&str>) {
        self.add(commune, figure, code.unwrap_or(NOT_RECORDED.0));
    }

    /// The rows to store: each commune's, then the province's (commune [`WHOLE`]).
    fn into_counts(self, province: i32, day: NaiveDate) -> Vec<DayCount> {
        let mut whole: BTreeMap<(&'static str, String), i64> = BTreeMap::new();
        let mut rows = Vec::new();
        for ((commune, figure, key), n) in self.counts {
            *whole.entry((figure, key.clone())).or_default() += n;
            if let Some(commune) = commune {
                rows.push(DayCount {
                    province_code: province,
                    commune_code: commune,
                    figure: figure.to_owned(),
                    day,
                    key,
                    n,
                });
            }
        }
        rows.extend(whole.into_iter().map(|((figure, key), n)| DayCount {
            province_code: province,
            commune_code: WHOLE,
            figure: figure.to_owned(),
            day,
            key,
            n,
        }));
        rows
    }
}

/// A time to act, rounded so a year of them is a few hundred counts per agency: to the
/// minute up to ten minutes, to five minutes up to two hours, to the half hour up to two
/// days, to the hour beyond. Medians and percentiles read from them are exact at that
/// precision.
pub fn duration_bucket(seconds: i64) -> i64 {
    let step = if seconds <= 600 {
        60
    } else if seconds <= 7_200 {
        300
    } else if seconds <= 172_800 {
        1_800
    } else {
        3_600
    };
    (seconds.max(0) + step / 2) / step * step
}

fn seconds(from: NaiveDateTime, to: NaiveDateTime) -> i64 {
    (to - from).num_seconds()
}

/// Every count of `province`'s `day` ([`UNPLACED`]: the contacts received without one).
pub fn recompute(
    conn: &mut DbConnection,
    province: i32,
    day: NaiveDate,
) -> Result<Vec<DayCount>, ReportsError> {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    let window = Window {
        from: vietnam_midnight(day).naive_utc(),
        until: vietnam_midnight(next).naive_utc(),
    };
    let mut t = DayTally::default();
    contacts(&mut t, &source::contacts(conn, province, window)?);
    if province != UNPLACED {
        cases(&mut t, conn, province, window)?;
        children(&mut t, conn, province, window)?;
        for (commune, relation, band) in source::perpetrators(conn, province, window)? {
            t.add(Some(commune), f::PERPETRATOR_RELATION, relation);
            t.add_code(Some(commune), f::PERPETRATOR_AGE, band.as_deref());
        }
        for (commune, service) in source::services(conn, province, day)? {
            t.add(Some(commune), f::SERVICE, service);
        }
        referrals(&mut t, &source::referrals(conn, province, window)?);
        deadlines(&mut t, &source::deadlines(conn, province, window)?);
        for (from_p, from_c, to_p, to_c) in source::transfers(conn, province, window)? {
            let within = from_p == to_p;
            if from_p == province {
                t.add(
                    Some(from_c),
                    f::MOVED,
                    if within { "within_out" } else { "out" },
                );
            }
            if to_p == province {
                t.add(
                    Some(to_c),
                    f::MOVED,
                    if within { "within_in" } else { "in" },
                );
            }
        }
    }
    Ok(t.into_counts(province, day))
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn contacts(t: &mut DayTally, contacts: &[source::ContactFact]) {
    for c in contacts {
        let at = c.commune_code;
        t.add(at, f::CONTACT_TYPE, c.contact_type.as_str());
        t.add(at, f::CHANNEL, c.channel.as_str());
        t.add_code(at, f::CALLER_TYPE, c.caller_type.as_deref());
        t.add_code(at, f::CALLER_SEX, c.caller_sex.as_deref());
        t.add_code(at, f::CALLER_AGE, c.caller_age_band.as_deref());
        if let Some(text) = &c.online {
            // A detail that does not parse is still a report online: counted, platform unknown.
            let online = OnlineCounted::of(text);
            let p = online.and_then(|o| o.platform);
            t.add_code(at, f::ONLINE_PLATFORM, p.map(Platform::code));
            let still = online.and_then(|o| o.still_online);
            t.add_code(at, f::ONLINE_STILL, still.map(yes_no));
        }
    }
}

fn cases(
    t: &mut DayTally,
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> Result<(), ReportsError> {
    for c in source::cases(conn, province, window)? {
        let at = Some(c.commune_code);
        if c.status == CaseStatus::Duplicate.code() {
            t.add(at, f::CASES, "duplicate");
            continue;
        }
        t.add(at, f::CASES, "counted");
        t.add_code(at, f::LEGAL_OUTCOME, c.legal_outcome.as_deref());
        if c.closed_at.is_none() {
            t.add(at, f::STILL_OPEN, "open");
        }
    }
    for (commune, received_at) in source::closed(conn, province, window)? {
        let received = vietnam_date(received_at.and_utc());
        t.add(Some(commune), f::CLOSED, received.to_string());
    }
    Ok(())
}

fn by_case(pairs: Vec<(String, String)>) -> HashMap<String, BTreeSet<String>> {
    let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (case, code) in pairs {
        map.entry(case).or_default().insert(code);
    }
    map
}

/// Each child of a counted case once, under every type of abuse its case records.
fn children(
    t: &mut DayTally,
    conn: &mut DbConnection,
    province: i32,
    window: Window,
) -> Result<(), ReportsError> {
    let categories = by_case(source::categories(conn, province, window)?);
    let subtypes = by_case(source::sexual_subtypes(conn, province, window)?);
    for child in source::children(conn, province, window)? {
        let at = Some(child.commune_code);
        let types = categories.get(&child.case_id);
        let mut indicator = BTreeSet::new();
        for category in types.into_iter().flatten() {
            t.add(at, f::CHILD_CATEGORY, category.as_str());
            indicator.insert(indicator_type(category));
        }
        for ty in indicator {
            t.add(at, f::CHILD_INDICATOR, ty);
        }
        for s in subtypes.get(&child.case_id).into_iter().flatten() {
            t.add(at, f::CHILD_SUBTYPE, s.as_str());
        }
        t.add_code(at, f::CHILD_SEX, child.sex.as_deref());
        let received = vietnam_date(child.received_at.and_utc());
        let age = age_on(&child, received).map(|a| a.to_string());
        t.add_code(at, f::CHILD_AGE, age.as_deref());
        t.add_code(at, f::CHILD_SETTING, child.setting.as_deref());
        t.add_code(at, f::CHILD_ETHNICITY, child.ethnicity.as_deref());
        t.add_code(at, f::CHILD_DISABILITY, child.disability.map(yes_no));
        t.add(at, f::CHILD_COMMUNE, child.commune_code.to_string());
    }
    Ok(())
}

fn referrals(t: &mut DayTally, referrals: &[source::ReferralFact]) {
    for r in referrals {
        let at = Some(r.commune_code);
        let agency = r.agency_id.as_str();
        t.add(at, f::REFERRAL, format!("{agency} {}", r.status));
        let answered = r.answered_at();
        let state = match answered {
            Some(a) if a <= r.due_at => "in_time",
            Some(_) => "late",
            None => "open",
        };
        t.add(at, f::ACK, format!("{agency} {state}"));
        if r.escalated_at.is_some() {
            t.add(at, f::ACK_ESCALATED, agency);
        }
        if let Some(a) = answered {
            let bucket = duration_bucket(seconds(r.created_at, a));
            t.add(at, f::ACK_TIME, format!("{agency} {bucket}"));
        }
        if r.agency_kind == AgencyKind::InfoDept.code() {
            t.add(at, f::TAKEDOWN, "requested");
            if let Some(done) = r.completed_at {
                t.add(at, f::TAKEDOWN, "done");
                let bucket = duration_bucket(seconds(r.created_at, done));
                t.add(at, f::TAKEDOWN_TIME, bucket.to_string());
            }
        }
    }
}

fn deadlines(t: &mut DayTally, deadlines: &[source::DeadlineFact]) {
    for d in deadlines {
        if d.state == DeadlineState::Cancelled.code() {
            continue;
        }
        let at = Some(d.commune_code);
        let state = match d.met_at {
            Some(m) if m <= d.due_at => "in_time",
            Some(_) => "late",
            None => "open",
        };
        t.add(at, f::DEADLINE, format!("{} {state}", d.kind));
        if d.escalated_to.as_deref().is_some_and(|to| to != "[]") {
            t.add(at, f::DEADLINE_ESCALATED, d.kind.as_str());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations_keep_the_minute_then_five_then_the_half_hour_then_the_hour() {
        assert_eq!(duration_bucket(0), 0);
        assert_eq!(duration_bucket(89), 60);
        assert_eq!(duration_bucket(9 * 60 + 40), 10 * 60);
        assert_eq!(duration_bucket(12 * 60 + 20), 10 * 60);
        assert_eq!(duration_bucket(90 * 60), 90 * 60);
        assert_eq!(duration_bucket(7_229), 7_200);
        assert_eq!(duration_bucket(26 * 3600 + 899), 26 * 3600);
        assert_eq!(duration_bucket(26 * 3600 + 901), 26 * 3600 + 1800);
        assert_eq!(duration_bucket(3 * 86_400 + 1_700), 3 * 86_400);
        assert_eq!(duration_bucket(-5), 0);
    }
}
