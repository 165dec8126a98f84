//! Online abuse: reports by platform and whether the content was still online, and the
//! takedowns asked of the information department (its referrals) and done (completed).

use hotline_domain::codes::Platform;

use super::count::{percentile, times};
use super::counted::Counted;
use crate::daily::figure as f;
use crate::table::{column, Cell, ColumnKind, Section, Table};

pub fn tables(counted: &Counted) -> Vec<Table> {
    let requested = counted.get(f::TAKEDOWN, "requested");
    let done = counted.get(f::TAKEDOWN, "done");
    let mut hours = times(counted.of(f::TAKEDOWN_TIME), 3600.0);
    let median = percentile(&mut hours, 0.5);
    let p90 = percentile(&mut hours, 0.9);
    let platforms: Vec<(&str, &str)> = Platform::ALL
        .iter()
        .map(|p| (p.code(), p.label_vi()))
        .collect();
    let s = Section::Online;
    vec![
        Table::breakdown(
            "online_by_platform",
            "Thông tin xâm hại trên mạng theo nền tảng",
            s,
            counted.tally(f::ONLINE_PLATFORM).rows(&platforms),
        ),
        Table::breakdown(
            "online_still_online",
            "Nội dung còn trên mạng khi tiếp nhận",
            s,
            counted
                .tally(f::ONLINE_STILL)
                .rows(&[("yes", "Còn trên mạng"), ("no", "Không còn")]),
        ),
        Table {
            name: "takedowns",
            title: "Yêu cầu gỡ bỏ nội dung (chuyển Sở Văn hóa, Thông tin)",
            section: s,
            columns: vec![
                column("requested", "Đã yêu cầu gỡ", ColumnKind::Count),
                column("done", "Đã gỡ xong", ColumnKind::Count),
                column("open", "Chưa xong", ColumnKind::Count),
                column(
                    "median_hours",
                    "Thời gian gỡ, trung vị (giờ)",
                    ColumnKind::Duration,
                ),
                column(
                    "p90_hours",
                    "Thời gian gỡ, 90% trong vòng (giờ)",
                    ColumnKind::Duration,
                ),
            ],
            rows: vec![vec![
                Cell::Count(requested),
                Cell::Count(done),
                Cell::Count(requested - done),
                Cell::Measure(median),
                Cell::Measure(p90),
            ]],
        },
    ]
}
