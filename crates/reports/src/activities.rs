//! The plan's activities (section II): each body records what it did (an awareness session
//! in a school, an article, a training, pages reviewed, a takedown asked), and reads its own
//! or, compiling the reports, its place's. Every record and every list is audited.

use chrono::{DateTime, NaiveDate, Utc};
use hotline_audit::Entry;
use hotline_domain::time::vietnam_date;
use hotline_domain::{ActivityKind, Audience, Jurisdiction, PlanItem};
use hotline_http::{Caller, FieldError};
use hotline_store::models::PlanActivityRow;
use hotline_store::queries::places;
use hotline_store::queries::plan_activities::{self, Whose};
use hotline_store::DbConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::period::{resolve, Period, PeriodQuery};
use crate::scope::{activities_of, records_activities};
use crate::settings::FigureSettings;
use crate::ReportsError;

/// The most a list returns.
pub const MAX_LISTED: i64 = 500;
const MAX_TITLE: usize = 300;
const MAX_LINK: usize = 2048;

/// An activity as recorded.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// The plan's item: `II.1` to `II.5`.
    #[schema(value_type = PlanItem)]
    pub item: String,
    #[schema(value_type = ActivityKind)]
    pub kind: String,
    /// The day it was held (`YYYY-MM-DD`), not after today.
    pub held_on: String,
    /// What it was ("Sinh hoạt dưới cờ tại trường THCS Nguyễn Tri Phương").
    pub title: String,
    #[schema(value_type = Option<Audience>)]
    pub audience: Option<String>,
    /// How many (sessions, articles, posts, pages reviewed ...); default 1.
    pub quantity: Option<i32>,
    /// How many people it reached (or views), when known.
    pub reach: Option<i32>,
    /// Where it can be seen (an article, a post).
    pub link: Option<String>,
    /// The commune it was held in, inside the agency's province; a commune's agency records
    /// its own commune.
    pub commune_code: Option<i32>,
}

/// An activity as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: String,
    pub agency_code: String,
    pub agency_name: String,
    #[schema(value_type = PlanItem)]
    pub item: String,
    pub item_label: String,
    #[schema(value_type = ActivityKind)]
    pub kind: String,
    pub kind_label: String,
    pub held_on: NaiveDate,
    pub title: String,
    #[schema(value_type = Option<Audience>)]
    pub audience: Option<String>,
    pub quantity: i32,
    pub reach: Option<i32>,
    pub link: Option<String>,
    pub province_code: i32,
    pub commune_code: Option<i32>,
    pub recorded_at: DateTime<Utc>,
}

fn view(row: PlanActivityRow, agency_code: String, agency_name: String) -> ActivityView {
    let label = |code: &str, f: fn(&str) -> Option<&'static str>| {
        f(code).map_or_else(|| code.to_owned(), str::to_owned)
    };
    ActivityView {
        item_label: label(&row.item, |c| {
            c.parse::<PlanItem>().ok().map(PlanItem::label_vi)
        }),
        kind_label: label(&row.kind, |c| {
            c.parse::<ActivityKind>().ok().map(ActivityKind::label_vi)
        }),
        id: row.id,
        agency_code,
        agency_name,
        item: row.item,
        kind: row.kind,
        held_on: row.held_on,
        title: row.title,
        audience: row.audience,
        quantity: row.quantity,
        reach: row.reach,
        link: row.link,
        province_code: row.province_code,
        commune_code: row.commune_code,
        recorded_at: row.recorded_at.and_utc(),
    }
}

/// What is checked without the database.
struct Checked {
    item: PlanItem,
    kind: ActivityKind,
    held_on: NaiveDate,
    title: String,
    audience: Option<Audience>,
    quantity: i32,
    reach: Option<i32>,
    link: Option<String>,
}

fn check(input: &ActivityInput, today: NaiveDate) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let item = input.item.trim().parse::<PlanItem>().ok();
    if item.is_none() {
        errors.push(FieldError::new(
            "item",
            "cần một mục của kế hoạch: II.1 đến II.5",
        ));
    }
    let kind = input.kind.trim().parse::<ActivityKind>().ok();
    if kind.is_none() {
        errors.push(FieldError::new("kind", "mã không hợp lệ"));
    }
    let held_on = hotline_http::params::date(&input.held_on);
    match held_on {
        None => errors.push(FieldError::new("held_on", "cần ngày YYYY-MM-DD")),
        Some(d) if d > today => errors.push(FieldError::new("held_on", "không được sau hôm nay")),
        Some(_) => {}
    }
    let title = input.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new(
            "title",
            format!("cần nội dung, tối đa {MAX_TITLE} ký tự"),
        ));
    }
    let audience = match input
        .audience
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        None => None,
        Some(a) => {
            let parsed = a.parse::<Audience>().ok();
            if parsed.is_none() {
                errors.push(FieldError::new("audience", "mã không hợp lệ"));
            }
            parsed
        }
    };
    let quantity = input.quantity.unwrap_or(1);
    if !(1..=100_000).contains(&quantity) {
        errors.push(FieldError::new("quantity", "cần số từ 1 đến 100000"));
    }
    if input.reach.is_some_and(|r| !(0..=100_000_000).contains(&r)) {
        errors.push(FieldError::new("reach", "cần số từ 0 đến 100000000"));
    }
    let link = input
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    if let Some(l) = &link {
        let ok = l.chars().count() <= MAX_LINK
            && url::Url::parse(l)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok {
            errors.push(FieldError::new("link", "cần địa chỉ http(s) hợp lệ"));
        }
    }
    match (item, kind, held_on) {
        (Some(item), Some(kind), Some(held_on)) if errors.is_empty() => Ok(Checked {
            item,
            kind,
            held_on,
            title,
            audience,
            quantity,
            reach: input.reach,
            link,
        }),
        _ => Err(errors),
    }
}

/// Record an activity for the caller's agency (`plan_activity.create`).
pub fn record_activity(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ActivityInput,
    now: DateTime<Utc>,
) -> Result<ActivityView, ReportsError> {
    let role = caller.role().ok_or(ReportsError::NoActivities)?;
    if !records_activities(role) {
        return Err(ReportsError::NoActivities);
    }
    let agency = caller.agency().ok_or(ReportsError::NoActivities)?.clone();
    let checked = check(input, vietnam_date(now)).map_err(ReportsError::Invalid)?;
    let (province, commune) = match agency.jurisdiction {
        Jurisdiction::Commune { province, commune } => {
            let own = i32::try_from(commune).unwrap_or(i32::MAX);
            if input.commune_code.is_some_and(|c| c != own) {
                return Err(ReportsError::Invalid(vec![FieldError::new(
                    "commune_code",
                    "chỉ ghi nhận hoạt động tại xã, phường của đơn vị",
                )]));
            }
            (Some(i32::from(province)), Some(own))
        }
        Jurisdiction::Province(p) => (Some(i32::from(p)), input.commune_code),
        // A national body's activity lies in the province of the commune it names.
        Jurisdiction::National => {
            let commune = input.commune_code.ok_or_else(|| {
                ReportsError::Invalid(vec![FieldError::new(
                    "commune_code",
                    "cơ quan toàn quốc cần ghi xã, phường nơi tổ chức",
                )])
            })?;
            (None, Some(commune))
        }
    };
    let province = match commune {
        Some(c) => places::commune(conn, c)?
            .filter(|r| province.is_none_or(|p| r.province_code == p))
            .map(|r| r.province_code)
            .ok_or_else(|| {
                ReportsError::Invalid(vec![FieldError::new(
                    "commune_code",
                    "không có xã, phường này trong tỉnh của đơn vị",
                )])
            })?,
        // Only a national body has no province, and it always names a commune.
        None => province.ok_or(ReportsError::NoActivities)?,
    };
    let user_id = caller.user_id().ok_or(ReportsError::NoActivities)?;
    let agency_name = hotline_store::queries::agencies::by_code(conn, &agency.code)?
        .map(|a| a.name)
        .unwrap_or_default();
    let row = PlanActivityRow {
        id: uuid::Uuid::new_v4().to_string(),
        agency_id: agency.id.to_string(),
        province_code: province,
        commune_code: commune,
        item: checked.item.code().to_owned(),
        kind: checked.kind.code().to_owned(),
        held_on: checked.held_on,
        title: checked.title,
        audience: checked.audience.map(String::from),
        quantity: checked.quantity,
        reach: checked.reach,
        link: checked.link,
        recorded_by: user_id,
        recorded_at: now.naive_utc(),
    };
    caller.audited(conn, now, |conn| {
        plan_activities::insert(conn, &row)?;
        let entry = Entry::new("plan_activity.create")
            .on("plan_activity", row.id.clone())
            .place(Some(province), commune)
            .detail(serde_json::json!({
                "item": row.item, "kind": row.kind, "held_on": row.held_on,
                "quantity": row.quantity, "reach": row.reach,
            }));
        Ok::<_, ReportsError>((view(row.clone(), agency.code.clone(), agency_name), entry))
    })
}

/// The activities the caller may read over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityList {
    pub period: Period,
    pub items: Vec<ActivityView>,
    /// More than [`MAX_LISTED`] were held: the newest are listed.
    pub truncated: bool,
}

/// The activities of the caller's agency, or of its place for those who compile the
/// reports (`plan_activity.list`).
pub fn list_activities(
    conn: &mut DbConnection,
    caller: &Caller,
    query: &PeriodQuery,
    settings: &FigureSettings,
    now: DateTime<Utc>,
) -> Result<ActivityList, ReportsError> {
    let whose = activities_of(caller)?;
    let period = resolve(query, vietnam_date(now), settings).map_err(ReportsError::Invalid)?;
    caller.audited_read(conn, now, |conn| {
        let mut rows = plan_activities::list(conn, &whose, period.from, period.to, MAX_LISTED + 1)?;
        let truncated = rows.len() > MAX_LISTED as usize;
        rows.truncate(MAX_LISTED as usize);
        let (province, commune) = caller.place();
        let entry = Entry::new("plan_activity.list")
            .place(province, commune)
            .detail(serde_json::json!({
                "from": period.from, "to": period.to,
                "whose": match &whose { Whose::Agency(_) => "agency", Whose::Area(_) => "area" },
                "count": rows.len(),
            }));
        let items = rows
            .into_iter()
            .map(|(row, code, name)| view(row, code, name))
            .collect();
        Ok::<_, ReportsError>((
            ActivityList {
                period,
                items,
                truncated,
            },
            entry,
        ))
    })
}
