//! Legal holds: a case under a hold in force is never erased.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::case_holds;
use crate::{DbConnection, StoreError, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_holds)]
pub struct HoldRow {
    pub id: String,
    pub case_id: String,
    /// Sealed.
    pub reason: String,
    pub placed_at: NaiveDateTime,
    pub placed_by: String,
    pub lifted_at: Option<NaiveDateTime>,
    pub lifted_by: Option<String>,
}

/// Place `hold`; a conflict when the case is held already (one hold in force per case).
pub fn place(conn: &mut DbConnection, hold: &HoldRow) -> StoreResult<()> {
    match diesel::insert_into(case_holds::table)
        .values(hold.clone())
        .execute(conn)
    {
        Ok(_) => Ok(()),
        Err(e) => {
            let e = StoreError::from(e);
            if e.is_unique_violation() {
                Err(StoreError::Conflict(
                    "the case is under a legal hold already".into(),
                ))
            } else {
                Err(e)
            }
        }
    }
}

/// Lift the hold in force on case `case_id`; the hold lifted, or `None` when there was none.
pub fn lift(
    conn: &mut DbConnection,
    case_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> StoreResult<Option<HoldRow>> {
    let Some(hold) = in_force(conn, case_id)? else {
        return Ok(None);
    };
    let changed = diesel::update(
        case_holds::table
            .filter(case_holds::id.eq(&hold.id))
            .filter(case_holds::lifted_at.is_null()),
    )
    .set((case_holds::lifted_at.eq(at), case_holds::lifted_by.eq(by)))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    Ok(Some(HoldRow {
        lifted_at: Some(at),
        lifted_by: Some(by.to_owned()),
        ..hold
    }))
}

/// The hold in force on case `case_id`.
pub fn in_force(conn: &mut DbConnection, case_id: &str) -> StoreResult<Option<HoldRow>> {
    Ok(case_holds::table
        .filter(case_holds::case_id.eq(case_id))
        .filter(case_holds::lifted_at.is_null())
        .select(HoldRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every hold of case `case_id`, oldest first.
pub fn history(conn: &mut DbConnection, case_id: &str) -> StoreResult<Vec<HoldRow>> {
    Ok(case_holds::table
        .filter(case_holds::case_id.eq(case_id))
        .order((case_holds::placed_at, case_holds::id))
        .select(HoldRow::as_select())
        .load(conn)?)
}
