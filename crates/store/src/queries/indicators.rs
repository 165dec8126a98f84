//! What the statistics ask of a case beyond its categories: its setting, sexual-abuse
//! sub-types and legal outcome, each child's ethnicity, disability and date of birth, its
//! perpetrators and the services given. Lists are replaced whole: the caller sends the list
//! as it now stands.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::models::{PerpetratorRow, ServiceRow, SexualSubtypeRow};
use crate::schema::{case_children, case_perpetrators, case_services, case_sexual_subtypes, cases};
use crate::{DbConnection, StoreError, StoreResult};

/// Everything of a case's indicators that lives outside the case and child rows.
pub struct Lists {
    pub sexual_subtypes: Vec<String>,
    pub perpetrators: Vec<PerpetratorRow>,
    pub services: Vec<ServiceRow>,
}

pub fn lists_of(conn: &mut DbConnection, case_id: &str) -> StoreResult<Lists> {
    let sexual_subtypes = case_sexual_subtypes::table
        .filter(case_sexual_subtypes::case_id.eq(case_id))
        .order(case_sexual_subtypes::subtype)
        .select(case_sexual_subtypes::subtype)
        .load(conn)?;
    let perpetrators = case_perpetrators::table
        .filter(case_perpetrators::case_id.eq(case_id))
        .order(case_perpetrators::position)
        .select(PerpetratorRow::as_select())
        .load(conn)?;
    let services = case_services::table
        .filter(case_services::case_id.eq(case_id))
        .order(case_services::position)
        .select(ServiceRow::as_select())
        .load(conn)?;
    Ok(Lists {
        sexual_subtypes,
        perpetrators,
        services,
    })
}

pub fn replace_subtypes(
    conn: &mut DbConnection,
    case_id: &str,
    subtypes: &[String],
) -> StoreResult<()> {
    diesel::delete(case_sexual_subtypes::table.filter(case_sexual_subtypes::case_id.eq(case_id)))
        .execute(conn)?;
    let rows: Vec<SexualSubtypeRow> = subtypes
        .iter()
        .map(|s| SexualSubtypeRow {
            case_id: case_id.to_owned(),
            subtype: s.clone(),
        })
        .collect();
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(
            case_sexual_subtypes::table
        )
        .values(&rows)
        .execute(c))?;
    }
    Ok(())
}

pub fn replace_perpetrators(
    conn: &mut DbConnection,
    case_id: &str,
    rows: &[PerpetratorRow],
) -> StoreResult<()> {
    diesel::delete(case_perpetrators::table.filter(case_perpetrators::case_id.eq(case_id)))
        .execute(conn)?;
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(
            case_perpetrators::table
        )
        .values(rows)
        .execute(c))?;
    }
    Ok(())
}

pub fn replace_services(
    conn: &mut DbConnection,
    case_id: &str,
    rows: &[ServiceRow],
) -> StoreResult<()> {
    diesel::delete(case_services::table.filter(case_services::case_id.eq(case_id)))
        .execute(conn)?;
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(case_services::table)
            .values(rows)
            .execute(c))?;
    }
    Ok(())
}

/// The case's setting and legal outcome (codes), as they now stand.
pub fn set_case_facts(
    conn: &mut DbConnection,
    case_id: &str,
    setting: Option<&str>,
    legal_outcome: Option<&str>,
) -> StoreResult<()> {
    diesel::update(cases::table.filter(cases::id.eq(case_id)))
        .set((
            cases::abuse_setting.eq(setting),
            cases::legal_outcome.eq(legal_outcome),
        ))
        .execute(conn)?;
    Ok(())
}

/// One child's profile as it now stands.
pub struct ChildProfile<'a> {
    pub ethnicity: Option<&'a str>,
    pub disability: Option<bool>,
    /// The date of birth, sealed.
    pub birth_date_sealed: Option<&'a str>,
    /// The age it gives on the day the case was received.
    pub age_on_receipt: Option<i32>,
    pub birth_year: Option<i32>,
}

pub fn set_child_profile(
    conn: &mut DbConnection,
    case_id: &str,
    child_id: &str,
    profile: &ChildProfile<'_>,
) -> StoreResult<()> {
    let changed = diesel::update(
        case_children::table
            .filter(case_children::id.eq(child_id))
            .filter(case_children::case_id.eq(case_id)),
    )
    .set((
        case_children::ethnicity.eq(profile.ethnicity),
        case_children::disability.eq(profile.disability),
        // A date in clear from before sealing gives way to the sealed one.
        case_children::birth_date.eq(None::<NaiveDate>),
        case_children::birth_date_sealed.eq(profile.birth_date_sealed),
        case_children::age_on_receipt.eq(profile.age_on_receipt),
        case_children::birth_year.eq(profile.birth_year),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
