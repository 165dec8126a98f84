//! Accounts, for the administrator: list, create, deactivate or reactivate, unlock, and a
//! new password. The rules a new account must meet are here once, for the console and the
//! command line. Every change is audited; none reads a case. A deactivated account and one
//! whose password was reset lose their console sessions at once.

use chrono::{DateTime, NaiveDateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{AgencyKind, Role};
use hotline_http::{Caller, Fails, Failure, FieldError};
use hotline_store::models::UserRow;
use hotline_store::queries::{agencies, sessions, users};
use hotline_store::{DbConnection, StoreError};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AccountError {
    #[error("only administrators manage accounts and agencies")]
    NotAdmin,
    #[error("no such account")]
    NotFound,
    /// An administrator may not lock themself out.
    #[error("an administrator cannot deactivate their own account")]
    OwnAccount,
    #[error("invalid account")]
    Invalid(Vec<FieldError>),
    /// A machine client has as many live secrets as it may.
    #[error("the client has two live secrets already")]
    TooManySecrets,
    /// The client is disabled.
    #[error("the client is disabled")]
    ClientDisabled,
    /// Client credentials that do not authenticate (no such client, disabled, a wrong or
    /// revoked secret: the answer is the same).
    #[error("invalid client credentials")]
    BadClient,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Audit(#[from] hotline_audit::AuditError),
}

impl From<hotline_store::DieselError> for AccountError {
    fn from(e: hotline_store::DieselError) -> Self {
        AccountError::Store(e.into())
    }
}

impl Fails for AccountError {
    fn failure(self) -> Failure {
        match self {
            AccountError::NotAdmin => Failure::Forbidden(
                "Chỉ quản trị hệ thống được quản lý tài khoản và cơ quan.".into(),
            ),
            AccountError::NotFound => Failure::NotFound,
            AccountError::OwnAccount => Failure::Conflict {
                detail: "Không thể tự khóa tài khoản của chính mình.".into(),
                allowed: None,
            },
            AccountError::Invalid(errors) => Failure::Invalid(errors),
            AccountError::TooManySecrets => Failure::Conflict {
                detail: "Ứng dụng đã có hai khóa bí mật còn hiệu lực; thu hồi một khóa trước."
                    .into(),
                allowed: None,
            },
            AccountError::ClientDisabled => Failure::Conflict {
                detail: "Ứng dụng đã bị vô hiệu hóa.".into(),
                allowed: None,
            },
            AccountError::BadClient => Failure::Unauthenticated,
            AccountError::Store(e) => e.failure(),
            AccountError::Audit(e) => e.failure(),
        }
    }
}

/// Which agency kinds each role may belong to.
pub fn role_fits_agency(role: Role, kind: AgencyKind) -> bool {
    match role {
        Role::Operator => kind == AgencyKind::Hotline,
        Role::CommuneWorker | Role::CommuneChair => kind == AgencyKind::CommuneCpGroup,
        Role::Police => kind == AgencyKind::Police,
        Role::AgencyOfficer => {
            matches!(kind, AgencyKind::ChildProtectionDept | AgencyKind::InfoDept)
        }
        // The bodies the plan names (IV.1–9) record their work; any of them but a hotline.
        Role::PlanOfficer => kind != AgencyKind::Hotline,
        Role::Supervisor | Role::Admin => true,
    }
}

/// 1 to 64 ASCII letters, digits, '.', '_' or '-'.
pub fn username_ok(username: &str) -> bool {
    !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// Something like name@example.vn (the mail server is the real test).
pub fn email_ok(email: &str) -> bool {
    email.len() <= 254 && !email.contains(char::is_whitespace) && email.split('@').count() == 2
}

/// An account asked for, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub username: String,
    pub role: String,
    pub agency_code: Option<String>,
    pub email: Option<String>,
}

/// A checked new account: its role, its agency's id, its address.
pub struct CheckedAccount {
    pub username: String,
    pub role: Role,
    pub agency_id: Option<String>,
    pub email: Option<String>,
}

/// Check a new account against the accounts and agencies there are; every problem at once.
pub fn check_new(
    conn: &mut DbConnection,
    new: &NewAccount,
) -> Result<CheckedAccount, AccountError> {
    let mut errors = Vec::new();
    let username = new.username.trim();
    if !username_ok(username) {
        errors.push(FieldError::new(
            "username",
            "cần 1 đến 64 ký tự: chữ cái không dấu, chữ số, '.', '_' hoặc '-'",
        ));
    } else if users::by_username(conn, username)?.is_some() {
        errors.push(FieldError::new("username", "tên đăng nhập này đã có"));
    }
    let role = new.role.parse::<Role>().ok();
    if role.is_none() {
        errors.push(FieldError::new("role", "cần chọn một vai trò"));
    }
    let email = new
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if email.is_some_and(|e| !email_ok(e)) {
        errors.push(FieldError::new(
            "email",
            "cần một địa chỉ như ten@example.vn",
        ));
    }
    let code = new
        .agency_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let agency = match code {
        Some(code) => agencies::by_code(conn, code)?,
        None => None,
    };
    match (role, code, &agency) {
        (Some(_), Some(_), None) => {
            errors.push(FieldError::new("agency", "cơ quan này không có"));
        }
        (Some(r), None, _) if r != Role::Admin => {
            errors.push(FieldError::new("agency", "vai trò này cần một cơ quan"));
        }
        (Some(r), Some(_), Some(a)) => {
            let fits = a
                .kind
                .parse::<AgencyKind>()
                .is_ok_and(|kind| role_fits_agency(r, kind));
            if !fits {
                errors.push(FieldError::new(
                    "agency",
                    "vai trò này không thuộc loại cơ quan đã chọn",
                ));
            }
        }
        _ => {}
    }
    match (role, errors.is_empty()) {
        (Some(role), true) => Ok(CheckedAccount {
            username: username.to_owned(),
            role,
            agency_id: agency.map(|a| a.id),
            email: email.map(str::to_owned),
        }),
        _ => Err(AccountError::Invalid(errors)),
    }
}

pub(crate) fn admin_only(caller: &Caller) -> Result<(), AccountError> {
    match caller.role() {
        Some(Role::Admin) => Ok(()),
        _ => Err(AccountError::NotAdmin),
    }
}

/// The row of a new account, with its password hash.
pub fn new_row(checked: &CheckedAccount, password_hash: &str, now: NaiveDateTime) -> UserRow {
    UserRow {
        email: checked.email.clone(),
        ..UserRow::new(
            uuid::Uuid::new_v4().to_string(),
            &checked.username,
            checked.role.code(),
            checked.agency_id.clone(),
            password_hash.to_owned(),
            now,
        )
    }
}

/// The audit entry of a new account: who, in what role and agency; never the password.
pub fn created_entry(row: &UserRow, agency_code: Option<&str>) -> Entry {
    Entry::new("user.create").on("user", row.id.clone()).detail(
        serde_json::json!({"username": row.username, "role": row.role, "agency": agency_code}),
    )
}

/// Every account, with its agency's code (`user.list`).
pub fn list_accounts(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Vec<(UserRow, Option<String>)>, AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let rows = users::all_with_agency(conn)?;
        let entry = Entry::new("user.list").detail(serde_json::json!({"count": rows.len()}));
        Ok((rows, entry))
    })
}

/// Create an account whose password was hashed beforehand (hashing is slow: no connection
/// is held for it).
pub fn create_account(
    conn: &mut DbConnection,
    caller: &Caller,
    new: &NewAccount,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<UserRow, AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let checked = check_new(conn, new)?;
        let row = new_row(&checked, password_hash, now.naive_utc());
        users::insert(conn, &row)?;
        let entry = created_entry(&row, new.agency_code.as_deref().map(str::trim));
        Ok((row, entry))
    })
}

/// What an administrator may do to an existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountMove {
    Deactivate,
    Activate,
    Unlock,
}

impl AccountMove {
    pub fn from_code(code: &str) -> Option<AccountMove> {
        match code {
            "deactivate" => Some(AccountMove::Deactivate),
            "activate" => Some(AccountMove::Activate),
            "unlock" => Some(AccountMove::Unlock),
            _ => None,
        }
    }

    fn action(self) -> &'static str {
        match self {
            AccountMove::Deactivate => "user.deactivate",
            AccountMove::Activate => "user.activate",
            AccountMove::Unlock => "user.unlock",
        }
    }
}

/// Deactivate (ending every session at once), reactivate or unlock account `id`.
pub fn move_account(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    mv: AccountMove,
    now: DateTime<Utc>,
) -> Result<UserRow, AccountError> {
    admin_only(caller)?;
    let own = caller.principal().map(|p| p.user_id.to_string());
    if mv == AccountMove::Deactivate && own.as_deref() == Some(id) {
        return Err(AccountError::OwnAccount);
    }
    caller.audited(conn, now, |conn| {
        let user = users::by_id(conn, id)?.ok_or(AccountError::NotFound)?;
        let ended = match mv {
            AccountMove::Deactivate => {
                users::set_active(conn, id, false)?;
                sessions::end_all_of(conn, id, now.naive_utc())?
            }
            AccountMove::Activate => {
                users::set_active(conn, id, true)?;
                0
            }
            AccountMove::Unlock => {
                users::unlock(conn, &user.username)?;
                0
            }
        };
        let entry = Entry::new(mv.action()).on("user", id.to_owned()).detail(
            serde_json::json!({"username": user.username, "sessions_ended": ended,
                               "was_locked": user.locked_until.is_some()}),
        );
        let user = users::by_id(conn, id)?.ok_or(AccountError::NotFound)?;
        Ok((user, entry))
    })
}

/// Give account `id` a new password (hashed beforehand), lifting its lock and ending its
/// sessions: whoever held the old one is out.
pub fn reset_password(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<UserRow, AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let user = users::by_id(conn, id)?.ok_or(AccountError::NotFound)?;
        users::set_password_hash(conn, id, password_hash)?;
        let ended = sessions::end_all_of(conn, id, now.naive_utc())?;
        let entry = Entry::new("user.password_reset")
            .on("user", id.to_owned())
            .detail(serde_json::json!({"username": user.username, "sessions_ended": ended}));
        Ok((user, entry))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_belongs_in_its_kind_of_agency() {
        assert!(role_fits_agency(Role::Operator, AgencyKind::Hotline));
        assert!(!role_fits_agency(Role::Operator, AgencyKind::Police));
        assert!(role_fits_agency(
            Role::CommuneChair,
            AgencyKind::CommuneCpGroup
        ));
        assert!(role_fits_agency(Role::AgencyOfficer, AgencyKind::InfoDept));
        assert!(!role_fits_agency(Role::AgencyOfficer, AgencyKind::Police));
        assert!(role_fits_agency(
            Role::Supervisor,
            AgencyKind::ChildProtectionDept
        ));
    }
}
