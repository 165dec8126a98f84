//! The figures of an area and a period: one call reads every source and lays out every
//! table, in the order of the report's sections.

mod children;
mod contacts;
mod count;
mod online;
mod plan;
mod process;

use chrono::{DateTime, Utc};
use hotline_domain::time::vietnam_midnight;
use hotline_store::queries::figures::{self as source, Area};
use hotline_store::queries::plan_activities::{self, Whose};
use hotline_store::queries::{agencies, places};
use hotline_store::DbConnection;
use serde::Serialize;
use utoipa::ToSchema;

pub use children::{age_groups, age_on};

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

/// Count the figures `scope` covers over `period`, as things stood at `now`.
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
    let window = period.window();
    let contacts = source::contacts(conn, area, window)?;
    let (opened, merged) = source::cases_opened(conn, area, window)?;
    let children = source::children(conn, area, window)?;
    let categories = source::categories(conn, area, window)?;
    let subtypes = source::sexual_subtypes(conn, area, window)?;
    let perpetrators = source::perpetrators(conn, area, window)?;
    let services = source::services(conn, area, period.from, period.to)?;
    let legal_outcomes = source::legal_outcomes(conn, area, window)?;
    let mut communes: Vec<i32> = children.iter().map(|c| c.commune_code).collect();
    communes.sort_unstable();
    communes.dedup();
    let commune_names = source::commune_names(conn, &communes)?;
    let online_details = source::online_details(conn, area, window)?;
    let referrals = source::referrals(conn, area, window)?;
    let deadlines = source::deadlines(conn, area, window)?;

    // Open cases are counted at the period's end, or now if the period has not ended.
    let end = vietnam_midnight(period.to.succ_opt().unwrap_or(period.to)).naive_utc();
    let at = end.min(now.naive_utc());
    let mut open = Vec::new();
    for (_, _, youngest, oldest) in process::OPEN_AGES {
        let (after, by) = process::received_for_age(at, youngest, oldest);
        open.push(source::open_at(conn, area, at, after, by)?);
    }

    let contacts_total: i64 = contacts.iter().map(|c| c.count).sum();
    let perpetrators_total: i64 = perpetrators.iter().map(|p| p.2).sum();
    let services_total: i64 = services.iter().map(|s| s.1).sum();
    let summary = Table::breakdown(
        "summary",
        "Số liệu chính",
        Section::Summary,
        vec![
            row(
                "contacts",
                "Tổng số cuộc gọi, tin báo tiếp nhận",
                contacts_total,
            ),
            row("cases_opened", "Vụ việc mở mới", opened - merged),
            row("cases_merged", "Vụ việc gộp do trùng lặp", merged),
            row(
                "children_abused",
                "Trẻ em bị xâm hại (chỉ tiêu 0101)",
                i64::try_from(children.len()).unwrap_or(i64::MAX),
            ),
            row(
                "perpetrators",
                "Người xâm hại được ghi nhận",
                perpetrators_total,
            ),
            row(
                "services",
                "Lượt dịch vụ hỗ trợ đã cung cấp",
                services_total,
            ),
            row(
                "referrals",
                "Lượt chuyển tuyến",
                i64::try_from(referrals.len()).unwrap_or(i64::MAX),
            ),
        ],
    );

    let mut by_part = Vec::new();
    for (code, label, part) in period.parts() {
        by_part.push((code, label, source::contacts_in(conn, area, part.window())?));
    }

    let mut tables = vec![summary];
    tables.extend(contacts::tables(&contacts));
    tables.push(Table::breakdown(
        "contacts_by_month",
        "Liên hệ theo tháng (hoặc năm)",
        Section::Contacts,
        by_part,
    ));
    tables.extend(children::tables(&children::ChildInputs {
        children: &children,
        categories: &categories,
        subtypes: &subtypes,
        perpetrators: &perpetrators,
        services: &services,
        legal_outcomes: &legal_outcomes,
        commune_names: &commune_names,
        age_groups: &settings.age_groups,
    }));
    tables.extend(online::tables(&online_details, &referrals));
    let now_naive = now.naive_utc();
    tables.push(process::referrals_by_agency(&referrals));
    tables.push(process::acknowledgement(&referrals, now_naive));
    tables.push(process::deadline_compliance(
        &deadlines, &referrals, now_naive,
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
