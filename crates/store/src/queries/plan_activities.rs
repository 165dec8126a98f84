//! The plan's activities: what each body recorded against the plan's items, listed by
//! agency or place, and counted for the figures.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use crate::models::{PlanActivityRow, ReportReminderRow};
use crate::queries::figures::Area;
use crate::schema::{agencies, plan_activities, report_reminders};
use crate::{DbConnection, StoreResult};

/// Whose activities: one agency's, or every agency's in a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    Agency(String),
    Area(Area),
}

pub fn insert(conn: &mut DbConnection, row: &PlanActivityRow) -> StoreResult<()> {
    crate::per_backend!(&mut *conn, |c| diesel::insert_into(plan_activities::table)
        .values(row)
        .execute(c))?;
    Ok(())
}

macro_rules! whose {
    ($query:expr, $whose:expr) => {
        match $whose {
            Whose::Agency(id) => $query.filter(plan_activities::agency_id.eq(id.clone())),
            Whose::Area(Area::Nation) => $query,
            Whose::Area(Area::Province(p)) => $query.filter(plan_activities::province_code.eq(*p)),
            Whose::Area(Area::Commune(c)) => {
                $query.filter(plan_activities::commune_code.eq(Some(*c)))
            }
        }
    };
}

/// Activities held from `from` to `to` (both included), newest first, with their agency's
/// code and name; at most `limit`.
pub fn list(
    conn: &mut DbConnection,
    whose: &Whose,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<(PlanActivityRow, String, String)>> {
    let q = plan_activities::table
        .inner_join(agencies::table)
        .select((PlanActivityRow::as_select(), agencies::code, agencies::name))
        .into_boxed()
        .filter(plan_activities::held_on.ge(from))
        .filter(plan_activities::held_on.le(to));
    let q = whose!(q, whose);
    Ok(q.order((
        plan_activities::held_on.desc(),
        plan_activities::recorded_at.desc(),
    ))
    .limit(limit)
    .load(conn)?)
}

/// One group of activities for the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityCount {
    pub agency_code: String,
    pub agency_name: String,
    pub item: String,
    pub kind: String,
    pub activities: i64,
    pub quantity: i64,
    pub reach: i64,
}

/// Activities held from `from` to `to`, grouped by agency, item and kind.
pub fn counts(
    conn: &mut DbConnection,
    whose: &Whose,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ActivityCount>> {
    let q = plan_activities::table
        .group_by((
            plan_activities::agency_id,
            plan_activities::item,
            plan_activities::kind,
        ))
        .select((
            plan_activities::agency_id,
            plan_activities::item,
            plan_activities::kind,
            count_star(),
            sum(plan_activities::quantity),
            sum(plan_activities::reach),
        ))
        .into_boxed()
        .filter(plan_activities::held_on.ge(from))
        .filter(plan_activities::held_on.le(to));
    let q = whose!(q, whose);
    type Grouped = (String, String, String, i64, Option<i64>, Option<i64>);
    let rows: Vec<Grouped> = q.load(conn)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let names: std::collections::HashMap<String, (String, String)> = agencies::table
        .filter(agencies::id.eq_any(ids))
        .select((agencies::id, agencies::code, agencies::name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, item, kind, activities, quantity, reach)| {
            let (code, name) = names.get(&id).cloned().unwrap_or((id.clone(), id));
            ActivityCount {
                agency_code: code,
                agency_name: name,
                item,
                kind,
                activities,
                quantity: quantity.unwrap_or(0),
                reach: reach.unwrap_or(0),
            }
        })
        .collect())
}

/// Note that a reminder is being queued; false when one already was.
pub fn claim_reminder(
    conn: &mut DbConnection,
    period_code: &str,
    year: i32,
    agency_id: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let row = ReportReminderRow {
        period_code: period_code.to_owned(),
        year,
        agency_id: agency_id.to_owned(),
        queued_at: now,
    };
    let inserted = crate::insert_or_ignore!(&mut *conn, report_reminders::table, &row)?;
    Ok(inserted == 1)
}
