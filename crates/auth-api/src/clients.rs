//! Machine clients, for the administrator: register one (tied to a hotline agency, with its
//! permissions), give it a second secret to rotate to, revoke one, disable it. Each client
//! acts through an account of its own (an operator of its agency whose password nobody
//! knows), so the audit log, the scopes and the deactivation of accounts apply to it as to a
//! person; its token opens only its permissions' routes. Every change is audited.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_auth::clients::new_secret;
use hotline_domain::{AgencyKind, ClientPermission, Role};
use hotline_http::{Caller, FieldError};
use hotline_store::models::UserRow;
use hotline_store::queries::clients::{self, ClientRow};
use hotline_store::queries::{agencies, sessions, users};
use hotline_store::{write_transaction, DbConnection};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::accounts::{admin_only, AccountError};

/// How many secrets a client may have live at once: the one in use and its successor.
pub const LIVE_SECRETS: usize = 2;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    /// What the client is, for people (e.g. "Phần mềm tổng đài 111"); 1 to 100 characters.
    pub name: String,
    /// The hotline agency it logs reports for.
    pub agency_code: String,
    /// What it may do: `reports.create`, `reports.status`.
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientCreated {
    pub client_id: String,
    /// Shown once, and kept only as its hash.
    pub client_secret: String,
    pub secret_id: String,
    pub name: String,
    pub agency_code: String,
    pub permissions: Vec<ClientPermission>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SecretCreated {
    pub client_id: String,
    pub secret_id: String,
    /// Shown once, and kept only as its hash.
    pub client_secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClientDisabled {
    pub client_id: String,
    pub disabled_at: DateTime<Utc>,
}

fn client_entry(action: &'static str, client: &ClientRow) -> Entry {
    Entry::new(action).on("client", client.id.clone())
}

/// The typed request, or every problem at once.
fn check_new(
    conn: &mut DbConnection,
    new: &NewClient,
) -> Result<(String, String, Vec<ClientPermission>), AccountError> {
    let mut errors = Vec::new();
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.push(FieldError::new("name", "cần 1 đến 100 ký tự"));
    } else if clients::by_name(conn, &name)?.is_some() {
        errors.push(FieldError::new("name", "đã có ứng dụng mang tên này"));
    }
    let agency = agencies::by_code(conn, new.agency_code.trim())?
        .filter(|a| a.kind.parse::<AgencyKind>() == Ok(AgencyKind::Hotline));
    if agency.is_none() {
        errors.push(FieldError::new(
            "agency_code",
            "cần mã của một đường dây nóng (cơ quan loại hotline)",
        ));
    }
    let mut permissions = Vec::new();
    for (i, code) in new.permissions.iter().enumerate() {
        match code.parse::<ClientPermission>() {
            Ok(p) if !permissions.contains(&p) => permissions.push(p),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new(
                format!("permissions[{i}]"),
                "quyền không hợp lệ (reports.create, reports.status)",
            )),
        }
    }
    if new.permissions.is_empty() {
        errors.push(FieldError::new("permissions", "cần ít nhất một quyền"));
    }
    match agency {
        Some(agency) if errors.is_empty() => Ok((name, agency.id, permissions)),
        _ => Err(AccountError::Invalid(errors)),
    }
}

/// Register a client and its first secret: `client.create`.
pub fn create_client(
    conn: &mut DbConnection,
    caller: &Caller,
    new: &NewClient,
    now: DateTime<Utc>,
) -> Result<ClientCreated, AccountError> {
    admin_only(caller)?;
    let by = caller.user_id().ok_or(AccountError::NotAdmin)?;
    let (name, agency_id, permissions) = check_new(conn, new)?;
    let id = uuid::Uuid::new_v4().to_string();
    let hash = hotline_auth::clients::unknowable_password()
        .map_err(|e| AccountError::Store(hotline_store::StoreError::Unavailable(e.to_string())))?;
    let account = UserRow::new(
        uuid::Uuid::new_v4().to_string(),
        &format!("client:{id}"),
        Role::Operator.code(),
        Some(agency_id),
        hash,
        now.naive_utc(),
    );
    let codes: Vec<&str> = permissions.iter().map(|p| p.code()).collect();
    let client = ClientRow {
        id: id.clone(),
        name: name.clone(),
        user_id: account.id.clone(),
        permissions: codes.join(" "),
        created_at: now.naive_utc(),
        created_by: by,
        disabled_at: None,
    };
    let (secret, secret_row) = new_secret(&id, now.naive_utc());
    caller.audited(conn, now, |conn| {
        users::insert(conn, &account)?;
        clients::insert(conn, &client)?;
        clients::insert_secret(conn, &secret_row)?;
        let entry = client_entry("client.create", &client).detail(json!({
            "name": name, "agency_code": new.agency_code.trim(), "permissions": codes,
            "account": account.username,
        }));
        Ok((
            ClientCreated {
                client_id: id.clone(),
                client_secret: secret,
                secret_id: secret_row.id.clone(),
                name: name.clone(),
                agency_code: new.agency_code.trim().to_owned(),
                permissions: permissions.clone(),
            },
            entry,
        ))
    })
}

fn client_of(conn: &mut DbConnection, id: &str) -> Result<ClientRow, AccountError> {
    clients::find(conn, id)?.ok_or(AccountError::NotFound)
}

/// A further secret for client `id` (at most [`LIVE_SECRETS`] live): `client.secret.add`.
pub fn add_secret(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<SecretCreated, AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let client = client_of(conn, id)?;
        if client.disabled_at.is_some() {
            return Err(AccountError::ClientDisabled);
        }
        if clients::live_secrets(conn, id)?.len() >= LIVE_SECRETS {
            return Err(AccountError::TooManySecrets);
        }
        let (secret, row) = new_secret(id, now.naive_utc());
        clients::insert_secret(conn, &row)?;
        let entry = client_entry("client.secret.add", &client).detail(json!({"secret_id": row.id}));
        Ok((
            SecretCreated {
                client_id: client.id,
                secret_id: row.id,
                client_secret: secret,
            },
            entry,
        ))
    })
}

/// Revoke secret `secret` of client `id`: `client.secret.revoke`.
pub fn revoke_secret(
    conn: &mut DbConnection,
    caller: &Caller,
    (id, secret): (&str, &str),
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let client = client_of(conn, id)?;
        if !clients::revoke_secret(conn, (id, secret), now.naive_utc())? {
            return Err(AccountError::NotFound);
        }
        let entry =
            client_entry("client.secret.revoke", &client).detail(json!({"secret_id": secret}));
        Ok(((), entry))
    })
}

/// Disable client `id`: its account is deactivated, so its tokens are refused at once, and
/// it gets no new one: `client.disable`.
pub fn disable_client(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<ClientDisabled, AccountError> {
    admin_only(caller)?;
    caller.audited(conn, now, |conn| {
        let client = client_of(conn, id)?;
        if !clients::disable(conn, id, now.naive_utc())? {
            return Err(AccountError::ClientDisabled);
        }
        users::set_active(conn, &client.user_id, false)?;
        sessions::end_all_of(conn, &client.user_id, now.naive_utc())?;
        let entry = client_entry("client.disable", &client);
        Ok((
            ClientDisabled {
                client_id: client.id,
                disabled_at: now,
            },
            entry,
        ))
    })
}

/// A token for the client `client_id` authenticated by `secret`, as its account, opening
/// only its permissions: `client.token`, recorded as the client (or, refused, as nobody).
pub fn client_token(
    conn: &mut DbConnection,
    tokens: &hotline_auth::TokenService,
    (client_id, secret): (&str, &str),
    now: DateTime<Utc>,
) -> Result<String, AccountError> {
    let client = match hotline_auth::clients::authenticate(conn, client_id, secret) {
        Ok(client) => client,
        Err(hotline_auth::AuthError::InvalidCredentials) => {
            write_transaction(conn, |conn| {
                let entry = Entry::new("client.token").detail(json!({"result": "failure"}));
                hotline_audit::append(conn, &hotline_audit::Actor::default(), entry, now)
            })?;
            return Err(AccountError::BadClient);
        }
        Err(e) => {
            return Err(AccountError::Store(hotline_store::StoreError::Unavailable(
                e.to_string(),
            )))
        }
    };
    let principal = hotline_auth::Principal::load(conn, &client.user_id)
        .map_err(|_| AccountError::BadClient)?;
    let token = tokens
        .issue_scoped(
            &principal.user_id.to_string(),
            principal.role.code(),
            Some(&client.permissions),
            now,
        )
        .map_err(|e| AccountError::Store(hotline_store::StoreError::Unavailable(e.to_string())))?;
    write_transaction(conn, |conn| {
        let entry = client_entry("client.token", &client).detail(json!({"result": "success"}));
        hotline_audit::append(conn, &principal.actor(None), entry, now)
    })?;
    Ok(token)
}
