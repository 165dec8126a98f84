//! The figures of an area and a period: one call reads every source and lays out every
//! table, in the order of the report's sections.

mod children;
mod contacts;
mod count;
mod counted;
mod online;
mod plan;
mod process;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use hotline_domain::time::vietnam_date;
use hotline_store::queries::daily_counts::{self, Level, WHOLE};
use hotline_store::queries::figures::{self as source, Area, Window};
use hotline_store::queries::plan_activities::{self, Whose};
use hotline_store::queries::{agencies, places};
use hotline_store::DbConnection;
use serde::Serialize;
use utoipa::ToSchema;

pub use children::{age_groups, age_on, indicator_type};
pub use count::NOT_RECORDED;

use self::counted::{pairs, Counted};
use crate::daily::figure as fig;

use crate::period::Period;
use crate::scope::FigureScope;
use crate::settings::FigureSettings;
use crate::table::{Section, Table};
use crate::ReportsError;

/// The area figures were counted over, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AreaView {
    /// `nation`, `province`, `commune`, or `agency` (a body that reads its own work).
    pub level: &'static str,
    /// The province's or commune's code; none for the nation.
    pub code: Option<i32>,
    pub name: String,
}

/// Every table of a period and an area.
#[derive(Debug, Clone)]
pub struct Figures {
    pub period: Period,
    pub area: AreaView,
    /// When they were counted: what was not yet due then is neither in time nor late.
    pub counted_at: DateTime<Utc>,
    pub tables: Vec<Table>,
}

impl Figures {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The tables of one section, in order.
    pub fn section(&self, section: Section) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.section == section)
    }
}

fn area_view(conn: &mut DbConnection, area: Area) -> Result<AreaView, ReportsError> {
    Ok(match area {
        Area::Nation => AreaView {
            level: "nation",
            code: None,
            name: "Toàn quốc".into(),
        },
        Area::Province(p) => AreaView {
            level: "province",
            code: Some(p),
            name: places::province(conn, p)?.map_or_else(|| p.to_string(), |r| r.name),
        },
        Area::Commune(c) => AreaView {
            level: "commune",
            code: Some(c),
            name: places::commune(conn, c)?.map_or_else(|| c.to_string(), |r| r.name),
        },
    })
}

/// Which daily counts an area reads.
fn level_of(conn: &mut DbConnection, area: Area) -> Result<Level, ReportsError> {
    Ok(match area {
        Area::Nation => Level {
            province: WHOLE,
            commune: WHOLE,
        },
        Area::Province(p) => Level {
            province: p,
            commune: WHOLE,
        },
        // A commune the list does not know has no counts: province 0 holds no commune's.
        Area::Commune(c) => Level {
            province: places::commune(conn, c)?.map_or(WHOLE, |r| r.province_code),
            commune: c,
        },
    })
}

fn in_area(area: Area, province: i32, commune: i32) -> bool {
    match area {
        Area::Nation => true,
        Area::Province(p) => p == province,
        Area::Commune(c) => c == commune,
    }
}

/// Each agency's referrals of the area made in the window, not answered, whose deadline is
/// still ahead at `now`.
fn waiting_referrals(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
    now: NaiveDateTime,
) -> Result<HashMap<String, i64>, ReportsError> {
    let waiting: Vec<_> = source::referrals_waiting(conn, now)?
        .into_iter()
        .filter(|r| r.created_at >= window.from && r.created_at < window.until)
        .filter(|r| in_area(area, r.province_code, r.commune_code))
        .collect();
    let ids: Vec<String> = waiting.iter().map(|r| r.case_id.clone()).collect();
    let merged: HashSet<String> = source::case_places(conn, &ids)?
        .into_iter()
        .filter(|c| c.duplicate)
        .map(|c| c.id)
        .collect();
    let mut by_agency = HashMap::new();
    for r in waiting.into_iter().filter(|r| !merged.contains(&r.case_id)) {
        *by_agency.entry(r.agency_id).or_default() += 1;
    }
    Ok(by_agency)
}

/// Each kind's deadlines of the area due in the window, not met, whose time is still ahead
/// at `now`.
fn waiting_deadlines(
    conn: &mut DbConnection,
    area: Area,
    window: Window,
    now: NaiveDateTime,
) -> Result<HashMap<String, i64>, ReportsError> {
    let mut by_kind = HashMap::new();
    if now >= window.until {
        return Ok(by_kind);
    }
    let ahead = source::deadlines_ahead(conn, now, window)?;
    let ids: Vec<String> = ahead.iter().map(|d| d.0.clone()).collect();
    let places: HashMap<String, (i32, i32)> = source::case_places(conn, &ids)?
        .into_iter()
        .map(|c| (c.id, (c.province_code, c.commune_code)))
        .collect();
    for (case, kind) in ahead {
        if let Some((p, c)) = places.get(&case) {
            if in_area(area, *p, *c) {
                *by_kind.entry(kind).or_default() += 1;
            }
        }
    }
    Ok(by_kind)
}

/// Moves between the communes of one province, as a level counts them: a commune's own
/// figures count them, a province's or the nation's do not (nothing entered or left it).
fn within(level: Level, n: i64) -> i64 {
    if level.commune == WHOLE {
        0
    } else {
        n
    }
}

/// The cases open at the end of `last_day`, by the bands of [`process::OPEN_AGES`]: received
/// by then and neither closed by then nor merged; the age counted in days since the day
/// received.
fn open_cases(
    conn: &mut DbConnection,
    level: Level,
    last_day: NaiveDate,
) -> Result<[i64; 4], ReportsError> {
    let mut bands = [0i64; 4];
    let mut add = |received: NaiveDate, n: i64| {
        if let Some(band) = process::open_band((last_day - received).num_days()) {
            bands[band] += n;
        }
    };
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    for (day, n) in daily_counts::per_day(conn, level, fig::STILL_OPEN, first, last_day)? {
        add(day, n);
    }
    // Closed since: open then.
    let after = last_day.succ_opt().unwrap_or(last_day);
    let end = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    for (received, n) in daily_counts::sums(conn, level, fig::CLOSED, after, end)? {
        if let Ok(received) = received.parse::<NaiveDate>() {
            if received <= last_day {
                add(received, n);
            }
        }
    }
    Ok(bands)
}

/// Count the figures `scope` covers over `period`, as things stood at `now`, from the daily
/// counts (fold them first: see [`crate::daily::fold`]).
pub fn count(
    conn: &mut DbConnection,
    scope: &FigureScope,
    period: &Period,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<Figures, ReportsError> {
    let activities = plan_activities::counts(conn, &scope.activities, period.from, period.to)?;
    let plan_tables = plan::tables(&activities);
    let Some(area) = scope.cases else {
        let Whose::Agency(id) = &scope.activities else {
            return Err(ReportsError::NoFigures);
        };
        let agency = agencies::by_id(conn, id)?;
        return Ok(Figures {
            period: period.clone(),
            area: AreaView {
                level: "agency",
                code: None,
                name: agency.map(|a| a.name).unwrap_or_default(),
            },
            counted_at: now,
            tables: plan_tables,
        });
    };
    let level = level_of(conn, area)?;
    let counted = Counted::read(conn, level, period.from, period.to)?;
    // Open cases are counted at the period's end, or today if it has not ended.
    let open = open_cases(conn, level, period.to.min(vietnam_date(now)))?;
    let window = period.window();
    let now_naive = now.naive_utc();
    let waiting = waiting_referrals(conn, area, window, now_naive)?;
    let deadlines_waiting = waiting_deadlines(conn, area, window, now_naive)?;

    let mut agency_ids: Vec<String> = pairs(&counted, fig::REFERRAL)
        .map(|(agency, _, _)| agency.to_owned())
        .collect();
    agency_ids.sort_unstable();
    agency_ids.dedup();
    let agency_names: HashMap<String, (String, String)> = source::agency_names(conn, &agency_ids)?
        .into_iter()
        .map(|(id, code, name)| (id, (name, code)))
        .collect();
    let by_agency = process::ByAgency::of(&counted, &agency_names, &waiting);
    let communes: Vec<i32> = counted
        .of(fig::CHILD_COMMUNE)
        .filter_map(|(code, _)| code.parse().ok())
        .collect();
    let commune_names = source::commune_names(conn, &communes)?;

    let summary = Table::breakdown(
        "summary",
        "Số liệu chính",
        Section::Summary,
        vec![
            row(
                "contacts",
                "Tổng số cuộc gọi, tin báo tiếp nhận",
                counted.total(fig::CONTACT_TYPE),
            ),
            row(
                "cases_opened",
                "Vụ việc mở mới",
                counted.get(fig::CASES, "counted"),
            ),
            row(
                "cases_merged",
                "Vụ việc gộp do trùng lặp",
                counted.get(fig::CASES, "duplicate"),
            ),
            row(
                "children_abused",
                "Trẻ em bị xâm hại (chỉ tiêu 0101)",
                counted.total(fig::CHILD_SEX),
            ),
            row(
                "perpetrators",
                "Người xâm hại được ghi nhận",
                counted.total(fig::PERPETRATOR_RELATION),
            ),
            row(
                "services",
                "Lượt dịch vụ hỗ trợ đã cung cấp",
                counted.total(fig::SERVICE),
            ),
            row("referrals", "Lượt chuyển tuyến", by_agency.total()),
            // A case counts once, where it was received; a commune's own figures also say
            // what moved between it and the other communes of its province.
            row(
                "cases_moved_in",
                "Vụ việc chuyển đến (trẻ chuyển đến sống tại địa bàn)",
                counted.get(fig::MOVED, "in") + within(level, counted.get(fig::MOVED, "within_in")),
            ),
            row(
                "cases_moved_out",
                "Vụ việc chuyển đi (trẻ chuyển đến sống nơi khác)",
                counted.get(fig::MOVED, "out")
                    + within(level, counted.get(fig::MOVED, "within_out")),
            ),
        ],
    );
    let by_part = period
        .parts()
        .into_iter()
        .map(|(code, label, part)| (code, label, counted.contacts_between(part.from, part.to)))
        .collect();

    let mut tables = vec![summary];
    tables.extend(contacts::tables(&counted));
    tables.push(Table::breakdown(
        "contacts_by_month",
        "Liên hệ theo tháng (hoặc năm)",
        Section::Contacts,
        by_part,
    ));
    tables.extend(children::tables(
        &counted,
        &commune_names,
        &settings.age_groups,
    ));
    tables.extend(online::tables(&counted));
    tables.push(process::referrals_by_agency(&by_agency));
    tables.push(process::acknowledgement(&by_agency));
    tables.push(process::deadline_compliance(
        &counted,
        by_agency.kept(),
        &deadlines_waiting,
    ));
    tables.push(process::open_cases_by_age(open));
    tables.extend(plan_tables);
    Ok(Figures {
        period: period.clone(),
        area: area_view(conn, area)?,
        counted_at: now,
        tables,
    })
}

fn row(code: &str, label: &str, n: i64) -> (String, String, i64) {
    (code.to_owned(), label.to_owned(), n)
}
