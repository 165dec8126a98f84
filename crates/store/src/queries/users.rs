//! Users and their login bookkeeping.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::UserRow;
use crate::schema::users;
use crate::{DbConnection, StoreResult};

pub fn insert(conn: &mut DbConnection, user: &UserRow) -> StoreResult<()> {
    diesel::insert_into(users::table)
        .values(user.clone())
        .execute(conn)?;
    Ok(())
}

pub fn by_username(conn: &mut DbConnection, username: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConnection, id: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// An active user and its agency, in one query (it runs on every authenticated request).
pub fn active_with_agency(
    conn: &mut DbConnection,
    id: &str,
) -> StoreResult<Option<(UserRow, Option<crate::models::AgencyRow>)>> {
    use crate::schema::agencies;
    Ok(users::table
        .left_join(agencies::table)
        .filter(users::id.eq(id))
        .filter(users::active.eq(true))
        .select((
            UserRow::as_select(),
            Option::<crate::models::AgencyRow>::as_select(),
        ))
        .first(conn)
        .optional()?)
}

/// The account public reports are recorded under (created by migration 000005): inactive,
/// without a password, never a person.
pub const PUBLIC_FORM_USER_ID: &str = "00000000-0000-7000-8000-00000000f0a1";

/// People with an account (the public form's system account is not one).
pub fn count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(users::table
        .filter(users::id.ne(PUBLIC_FORM_USER_ID))
        .count()
        .get_result(conn)?)
}

/// Count a failed login; returns the consecutive failures now counted. The increment is done
/// by the database, so concurrent failures all count.
pub fn count_failure(conn: &mut DbConnection, id: &str) -> StoreResult<i32> {
    diesel::update(users::table.find(id))
        .set(users::failed_logins.eq(users::failed_logins + 1))
        .execute(conn)?;
    Ok(users::table
        .find(id)
        .select(users::failed_logins)
        .first(conn)?)
}

/// Lock an account until `until`.
pub fn lock(conn: &mut DbConnection, id: &str, until: NaiveDateTime) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set(users::locked_until.eq(Some(until)))
        .execute(conn)?;
    Ok(())
}

/// Lift an account's lock and forget its failures; `false` when there is no such user.
pub fn unlock(conn: &mut DbConnection, username: &str) -> StoreResult<bool> {
    let changed = diesel::update(users::table.filter(users::username.eq(username)))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn record_success(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Usernames of the given user ids (for timelines).
pub fn usernames(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::username))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The username of each of the given user ids, and whether its account is active.
pub fn accounts(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, (String, bool)>> {
    let rows: Vec<(String, String, bool)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::username, users::active))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, active)| (id, (name, active)))
        .collect())
}

/// The addresses of the active users of `role` in the agencies of `commune`, with the
/// agency each belongs to (a commune's chair, for example), by username.
pub fn emails_in_commune(
    conn: &mut DbConnection,
    role: &str,
    commune: i32,
) -> StoreResult<Vec<(String, String)>> {
    use crate::schema::agencies;
    Ok(users::table
        .inner_join(agencies::table)
        .filter(agencies::commune_code.eq(commune))
        .filter(agencies::active.eq(true))
        .filter(users::role.eq(role))
        .filter(users::active.eq(true))
        .filter(users::email.is_not_null())
        .order(users::username)
        .select((users::email.assume_not_null(), agencies::id))
        .load(conn)?)
}

/// Give a user the address notices go to (`None` removes it).
pub fn set_email(
    conn: &mut DbConnection,
    username: &str,
    email: Option<&str>,
) -> StoreResult<bool> {
    let changed = diesel::update(users::table.filter(users::username.eq(username)))
        .set(users::email.eq(email))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Every account with its agency's code, by username (the administrator's list).
pub fn all_with_agency(conn: &mut DbConnection) -> StoreResult<Vec<(UserRow, Option<String>)>> {
    use crate::schema::agencies;
    Ok(users::table
        .left_join(agencies::table)
        .order(users::username)
        .select((UserRow::as_select(), agencies::code.nullable()))
        .load(conn)?)
}

/// Let an account sign in, or stop it; `false` when there is no such user.
pub fn set_active(conn: &mut DbConnection, id: &str, active: bool) -> StoreResult<bool> {
    Ok(diesel::update(users::table.find(id))
        .set(users::active.eq(active))
        .execute(conn)?
        == 1)
}

/// A new password hash, with the lock and failures forgotten.
pub fn set_password_hash(conn: &mut DbConnection, id: &str, hash: &str) -> StoreResult<bool> {
    Ok(diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?
        == 1)
}
