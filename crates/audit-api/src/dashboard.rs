//! The supervisor's dashboard (`oversight.dashboard`): open cases by status, referrals and
//! deadlines past due, deadlines breached this month and mails given up, over the
//! supervisor's jurisdiction. Counts only: no case is named, so the entry records the counts.

use chrono::{DateTime, Datelike, NaiveTime, TimeZone, Utc};
use hotline_domain::time;
use hotline_http::Caller;
use hotline_store::queries::oversight;
use hotline_store::DbConnection;

use crate::oversight::{audit_scope, entry};
use crate::OversightError;

#[derive(Debug, Default)]
pub struct Dashboard {
    /// (case status code, count), open statuses only.
    pub open_by_status: Vec<(String, i64)>,
    /// (agency name, count), most first.
    pub overdue_referrals: Vec<(String, i64)>,
    /// (deadline kind code, count).
    pub overdue_deadlines: Vec<(String, i64)>,
    /// (deadline kind code, count) breached since the first of this month (Vietnam time).
    pub breaches_this_month: Vec<(String, i64)>,
    pub dead_letters: i64,
}

/// The first instant of `now`'s month in Vietnam.
fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&time::vietnam());
    local
        .date_naive()
        .with_day(1)
        .map(|d| d.and_time(NaiveTime::MIN))
        .and_then(|t| time::vietnam().from_local_datetime(&t).single())
        .map_or(now, |t| t.with_timezone(&Utc))
}

pub fn dashboard(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Dashboard, OversightError> {
    audit_scope(caller)?;
    let scope = caller.case_scope().ok_or(OversightError::NoJurisdiction)?;
    let at = now.naive_utc();
    let board = Dashboard {
        open_by_status: oversight::open_cases_by_status(conn, scope)?,
        overdue_referrals: oversight::overdue_referrals_by_agency(conn, scope, at)?,
        overdue_deadlines: oversight::overdue_deadlines_by_kind(conn, scope, at)?,
        breaches_this_month: oversight::breaches_since(conn, scope, month_start(now).naive_utc())?,
        dead_letters: oversight::dead_letters(conn, scope)?,
    };
    let total = |rows: &[(String, i64)]| rows.iter().map(|r| r.1).sum::<i64>();
    let detail = serde_json::json!({
        "open_cases": total(&board.open_by_status),
        "overdue_referrals": total(&board.overdue_referrals),
        "overdue_deadlines": total(&board.overdue_deadlines),
        "breaches_this_month": total(&board.breaches_this_month),
        "dead_letters": board.dead_letters,
    });
    caller.audited(conn, now, |_| {
        Ok::<_, OversightError>(((), entry(caller, "oversight.dashboard", detail)))
    })?;
    Ok(board)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_starts_at_midnight_in_vietnam() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
        // 03:00 on 1 December in Vietnam: December has begun.
        assert_eq!(
            month_start(now),
            Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap()
        );
        let now = Utc.with_ymd_and_hms(2026, 11, 15, 8, 0, 0).unwrap();
        assert_eq!(
            month_start(now),
            Utc.with_ymd_and_hms(2026, 10, 31, 17, 0, 0).unwrap()
        );
    }
}
