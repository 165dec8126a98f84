//! The figures as counts per day. A year's report reads a year of days, never a year of
//! cases: each figure of each day is kept per commune, per province and for the nation
//! (`hotline_store::queries::daily_counts`). Database triggers mark the province and day of
//! anything a figure is counted from, in the writer's own transaction; [`fold`] recomputes
//! the marked days whole from the cases (`facts`) before figures are read, and on a timer.
//! A day recomputed whole cannot drift: there is no running total to get wrong.

mod facts;

use hotline_store::queries::daily_counts;
use hotline_store::{read_transaction, write_transaction, DbConnection};

pub use facts::{duration_bucket, recompute};

use crate::ReportsError;

/// The names of the figures kept per day, and what their keys are.
pub mod figure {
    /// Contacts by type, channel and caller (code, or `not_recorded`).
    pub const CONTACT_TYPE: &str = "contact_type";
    pub const CHANNEL: &str = "channel";
    pub const CALLER_TYPE: &str = "caller_type";
    pub const CALLER_SEX: &str = "caller_sex";
    pub const CALLER_AGE: &str = "caller_age";
    /// Contacts with online details, by platform and whether the content was still online.
    pub const ONLINE_PLATFORM: &str = "online_platform";
    pub const ONLINE_STILL: &str = "online_still";
    /// Cases received: `counted` or `duplicate`.
    pub const CASES: &str = "cases";
    /// The children of counted cases, by each breakdown; the age is in years.
    pub const CHILD_INDICATOR: &str = "child_indicator";
    pub const CHILD_CATEGORY: &str = "child_category";
    pub const CHILD_SUBTYPE: &str = "child_subtype";
    pub const CHILD_SEX: &str = "child_sex";
    pub const CHILD_AGE: &str = "child_age";
    pub const CHILD_SETTING: &str = "child_setting";
    pub const CHILD_ETHNICITY: &str = "child_ethnicity";
    pub const CHILD_DISABILITY: &str = "child_disability";
    pub const CHILD_COMMUNE: &str = "child_commune";
    pub const PERPETRATOR_RELATION: &str = "perpetrator_relation";
    pub const PERPETRATOR_AGE: &str = "perpetrator_age";
    pub const SERVICE: &str = "service";
    pub const LEGAL_OUTCOME: &str = "legal_outcome";
    /// Cases moved by an accepted transfer that day, at the communes they left and reached:
    /// `in` and `out` across provinces, `within_in` and `within_out` between the communes of
    /// one province. (A case counts once, where it was received; these say where it went.)
    pub const MOVED: &str = "moved";
    /// Counted cases received that day and not closed (key `open`).
    pub const STILL_OPEN: &str = "still_open";
    /// Counted cases closed that day, by the day they were received (`YYYY-MM-DD`).
    pub const CLOSED: &str = "closed";
    /// Referrals made that day: `agency status`.
    pub const REFERRAL: &str = "referral";
    /// Their answers: `agency in_time|late|open`, and `agency` for those escalated.
    pub const ACK: &str = "ack";
    pub const ACK_ESCALATED: &str = "ack_escalated";
    /// Time to answer: `agency seconds`, the seconds rounded by [`super::duration_bucket`].
    pub const ACK_TIME: &str = "ack_time";
    /// Takedowns asked of the information department: `requested`, `done`.
    pub const TAKEDOWN: &str = "takedown";
    /// Time to take down: seconds, rounded by [`super::duration_bucket`].
    pub const TAKEDOWN_TIME: &str = "takedown_time";
    /// Deadlines due that day: `kind in_time|late|open`, and `kind` for those escalated.
    pub const DEADLINE: &str = "deadline";
    pub const DEADLINE_ESCALATED: &str = "deadline_escalated";
}

/// Recompute every day marked when the fold began. Marks made meanwhile wait for the next
/// fold, so a stream of writes cannot keep it going. Returns how many days it recomputed.
///
/// A day is counted outside the write lock, from one snapshot (a day's cases can take
/// seconds to read at a million cases a year, and SQLite's writers wait at most ten), then
/// written in a short write transaction: its counts replaced and the marks it read
/// forgotten. A change committed after the snapshot leaves a mark this fold did not read,
/// so the day is counted again at the next fold. If another fold forgot any of the marks
/// meanwhile, it counted the day from a newer snapshot, and this one writes nothing.
pub fn fold(conn: &mut DbConnection) -> Result<usize, ReportsError> {
    let last = daily_counts::last_mark(conn)?;
    if last == 0 {
        return Ok(0);
    }
    let to_do = match hotline_domain::progress::shown() {
        true => Some(daily_counts::dirty_day_count(conn, last)?),
        false => None,
    };
    let task = hotline_domain::progress::task("figures", to_do);
    let mut total = 0;
    loop {
        let counted = read_transaction(conn, |conn| -> Result<_, ReportsError> {
            let Some((province, day)) = daily_counts::dirty_days(conn, last, 1)?.pop() else {
                return Ok(None);
            };
            // The marks are read before the cases: a change committed after this point
            // leaves a mark this fold does not forget.
            let marks = daily_counts::marks_of(conn, &[(province, day)])?;
            let counts = recompute(conn, province, day)?;
            Ok(Some((province, day, marks, counts)))
        })?;
        let Some((province, day, marks, counts)) = counted else {
            return Ok(total);
        };
        write_transaction(conn, |conn| -> Result<(), ReportsError> {
            daily_counts::lock_folding(conn)?;
            if daily_counts::marks_present(conn, &marks)? < marks.len() {
                return Ok(());
            }
            daily_counts::replace_day(conn, province, day, &counts)?;
            daily_counts::sum_nation(conn, day)?;
            daily_counts::forget_marks(conn, &marks)?;
            Ok(())
        })?;
        total += 1;
        task.advance(1);
    }
}

/// Recount every day from the cases, as the first fold after migration did: drop every count,
/// mark every day, fold. For a database restored or repaired by hand, whose changes no
/// trigger saw. Returns how many days it recomputed.
pub fn rebuild(conn: &mut DbConnection) -> Result<usize, ReportsError> {
    write_transaction(conn, |conn| -> Result<(), ReportsError> {
        daily_counts::lock_folding(conn)?;
        Ok(daily_counts::reset(conn)?)
    })?;
    fold(conn)
}
