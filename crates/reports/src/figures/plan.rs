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

/// A table of the plan's section: a code and a label (the two columns given), then the
/// activities, units and people reached of each row.
fn table(
    (name, title): (&'static str, &'static str),
    (first, second): (Column, Column),
    list: Vec<(String, String, Sums)>,
) -> Table {
    Table {
        name,
        title,
        section: Section::Plan,
        columns: vec![
            first,
            second,
            column("activities", "Số hoạt động", ColumnKind::Amount),
            column(
                "quantity",
                "Số lượng (buổi, bài, tin, trang ...)",
                ColumnKind::Amount,
            ),
            column("reach", "Số người được tiếp cận", ColumnKind::Amount),
        ],
        rows: list
            .into_iter()
            .map(|(code, label, sums)| {
                let mut row = vec![Cell::Text(code), Cell::Text(label)];
                row.extend(sums.cells());
                row
            })
            .collect(),
    }
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
        table(
            ("activities_by_item", "Hoạt động theo nội dung của kế hoạch"),
            (
                column("item", "Mục", ColumnKind::Code),
                column("label", "Nội dung", ColumnKind::Text),
            ),
            items,
        ),
        table(
            (
                "activities_by_agency",
                "Hoạt động theo cơ quan, đơn vị thực hiện",
            ),
            (
                column("agency_code", "Mã cơ quan", ColumnKind::Code),
                column("agency", "Cơ quan, đơn vị", ColumnKind::Text),
            ),
            agencies,
        ),
        table(
            ("activities_by_kind", "Hoạt động theo hình thức"),
            (
                column("kind", "Mã hình thức", ColumnKind::Code),
                column("label", "Hình thức", ColumnKind::Text),
            ),
            kinds,
        ),
    ]
}
