//! Repeat contacts: keyed hashes of the phones and handles reports came from, and the
//! earlier reports that share one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::Jurisdiction;

use crate::models::{FingerprintRow, ReportRow};
use crate::schema::{contact_fingerprints, reports};
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, rows: &[FingerprintRow]) -> StoreResult<()> {
    if !rows.is_empty() {
        crate::per_backend!(&mut *conn, |c| diesel::insert_into(
            contact_fingerprints::table
        )
        .values(rows)
        .execute(c))?;
    }
    Ok(())
}

/// Whose earlier contacts an operator may see: those its own line took, and those about its
/// province (the national line: all of them).
#[derive(Debug, Clone, Copy)]
pub struct ContactScope<'a> {
    pub agency_id: &'a str,
    pub jurisdiction: Jurisdiction,
}

/// The most recent reports that came from a phone or handle with one
/// of these digests, received before `before`; newest first, at most `limit`.
pub fn earlier(
    conn: &mut DbConnection,
    scope: ContactScope<'_>,
    digests: &[String],
    before: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<ReportRow>> {
    if digests.is_empty() {
        return Ok(Vec::new());
    }
    // The newest fingerprints only (index on digest, received_at): a number that called a
    // thousand times costs no more than one that called twice.
    let matching = contact_fingerprints::table
        .filter(contact_fingerprints::digest.eq_any(digests))
        .filter(contact_fingerprints::received_at.le(before))
        .order(contact_fingerprints::received_at.desc())
        .limit(limit.saturating_mul(2))
        .select(contact_fingerprints::report_id);
    let query = reports::table
        .filter(reports::id.eq_any(matching))
        .into_boxed();
    let query = match scope.jurisdiction {
        Jurisdiction::National => query,
        Jurisdiction::Province(p) | Jurisdiction::Commune { province: p, .. } => query.filter(
            reports::agency_id
                .eq(scope.agency_id.to_owned())
                .or(reports::province_code.eq(i32::from(p))),
        ),
    };
    Ok(query
        .order((reports::received_at.desc(), reports::id))
        .limit(limit)
        .select(ReportRow::as_select())
        .load(conn)?)
}

/// The case report `report_id` opened (or `None` when it opened none), if `user_id` logged
/// it; `NotFound` otherwise (another's report reads as absent).
pub fn logged_by(
    conn: &mut DbConnection,
    report_id: &str,
    user_id: &str,
) -> StoreResult<Option<String>> {
    reports::table
        .filter(reports::id.eq(report_id))
        .filter(reports::recorded_by.eq(user_id))
        .select(reports::case_id)
        .first::<Option<String>>(conn)
        .optional()?
        .ok_or(crate::StoreError::NotFound)
}
