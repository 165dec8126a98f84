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

    /// Each cell as exported or printed: counts under 5 suppressed, measures with a comma.
    pub fn printed_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Text(t) => t.clone(),
                        Cell::Count(n) => suppressed(*n),
                        Cell::Amount(n) => n.to_string(),
                        Cell::Measure(m) => measure_vi(*m),
                    })
                    .collect()
            })
            .collect()
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
    fn measures_read_with_a_comma_or_a_dash() {
        assert_eq!(measure_vi(Some(12.26)), "12,3");
        assert_eq!(measure_vi(None), "–");
    }
}
