//! The process: referrals by agency and where they stand, whether agencies acknowledged in
//! time, the deadlines of Decree 56 met or missed, and the open cases by age. Referrals are
//! counted by the day they were made, deadlines by the day they fell due; what is not yet due
//! at `now` is neither in time nor late.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use hotline_domain::{DeadlineKind, DeadlineState, ReferralStatus};
use hotline_store::queries::figures::{DeadlineFact, ReferralFact};

use super::count::{percent, percentile};
use crate::table::{column, Cell, ColumnKind, Section, Table};

fn count(n: usize) -> Cell {
    Cell::Count(i64::try_from(n).unwrap_or(i64::MAX))
}

fn minutes(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 60.0
}

/// The referrals of each agency, by (name, code): in the order of the agencies' names.
fn by_agency(referrals: &[ReferralFact]) -> BTreeMap<(&str, &str), Vec<&ReferralFact>> {
    let mut by_agency: BTreeMap<(&str, &str), Vec<&ReferralFact>> = BTreeMap::new();
    for r in referrals {
        by_agency
            .entry((r.agency_name.as_str(), r.agency_code.as_str()))
            .or_default()
            .push(r);
    }
    by_agency
}

/// Referrals by agency (ordered by name) and status.
pub fn referrals_by_agency(referrals: &[ReferralFact]) -> Table {
    let by_agency = by_agency(referrals);
    let mut columns = vec![
        column("agency_code", "Mã cơ quan", ColumnKind::Code),
        column("agency", "Cơ quan", ColumnKind::Text),
    ];
    columns.extend(
        ReferralStatus::ALL
            .iter()
            .map(|s| column(s.code(), s.label_vi(), ColumnKind::Count)),
    );
    columns.push(column("total", "Tổng số", ColumnKind::Count));
    let rows = by_agency
        .into_iter()
        .map(|((name, code), list)| {
            let mut row = vec![Cell::Text(code.to_owned()), Cell::Text(name.to_owned())];
            row.extend(
                ReferralStatus::ALL
                    .iter()
                    .map(|s| count(list.iter().filter(|r| r.status == s.code()).count())),
            );
            row.push(count(list.len()));
            row
        })
        .collect();
    Table {
        name: "referrals_by_agency",
        title: "Chuyển tuyến theo cơ quan và tình trạng",
        section: Section::Process,
        columns,
        rows,
    }
}

/// Whether each agency acknowledged its referrals by their deadline, and how fast.
pub fn acknowledgement(referrals: &[ReferralFact], now: NaiveDateTime) -> Table {
    let by_agency = by_agency(referrals);
    let mut rows: Vec<Vec<Cell>> = by_agency
        .iter()
        .map(|((name, code), list)| ack_row(code, name, list, now))
        .collect();
    let all: Vec<&ReferralFact> = referrals.iter().collect();
    rows.push(ack_row("all", "Tất cả cơ quan", &all, now));
    Table {
        name: "acknowledgement_by_agency",
        title: "Xác nhận tiếp nhận chuyển tuyến đúng hạn",
        section: Section::Process,
        columns: vec![
            column("agency_code", "Mã cơ quan", ColumnKind::Code),
            column("agency", "Cơ quan", ColumnKind::Text),
            column("referrals", "Số chuyển tuyến", ColumnKind::Count),
            column("due", "Đã đến hạn xác nhận", ColumnKind::Count),
            column("in_time", "Xác nhận đúng hạn", ColumnKind::Count),
            column("late", "Xác nhận muộn", ColumnKind::Count),
            column("unacknowledged", "Quá hạn chưa xác nhận", ColumnKind::Count),
            column("in_time_percent", "Tỷ lệ đúng hạn (%)", ColumnKind::Percent),
            column(
                "median_minutes",
                "Thời gian xác nhận, trung vị (phút)",
                ColumnKind::Duration,
            ),
            column(
                "p90_minutes",
                "Thời gian xác nhận, 90% trong vòng (phút)",
                ColumnKind::Duration,
            ),
            column("escalated", "Đã báo cáo lên cấp trên", ColumnKind::Count),
        ],
        rows,
    }
}

fn ack_row(code: &str, name: &str, list: &[&ReferralFact], now: NaiveDateTime) -> Vec<Cell> {
    let kept = Kept::of_referrals(list.iter().copied(), now);
    let due = kept.due();
    let mut times: Vec<f64> = list
        .iter()
        .filter_map(|r| r.answered_at().map(|a| minutes(r.created_at, a)))
        .collect();
    vec![
        Cell::Text(code.to_owned()),
        Cell::Text(name.to_owned()),
        count(list.len()),
        count(due),
        count(kept.in_time),
        count(kept.late),
        count(kept.missed),
        Cell::Measure(percent(kept.in_time as i64, due as i64)),
        Cell::Measure(percentile(&mut times, 0.5)),
        Cell::Measure(percentile(&mut times, 0.9)),
        count(kept.escalated),
    ]
}

/// How a group of deadlines went: (due, in time, late, missed, escalated).
struct Kept {
    in_time: usize,
    late: usize,
    missed: usize,
    escalated: usize,
}

impl Kept {
    /// How referrals' acknowledgements went: answered by their deadline or after it, not
    /// answered with the deadline past at `now`, escalated.
    fn of_referrals<'a>(list: impl Iterator<Item = &'a ReferralFact>, now: NaiveDateTime) -> Kept {
        let mut kept = Kept {
            in_time: 0,
            late: 0,
            missed: 0,
            escalated: 0,
        };
        for r in list {
            match r.answered_at() {
                Some(a) if a <= r.due_at => kept.in_time += 1,
                Some(_) => kept.late += 1,
                None if r.due_at <= now => kept.missed += 1,
                None => {}
            }
            kept.escalated += usize::from(r.escalated_at.is_some());
        }
        kept
    }

    /// Those whose deadline has come: met or not.
    fn due(&self) -> usize {
        self.in_time + self.late + self.missed
    }

    fn row(&self, code: &str, label: &str) -> Vec<Cell> {
        let due = self.due();
        vec![
            Cell::Text(code.to_owned()),
            Cell::Text(label.to_owned()),
            count(due),
            count(self.in_time),
            count(self.late),
            count(self.missed),
            count(self.escalated),
            Cell::Measure(percent(self.in_time as i64, due as i64)),
        ]
    }
}

/// Each kind of deadline that fell due: met in time, met late, missed, escalated. An
/// agency's acknowledgement of a referral is a deadline too, kept on the referral itself.
pub fn deadline_compliance(
    deadlines: &[DeadlineFact],
    referrals: &[ReferralFact],
    now: NaiveDateTime,
) -> Table {
    let rows = DeadlineKind::ALL
        .iter()
        .map(|kind| {
            if *kind == DeadlineKind::ReferralAck {
                return Kept::of_referrals(referrals.iter(), now).row(kind.code(), kind.label_vi());
            }
            let of_kind: Vec<&DeadlineFact> = deadlines
                .iter()
                .filter(|d| d.kind == kind.code())
                .filter(|d| d.state != DeadlineState::Cancelled.code())
                .collect();
            let in_time = of_kind
                .iter()
                .filter(|d| d.met_at.is_some_and(|m| m <= d.due_at))
                .count();
            let late = of_kind
                .iter()
                .filter(|d| d.met_at.is_some_and(|m| m > d.due_at))
                .count();
            let missed = of_kind
                .iter()
                .filter(|d| d.met_at.is_none() && d.due_at <= now)
                .count();
            let escalated = of_kind
                .iter()
                .filter(|d| d.escalated_to.as_deref().is_some_and(|to| to != "[]"))
                .count();
            Kept {
                in_time,
                late,
                missed,
                escalated,
            }
            .row(kind.code(), kind.label_vi())
        })
        .collect();
    Table {
        name: "deadline_compliance",
        title: "Thực hiện đúng thời hạn theo Nghị định 56/2017/NĐ-CP",
        section: Section::Process,
        columns: vec![
            column("kind", "Mã thời hạn", ColumnKind::Code),
            column("label", "Thời hạn", ColumnKind::Text),
            column("due", "Đã đến hạn", ColumnKind::Count),
            column("in_time", "Đúng hạn", ColumnKind::Count),
            column("late", "Muộn", ColumnKind::Count),
            column("missed", "Quá hạn chưa thực hiện", ColumnKind::Count),
            column("escalated", "Đã báo cáo lên cấp trên", ColumnKind::Count),
            column("in_time_percent", "Tỷ lệ đúng hạn (%)", ColumnKind::Percent),
        ],
        rows,
    }
}

/// The age bands of open cases, in days: (code, label, youngest, oldest).
pub const OPEN_AGES: [(&str, &str, i64, Option<i64>); 4] = [
    ("0_7", "Từ 0 đến 7 ngày", 0, Some(7)),
    ("8_30", "Từ 8 đến 30 ngày", 8, Some(30)),
    ("31_90", "Từ 31 đến 90 ngày", 31, Some(90)),
    ("over_90", "Trên 90 ngày", 91, None),
];

/// The receipt times a band of ages at `at` covers: received after the first (if any), by
/// the second.
pub fn received_for_age(
    at: NaiveDateTime,
    youngest: i64,
    oldest: Option<i64>,
) -> (Option<NaiveDateTime>, NaiveDateTime) {
    (
        oldest.map(|o| at - Duration::days(o + 1)),
        at - Duration::days(youngest),
    )
}

pub fn open_cases_by_age(counts: Vec<i64>) -> Table {
    Table::breakdown(
        "open_cases_by_age",
        "Vụ việc đang xử lý vào cuối kỳ, theo số ngày từ khi tiếp nhận",
        Section::Process,
        OPEN_AGES
            .iter()
            .zip(counts)
            .map(|((code, label, _, _), n)| ((*code).to_owned(), (*label).to_owned(), n))
            .collect(),
    )
}
