//! `hotline user add` and `hotline user unlock`: accounts are created and unlocked from the
//! command line, never over the API yet; both are audited as the `cli`.

use std::io::BufRead;

use hotline_auth_api::accounts::{email_ok, role_fits_agency, username_ok};
use hotline_domain::{AgencyKind, Role};
use hotline_store::queries::{agencies, users};
use hotline_store::{write_transaction, StoreError};

use crate::config::Config;
use crate::{seed, startup, StartError};

/// The password from HOTLINE_PASSWORD, or the first line of standard input.
pub fn read_password() -> Result<String, StartError> {
    if let Ok(p) = std::env::var("HOTLINE_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        StartError::Other(format!("cannot read the password from standard input: {e}"))
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// What `user add` was asked to create.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub role: &'a str,
    pub agency: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub fn add_user(config: &Config, new: &NewUser<'_>, password: &str) -> Result<(), StartError> {
    let (username, agency) = (new.username, new.agency);
    let role = new.role;
    let role: Role = role
        .parse()
        .map_err(|e: hotline_domain::DomainError| StartError::Other(e.to_string()))?;
    if !username_ok(username) {
        return Err(StartError::Other(
            "username: 1 to 64 ASCII letters, digits, '.', '_' or '-'".into(),
        ));
    }
    let email = new.email.map(str::trim).filter(|e| !e.is_empty());
    if email.is_some_and(|e| !email_ok(e)) {
        return Err(StartError::Other(
            "email: not an address like name@example.vn".into(),
        ));
    }
    hotline_auth::password::check_strength(password).map_err(StartError::Other)?;
    if role != Role::Admin && agency.is_none() {
        return Err(StartError::Other(format!("role {role} needs --agency")));
    }
    let hash =
        hotline_auth::password::hash(password).map_err(|e| StartError::Other(e.to_string()))?;
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(StoreError::from)?;
    write_transaction(&mut conn, |conn| {
        let agency_id = match agency {
            None => None,
            Some(code) => {
                let row = agencies::by_code(conn, code)?
                    .ok_or_else(|| StartError::Other(format!("agency `{code}` does not exist")))?;
                let kind: AgencyKind = row
                    .kind
                    .parse()
                    .map_err(|_| StartError::Other(format!("agency `{code}` has a bad kind")))?;
                if !role_fits_agency(role, kind) {
                    return Err(StartError::Other(format!(
                        "role {role} does not belong in a {kind} agency"
                    )));
                }
                Some(row.id)
            }
        };
        if users::by_username(conn, username)?.is_some() {
            return Err(StartError::Other(format!(
                "user `{username}` already exists"
            )));
        }
        let mut user = seed::new_user(username, &hash, role.code(), agency_id);
        user.email = email.map(str::to_owned);
        users::insert(conn, &user)?;
        let entry = hotline_audit::Entry::new("user.create")
            .on("user", user.id.clone())
            .detail(
                serde_json::json!({"username": username, "role": role.code(), "agency": agency}),
            );
        crate::audit_cli(conn, entry)?;
        Ok(())
    })
}

/// Lift `username`'s login lock (after repeated failures, perhaps a stranger's).
pub fn unlock_user(config: &Config, username: &str) -> Result<(), StartError> {
    let pool = startup::prepare_database(config)?;
    let mut conn = pool.get().map_err(StoreError::from)?;
    write_transaction(&mut conn, |conn| {
        let user = users::by_username(conn, username)?
            .ok_or_else(|| StartError::Other(format!("user `{username}` does not exist")))?;
        users::unlock(conn, username)?;
        let entry = hotline_audit::Entry::new("user.unlock")
            .on("user", user.id.clone())
            .detail(serde_json::json!({
                "failed_logins": user.failed_logins,
                "was_locked": user.locked_until.is_some(),
            }));
        crate::audit_cli(conn, entry)
    })
}
