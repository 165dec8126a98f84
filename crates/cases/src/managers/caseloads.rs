//! Caseloads: per worker (for the chair and the department) or per commune (for a
//! supervisor), the open cases by step, the overdue deadlines, and the cases nobody manages.
//! Counted in SQL; audited as `caseload.read`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{casework, CaseScope, Role};
use hotline_http::Caller;
use hotline_store::queries::{managers, places, users};
use hotline_store::DbConnection;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::CaseError;

/// One worker's, or one commune's, open cases.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Caseload {
    /// The worker (per worker).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// False for a worker whose account is no longer active: its cases wait for another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The commune (per commune).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_name: Option<String>,
    /// Open cases.
    pub open: i64,
    /// Deadlines of case work owed and past.
    pub overdue: i64,
    /// Open cases by status (a step of the process).
    #[schema(value_type = BTreeMap<String, i64>)]
    pub by_status: BTreeMap<String, i64>,
    /// Open cases nobody manages (per commune).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmanaged: Option<i64>,
}

/// The caseloads of the caller's reach.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Caseloads {
    /// `worker` or `commune`: what each item counts.
    pub per: String,
    pub items: Vec<Caseload>,
    /// Open cases nobody manages, in the whole reach.
    pub unmanaged: i64,
    pub as_of: DateTime<Utc>,
}

impl Caseload {
    fn count(&mut self, status: &str, n: i64) {
        self.open += n;
        *self.by_status.entry(status.to_owned()).or_default() += n;
    }
}

/// Per worker: the members of the chair's group (with no case, too), then whoever else
/// manages a case in the reach (a leaver; another group's worker on a case the department
/// holds), by username.
fn per_worker(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: DateTime<Utc>,
) -> Result<Caseloads, CaseError> {
    let mut loads: BTreeMap<String, Caseload> = BTreeMap::new();
    if let CaseScope::Commune(commune) = scope {
        for member in managers::group_members(conn, i32::try_from(commune).unwrap_or(i32::MAX))? {
            loads.entry(member.id).or_default();
        }
    }
    let mut unmanaged = 0;
    for (manager, status, n) in managers::open_by_manager(conn, scope)? {
        match manager {
            Some(id) => loads.entry(id).or_default().count(&status, n),
            None => unmanaged += n,
        }
    }
    for (manager, n) in managers::overdue_by_manager(conn, scope, now.naive_utc())? {
        if let Some(id) = manager {
            loads.entry(id).or_default().overdue += n;
        }
    }
    let ids: Vec<&str> = loads.keys().map(String::as_str).collect();
    let accounts = users::accounts(conn, &ids)?;
    let mut items: Vec<Caseload> = loads
        .into_iter()
        .map(|(id, mut load)| {
            let account = accounts.get(&id);
            load.username = Some(account.map_or_else(String::new, |a| a.0.clone()));
            load.active = Some(account.is_some_and(|a| a.1));
            load.user_id = Some(id);
            load
        })
        .collect();
    items.sort_by(|a, b| (&a.username, &a.user_id).cmp(&(&b.username, &b.user_id)));
    Ok(Caseloads {
        per: "worker".into(),
        items,
        unmanaged,
        as_of: now,
    })
}

/// Per commune, for a supervisor, by commune code.
fn per_commune(
    conn: &mut DbConnection,
    scope: CaseScope,
    now: DateTime<Utc>,
) -> Result<Caseloads, CaseError> {
    let mut loads: BTreeMap<i32, Caseload> = BTreeMap::new();
    let mut unmanaged = 0;
    for (commune, status, manager, n) in managers::open_by_commune(conn, scope)? {
        let load = loads.entry(commune).or_default();
        load.count(&status, n);
        if manager.is_none() {
            *load.unmanaged.get_or_insert(0) += n;
            unmanaged += n;
        }
    }
    for (commune, n) in managers::overdue_by_commune(conn, scope, now.naive_utc())? {
        loads.entry(commune).or_default().overdue += n;
    }
    let codes: Vec<i32> = loads.keys().copied().collect();
    let names = places::commune_names(conn, &codes)?;
    let items = loads
        .into_iter()
        .map(|(code, mut load)| {
            load.commune_name = names.get(&code).cloned();
            load.commune_code = Some(code);
            load.unmanaged.get_or_insert(0);
            load
        })
        .collect();
    Ok(Caseloads {
        per: "commune".into(),
        items,
        unmanaged,
        as_of: now,
    })
}

/// The caseloads of the caller's reach as of `now`: per worker for the commune's chair and
/// the department, per commune for a supervisor.
pub fn caseloads(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<Caseloads, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let role = caller.role().ok_or(CaseError::NoCaseAccess)?;
    if !casework::reads_caseloads(role, caller.agency().map(|a| a.kind)) {
        return Err(CaseError::MayNotReadCaseloads);
    }
    let (province, commune) = caller.place();
    caller.audited_read(conn, now, |conn| {
        let loads = match role {
            Role::Supervisor => per_commune(conn, scope, now)?,
            _ => per_worker(conn, scope, now)?,
        };
        let entry = Entry::new("caseload.read")
            .place(province, commune)
            .detail(json!({
                "per": loads.per, "items": loads.items.len(), "unmanaged": loads.unmanaged,
            }));
        Ok((loads, entry))
    })
}
