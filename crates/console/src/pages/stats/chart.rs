//! Charts drawn on the server as SVG: the geometry is computed here, and the template writes
//! the shapes (escaped like any other text). No chart library reaches the browser; each chart
//! has its table under it for those who do not see it.

use hotline_reports::table::{Cell, Table};

use crate::text::grouped;

fn count_text(n: i64) -> String {
    grouped(usize::try_from(n).unwrap_or_default())
}

/// The drawing's width in SVG units (it scales to the page).
pub const WIDTH: f64 = 640.0;
/// Each bar has its label above it, so labels may be long.
const LEFT: f64 = 4.0;
const BAR_SPACE: f64 = 560.0;
const ROW: f64 = 40.0;
const PLOT_HEIGHT: f64 = 180.0;
/// Longest label drawn; the table under the chart has it whole.
const LABEL_CHARS: usize = 80;

/// A bar of a horizontal chart.
pub struct Bar {
    pub label: String,
    pub value: String,
    /// The label's baseline, the bar's top, and the value's baseline beside the bar.
    pub label_y: f64,
    pub y: f64,
    pub text_y: f64,
    pub width: f64,
    /// Where the value is written, after the bar.
    pub value_x: f64,
}

/// A column of a chart over time.
pub struct Column {
    pub label: String,
    pub value: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub middle: f64,
    /// Where the value is written, above the column (left out when columns are many).
    pub value_y: f64,
    pub valued: bool,
    /// Some columns' labels are left out where they would crowd.
    pub labelled: bool,
}

pub struct HorizontalChart {
    pub id: &'static str,
    pub title: String,
    pub height: f64,
    pub left: f64,
    pub bars: Vec<Bar>,
}

pub struct TimeChart {
    pub id: &'static str,
    pub title: String,
    pub height: f64,
    pub baseline: f64,
    pub label_y: f64,
    pub columns: Vec<Column>,
}

fn shortened(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// One bar per row of `table`, sized by the number in column `key` against `max` (the
/// largest value when none is given).
pub fn horizontal(
    id: &'static str,
    table: &Table,
    key: &str,
    max: Option<f64>,
    unit: &str,
) -> HorizontalChart {
    let Some(at) = table.columns.iter().position(|c| c.key == key) else {
        return HorizontalChart {
            id,
            title: table.title.to_owned(),
            height: 0.0,
            left: LEFT,
            bars: Vec::new(),
        };
    };
    let label_at = table
        .columns
        .iter()
        .position(|c| c.key == "label" || c.key == "agency")
        .unwrap_or(0);
    let values: Vec<(String, Option<f64>)> = table
        .rows
        .iter()
        .map(|row| {
            let label = match row.get(label_at) {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            };
            let value = match row.get(at) {
                Some(Cell::Count(n)) => Some(*n as f64),
                Some(Cell::Measure(m)) => *m,
                _ => None,
            };
            (label, value)
        })
        .collect();
    let largest = max.unwrap_or_else(|| values.iter().filter_map(|v| v.1).fold(0.0, f64::max));
    let bars = values
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let top = 4.0 + i as f64 * ROW;
            let width = match value {
                Some(v) if largest > 0.0 => {
                    (v / largest * BAR_SPACE).max(if v > 0.0 { 2.0 } else { 0.0 })
                }
                _ => 0.0,
            };
            let shown = match value {
                Some(v) if unit.is_empty() => count_text(v.round() as i64),
                Some(v) => format!("{}{unit}", format!("{v:.1}").replace('.', ",")),
                None => "–".to_owned(),
            };
            Bar {
                label: shortened(&label),
                value: shown,
                label_y: top + 13.0,
                y: top + 18.0,
                text_y: top + 31.0,
                width,
                value_x: LEFT + width + 6.0,
            }
        })
        .collect::<Vec<_>>();
    HorizontalChart {
        id,
        title: table.title.to_owned(),
        height: 8.0 + bars.len() as f64 * ROW,
        left: LEFT,
        bars,
    }
}

/// One column per row of a breakdown over time (code, label, count).
pub fn over_time(id: &'static str, table: &Table) -> TimeChart {
    let points: Vec<(String, i64)> = table
        .rows
        .iter()
        .map(|row| match (row.get(1), row.get(2)) {
            (Some(Cell::Text(label)), Some(Cell::Count(n))) => (label.clone(), *n),
            _ => (String::new(), 0),
        })
        .collect();
    let largest = points.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1);
    let slot = (WIDTH - 20.0) / n as f64;
    let every = n.div_ceil(12);
    let baseline = 24.0 + PLOT_HEIGHT;
    let columns = points
        .into_iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let height = count as f64 / largest * PLOT_HEIGHT;
            let x = 10.0 + i as f64 * slot + slot * 0.15;
            let width = slot * 0.7;
            Column {
                label,
                value: count_text(count),
                x,
                y: baseline - height,
                width,
                height,
                middle: x + width / 2.0,
                value_y: baseline - height - 4.0,
                valued: n <= 24,
                labelled: i % every == 0,
            }
        })
        .collect();
    TimeChart {
        id,
        title: table.title.to_owned(),
        height: baseline + 30.0,
        baseline,
        label_y: baseline + 18.0,
        columns,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use hotline_reports::table::Section;

    fn table() -> Table {
        Table::breakdown(
            "t",
            "Bảng",
            Section::Summary,
            vec![
                ("a".into(), "Một nhãn rất dài không vừa với chỗ dành cho nhãn trên hình, dù nhãn được viết phía trên cột".into(), 10),
                ("b".into(), "Ngắn".into(), 5),
                ("c".into(), "Không".into(), 0),
            ],
        )
    }

    #[test]
    fn bars_are_sized_against_the_largest() {
        let c = horizontal("x", &table(), "count", None, "");
        assert_eq!(c.bars.len(), 3);
        assert_eq!(c.bars[0].width, BAR_SPACE);
        assert_eq!(c.bars[1].width, BAR_SPACE / 2.0);
        assert_eq!(c.bars[2].width, 0.0);
        assert!(c.bars[0].label.ends_with('…'));
        assert_eq!(c.bars[0].label.chars().count(), LABEL_CHARS);
        assert_eq!(c.bars[1].value, "5");
    }

    #[test]
    fn columns_rise_from_one_baseline() {
        let c = over_time("x", &table());
        assert_eq!(c.columns[0].height, PLOT_HEIGHT);
        assert_eq!(c.columns[1].y, c.baseline - PLOT_HEIGHT / 2.0);
        assert_eq!(c.columns[2].height, 0.0);
    }
}
