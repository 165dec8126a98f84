//! Online abuse: reports by platform and whether the content was still online, and the
//! takedowns asked of the information department (its referrals) and done (completed).

use chrono::NaiveDateTime;
use hotline_domain::evidence::{platform_of_host, Platform, ALL_PLATFORMS};
use hotline_domain::AgencyKind;
use hotline_store::queries::figures::ReferralFact;
use serde::Deserialize;

use super::count::{percentile, Tally};
use crate::table::{column, Cell, ColumnKind, Section, Table};

/// What the figures read of a report's online details.
#[derive(Deserialize)]
struct Online {
    platform: Option<String>,
    #[serde(default)]
    urls: Vec<String>,
    still_online: Option<bool>,
}

/// The platform a report names, or else the one its first address lies on.
fn platform(o: &Online) -> Option<Platform> {
    let named = o
        .platform
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Platform::from_name);
    named.or_else(|| {
        let url = url::Url::parse(o.urls.first()?.trim()).ok()?;
        Some(platform_of_host(url.host_str()?))
    })
}

fn hours(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

pub fn tables(details: &[String], referrals: &[ReferralFact]) -> Vec<Table> {
    let mut by_platform = Tally::default();
    let mut still = Tally::default();
    for text in details {
        // A detail that does not parse is still a report online: counted, platform unknown.
        let online: Option<Online> = serde_json::from_str(text).ok();
        let p = online.as_ref().and_then(platform);
        by_platform.add(p.map(Platform::code), 1);
        let s = online.as_ref().and_then(|o| o.still_online);
        still.add(s.map(|s| if s { "yes" } else { "no" }), 1);
    }
    let takedowns: Vec<&ReferralFact> = referrals
        .iter()
        .filter(|r| r.agency_kind == AgencyKind::InfoDept.code())
        .collect();
    let mut times: Vec<f64> = takedowns
        .iter()
        .filter_map(|r| r.completed_at.map(|done| hours(r.created_at, done)))
        .collect();
    let done = i64::try_from(times.len()).unwrap_or(i64::MAX);
    let requested = i64::try_from(takedowns.len()).unwrap_or(i64::MAX);
    let median = percentile(&mut times, 0.5);
    let p90 = percentile(&mut times, 0.9);
    let platforms: Vec<(&str, &str)> = ALL_PLATFORMS
        .iter()
        .map(|p| (p.code(), p.label_vi()))
        .collect();
    let s = Section::Online;
    vec![
        Table::breakdown(
            "online_by_platform",
            "Thông tin xâm hại trên mạng theo nền tảng",
            s,
            by_platform.rows(&platforms),
        ),
        Table::breakdown(
            "online_still_online",
            "Nội dung còn trên mạng khi tiếp nhận",
            s,
            still.rows(&[("yes", "Còn trên mạng"), ("no", "Không còn")]),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_is_named_or_read_from_the_address() {
        let o: Online = serde_json::from_str(r#"{"platform": "fb"}"#).unwrap();
        assert_eq!(platform(&o), Some(Platform::Facebook));
        let o: Online = serde_json::from_str(r#"{"urls": ["https://vt.tiktok.com/abc"]}"#).unwrap();
        assert_eq!(platform(&o), Some(Platform::TikTok));
        let o: Online = serde_json::from_str(r#"{"urls": []}"#).unwrap();
        assert_eq!(platform(&o), None);
    }
}
