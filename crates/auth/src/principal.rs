//! The authenticated caller, rebuilt from the database on every request so that a
//! deactivated user or a moved agency takes effect at once.

use hotline_audit::Actor;
use hotline_domain::access::case_scope;
use hotline_domain::{AgencyKind, AgencyRef, CaseScope, Role};
use hotline_store::models::{AgencyRow, UserRow};
use hotline_store::queries::{agencies, users};
use hotline_store::DbConnection;
use uuid::Uuid;

use crate::AuthError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Uuid,
    pub username: String,
    pub role: Role,
    pub agency: Option<AgencyRef>,
}

impl Principal {
    /// The cases this caller may read, or `None` when its role reads no case contents.
    pub fn case_scope(&self) -> Option<CaseScope> {
        case_scope(self.role, self.agency.as_ref())
    }

    pub fn agency_code(&self) -> Option<&str> {
        self.agency.as_ref().map(|a| a.code.as_str())
    }

    /// How the audit log records this user, calling from `client_ip`.
    pub fn actor(&self, client_ip: Option<String>) -> Actor {
        Actor {
            id: Some(self.user_id.to_string()),
            name: Some(self.username.clone()),
            role: Some(self.role.code().to_owned()),
            ip: client_ip,
        }
    }

    /// Where the user's agency lies (see [`Jurisdiction::place_codes`]).
    pub fn place(&self) -> (Option<i32>, Option<i32>) {
        self.agency
            .as_ref()
            .map_or((None, None), |a| a.jurisdiction.place_codes())
    }

    /// Load the active user `user_id` and its agency.
    pub fn load(conn: &mut DbConnection, user_id: &str) -> Result<Principal, AuthError> {
        let (user, agency) =
            users::active_with_agency(conn, user_id)?.ok_or(AuthError::InvalidToken)?;
        Principal::build(user, agency.as_ref())
    }

    pub fn from_user(conn: &mut DbConnection, user: UserRow) -> Result<Principal, AuthError> {
        let agency = match &user.agency_id {
            Some(id) => Some(
                agencies::by_id(conn, id)?
                    .ok_or_else(|| AuthError::Corrupt(format!("agency {id}")))?,
            ),
            None => None,
        };
        Principal::build(user, agency.as_ref())
    }

    fn build(user: UserRow, agency: Option<&AgencyRow>) -> Result<Principal, AuthError> {
        let role: Role = user
            .role
            .parse()
            .map_err(|_| AuthError::Corrupt(format!("role of user {}", user.id)))?;
        if user.agency_id.is_some() && agency.is_none() {
            return Err(AuthError::Corrupt(format!("agency of user {}", user.id)));
        }
        let agency = agency.map(agency_ref).transpose()?;
        let user_id = Uuid::parse_str(&user.id)
            .map_err(|_| AuthError::Corrupt(format!("user id {}", user.id)))?;
        Ok(Principal {
            user_id,
            username: user.username,
            role,
            agency,
        })
    }
}

/// An agency row as the access rules see it.
pub fn agency_ref(row: &AgencyRow) -> Result<AgencyRef, AuthError> {
    let corrupt = || AuthError::Corrupt(format!("agency {}", row.code));
    let kind: AgencyKind = row.kind.parse().map_err(|_| corrupt())?;
    let jurisdiction = row.jurisdiction().map_err(|_| corrupt())?;
    let id = Uuid::parse_str(&row.id).map_err(|_| corrupt())?;
    Ok(AgencyRef {
        id,
        code: row.code.clone(),
        kind,
        jurisdiction,
    })
}
