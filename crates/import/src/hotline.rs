//! The register's hotline, and the account its imported cases are recorded as opened by.

use chrono::{DateTime, Utc};
use hotline_domain::{AgencyKind, Role};
use hotline_store::models::{AgencyRow, UserRow};
use hotline_store::queries::{agencies, users};
use hotline_store::DbConnection;

use crate::ImportError;

/// The account imported cases are recorded as opened by: it cannot sign in.
pub const IMPORT_ACCOUNT: &str = "import";

/// The register's hotline: an active agency of kind `hotline`.
pub fn hotline_agency(conn: &mut DbConnection, code: &str) -> Result<AgencyRow, ImportError> {
    agencies::by_code(conn, code)?
        .filter(|a| a.active && a.kind.parse::<AgencyKind>() == Ok(AgencyKind::Hotline))
        .ok_or_else(|| ImportError::Mapping(format!("`agency`: no hotline agency `{code}`")))
}

/// The account imported cases are opened by: made once, never able to sign in.
pub fn import_account(
    conn: &mut DbConnection,
    agency: &AgencyRow,
    now: DateTime<Utc>,
) -> Result<String, ImportError> {
    if let Some(user) = users::by_username(conn, IMPORT_ACCOUNT)? {
        return Ok(user.id);
    }
    let hash = hotline_auth::clients::unknowable_password()
        .map_err(|e| ImportError::Mapping(format!("the import account: {e}")))?;
    let mut user = UserRow::new(
        uuid::Uuid::new_v4().to_string(),
        IMPORT_ACCOUNT,
        Role::Operator.code(),
        Some(agency.id.clone()),
        hash,
        now.naive_utc(),
    );
    user.active = false;
    users::insert(conn, &user)?;
    Ok(user.id)
}
