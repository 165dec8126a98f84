//! Registers kept before the 2025 reform, imported through the command's own code with the
//! tests' list of old communes (`tests/fixtures/import/old-units.csv`).

use std::path::PathBuf;

use diesel::prelude::*;
use hotline::import_cli;
use hotline_import::run::{Options, Outcome};
use hotline_store::schema::import_holds;

use super::TestApp;

const MAPPING: &str = include_str!("../../fixtures/import/map-old.toml");

pub const HEADER: &str =
    "Số TT,Ngày tiếp nhận,Xã/phường,Quận/huyện,Địa chỉ,Loại xâm hại,Họ tên trẻ\n";

/// The tests' list of old communes.
pub fn old_units() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/old-units.csv")
}

/// Import `rows` (under [`HEADER`]) as the 111 line's register of 2024.
pub fn import_old(app: &TestApp, rows: &str, skip_invalid: bool) -> (Outcome, bool) {
    let dir = tempfile::tempdir().unwrap();
    let (file, mapping) = (dir.path().join("so-2024.csv"), dir.path().join("map.toml"));
    std::fs::write(&file, format!("{HEADER}{rows}")).unwrap();
    std::fs::write(&mapping, MAPPING).unwrap();
    let mut config = app.config.clone();
    config.files.old_units_file = old_units();
    let options = Options {
        dry_run: false,
        skip_invalid,
    };
    import_cli::run(&config, (&file, &mapping), options).unwrap()
}

/// A row held for a place: in Huế's made-up divided commune, or in Hà Nội's Điện Biên. Its id.
pub fn held_row(app: &TestApp, hue: bool, key: u32) -> String {
    let row = match hue {
        true => format!("{key},05/03/2024,Xã Thử Nghiệm,Phú Vang,Thôn Một,Sao nhãng,Trẻ {key}\n"),
        false => format!(
            "{key},05/03/2024,Phường Điện Biên,Quận Ba Đình,Số 1 phố Điện Biên Phủ,Sao nhãng,Trẻ {key}\n"
        ),
    };
    let (outcome, _) = import_old(app, &row, false);
    assert_eq!(outcome.held, 1, "{:?}", outcome.problems);
    import_holds::table
        .filter(import_holds::source_key.eq(format!("vn-111-so-2024:{key}")))
        .select(import_holds::id)
        .first(&mut *app.conn())
        .unwrap()
}
