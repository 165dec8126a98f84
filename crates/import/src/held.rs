//! Rows held for a person: a register's row that passed every check but names an old commune
//! the 2025 reform divided between several communes. The import keeps the row (sealed, with
//! the mapping that reads it) instead of guessing; a child-protection department officer of
//! its province sees it in a review list, with the old commune, the address the register gives
//! and the communes that took a part of it, and places it in one. Placing checks the row again
//! with the same rules and writes the case as the import would have, in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{AgencyKind, Role};
use hotline_http::Caller;
use hotline_intake::past::{record_past, Importer};
use hotline_store::queries::imports::{self, HoldRow};
use hotline_store::queries::places;
use hotline_store::{write_transaction, DbConnection, StoreError};
use hotline_vault::{Field, Vault};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::hotline::{hotline_agency, import_account};
use crate::mapping::Mapping;
use crate::old_units::OldUnit;
use crate::rows::{Checked, Located, Rows, Written};
use crate::sheet::Sheet;
use crate::ImportError;

/// The most rows the review list shows at once (the oldest first).
pub const LIST_LIMIT: i64 = 200;

/// What a held row keeps, sealed: the mapping, its columns renamed to their fields, and the
/// row's text of each field. Read back, they make a one-row sheet the same checks read.
#[derive(Serialize, Deserialize)]
struct Payload {
    mapping: Mapping,
    values: BTreeMap<String, String>,
}

impl Payload {
    fn sheet(&self) -> Sheet {
        Sheet {
            headers: self.values.keys().cloned().collect(),
            rows: vec![self.values.values().cloned().collect()],
        }
    }
}

/// Keep `checked`'s row, whose old commune `unit` was divided, inside the caller's transaction.
pub(crate) fn hold(
    conn: &mut DbConnection,
    vault: &Vault,
    (mapping, values): (&Mapping, BTreeMap<String, String>),
    (checked, unit): (&Checked, &OldUnit),
    now: DateTime<Utc>,
) -> Result<(), ImportError> {
    let mut read_back = mapping.clone();
    read_back.columns = values.keys().map(|f| (f.clone(), f.clone())).collect();
    let payload = Payload {
        mapping: read_back,
        values,
    };
    let text = serde_json::to_string(&payload).map_err(|e| ImportError::Mapping(e.to_string()))?;
    let id = uuid::Uuid::new_v4().to_string();
    let among: Vec<String> = unit.among.iter().map(i32::to_string).collect();
    let row = HoldRow {
        payload: vault.seal(Field::ImportRow, &id, &text)?,
        id,
        source_key: checked.past.source_key.clone(),
        row_number: i32::try_from(checked.past.row).unwrap_or(i32::MAX),
        province_code: unit.province,
        old_code: unit.code.clone(),
        old_name: unit.name.clone(),
        old_district: unit.district.clone(),
        among: among.join(","),
        received_at: checked.past.report.received_at.naive_utc(),
        held_at: now.naive_utc(),
        placed_case_id: None,
        placed_by: None,
        placed_at: None,
    };
    imports::insert_hold(conn, &row)?;
    Ok(())
}

/// A held row as the review list shows it.
#[derive(Debug, Clone)]
pub struct HeldView {
    pub id: String,
    /// `source:key`: the register and the row's key in it.
    pub source_key: String,
    pub row: i32,
    pub received_at: DateTime<Utc>,
    pub old_name: String,
    pub old_district: String,
    /// The village or street the register gives, if any: what tells the parts apart.
    pub address: Option<String>,
    /// The 2025 communes it may be placed in: code and name.
    pub among: Vec<(i32, String)>,
}

/// The rows waiting in the caller's province, oldest report first, and how many wait in all.
/// Only a department officer of the province sees them; each read is audited.
pub fn waiting(
    conn: &mut DbConnection,
    caller: &Caller,
    now: DateTime<Utc>,
) -> Result<(Vec<HeldView>, i64), ImportError> {
    let province = department_province(caller).ok_or(ImportError::NotAllowed)?;
    let rows = imports::waiting(conn, province, LIST_LIMIT)?;
    let total = imports::waiting_count(conn, province)?;
    let codes: Vec<i32> = rows.iter().flat_map(among).collect();
    let names = places::commune_names(conn, &codes)?;
    let mut views = Vec::with_capacity(rows.len());
    for row in &rows {
        let payload = open(caller.vault(), row)?;
        views.push(HeldView {
            id: row.id.clone(),
            source_key: row.source_key.clone(),
            row: row.row_number,
            received_at: row.received_at.and_utc(),
            old_name: row.old_name.clone(),
            old_district: row.old_district.clone(),
            address: payload
                .mapping
                .column("address")
                .and_then(|f| payload.values.get(f))
                .filter(|a| !a.is_empty())
                .cloned(),
            among: among(row)
                .map(|c| (c, names.get(&c).cloned().unwrap_or_default()))
                .collect(),
        });
    }
    if !views.is_empty() {
        let ids: Vec<&str> = views.iter().map(|v| v.id.as_str()).collect();
        let entry = Entry::new("import.held.read")
            .place(Some(province), None)
            .detail(json!({ "holds": ids }));
        caller.record(conn, entry, now)?;
    }
    Ok((views, total))
}

/// Place held row `id` in 2025 commune `commune`: its case is written as the import would
/// have, and the hold marked placed. Returns the case's number.
pub fn place(
    conn: &mut DbConnection,
    caller: &Caller,
    (id, commune): (&str, i32),
    now: DateTime<Utc>,
) -> Result<String, ImportError> {
    let province = department_province(caller).ok_or(ImportError::NotAllowed)?;
    let user = caller.user_id().ok_or(ImportError::NotAllowed)?;
    write_transaction(conn, |conn| {
        let row = imports::hold(conn, id)?
            .filter(|h| h.province_code == province)
            .ok_or(ImportError::NotFound)?;
        if row.placed_at.is_some() {
            return Err(ImportError::Placed);
        }
        if !among(&row).any(|c| c == commune) {
            return Err(ImportError::NotAmong);
        }
        let payload = open(caller.vault(), &row)?;
        let sheet = payload.sheet();
        let rows = Rows::new(&payload.mapping, &sheet)?;
        let code = u32::try_from(commune).unwrap_or_default();
        let placed = |_: &Written<'_>| Ok(Located::Commune(code));
        let mut checked = rows.check(0, &placed, now).map_err(ImportError::Row)?;
        checked.past.row = usize::try_from(row.row_number).unwrap_or_default();
        let agency = hotline_agency(conn, &payload.mapping.agency)?;
        let account = import_account(conn, &agency, now)?;
        let importer = Importer {
            user_id: &account,
            agency_id: &agency.id,
            actor: caller.actor(),
        };
        let place = places::commune(conn, commune)?.ok_or(StoreError::NotFound)?;
        let (case_id, number) = record_past(
            conn,
            caller.vault(),
            &importer,
            (&checked.past, &place),
            now,
        )?;
        if !imports::mark_placed(conn, id, (&case_id, &user), now.naive_utc())? {
            return Err(ImportError::Placed);
        }
        let entry = Entry::new("import.place")
            .on("import_hold", id.to_owned())
            .cases([case_id])
            .place(Some(place.province_code), Some(place.code))
            .detail(json!({
                "source_key": row.source_key, "old_code": row.old_code, "commune_code": commune,
            }));
        caller.record(conn, entry, now)?;
        Ok(number)
    })
}

/// Whether the caller places held rows (the review list is theirs): `NotAllowed` if not.
pub fn may_place(caller: &Caller) -> Result<(), ImportError> {
    department_province(caller)
        .map(|_| ())
        .ok_or(ImportError::NotAllowed)
}

/// The province whose held rows the caller places: a child-protection department officer's.
fn department_province(caller: &Caller) -> Option<i32> {
    let agency = caller.agency()?;
    let officer = caller.role() == Some(Role::AgencyOfficer)
        && agency.kind == AgencyKind::ChildProtectionDept;
    officer
        .then(|| agency.jurisdiction.province())
        .flatten()
        .map(i32::from)
}

fn among(row: &HoldRow) -> impl Iterator<Item = i32> + '_ {
    row.among.split(',').filter_map(|c| c.parse().ok())
}

fn open(vault: &Vault, row: &HoldRow) -> Result<Payload, ImportError> {
    let text = vault.open(Field::ImportRow, &row.id, &row.payload)?;
    serde_json::from_str(&text).map_err(|e| ImportError::Mapping(e.to_string()))
}
