//! The two queries a watcher needs over a table whose rows wait for an answer by `due_at`
//! and are escalated once (`escalated_at`): the candidates, and the claim of one. Written
//! once for every such table (referrals, transfers), with the run through what is due.

/// Defines `due_for_escalation` and `claim_escalation` over `$table` for rows whose status
/// is `$waiting`; the claim sets what `$set` (a closure of the time) returns.
macro_rules! escalation_queries {
    ($table:ident, $waiting:expr, set: $set:expr) => {
        /// Rows past their deadline, still waiting and not yet escalated, oldest deadline
        /// first. Only candidates: [`claim_escalation`] decides.
        pub fn due_for_escalation(
            conn: &mut $crate::DbConnection,
            now: chrono::NaiveDateTime,
            limit: i64,
        ) -> $crate::StoreResult<Vec<String>> {
            Ok($table::table
                .filter($table::status.eq($waiting))
                .filter($table::escalated_at.is_null())
                .filter($table::due_at.lt(now))
                .order($table::due_at)
                .limit(limit)
                .select($table::id)
                .load(conn)?)
        }

        /// Escalate one row, if nobody has: the conditional update is the claim, so of
        /// several servers exactly one gets `true` (PostgreSQL re-checks the condition after
        /// waiting for a concurrent claimer's row lock; SQLite has one writer).
        pub fn claim_escalation(
            conn: &mut $crate::DbConnection,
            id: &str,
            now: chrono::NaiveDateTime,
        ) -> $crate::StoreResult<bool> {
            let unclaimed = $table::table
                .filter($table::id.eq(id))
                .filter($table::status.eq($waiting))
                .filter($table::escalated_at.is_null())
                .filter($table::due_at.lt(now));
            let changed = diesel::update(unclaimed).set(($set)(now)).execute(conn)?;
            Ok(changed == 1)
        }

        /// Escalate up to `limit` due rows, each in a transaction of its own that holds its
        /// claim: `act` does the escalation's work on a row this call claimed. Returns how
        /// many this call escalated (others may have been taken by another server).
        pub fn escalate_due<E, F>(
            conn: &mut $crate::DbConnection,
            now: chrono::NaiveDateTime,
            limit: i64,
            mut act: F,
        ) -> Result<usize, E>
        where
            F: FnMut(&mut $crate::DbConnection, &str) -> Result<(), E>,
            E: From<diesel::result::Error> + From<$crate::StoreError>,
        {
            let due = due_for_escalation(conn, now, limit)?;
            $crate::each_claimed(conn, &due, |conn, id| {
                if !claim_escalation(conn, id, now)? {
                    return Ok(false);
                }
                act(conn, id)?;
                Ok(true)
            })
        }
    };
}
pub(crate) use escalation_queries;
