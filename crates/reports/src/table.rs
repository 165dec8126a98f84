//! A table of figures, as every face shows it: the API as an array of objects, the console
//! as an HTML table, the exports as a sheet. Column keys are the API's field names; labels
//! are what a person reads.

use serde_json::{Map, Value};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A code of the API (`abuse_report`) or an agency's code.
    Code,
    /// What a person reads (a label, an agency's name).
    Text,
    /// A number of children, contacts, referrals ...: what the exports suppress under 5.
    Count,
    /// A number that can tell nobody apart (an agency's own sessions, articles, people
    /// reached): shown as it is everywhere.
    Amount,
    /// A share in percent, one decimal.
    Percent,
    /// A duration (minutes or hours, as the column says), one decimal.
    Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: ColumnKind,
}

pub const fn column(key: &'static str, label: &'static str, kind: ColumnKind) -> Column {
    Column { key, label, kind }
}

/// One cell: text, a count, or a measure that may be missing (no referral acknowledged:
/// no median).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Amount(i64),
    Measure(Option<f64>),
}

/// The parts of the report, numbered in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Summary,
    Contacts,
    Children,
    Online,
    Process,
    Plan,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Summary,
        Section::Contacts,
        Section::Children,
        Section::Online,
        Section::Process,
        Section::Plan,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Summary => "Tổng hợp",
            Section::Contacts => "Tiếp nhận thông tin",
            Section::Children => "Trẻ em bị xâm hại (chỉ tiêu 0101)",
            Section::Online => "Xâm hại trên môi trường mạng",
            Section::Process => "Chuyển tuyến và thời hạn xử lý",
            Section::Plan => "Kết quả thực hiện kế hoạch (mục II)",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The API's name of the table (`contacts_by_type`).
    pub name: &'static str,
    pub title: &'static str,
    pub section: Section,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// The smallest count shown as it is in anything exported or printed; below it (and above
/// zero) a count reads "< 5", so that no child of a small commune can be recognised.
pub const SHOWN_FROM: i64 = 5;

/// What a count withheld to protect a small one reads as.
pub const WITHHELD: &str = "x";

/// How a count is printed: as it is, as small ("< 5"), or withheld ([`WITHHELD`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact,
    Small,
    Withheld,
}

/// A count as exported or printed.
pub fn suppressed(n: i64) -> String {
    if n > 0 && n < SHOWN_FROM {
        format!("< {SHOWN_FROM}")
    } else {
        n.to_string()
    }
}

/// A measure with one decimal, Vietnamese style (a comma), or a dash when missing.
pub fn measure_vi(m: Option<f64>) -> String {
    m.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}").replace('.', ","))
}

impl Table {
    /// A one-dimension breakdown: code, label, count.
    pub fn breakdown(
        name: &'static str,
        title: &'static str,
        section: Section,
        rows: Vec<(String, String, i64)>,
    ) -> Table {
        Table {
            name,
            title,
            section,
            columns: vec![
                column("code", "Mã", ColumnKind::Code),
                column("label", "Nội dung", ColumnKind::Text),
                column("count", "Số lượng", ColumnKind::Count),
            ],
            rows: rows
                .into_iter()
                .map(|(code, label, n)| vec![Cell::Text(code), Cell::Text(label), Cell::Count(n)])
                .collect(),
        }
    }

    /// The rows as the API gives them: one object per row, keyed by column.
    pub fn json_rows(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let mut object = Map::new();
                    for (c, cell) in self.columns.iter().zip(row) {
                        let v = match cell {
                            Cell::Text(t) => Value::from(t.as_str()),
                            Cell::Count(n) | Cell::Amount(n) => Value::from(*n),
                            Cell::Measure(m) => m
                                .map(|v| (v * 10.0).round() / 10.0)
                                .map_or(Value::Null, Value::from),
                        };
                        object.insert(c.key.to_owned(), v);
                    }
                    Value::Object(object)
                })
                .collect(),
        )
    }

    /// Each cell as exported or printed: counts under 5 suppressed (and their complements:
    /// see [`Table::shown`]), measures with a comma.
    pub fn printed_rows(&self) -> Vec<Vec<String>> {
        let shown = self.shown();
        self.rows
            .iter()
            .zip(shown)
            .map(|(row, shown)| {
                row.iter()
                    .zip(shown)
                    .map(|(cell, shown)| match (cell, shown) {
                        (Cell::Text(t), _) => t.clone(),
                        (Cell::Count(_), Shown::Small) => suppressed(1),
                        (Cell::Count(_), Shown::Withheld) => WITHHELD.to_owned(),
                        (Cell::Count(n) | Cell::Amount(n), _) => n.to_string(),
                        (Cell::Measure(_), Shown::Withheld) => WITHHELD.to_owned(),
                        (Cell::Measure(m), _) => measure_vi(*m),
                    })
                    .collect()
            })
            .collect()
    }

    /// The groups of count cells (row, column) whose sum the report publishes. Each count
    /// column, with its total row when the table has one ("all agencies"), adds up to a
    /// total of the table or of the summary; a row's parts add up to its total (or to what
    /// fell due). Knowing all of a group but one cell tells that cell.
    fn sum_groups(&self) -> Vec<Vec<(usize, usize)>> {
        if self.section == Section::Summary {
            return Vec::new();
        }
        let counts: Vec<usize> = (0..self.columns.len())
            .filter(|c| self.columns[*c].kind == ColumnKind::Count)
            .collect();
        let mut groups: Vec<Vec<(usize, usize)>> = counts
            .iter()
            .map(|c| (0..self.rows.len()).map(|r| (r, *c)).collect())
            .collect();
        groups.extend(self.row_groups(&counts));
        groups
    }

    /// The groups of a row's parts against its total (or against what fell due).
    fn row_groups(&self, counts: &[usize]) -> Vec<Vec<(usize, usize)>> {
        let at = |key: &str| self.columns.iter().position(|c| c.key == key);
        let counts = counts.to_vec();
        let rows = 0..self.rows.len();
        if counts.len() < 2 {
            return Vec::new();
        }
        let parts: Vec<usize> = if let Some(total) = at("total") {
            counts.into_iter().filter(|c| *c != total).collect()
        } else if let (Some(a), Some(b), Some(c)) = (
            at("in_time"),
            at("late"),
            at("missed").or_else(|| at("unacknowledged")),
        ) {
            vec![a, b, c]
        } else if let (Some(a), Some(b)) = (at("done"), at("open")) {
            vec![a, b]
        } else {
            Vec::new()
        };
        if parts.is_empty() {
            return Vec::new();
        }
        rows.map(|r| parts.iter().map(|c| (r, *c)).collect())
            .collect()
    }

    /// How each count is printed. A count from 1 to 4 is small. Where a group whose sum is
    /// published has a single cell hidden, the smallest other count of the group is withheld
    /// too, so the hidden one cannot be had by subtraction; repeated until no group has one
    /// hidden cell alone. A share of a row with a count hidden is withheld as well: 30 % of
    /// 10 tells the 3.
    pub fn shown(&self) -> Vec<Vec<Shown>> {
        let mut shown: Vec<Vec<Shown>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Count(n) if *n > 0 && *n < SHOWN_FROM => Shown::Small,
                        _ => Shown::Exact,
                    })
                    .collect()
            })
            .collect();
        let groups = self.sum_groups();
        let count = |r: usize, c: usize| match self.rows[r].get(c) {
            Some(Cell::Count(n)) => *n,
            _ => 0,
        };
        loop {
            let mut changed = false;
            for group in &groups {
                let hidden = group
                    .iter()
                    .filter(|(r, c)| shown[*r][*c] != Shown::Exact)
                    .count();
                if hidden != 1 {
                    continue;
                }
                let smallest = group
                    .iter()
                    .filter(|(r, c)| shown[*r][*c] == Shown::Exact && count(*r, *c) > 0)
                    .min_by_key(|(r, c)| count(*r, *c));
                if let Some((r, c)) = smallest {
                    shown[*r][*c] = Shown::Withheld;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for row in shown.iter_mut() {
            if row.iter().all(|s| *s == Shown::Exact) {
                continue;
            }
            for (c, column) in self.columns.iter().enumerate() {
                if column.kind == ColumnKind::Percent {
                    row[c] = Shown::Withheld;
                }
            }
        }
        shown
    }

    /// The count in column `key` of the row whose first cell is `code` (tests, charts).
    pub fn count(&self, code: &str, key: &str) -> Option<i64> {
        let at = self.columns.iter().position(|c| c.key == key)?;
        let row = self
            .rows
            .iter()
            .find(|r| matches!(r.first(), Some(Cell::Text(t)) if t == code))?;
        match row.get(at)? {
            Cell::Count(n) | Cell::Amount(n) => Some(*n),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_four_are_suppressed_when_printed() {
        assert_eq!(suppressed(0), "0");
        assert_eq!(suppressed(1), "< 5");
        assert_eq!(suppressed(4), "< 5");
        assert_eq!(suppressed(5), "5");
        let t = Table::breakdown(
            "t",
            "T",
            Section::Summary,
            vec![("a".into(), "A".into(), 3), ("b".into(), "B".into(), 12)],
        );
        assert_eq!(t.printed_rows()[0], vec!["a", "A", "< 5"]);
        assert_eq!(t.printed_rows()[1][2], "12");
        // On screen and in the API, in the caller's own scope, counts are as they are.
        assert_eq!(t.json_rows()[0]["count"], 3);
        assert_eq!(t.count("b", "count"), Some(12));
    }

    #[test]
    fn a_small_count_alone_in_a_total_takes_the_next_smallest_with_it() {
        let t = Table::breakdown(
            "t",
            "T",
            Section::Children,
            vec![
                ("a".into(), "A".into(), 3),
                ("b".into(), "B".into(), 12),
                ("c".into(), "C".into(), 7),
                ("d".into(), "D".into(), 0),
            ],
        );
        let printed: Vec<String> = t.printed_rows().into_iter().map(|r| r[2].clone()).collect();
        assert_eq!(printed, vec!["< 5", "12", "x", "0"]);
        // Two small ones protect each other; nothing else is withheld.
        let t = Table::breakdown(
            "t",
            "T",
            Section::Children,
            vec![("a".into(), "A".into(), 3), ("b".into(), "B".into(), 2)],
        );
        let printed: Vec<String> = t.printed_rows().into_iter().map(|r| r[2].clone()).collect();
        assert_eq!(printed, vec!["< 5", "< 5"]);
        // The summary's rows are not parts of one sum.
        let t = Table::breakdown(
            "summary",
            "S",
            Section::Summary,
            vec![("a".into(), "A".into(), 3), ("b".into(), "B".into(), 12)],
        );
        assert_eq!(t.printed_rows()[1][2], "12");
    }

    #[test]
    fn a_row_s_parts_protect_each_other_against_its_total() {
        let t = Table {
            rows: vec![
                vec![
                    Cell::Text("p".into()),
                    Cell::Count(2),
                    Cell::Count(9),
                    Cell::Count(30),
                    Cell::Count(41),
                ],
                vec![
                    Cell::Text("q".into()),
                    Cell::Count(8),
                    Cell::Count(9),
                    Cell::Count(0),
                    Cell::Count(17),
                ],
            ],
            ..process_table("m", &["code", "sent", "done", "late", "total"])
        };
        let printed = t.printed_rows();
        assert_eq!(printed[0][1..], ["< 5", "x", "30", "41"]);
        // The column of the 2 has one other count: it goes too (the summary publishes the
        // column's sum), and then the row of that one protects its own parts.
        assert_eq!(printed[1][1..], ["x", "x", "0", "17"]);
    }

    /// A table of the process section without rows, its columns named by their keys: the
    /// first a code, a `_percent` one a share, the others counts.
    fn process_table(name: &'static str, keys: &[&'static str]) -> Table {
        let kind = |i: usize, key: &str| match (i, key.ends_with("_percent")) {
            (0, _) => ColumnKind::Code,
            (_, true) => ColumnKind::Percent,
            _ => ColumnKind::Count,
        };
        Table {
            name,
            title: name,
            section: Section::Process,
            columns: keys
                .iter()
                .enumerate()
                .map(|(i, key)| column(key, key, kind(i, key)))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Whether a group of cells whose sum is published has exactly one hidden: that one
    /// would be its sum minus the others.
    fn one_alone(t: &Table, group: &[(usize, usize)]) -> bool {
        let shown = t.shown();
        group
            .iter()
            .filter(|(r, c)| shown[*r][*c] != Shown::Exact)
            .count()
            == 1
    }

    #[test]
    fn an_agency_hidden_in_a_column_is_not_the_total_row_minus_the_others() {
        let row = |code: &str, referrals: i64, due: i64, in_time: i64, late: i64, un: i64| {
            vec![
                Cell::Text(code.into()),
                Cell::Count(referrals),
                Cell::Count(due),
                Cell::Count(in_time),
                Cell::Count(late),
                Cell::Count(un),
                Cell::Measure(Some(if due > 0 {
                    100.0 * in_time as f64 / due as f64
                } else {
                    0.0
                })),
            ]
        };
        let keys = [
            "agency_code",
            "referrals",
            "due",
            "in_time",
            "late",
            "unacknowledged",
            "in_time_percent",
        ];
        let t = Table {
            rows: vec![
                row("police", 3, 3, 3, 0, 0),
                row("cpd", 40, 40, 30, 6, 4),
                row("info", 25, 25, 20, 5, 0),
                // "All agencies": each column's sum, published.
                row("all", 68, 68, 53, 11, 4),
            ],
            ..process_table("acknowledgement", &keys)
        };
        let printed = t.printed_rows();
        // The police's 3 referrals are hidden, and so is another agency's count in the same
        // column, so the "all agencies" row does not give the 3 away.
        assert_eq!(printed[0][1], "< 5");
        for c in 1..=5 {
            let column: Vec<(usize, usize)> = (0..4).map(|r| (r, c)).collect();
            assert!(!one_alone(&t, &column), "column {c}: {printed:?}");
        }
        assert!(
            printed[1..3].iter().any(|r| r[1] == WITHHELD),
            "{printed:?}"
        );
        // The police's share of referrals acknowledged in time would tell its count.
        assert_eq!(printed[0][6], WITHHELD);
        // Where nothing is hidden, shares are shown.
        let clear = Table {
            rows: vec![row("cpd", 40, 40, 30, 6, 5), row("all", 40, 40, 30, 6, 5)],
            ..t
        };
        assert_eq!(clear.printed_rows()[0][6], "75,0");
    }

    #[test]
    fn measures_read_with_a_comma_or_a_dash() {
        assert_eq!(measure_vi(Some(12.26)), "12,3");
        assert_eq!(measure_vi(None), "–");
    }
}
