//! Reports from the public form, found by the SHA-256 of their tracking code.

use diesel::prelude::*;
use hotline_domain::CaseStatus;

use crate::models::{CaseRow, PublicReportRow};
use crate::schema::{cases, public_reports};
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, row: &PublicReportRow) -> StoreResult<()> {
    diesel::insert_into(public_reports::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The case a tracking code leads to, following a duplicate to the case it was linked to
/// (whose work is the reporter's answer). `None`: no such code.
pub fn case_of(conn: &mut DbConnection, code_sha256: &str) -> StoreResult<Option<Option<CaseRow>>> {
    let Some(row) = public_reports::table
        .find(code_sha256)
        .select(PublicReportRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(mut id) = row.case_id else {
        return Ok(Some(None));
    };
    // A chain of duplicates is short; the bound only guards against a cycle.
    for _ in 0..8 {
        let case: CaseRow = cases::table
            .find(&id)
            .select(CaseRow::as_select())
            .first(conn)?;
        match (&case.duplicate_of, case.status) {
            (Some(next), CaseStatus::Duplicate) => id = next.clone(),
            _ => return Ok(Some(Some(case))),
        }
    }
    Ok(Some(None))
}
