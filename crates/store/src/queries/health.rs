//! What an operator must know before the counsellors do, read for the metrics at each scrape:
//! mail waiting and given up, the audit log's unsealed tail, deadlines about to pass, days of
//! figures not yet counted, the last backup, and failed sign-ins. Each is one indexed query.

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, max, min};
use diesel::prelude::*;

use crate::schema::{audit_entries, audit_seals, case_deadlines, outbox, referrals};
use crate::{DbConnection, StoreResult};

/// The entity backups and restores are recorded against in the audit log (so the last one is
/// found by its index, not by reading the log).
pub const DATABASE_ENTITY: &str = "database";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    /// When the oldest mail still to be sent was queued.
    pub oldest_unsent_mail: Option<NaiveDateTime>,
    /// Mails given up after their retries.
    pub mail_dead_letters: i64,
    /// When the oldest audit entry not yet sealed was written.
    pub oldest_unsealed: Option<NaiveDateTime>,
    /// Case-work deadlines and referrals' acknowledgements still pending that fall due
    /// within the window.
    pub deadlines_due_soon: i64,
    /// Days (of a province) whose figures wait to be counted again.
    pub unfolded_days: i64,
    /// When the last backup (`hotline backup`) was taken.
    pub last_backup: Option<NaiveDateTime>,
    /// Sign-ins that failed within the window.
    pub failed_sign_ins: i64,
}

/// The figures as of `now`: deadlines due before `now + soon`, sign-ins failed since
/// `now - window`.
pub fn read(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    (soon, window): (chrono::Duration, chrono::Duration),
) -> StoreResult<Health> {
    let oldest_unsent_mail = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .select(min(outbox::created_at))
        .get_result(conn)?;
    let mail_dead_letters = outbox::table
        .filter(outbox::failed_at.is_not_null())
        .filter(outbox::sent_at.is_null())
        .select(count_star())
        .get_result(conn)?;
    let sealed: Option<i64> = audit_seals::table
        .select(max(audit_seals::last_seq))
        .get_result(conn)?;
    let oldest_unsealed = audit_entries::table
        .filter(audit_entries::seq.gt(sealed.unwrap_or(0)))
        .select(min(audit_entries::at))
        .get_result(conn)?;
    let casework_due: i64 = case_deadlines::table
        .filter(case_deadlines::state.eq("pending"))
        .filter(case_deadlines::due_at.ge(now))
        .filter(case_deadlines::due_at.lt(now + soon))
        .select(count_star())
        .get_result(conn)?;
    let referrals_due: i64 = referrals::table
        .filter(referrals::escalated_at.is_null())
        .filter(referrals::status.eq("pending"))
        .filter(referrals::due_at.ge(now))
        .filter(referrals::due_at.lt(now + soon))
        .select(count_star())
        .get_result(conn)?;
    // Every mark, of any age: the days a fold started now would count.
    let unfolded_days = crate::queries::daily_counts::dirty_day_count(conn, i64::MAX)?;
    let last_backup = audit_entries::table
        .filter(audit_entries::entity.eq(DATABASE_ENTITY))
        .filter(audit_entries::action.eq("db.backup"))
        .select(max(audit_entries::at))
        .get_result(conn)?;
    let failed_sign_ins = audit_entries::table
        .filter(audit_entries::at.ge(now - window))
        .filter(audit_entries::action.eq("auth.login"))
        .filter(audit_entries::detail.not_like("%\"result\":\"success\"%"))
        .select(count_star())
        .get_result(conn)?;
    Ok(Health {
        oldest_unsent_mail,
        mail_dead_letters,
        oldest_unsealed,
        deadlines_due_soon: casework_due + referrals_due,
        unfolded_days: i64::try_from(unfolded_days).unwrap_or(i64::MAX),
        last_backup,
        failed_sign_ins,
    })
}
