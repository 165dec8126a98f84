//! Agencies are data, not code: upserted from config/agencies.toml at start. An
//! administrator's correction of a name or a mail address in the console outlives the
//! upsert; kind and place stay the configuration's, since routing rests on them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::AgencyRow;
use crate::schema::agencies;
use crate::{DbConnection, StoreResult};

/// What the configuration says of one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencySpec {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub email: Option<String>,
}

/// Outcome of an upsert, for the start-up log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Insert new agencies and bring changed ones in line with the configuration, by code.
pub fn upsert(
    conn: &mut DbConnection,
    specs: &[AgencySpec],
    now: NaiveDateTime,
) -> StoreResult<UpsertCounts> {
    let existing: Vec<AgencyRow> = agencies::table.select(AgencyRow::as_select()).load(conn)?;
    let by_code: std::collections::HashMap<&str, &AgencyRow> =
        existing.iter().map(|a| (a.code.as_str(), a)).collect();
    let mut counts = UpsertCounts::default();
    let mut fresh = Vec::new();
    for spec in specs {
        match by_code.get(spec.code.as_str()) {
            None => fresh.push(AgencyRow {
                id: uuid::Uuid::new_v4().to_string(),
                code: spec.code.clone(),
                kind: spec.kind.clone(),
                name: spec.name.clone(),
                province_code: spec.province_code,
                commune_code: spec.commune_code,
                email: spec.email.clone(),
                active: true,
                created_at: now,
                updated_at: now,
                edited_at: None,
                edited_by: None,
            }),
            Some(row) if same(row, spec) => counts.unchanged += 1,
            Some(row) => {
                let edited = row.edited_at.is_some();
                let name = if edited { &row.name } else { &spec.name };
                let email = if edited { &row.email } else { &spec.email };
                diesel::update(agencies::table.find(&row.id))
                    .set((
                        agencies::kind.eq(&spec.kind),
                        agencies::name.eq(name),
                        agencies::province_code.eq(spec.province_code),
                        agencies::commune_code.eq(spec.commune_code),
                        agencies::email.eq(email),
                        agencies::active.eq(true),
                        agencies::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                counts.updated += 1;
            }
        }
    }
    for chunk in fresh.chunks(200) {
        counts.inserted +=
            crate::per_backend!(&mut *conn, |c| diesel::insert_into(agencies::table)
                .values(chunk.to_vec())
                .execute(c))?;
    }
    Ok(counts)
}

fn same(row: &AgencyRow, spec: &AgencySpec) -> bool {
    let edited = row.edited_at.is_some();
    row.kind == spec.kind
        && (edited || row.name == spec.name)
        && row.province_code == spec.province_code
        && row.commune_code == spec.commune_code
        && (edited || row.email == spec.email)
        && row.active
}

/// An administrator's correction of an agency's name and mail address.
pub fn correct(
    conn: &mut DbConnection,
    id: &str,
    (name, email): (&str, Option<&str>),
    (by, now): (&str, NaiveDateTime),
) -> StoreResult<()> {
    diesel::update(agencies::table.find(id))
        .set((
            agencies::name.eq(name),
            agencies::email.eq(email),
            agencies::edited_at.eq(Some(now)),
            agencies::edited_by.eq(Some(by)),
            agencies::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn by_code(conn: &mut DbConnection, code: &str) -> StoreResult<Option<AgencyRow>> {
    Ok(agencies::table
        .filter(agencies::code.eq(code))
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConnection, id: &str) -> StoreResult<Option<AgencyRow>> {
    Ok(agencies::table
        .find(id)
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Codes of the given agency ids.
pub fn codes(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = agencies::table
        .filter(agencies::id.eq_any(ids))
        .select((agencies::id, agencies::code))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The hotline that takes the public's reports about a province: the province's own line,
/// else the national one.
pub fn receiving_hotline(conn: &mut DbConnection, province: i32) -> StoreResult<Option<AgencyRow>> {
    let local = agencies::table
        .filter(agencies::active.eq(true))
        .filter(agencies::kind.eq("hotline"))
        .filter(agencies::province_code.eq(province))
        .filter(agencies::commune_code.is_null())
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?;
    if local.is_some() {
        return Ok(local);
    }
    Ok(agencies::table
        .filter(agencies::active.eq(true))
        .filter(agencies::kind.eq("hotline"))
        .filter(agencies::province_code.is_null())
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// The active standing groups (commune child-protection groups) of a commune.
pub fn commune_groups(conn: &mut DbConnection, commune: i32) -> StoreResult<Vec<AgencyRow>> {
    Ok(agencies::table
        .filter(agencies::kind.eq(hotline_domain::AgencyKind::CommuneCpGroup.code()))
        .filter(agencies::commune_code.eq(commune))
        .filter(agencies::active.eq(true))
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .load(conn)?)
}

/// Every agency, by kind and code (the administrator's list).
/// The active agencies of any of `kinds`.
pub fn active_of_kinds(conn: &mut DbConnection, kinds: &[&str]) -> StoreResult<Vec<AgencyRow>> {
    Ok(agencies::table
        .filter(agencies::active.eq(true))
        .filter(agencies::kind.eq_any(kinds))
        .order(agencies::code)
        .select(AgencyRow::as_select())
        .load(conn)?)
}

pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<AgencyRow>> {
    Ok(agencies::table
        .order((agencies::kind, agencies::code))
        .select(AgencyRow::as_select())
        .load(conn)?)
}
