//! The plan's activities (section II), per item, per agency and per kind: how many were
//! held, how many units (sessions, articles, pages ...) and how many people they reached.

use std::collections::BTreeMap;

use hotline_domain::{ActivityKind, PlanItem};
use hotline_store::queries::plan_activities::ActivityCount;

use crate::table::{column, Cell, Column, ColumnKind, Section, Table};

#[derive(Default, Clone, Copy)]
struct Sums {
    activities: i64,
    quantity: i64,
    reach: i64,
}

impl Sums {
    fn add(&mut self, c: &ActivityCount) {
        self.activities += c.activities;
        self.quantity += c.quantity;
        self.reach += c.reach;
    }

    fn cells(self) -> [Cell; 3] {
        [
            Cell::Amount(self.activities),
            Cell::Amount(self.quantity),
            Cell::Amount(self.reach),
        ]
    }
}

fn columns(first: Column, second: Column) -> Vec<Column> {
    vec![
        first,
        second,
        column("activities", "Số hoạt động", ColumnKind::Amount),
        column(
            "quantity",
            "Số lượng (buổi, bài, tin, trang ...)",
            ColumnKind::Amount,
        ),
        column("reach", "Số người được tiếp cận", ColumnKind::Amount),
    ]
}

fn rows_of(list: Vec<(String, String, Sums)>) -> Vec<Vec<Cell>> {
    list.into_iter()
        .map(|(code, label, sums)| {
            let mut row = vec![Cell::Text(code), Cell::Text(label)];
            row.extend(sums.cells());
            row
        })
        .collect()
}

pub fn tables(counts: &[ActivityCount]) -> Vec<Table> {
    let mut by_item: BTreeMap<&str, Sums> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, Sums> = BTreeMap::new();
    let mut by_agency: BTreeMap<(&str, &str), Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for c in counts {
        by_item.entry(c.item.as_str()).or_default().add(c);
        by_kind.entry(c.kind.as_str()).or_default().add(c);
        by_agency
            .entry((c.agency_name.as_str(), c.agency_code.as_str()))
            .or_default()
            .add(c);
        total.add(c);
    }
    let items = PlanItem::ALL
        .iter()
        .map(|i| {
            let sums = by_item.get(i.code()).copied().unwrap_or_default();
            (i.code().to_owned(), i.label_vi().to_owned(), sums)
        })
        .chain(std::iter::once((
            "all".to_owned(),
            "Tổng cộng".to_owned(),
            total,
        )))
        .collect();
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| {
            let sums = by_kind.get(k.code()).copied().unwrap_or_default();
            (k.code().to_owned(), k.label_vi().to_owned(), sums)
        })
        .collect();
    let agencies = by_agency
        .into_iter()
        .map(|((name, code), sums)| (code.to_owned(), name.to_owned(), sums))
        .chain(std::iter::once((
            "all".to_owned(),
            "Tổng cộng".to_owned(),
            total,
        )))
        .collect();
    vec![
        Table {
            name: "activities_by_item",
            title: "Hoạt động theo nội dung của kế hoạch",
            section: Section::Plan,
            columns: columns(
                column("item", "Mục", ColumnKind::Code),
                column("label", "Nội dung", ColumnKind::Text),
            ),
            rows: rows_of(items),
        },
        Table {
            name: "activities_by_agency",
            title: "Hoạt động theo cơ quan, đơn vị thực hiện",
            section: Section::Plan,
            columns: columns(
                column("agency_code", "Mã cơ quan", ColumnKind::Code),
                column("agency", "Cơ quan, đơn vị", ColumnKind::Text),
            ),
            rows: rows_of(agencies),
        },
        Table {
            name: "activities_by_kind",
            title: "Hoạt động theo hình thức",
            section: Section::Plan,
            columns: columns(
                column("kind", "Mã hình thức", ColumnKind::Code),
                column("label", "Hình thức", ColumnKind::Text),
            ),
            rows: rows_of(kinds),
        },
    ]
}
