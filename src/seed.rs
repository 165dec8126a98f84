//! Reference data loaded at start: the 2025 admin units, the agencies, the first admin.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Utc;
use hotline_domain::{text, AgencyKind};
use hotline_store::models::{CommuneRow, ProvinceRow, UserRow};
use hotline_store::queries::agencies::AgencySpec;
use hotline_store::queries::search_terms::{self, TermKey};
use hotline_store::queries::{agencies, places, users};
use hotline_store::{write_transaction, DbConnection, StoreError};
use serde::Deserialize;

use crate::StartError;

/// Codes of Decision 19/2025/QĐ-TTg, valid from the two-level government of 1 July 2025.
const ADMIN_UNITS_VALID_FROM: &str = "2025-07-01";

#[derive(Debug, Deserialize)]
struct AdminUnitRecord {
    province_code: i32,
    province_name: String,
    province_type: String,
    unit_code: i32,
    unit_name: String,
    unit_type: String,
}

/// Read the statistics office's list: one row per commune, with its province.
pub fn read_admin_units(path: &Path) -> Result<(Vec<ProvinceRow>, Vec<CommuneRow>), StartError> {
    let bad = |m: String| StartError::Config(format!("admin_units_file: {}: {m}", path.display()));
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(e.to_string()))?;
    let mut provinces = BTreeMap::new();
    let mut communes = Vec::new();
    for (i, record) in reader.deserialize::<AdminUnitRecord>().enumerate() {
        let r = record.map_err(|e| bad(format!("row {}: {e}", i + 2)))?;
        provinces
            .entry(r.province_code)
            .or_insert_with(|| ProvinceRow {
                code: r.province_code,
                name: r.province_name.clone(),
                unit_type: r.province_type.clone(),
                valid_from: ADMIN_UNITS_VALID_FROM.into(),
            });
        communes.push(CommuneRow {
            code: r.unit_code,
            province_code: r.province_code,
            name_folded: text::fold(&r.unit_name),
            name: r.unit_name,
            unit_type: r.unit_type,
            valid_from: ADMIN_UNITS_VALID_FROM.into(),
        });
    }
    if communes.is_empty() {
        return Err(bad("holds no rows".into()));
    }
    Ok((provinces.into_values().collect(), communes))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgenciesFile {
    #[serde(default)]
    agency: Vec<AgencyEntry>,
    #[serde(default)]
    commune_groups: Vec<CommuneGroupTemplate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyEntry {
    code: String,
    kind: String,
    name: String,
    province_code: Option<i32>,
    commune_code: Option<i32>,
    email: Option<String>,
}

/// One agency per commune of a province; `{commune_code}` and `{commune_name}` are filled in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommuneGroupTemplate {
    province_code: i32,
    kind: String,
    code: String,
    name: String,
    email: Option<String>,
}

/// Parse and check the agencies file against the admin units; every problem is one line.
pub fn read_agencies(path: &Path, communes: &[CommuneRow]) -> Result<Vec<AgencySpec>, StartError> {
    let bad = |m: String| StartError::Config(format!("agencies_file: {}: {m}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let file: AgenciesFile = toml::from_str(&text).map_err(|e| bad(e.message().to_owned()))?;
    let mut specs: BTreeMap<String, AgencySpec> = BTreeMap::new();
    for t in &file.commune_groups {
        for c in communes
            .iter()
            .filter(|c| c.province_code == t.province_code)
        {
            let fill = |s: &str| {
                s.replace("{commune_code}", &c.code.to_string())
                    .replace("{commune_name}", &in_sentence(&c.name))
            };
            let spec = AgencySpec {
                code: fill(&t.code),
                kind: t.kind.clone(),
                name: fill(&t.name),
                province_code: Some(c.province_code),
                commune_code: Some(c.code),
                email: t.email.as_deref().map(fill),
            };
            specs.insert(spec.code.clone(), spec);
        }
    }
    for a in file.agency {
        let spec = AgencySpec {
            code: a.code,
            kind: a.kind,
            name: a.name,
            province_code: a.province_code,
            commune_code: a.commune_code,
            email: a.email,
        };
        specs.insert(spec.code.clone(), spec);
    }
    for spec in specs.values() {
        check_agency(spec, communes).map_err(|m| bad(format!("agency `{}`: {m}", spec.code)))?;
    }
    Ok(specs.into_values().collect())
}

/// "Phường Thuận An" reads "phường Thuận An" inside a sentence.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn check_agency(spec: &AgencySpec, communes: &[CommuneRow]) -> Result<(), String> {
    if spec.code.is_empty()
        || !spec
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("code must be ASCII letters, digits, '-' or '_'".into());
    }
    let kind: AgencyKind = spec
        .kind
        .parse()
        .map_err(|e: hotline_domain::DomainError| e.to_string())?;
    if spec.name.trim().is_empty() {
        return Err("name is empty".into());
    }
    if let Some(email) = &spec.email {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            return Err(format!("email `{email}` is not an address"));
        }
    }
    match (spec.province_code, spec.commune_code) {
        (_, Some(code)) => {
            let commune = communes
                .iter()
                .find(|c| c.code == code)
                .ok_or(format!("commune {code} does not exist"))?;
            if spec.province_code != Some(commune.province_code) {
                return Err(format!(
                    "commune {code} lies in province {}",
                    commune.province_code
                ));
            }
        }
        (Some(p), None) => {
            if !communes.iter().any(|c| c.province_code == p) {
                return Err(format!("province {p} does not exist"));
            }
        }
        (None, None) => {}
    }
    if kind == AgencyKind::CommuneCpGroup && spec.commune_code.is_none() {
        return Err("a commune_cp_group needs a commune_code".into());
    }
    Ok(())
}

/// Load admin units and agencies into the database (idempotent).
pub fn load_reference_data(
    conn: &mut DbConnection,
    provinces: &[ProvinceRow],
    communes: &[CommuneRow],
    specs: &[AgencySpec],
    config_digest: &str,
) -> Result<(), StartError> {
    write_transaction(conn, |conn| {
        let added = places::load(conn, provinces, communes)?;
        let counts = agencies::upsert(conn, specs, Utc::now().naive_utc())?;
        // The configuration in force is part of the record: which agencies and places, and a
        // digest of the settings (never a secret).
        let entry = hotline_audit::Entry::new("config.load").detail(serde_json::json!({
            "config_sha256": config_digest, "admin_units_added": added,
            "agencies": {"inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged},
        }));
        hotline_audit::append(conn, &hotline_audit::Actor::system("hotline"), entry, Utc::now()).map_err(StoreError::from)?;
        tracing::info!(
            admin_units_added = added,
            agencies_inserted = counts.inserted,
            agencies_updated = counts.updated,
            agencies_unchanged = counts.unchanged,
            "reference data loaded"
        );
        Ok::<_, StoreError>(())
    })
    .map_err(StartError::from)
}

/// Index the cases written before the case search index existed (migration 000013), 500 to
/// a transaction, resumable (indexing twice is harmless); a no-op once done. Returns how
/// many cases were indexed.
pub fn index_case_search(conn: &mut DbConnection, key: &TermKey) -> Result<usize, StartError> {
    const DONE: &str = "case_search_terms_v1";
    const BATCH: i64 = 500;
    if search_terms::backfill_done(conn, DONE)? {
        return Ok(0);
    }
    let (mut indexed, mut after) = (0, None::<String>);
    loop {
        let (count, last) = write_transaction(conn, |conn| {
            search_terms::index_batch(conn, key, after.as_deref(), BATCH)
        })?;
        indexed += count;
        match last {
            Some(id) => after = Some(id),
            None => break,
        }
    }
    search_terms::mark_backfill_done(conn, DONE, Utc::now().naive_utc())?;
    Ok(indexed)
}

/// On a database with no users, create `admin` with a random password and return it, to be
/// shown once on the console (never logged).
pub fn first_admin(conn: &mut DbConnection) -> Result<Option<String>, StartError> {
    write_transaction(conn, |conn| {
        if users::count(conn)? > 0 {
            return Ok(None);
        }
        let password = hotline_auth::password::generate();
        let hash = hotline_auth::password::hash(&password)
            .map_err(|e| StartError::Other(e.to_string()))?;
        users::insert(conn, &new_user("admin", &hash, "admin", None))?;
        Ok(Some(password))
    })
}

pub fn new_user(
    username: &str,
    password_hash: &str,
    role: &str,
    agency_id: Option<String>,
) -> UserRow {
    UserRow::new(
        uuid::Uuid::new_v4().to_string(),
        username,
        role,
        agency_id,
        password_hash.to_owned(),
        Utc::now().naive_utc(),
    )
}
