//! Machine clients of the API and their secrets (kept as SHA-256 only).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{api_client_secrets, api_clients};
use crate::{DbConnection, StoreResult};

/// A machine client; `permissions` is a space-separated list of codes.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_clients)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub user_id: String,
    pub permissions: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub disabled_at: Option<NaiveDateTime>,
}

/// One of a client's secrets.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_client_secrets)]
pub struct SecretRow {
    pub id: String,
    pub client_id: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &ClientRow) -> StoreResult<()> {
    diesel::insert_into(api_clients::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> StoreResult<Option<ClientRow>> {
    Ok(api_clients::table
        .filter(api_clients::id.eq(id))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

/// The names of clients `ids`, by id.
pub fn names(
    conn: &mut DbConnection,
    ids: &[&str],
) -> StoreResult<std::collections::HashMap<String, String>> {
    Ok(api_clients::table
        .filter(api_clients::id.eq_any(ids))
        .select((api_clients::id, api_clients::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The client whose account is `user_id`, if the user is a client's.
pub fn by_user(conn: &mut DbConnection, user_id: &str) -> StoreResult<Option<ClientRow>> {
    Ok(api_clients::table
        .filter(api_clients::user_id.eq(user_id))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_name(conn: &mut DbConnection, name: &str) -> StoreResult<Option<ClientRow>> {
    Ok(api_clients::table
        .filter(api_clients::name.eq(name))
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_secret(conn: &mut DbConnection, row: &SecretRow) -> StoreResult<()> {
    diesel::insert_into(api_client_secrets::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The secrets of client `id` not revoked, oldest first.
pub fn live_secrets(conn: &mut DbConnection, id: &str) -> StoreResult<Vec<SecretRow>> {
    Ok(api_client_secrets::table
        .filter(api_client_secrets::client_id.eq(id))
        .filter(api_client_secrets::revoked_at.is_null())
        .order((api_client_secrets::created_at, api_client_secrets::id))
        .select(SecretRow::as_select())
        .load(conn)?)
}

/// Revoke secret `secret` of client `client`; false when it is not a live one of it.
pub fn revoke_secret(
    conn: &mut DbConnection,
    (client, secret): (&str, &str),
    at: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        api_client_secrets::table
            .filter(api_client_secrets::id.eq(secret))
            .filter(api_client_secrets::client_id.eq(client))
            .filter(api_client_secrets::revoked_at.is_null()),
    )
    .set(api_client_secrets::revoked_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

/// Disable client `id`; false when it was disabled already.
pub fn disable(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(id))
            .filter(api_clients::disabled_at.is_null()),
    )
    .set(api_clients::disabled_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}
