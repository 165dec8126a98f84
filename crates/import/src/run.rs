//! One import: every row checked first; nothing written when a row has a problem (unless
//! told to skip such rows) or on a dry run; rows imported before recognised by their key and
//! left alone; the rest written a few hundred to a transaction, so a run that stops part way
//! is simply run again. A row naming a commune the 2025 reform divided is held for a
//! department officer to place (see [`crate::held`]).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use hotline_audit::Actor;
use hotline_domain::text;
use hotline_intake::past::{record_past, Importer, PastCase};
use hotline_store::models::CommuneRow;
use hotline_store::queries::{imports, places};
use hotline_store::{write_transaction, DbConnection, StoreError};
use hotline_vault::Vault;

use crate::held;
use crate::hotline::{hotline_agency, import_account, IMPORT_ACCOUNT};
use crate::mapping::Mapping;
use crate::old_units::{bare, OldUnit, OldUnits};
use crate::rows::{Checked, Located, RowProblem, Rows, Written};
use crate::sheet::Sheet;
use crate::ImportError;

/// Rows written per transaction.
const BATCH: usize = 200;

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
    /// Rows of this run held for a department officer to place (their old commune was
    /// divided); among `new`.
    pub held: usize,
    pub problems: Vec<RowProblem>,
}

/// Check `sheet` with `mapping` (old communes found in `old`) and, unless the options say
/// not to, write its new rows.
pub fn import(
    conn: &mut DbConnection,
    vault: &Vault,
    (mapping, sheet, old): (&Mapping, &Sheet, &OldUnits),
    options: Options,
    now: DateTime<Utc>,
) -> Result<Outcome, ImportError> {
    let agency = hotline_agency(conn, &mapping.agency)?;
    let places = Places::load(conn, agency.province_code, old)?;
    let rows = Rows::new(mapping, sheet)?;
    let mut outcome = Outcome {
        rows: rows.len(),
        ..Outcome::default()
    };
    let mut passed: Vec<(PastCase, i32)> = Vec::new();
    let mut held: Vec<(usize, Checked, OldUnit)> = Vec::new();
    let mut keys = HashSet::new();
    let communes = |written: &Written<'_>| places.locate(written);
    let checking = hotline_domain::progress::task("import: checking rows", Some(rows.len() as u64));
    for index in 0..rows.len() {
        checking.advance(1);
        match rows.check(index, &communes, now) {
            Ok(Checked { past, .. }) if !keys.insert(past.source_key.clone()) => {
                outcome.invalid += 1;
                outcome.problems.push(RowProblem {
                    row: past.row,
                    column: mapping.column("key").unwrap_or("key").to_owned(),
                    reason: "số thứ tự đã có ở một dòng trước trong tệp".into(),
                });
            }
            Ok(Checked {
                past,
                divided: Some(unit),
            }) => held.push((
                index,
                Checked {
                    past,
                    divided: None,
                },
                unit,
            )),
            Ok(Checked { past, .. }) => {
                let commune = past.report.commune_code.unwrap_or_default();
                passed.push((past, i32::try_from(commune).unwrap_or_default()));
            }
            Err(problems) => {
                outcome.invalid += 1;
                outcome.problems.extend(problems);
            }
        }
    }
    let all: Vec<&str> = passed
        .iter()
        .map(|(p, _)| p.source_key.as_str())
        .chain(held.iter().map(|(_, c, _)| c.past.source_key.as_str()))
        .collect();
    let before: HashSet<String> = all
        .chunks(500)
        .map(|chunk| imports::imported_keys(conn, chunk))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    passed.retain(|(p, _)| !before.contains(&p.source_key));
    held.retain(|(_, c, _)| !before.contains(&c.past.source_key));
    outcome.already = before.len();
    outcome.new = passed.len() + held.len();
    if options.dry_run || (outcome.invalid > 0 && !options.skip_invalid) {
        return Ok(outcome);
    }
    drop(checking);
    let writing = hotline_domain::progress::task(
        "import: writing cases",
        Some((passed.len() + held.len()) as u64),
    );
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
        writing.advance(batch.len() as u64);
    }
    for batch in held.chunks(BATCH) {
        write_transaction(conn, |conn| {
            for (index, checked, unit) in batch {
                let values = rows.values(*index);
                held::hold(conn, vault, (mapping, values), (checked, unit), now)?;
            }
            Ok::<_, ImportError>(())
        })?;
        outcome.held += batch.len();
        writing.advance(batch.len() as u64);
    }
    Ok(outcome)
}

/// The communes a register may name: a 2025 commune by code, or by name (with or without
/// `Xã`, `Phường` or `Đặc khu`, diacritics and case aside), or a commune of 30 June 2025 by
/// name (and district, where the name repeats), within the hotline's province (or the
/// country, for a national line, where a name found in two provinces needs its code).
struct Places<'o> {
    province: Option<i32>,
    by_code: HashMap<i32, CommuneRow>,
    by_name: HashMap<String, Vec<i32>>,
    old: &'o OldUnits,
}

impl<'o> Places<'o> {
    fn load(
        conn: &mut DbConnection,
        province: Option<i32>,
        old: &'o OldUnits,
    ) -> Result<Places<'o>, ImportError> {
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
            province,
            by_code: rows.into_iter().map(|c| (c.code, c)).collect(),
            by_name,
            old,
        })
    }

    /// Where `written` lies today. A report received before the reform names the commune of
    /// its day: the old names are looked at first, and the 2025 ones after (a name both
    /// lists have may be two places). A later one is looked for among the 2025 names first.
    fn locate(&self, written: &Written<'_>) -> Result<Located, String> {
        let before_reform = written.received_at.is_some_and(|at| at < reform());
        let today = || self.code_of(written.commune).map(Located::Commune);
        if before_reform {
            return self.old_place(written).unwrap_or_else(today);
        }
        today().or_else(|why| self.old_place(written).unwrap_or(Err(why)))
    }

    /// Where the old commune `written` names lies today; `None` when no old commune has
    /// that name there.
    fn old_place(&self, written: &Written<'_>) -> Option<Result<Located, String>> {
        if written.commune.is_empty() || written.commune.parse::<i32>().is_ok() {
            return None;
        }
        let found = self
            .old
            .find(self.province, written.commune, written.district);
        let known = |unit: &OldUnit| unit.among.iter().all(|c| self.by_code.contains_key(c));
        match found.as_slice() {
            [] => None,
            [unit] if !known(unit) => None,
            [unit] if unit.divided() => Some(Ok(Located::Divided((*unit).clone()))),
            [unit] => unit
                .among
                .first()
                .and_then(|c| u32::try_from(*c).ok())
                .map(|c| Ok(Located::Commune(c))),
            many => {
                let districts: Vec<&str> = many.iter().map(|u| u.district.as_str()).collect();
                Some(Err(format!(
                    "«{}» trước sắp xếp có ở nhiều nơi ({}): ghi thêm huyện",
                    written.commune,
                    districts.join(", ")
                )))
            }
        }
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
                "không có xã, phường «{written}» trong danh mục năm 2025 hay trước sắp xếp"
            )),
            _ => Err(format!(
                "«{written}» trùng tên ở nhiều nơi: ghi mã xã, phường"
            )),
        }
    }
}

/// The start of the 2025 communes: 1 July 2025, in Vietnam.
fn reform() -> DateTime<FixedOffset> {
    hotline_domain::time::vietnam()
        .with_ymd_and_hms(2025, 7, 1, 0, 0, 0)
        .single()
        .unwrap_or_else(|| DateTime::<Utc>::MIN_UTC.fixed_offset())
}
