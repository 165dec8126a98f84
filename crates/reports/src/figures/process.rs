//! The process: referrals by agency and where they stand, whether agencies acknowledged in
//! time, the deadlines of Decree 56 met or missed, and the open cases by age. Referrals are
//! counted by the day they were made, deadlines by the day they fell due. What was not
//! answered or met is missed once its deadline has passed: the daily counts say "open", and
//! the few still ahead of their deadline at the time of reading (`waiting`) are taken out.

use std::collections::{BTreeMap, HashMap};

use hotline_domain::{DeadlineKind, ReferralStatus};

use super::count::{percent, percentile, times};
use super::counted::{pairs, Counted};
use crate::daily::figure as f;
use crate::table::{column, Cell, ColumnKind, Section, Table};

/// How a group of deadlines went.
#[derive(Debug, Default, Clone, Copy)]
pub struct Kept {
    in_time: i64,
    late: i64,
    /// Not answered or met, deadline passed or not.
    open: i64,
    /// Of those, the ones whose deadline is still ahead.
    waiting: i64,
    escalated: i64,
}

impl Kept {
    fn add_state(&mut self, state: &str, n: i64) {
        match state {
            "in_time" => self.in_time += n,
            "late" => self.late += n,
            _ => self.open += n,
        }
    }

    fn add(&mut self, other: &Kept) {
        self.in_time += other.in_time;
        self.late += other.late;
        self.open += other.open;
        self.waiting += other.waiting;
        self.escalated += other.escalated;
    }

    /// Not answered, deadline passed.
    fn missed(&self) -> i64 {
        (self.open - self.waiting).max(0)
    }

    /// Those whose deadline has come: met or not.
    fn due(&self) -> i64 {
        self.in_time + self.late + self.missed()
    }

    fn row(&self, code: &str, label: &str) -> Vec<Cell> {
        let due = self.due();
        vec![
            Cell::Text(code.to_owned()),
            Cell::Text(label.to_owned()),
            Cell::Count(due),
            Cell::Count(self.in_time),
            Cell::Count(self.late),
            Cell::Count(self.missed()),
            Cell::Count(self.escalated),
            Cell::Measure(percent(self.in_time, due)),
        ]
    }
}

/// One agency's referrals of the period.
#[derive(Debug, Default)]
pub struct AgencyReferrals {
    by_status: HashMap<String, i64>,
    kept: Kept,
    /// Minutes to answer, counted.
    minutes: Vec<(f64, i64)>,
}

impl AgencyReferrals {
    fn total(&self) -> i64 {
        self.by_status.values().sum()
    }
}

/// Every agency's referrals by (name, code), in the order of their names.
pub struct ByAgency(BTreeMap<(String, String), AgencyReferrals>);

impl ByAgency {
    /// `agencies` names each agency id (name, code); `waiting` counts each agency's
    /// referrals not answered whose deadline is still ahead.
    pub fn of(
        counted: &Counted,
        agencies: &HashMap<String, (String, String)>,
        waiting: &HashMap<String, i64>,
    ) -> ByAgency {
        let mut by_id: HashMap<&str, AgencyReferrals> = HashMap::new();
        for (agency, status, n) in pairs(counted, f::REFERRAL) {
            *by_id
                .entry(agency)
                .or_default()
                .by_status
                .entry(status.to_owned())
                .or_default() += n;
        }
        for (agency, state, n) in pairs(counted, f::ACK) {
            by_id.entry(agency).or_default().kept.add_state(state, n);
        }
        for (agency, n) in counted.of(f::ACK_ESCALATED) {
            by_id.entry(agency).or_default().kept.escalated += n;
        }
        for (agency, secs, n) in pairs(counted, f::ACK_TIME) {
            let minutes = times(std::iter::once((secs, n)), 60.0);
            by_id.entry(agency).or_default().minutes.extend(minutes);
        }
        let mut named = BTreeMap::new();
        for (id, mut referrals) in by_id {
            referrals.kept.waiting = waiting.get(id).copied().unwrap_or(0);
            let (name, code) = agencies
                .get(id)
                .cloned()
                .unwrap_or_else(|| (id.to_owned(), id.to_owned()));
            named.insert((name, code), referrals);
        }
        ByAgency(named)
    }

    /// Every agency's answers together.
    pub fn kept(&self) -> Kept {
        let mut all = Kept::default();
        for r in self.0.values() {
            all.add(&r.kept);
        }
        all
    }

    pub fn total(&self) -> i64 {
        self.0.values().map(AgencyReferrals::total).sum()
    }
}

/// Referrals by agency (ordered by name) and status.
pub fn referrals_by_agency(by_agency: &ByAgency) -> Table {
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
        .0
        .iter()
        .map(|((name, code), r)| {
            let mut row = vec![Cell::Text(code.clone()), Cell::Text(name.clone())];
            row.extend(
                ReferralStatus::ALL
                    .iter()
                    .map(|s| Cell::Count(r.by_status.get(s.code()).copied().unwrap_or(0))),
            );
            row.push(Cell::Count(r.total()));
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
pub fn acknowledgement(by_agency: &ByAgency) -> Table {
    let mut rows: Vec<Vec<Cell>> = by_agency
        .0
        .iter()
        .map(|((name, code), r)| ack_row(code, name, r.total(), &r.kept, r.minutes.clone()))
        .collect();
    let all_minutes = by_agency
        .0
        .values()
        .flat_map(|r| r.minutes.iter().copied())
        .collect();
    rows.push(ack_row(
        "all",
        "Tất cả cơ quan",
        by_agency.total(),
        &by_agency.kept(),
        all_minutes,
    ));
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

fn ack_row(
    code: &str,
    name: &str,
    referrals: i64,
    kept: &Kept,
    mut minutes: Vec<(f64, i64)>,
) -> Vec<Cell> {
    let due = kept.due();
    vec![
        Cell::Text(code.to_owned()),
        Cell::Text(name.to_owned()),
        Cell::Count(referrals),
        Cell::Count(due),
        Cell::Count(kept.in_time),
        Cell::Count(kept.late),
        Cell::Count(kept.missed()),
        Cell::Measure(percent(kept.in_time, due)),
        Cell::Measure(percentile(&mut minutes, 0.5)),
        Cell::Measure(percentile(&mut minutes, 0.9)),
        Cell::Count(kept.escalated),
    ]
}

/// Each kind of deadline that fell due: met in time, met late, missed, escalated. An
/// agency's acknowledgement of a referral is a deadline too, kept on the referral itself.
/// `waiting` counts each kind's deadlines not met whose time is still ahead.
pub fn deadline_compliance(
    counted: &Counted,
    referrals: Kept,
    waiting: &HashMap<String, i64>,
) -> Table {
    let mut by_kind: HashMap<&str, Kept> = HashMap::new();
    for (kind, state, n) in pairs(counted, f::DEADLINE) {
        by_kind.entry(kind).or_default().add_state(state, n);
    }
    for (kind, n) in counted.of(f::DEADLINE_ESCALATED) {
        by_kind.entry(kind).or_default().escalated += n;
    }
    let rows = DeadlineKind::ALL
        .iter()
        .map(|kind| {
            if *kind == DeadlineKind::ReferralAck {
                return referrals.row(kind.code(), kind.label_vi());
            }
            let mut kept = by_kind.get(kind.code()).copied().unwrap_or_default();
            kept.waiting = waiting.get(kind.code()).copied().unwrap_or(0);
            kept.row(kind.code(), kind.label_vi())
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

/// The age bands of open cases, in days since the day received: (code, label, youngest,
/// oldest).
pub const OPEN_AGES: [(&str, &str, i64, Option<i64>); 4] = [
    ("0_7", "Từ 0 đến 7 ngày", 0, Some(7)),
    ("8_30", "Từ 8 đến 30 ngày", 8, Some(30)),
    ("31_90", "Từ 31 đến 90 ngày", 31, Some(90)),
    ("over_90", "Trên 90 ngày", 91, None),
];

/// The band of an age in days.
pub fn open_band(days: i64) -> Option<usize> {
    OPEN_AGES
        .iter()
        .position(|(_, _, youngest, oldest)| days >= *youngest && oldest.is_none_or(|o| days <= o))
}

pub fn open_cases_by_age(counts: [i64; 4]) -> Table {
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
