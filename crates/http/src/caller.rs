//! `Caller`: who an operation acts for, in one value. Both faces (the JSON API and the
//! console) build it once per request, and every operation takes it: the scope it reads in,
//! the role it acts with, and how the audit log records it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use hotline_audit::{Actor, AuditError, Entry};
use hotline_auth::Principal;
use hotline_domain::{AgencyRef, CaseScope, Role};
use hotline_store::{write_transaction, DbConnection, DieselError};
use hotline_vault::Vault;

/// Who acts.
#[derive(Debug, Clone)]
pub enum Acting {
    /// A signed-in user.
    User(Principal),
    /// Whoever holds the acknowledge link an agency was e-mailed: it may acknowledge that
    /// one referral for that agency, and nothing else.
    EmailLink(AgencyRef),
}

#[derive(Debug, Clone)]
pub struct Caller {
    acting: Acting,
    actor: Actor,
    /// What seals the personal fields this caller writes and opens those it may read.
    vault: Arc<Vault>,
}

impl Caller {
    /// A signed-in user, calling from `client_ip`.
    pub fn user(principal: Principal, client_ip: Option<String>, vault: Arc<Vault>) -> Caller {
        let actor = principal.actor(client_ip);
        Caller {
            acting: Acting::User(principal),
            actor,
            vault,
        }
    }

    /// The holder of an acknowledge link sent to `agency`; the audit log names it
    /// `email-link:<agency code>`.
    pub fn email_link(agency: AgencyRef, client_ip: Option<String>, vault: Arc<Vault>) -> Caller {
        let actor = Actor {
            name: Some(format!("email-link:{}", agency.code)),
            ip: client_ip,
            ..Actor::default()
        };
        Caller {
            acting: Acting::EmailLink(agency),
            actor,
            vault,
        }
    }

    /// The vault: only an operation that has checked this caller's scope opens a value.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn acting(&self) -> &Acting {
        &self.acting
    }

    /// The signed-in user, if the caller is one.
    pub fn principal(&self) -> Option<&Principal> {
        match &self.acting {
            Acting::User(p) => Some(p),
            Acting::EmailLink(_) => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.principal().map(|p| p.role)
    }

    /// The user's id, as timelines record who acted (`None` for a link).
    pub fn user_id(&self) -> Option<String> {
        self.principal().map(|p| p.user_id.to_string())
    }

    /// The agency the caller acts for.
    pub fn agency(&self) -> Option<&AgencyRef> {
        match &self.acting {
            Acting::User(p) => p.agency.as_ref(),
            Acting::EmailLink(a) => Some(a),
        }
    }

    /// The cases the caller may read; `None` when it reads no case contents (an
    /// administrator, a link).
    pub fn case_scope(&self) -> Option<CaseScope> {
        self.principal().and_then(Principal::case_scope)
    }

    /// Where the caller's agency lies, so that its audit entries fall in the right
    /// supervisor's view.
    pub fn place(&self) -> (Option<i32>, Option<i32>) {
        self.agency()
            .map_or((None, None), |a| a.jurisdiction.place_codes())
    }

    /// How the audit log records the caller.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Append `entry` as this caller, inside the caller's transaction.
    pub fn record(
        &self,
        conn: &mut DbConnection,
        entry: Entry,
        at: DateTime<Utc>,
    ) -> Result<(), AuditError> {
        hotline_audit::append(conn, &self.actor, entry, at)
    }

    /// Run `op` in one write transaction and append, as this caller, the entry it returns,
    /// before the commit: what an operation changes or reads and the record of it commit
    /// together, or neither does (an entry that cannot be written refuses the operation).
    pub fn audited<T, E: AuditFailure>(
        &self,
        conn: &mut DbConnection,
        at: DateTime<Utc>,
        op: impl WithEntry<T, E>,
    ) -> Result<T, E> {
        write_transaction(conn, |conn| {
            let (value, entry) = op(conn)?;
            self.record(conn, entry, at)?;
            Ok(value)
        })
    }

    /// A read, then its audit entry in a short write transaction of its own. On SQLite a
    /// write transaction holds the database's one write lock for as long as it lasts, and a
    /// long read (a search over every case of a province) must not hold it. What was read is
    /// returned only once its entry is committed.
    pub fn audited_read<T, E: AuditFailure>(
        &self,
        conn: &mut DbConnection,
        at: DateTime<Utc>,
        op: impl WithEntry<T, E>,
    ) -> Result<T, E> {
        let (value, entry) = op(conn)?;
        write_transaction(conn, |conn| self.record(conn, entry, at))?;
        Ok(value)
    }
}

/// An audited operation: what it did, and the entry that records it.
pub trait WithEntry<T, E>: FnOnce(&mut DbConnection) -> Result<(T, Entry), E> {}

impl<T, E, F: FnOnce(&mut DbConnection) -> Result<(T, Entry), E>> WithEntry<T, E> for F {}

/// An audited operation's error: its own, or the database's or the log's.
pub trait AuditFailure: From<DieselError> + From<AuditError> {}

impl<E: From<DieselError> + From<AuditError>> AuditFailure for E {}
