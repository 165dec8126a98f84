//! Writing entries, in the caller's transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use hotline_store::models::NewAuditEntry;
use hotline_store::schema::{audit_entries, audit_entry_cases};
use hotline_store::DbConnection;
use serde_json::Value;

use crate::AuditError;

/// Who acted: a user (with role), or the system itself (start-up, the sealer, the CLI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            name: Some(name.to_owned()),
            ..Actor::default()
        }
    }
}

/// One thing that happened. `detail` carries ids, codes and counts, never personal data.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: &'static str,
    pub entity: Option<&'static str>,
    pub entity_id: Option<String>,
    pub province_code: Option<i32>,
    pub commune_code: Option<i32>,
    pub detail: Value,
    /// The cases it concerns (indexed, so that a case's whole trail is one query); the
    /// detail or the entity names them too.
    pub cases: Vec<String>,
}

impl Entry {
    pub fn new(action: &'static str) -> Entry {
        Entry {
            action,
            entity: None,
            entity_id: None,
            province_code: None,
            commune_code: None,
            detail: Value::Null,
            cases: Vec::new(),
        }
    }

    /// The record the entry is about; a case is also one the entry concerns.
    pub fn on(mut self, entity: &'static str, id: impl Into<String>) -> Entry {
        let id = id.into();
        if entity == "case" {
            self.cases.push(id.clone());
        }
        self.entity = Some(entity);
        self.entity_id = Some(id);
        self
    }

    /// Further cases the entry concerns (a list that returned them, a referral's case ...).
    pub fn cases<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Entry {
        self.cases.extend(ids.into_iter().map(Into::into));
        self
    }

    pub fn place(mut self, province_code: Option<i32>, commune_code: Option<i32>) -> Entry {
        self.province_code = province_code;
        self.commune_code = commune_code;
        self
    }

    pub fn detail(mut self, detail: Value) -> Entry {
        self.detail = detail;
        self
    }
}

/// Append `entry` in the caller's transaction.
pub fn append(
    conn: &mut DbConnection,
    actor: &Actor,
    entry: Entry,
    at: DateTime<Utc>,
) -> Result<(), AuditError> {
    let detail = if entry.detail.is_null() {
        "{}".to_owned()
    } else {
        entry.detail.to_string()
    };
    let row = NewAuditEntry {
        at: hotline_domain::time::at_storage_precision(at).naive_utc(),
        actor_id: actor.id.clone(),
        actor: actor.name.clone(),
        role: actor.role.clone(),
        action: entry.action.to_owned(),
        entity: entry.entity.map(str::to_owned),
        entity_id: entry.entity_id,
        province_code: entry.province_code,
        commune_code: entry.commune_code,
        ip: actor.ip.clone(),
        detail,
    };
    // On PostgreSQL the seq default takes the transaction id first (see the migration): the
    // sealer relies on it.
    let mut cases = entry.cases;
    if cases.is_empty() {
        diesel::insert_into(audit_entries::table)
            .values(row)
            .execute(conn)?;
        return Ok(());
    }
    let insert = diesel::insert_into(audit_entries::table)
        .values(row)
        .returning(audit_entries::seq);
    let seq: i64 = hotline_store::per_backend!(&mut *conn, |c| insert.get_result(c))?;
    cases.sort();
    cases.dedup();
    let rows: Vec<_> = cases
        .iter()
        .map(|id| {
            (
                audit_entry_cases::case_id.eq(id),
                audit_entry_cases::seq.eq(seq),
            )
        })
        .collect();
    hotline_store::per_backend!(&mut *conn, |c| diesel::insert_into(
        audit_entry_cases::table
    )
    .values(&rows)
    .execute(c))?;
    Ok(())
}
