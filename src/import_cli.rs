//! `hotline import cases FILE --mapping MAP.toml [--dry-run] [--skip-invalid]`: a province's
//! past register into cases. Every row is checked first; its problems go to
//! `FILE.errors.csv` (row, column, reason), and nothing is written while there are any unless
//! `--skip-invalid`. A second run of the same file adds nothing.

use std::path::Path;

use hotline_import::mapping::Mapping;
use hotline_import::old_units::OldUnits;
use hotline_import::run::{import, Options, Outcome};
use hotline_import::sheet::Sheet;
use hotline_import::{problems, ImportError};

use crate::config::Config;
use crate::startup::{open_vault, prepare_database};
use crate::{keys, StartError};

/// Check the register and write what the options allow. `Ok(true)` when the file is clean
/// (or its problems were skipped as asked).
pub fn run(
    config: &Config,
    (file, mapping): (&Path, &Path),
    options: Options,
) -> Result<(Outcome, bool), StartError> {
    let bad = |e: ImportError| StartError::Other(e.to_string());
    let text = std::fs::read_to_string(mapping)
        .map_err(|e| StartError::Other(format!("{}: {e}", mapping.display())))?;
    let mapping = Mapping::parse(&text).map_err(bad)?;
    let sheet = Sheet::read(file).map_err(bad)?;
    let old = OldUnits::read(&config.files.old_units_file).map_err(bad)?;
    let pool = prepare_database(config)?;
    // The server's own vault: the same sealing keys, and the same keyed search words, so the
    // imported cases open and are found like any other.
    let contact_key = keys::contact_key(config, &keys::signing_key(config)?)?;
    let vault = open_vault(config, &pool, &contact_key)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let outcome = import(
        &mut conn,
        &vault,
        (&mapping, &sheet, &old),
        options,
        chrono::Utc::now(),
    )
    .map_err(bad)?;
    hotline_store::wal::settle(&mut conn)?;
    let errors = problems::path_for(file);
    if outcome.problems.is_empty() {
        if errors.exists() {
            std::fs::remove_file(&errors).map_err(|e| StartError::Other(e.to_string()))?;
        }
    } else {
        problems::write(&errors, &outcome.problems).map_err(bad)?;
    }
    let clean = outcome.invalid == 0 || options.skip_invalid;
    Ok((outcome, clean))
}

/// What a run says when it ends.
pub fn summary(outcome: &Outcome, file: &Path, options: Options) -> String {
    let mut lines = vec![format!(
        "{} rows: {} new, {} imported before, {} with problems",
        outcome.rows, outcome.new, outcome.already, outcome.invalid
    )];
    if outcome.held > 0 {
        lines.push(format!(
            "{} rows name a commune divided in 2025: held for the department to place \
             (console: Nhập sổ cũ)",
            outcome.held
        ));
    }
    if !outcome.problems.is_empty() {
        lines.push(format!(
            "{} problems written to {}",
            outcome.problems.len(),
            problems::path_for(file).display()
        ));
    }
    lines.push(
        match (
            options.dry_run,
            outcome.invalid > 0 && !options.skip_invalid,
        ) {
            (true, _) => "dry run: nothing written".into(),
            (false, true) => "nothing written: correct the rows, or run with --skip-invalid".into(),
            (false, false) => format!("{} cases written", outcome.written),
        },
    );
    lines.join("\n")
}
