//! One import: every row checked first; nothing written when a row has a problem (unless
//! told to skip such rows) or on a dry run; rows imported before recognised by their key and
//! left alone; the rest written a few hundred to a transaction, so a run that stops part way
//! is simply run again.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use hotline_audit::Actor;
use hotline_domain::{text, AgencyKind, Role};
use hotline_intake::past::{record_past, Importer, PastCase};
use hotline_store::models::{AgencyRow, CommuneRow, UserRow};
use hotline_store::queries::{agencies, imports, places, users};
use hotline_store::{write_transaction, DbConnection, StoreError};
use hotline_vault::Vault;

use crate::mapping::Mapping;
use crate::rows::{RowProblem, Rows};
use crate::sheet::Sheet;
use crate::ImportError;

/// Rows written per transaction.
const BATCH: usize = 200;

/// The account imported cases are recorded as opened by: it cannot sign in.
pub const IMPORT_ACCOUNT: &str = "import";

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check every row and say what would be written; write nothing.
    pub dry_run: bool,
    /// Write the rows that pass even when others have problems.
    pub skip_invalid: bool,
}

/// What a run found and did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub rows: usize,
    /// Rows that passed and were not imported before.
    pub new: usize,
    /// Rows imported by an earlier run, left alone.
    pub already: usize,
    /// Rows with a problem.
    pub invalid: usize,
    /// Cases written by this run.
    pub written: usize,
    pub problems: Vec<RowProblem>,
}

/// Check `sheet` with `mapping` and, unless the options say not to, write its new rows.
pub fn import(
    conn: &mut DbConnection,
    vault: &Vault,
    (mapping, sheet): (&Mapping, &Sheet),
    options: Options,
    now: DateTime<Utc>,
) -> Result<Outcome, ImportError> {
    let agency = hotline_agency(conn, &mapping.agency)?;
    let places = Places::load(conn, agency.province_code)?;
    let rows = Rows::new(mapping, sheet)?;
    let mut outcome = Outcome {
        rows: rows.len(),
        ..Outcome::default()
    };
    let mut passed: Vec<(PastCase, i32)> = Vec::new();
    let mut keys = HashSet::new();
    let communes = |written: &str| places.code_of(written);
    for index in 0..rows.len() {
        match rows.check(index, &communes, now) {
            Ok(past) if !keys.insert(past.source_key.clone()) => {
                outcome.invalid += 1;
                outcome.problems.push(RowProblem {
                    row: past.row,
                    column: mapping.column("key").unwrap_or("key").to_owned(),
                    reason: "số thứ tự đã có ở một dòng trước trong tệp".into(),
                });
            }
            Ok(past) => {
                let commune = past.report.commune_code.unwrap_or_default();
                passed.push((past, i32::try_from(commune).unwrap_or_default()));
            }
            Err(problems) => {
                outcome.invalid += 1;
                outcome.problems.extend(problems);
            }
        }
    }
    let all: Vec<&str> = passed.iter().map(|(p, _)| p.source_key.as_str()).collect();
    let before: HashSet<String> = all
        .chunks(500)
        .map(|chunk| imports::imported_keys(conn, chunk))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    passed.retain(|(p, _)| !before.contains(&p.source_key));
    outcome.already = before.len();
    outcome.new = passed.len();
    if options.dry_run || (outcome.invalid > 0 && !options.skip_invalid) {
        return Ok(outcome);
    }
    let account = import_account(conn, &agency, now)?;
    let actor = Actor::system(IMPORT_ACCOUNT);
    let importer = Importer {
        user_id: &account,
        agency_id: &agency.id,
        actor: &actor,
    };
    for batch in passed.chunks(BATCH) {
        write_transaction(conn, |conn| {
            for (past, code) in batch {
                let commune = places.row(*code).ok_or(StoreError::NotFound)?;
                record_past(conn, vault, &importer, (past, commune), now)?;
            }
            Ok::<_, StoreError>(())
        })?;
        outcome.written += batch.len();
    }
    Ok(outcome)
}

/// The register's hotline: an active agency of kind `hotline`.
fn hotline_agency(conn: &mut DbConnection, code: &str) -> Result<AgencyRow, ImportError> {
    agencies::by_code(conn, code)?
        .filter(|a| a.active && a.kind.parse::<AgencyKind>() == Ok(AgencyKind::Hotline))
        .ok_or_else(|| ImportError::Mapping(format!("`agency`: no hotline agency `{code}`")))
}

/// The account imported cases are opened by: made once, never able to sign in.
fn import_account(
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

/// The 2025 communes a register may name: by code, or by name (with or without `Xã`,
/// `Phường` or `Đặc khu`, diacritics and case aside) within the hotline's province (or the
/// country, for a national line, where a name found in two provinces needs its code).
struct Places {
    by_code: HashMap<i32, CommuneRow>,
    by_name: HashMap<String, Vec<i32>>,
}

impl Places {
    fn load(conn: &mut DbConnection, province: Option<i32>) -> Result<Places, ImportError> {
        let rows = match province {
            Some(p) => places::communes_in(conn, p)?,
            None => {
                let mut all = Vec::new();
                for p in places::provinces(conn)? {
                    all.extend(places::communes_in(conn, p.code)?);
                }
                all
            }
        };
        let mut by_name: HashMap<String, Vec<i32>> = HashMap::new();
        for c in &rows {
            for name in [text::fold(&c.name), text::fold(bare(&c.name))] {
                let codes = by_name.entry(name).or_default();
                if !codes.contains(&c.code) {
                    codes.push(c.code);
                }
            }
        }
        Ok(Places {
            by_code: rows.into_iter().map(|c| (c.code, c)).collect(),
            by_name,
        })
    }

    fn row(&self, code: i32) -> Option<&CommuneRow> {
        self.by_code.get(&code)
    }

    fn code_of(&self, written: &str) -> Result<u32, String> {
        if written.is_empty() {
            return Err("cần xã, phường (mã hoặc tên năm 2025)".into());
        }
        let found: Vec<i32> = match written.parse::<i32>() {
            Ok(code) => self
                .by_code
                .contains_key(&code)
                .then_some(code)
                .into_iter()
                .collect(),
            Err(_) => self
                .by_name
                .get(&text::fold(written))
                .cloned()
                .unwrap_or_default(),
        };
        match found.as_slice() {
            [code] => u32::try_from(*code).map_err(|e| e.to_string()),
            [] => Err(format!(
                "không có xã, phường «{written}» trong danh mục năm 2025"
            )),
            _ => Err(format!(
                "«{written}» trùng tên ở nhiều nơi: ghi mã xã, phường"
            )),
        }
    }
}

/// A commune's name without its kind (`Phường Thuận An` → `Thuận An`).
fn bare(name: &str) -> &str {
    ["Phường ", "Xã ", "Đặc khu "]
        .iter()
        .find_map(|kind| name.strip_prefix(kind))
        .unwrap_or(name)
}
