//! `hotline import cases`: a province's past register into cases, on either database. Ten
//! thousand rows go in once (a second run adds nothing), keep their dates and status, count
//! in the figures of their own year, are marked imported, are found by search, and send
//! nothing; a register with problems writes nothing unless told, and says each problem with
//! its row and column beside the input.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use awc::http::StatusCode;
use diesel::prelude::*;
use hotline::import_cli;
use hotline_import::run::Options;

use crate::helpers::TestApp;

const MAPPING: &str = include_str!("../fixtures/import/map.toml");

const HEADER: &str = "Số TT,Ngày tiếp nhận,Xã/phường,Loại xâm hại,Tình trạng,Ngày kết thúc,Họ tên trẻ,Năm sinh,Giới tính\n";

/// Row `n` of a generated register: received over 2021 and 2022, three of four closed.
fn row(n: usize) -> String {
    let year = 2021 + n % 2;
    let (month, day) = (1 + n % 12, 1 + n % 28);
    let commune = ["Thuận An", "Phường Dương Nỗ", "19900"][n % 3];
    let category = ["Xâm hại tình dục", "Sao nhãng", "Bạo lực thể chất; Bỏ rơi"][n % 3];
    let (status, closed) = match n % 4 {
        0 => ("Đang xác minh", String::new()),
        _ => (
            "Đã đóng",
            format!("{:02}/{month:02}/{year}", (day + 1).min(28)),
        ),
    };
    let sex = ["Nữ", "Nam"][n % 2];
    format!(
        "{n},{day:02}/{month:02}/{year},{commune},{category},{status},{closed},Trẻ Số {n},{},{sex}\n",
        2008 + n % 10
    )
}

fn write_files(dir: &Path, rows: &str) -> (PathBuf, PathBuf) {
    let (file, mapping) = (dir.join("so-dang-ky.csv"), dir.join("map.toml"));
    std::fs::write(&file, format!("{HEADER}{rows}")).unwrap();
    std::fs::write(&mapping, MAPPING).unwrap();
    (file, mapping)
}

fn count(app: &TestApp, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<N>(&mut *app.conn())
        .unwrap()
        .n
}

#[actix_web::test]
async fn ten_thousand_rows_go_in_once_in_their_own_periods_and_send_nothing() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (1..=10_000).map(row).collect();
    let (file, mapping) = write_files(dir.path(), &rows);
    let files = (file.as_path(), mapping.as_path());

    let dry = Options {
        dry_run: true,
        skip_invalid: false,
    };
    let (checked, clean) = import_cli::run(&app.config, files, dry).unwrap();
    assert!(clean);
    assert_eq!(
        (checked.rows, checked.new, checked.written),
        (10_000, 10_000, 0)
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cases"), 0);

    // The command itself, as an operator runs it from cron: off a terminal it says how far
    // it is in a plain line every few seconds, on standard error.
    let started = std::time::Instant::now();
    let (file_arg, map_arg) = (file.to_str().unwrap(), mapping.to_str().unwrap());
    let out = app
        .cli(&["import", "cases", file_arg, "--mapping", map_arg])
        .output()
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!("imported 10,000 rows in {secs:.1} s");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("10000 cases written"), "{stdout}");
    if secs > 6.0 {
        assert!(
            stderr.contains(" of 10000 (") && stderr.contains("/s, about "),
            "no progress line in {secs:.1} s: {stderr}"
        );
    }
    assert!(!hotline_import::problems::path_for(&file).exists());
    // The command empties SQLite's write-ahead log when it ends: a bulk import leaves no
    // log behind on a commune office's disk.
    let wal = hotline_store::wal::wal_bytes(&mut app.conn()).unwrap();
    assert!(wal < 1_000_000, "the log is {wal} bytes after the import");
    let (again, _) = import_cli::run(&app.config, files, Options::default()).unwrap();
    assert_eq!((again.new, again.already, again.written), (0, 10_000, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cases"), 10_000);

    // Nothing is sent, and no clock runs on a past case.
    for table in [
        "outbox",
        "referrals",
        "case_deadlines",
        "webhook_deliveries",
    ] {
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) AS n FROM {table}")),
            0,
            "{table}"
        );
    }

    // Row 17: received 18/06/2022 in Thuận An (written as its code), closed the next day,
    // numbered in 2022.
    let case_id: String = {
        use hotline_store::schema::case_imports;
        case_imports::table
            .filter(case_imports::source_key.eq("hue-so-dang-ky-2021-2022:17"))
            .select(case_imports::case_id)
            .first(&mut *app.conn())
            .unwrap()
    };
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let case = app
        .get(&format!("/api/v1/cases/{case_id}"), Some(&sup))
        .await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.body);
    assert_eq!(
        case.body["imported"]["source_key"],
        "hue-so-dang-ky-2021-2022:17"
    );
    assert_eq!(case.body["status"], "closed");
    assert!(case.body["case_number"]
        .as_str()
        .unwrap()
        .starts_with("46-2022-"));
    assert_eq!(case.body["commune_code"], 19900);
    assert_eq!(case.body["children"][0]["name"], "Trẻ Số 17");
    assert_eq!(case.body["referrals"], serde_json::json!([]));
    assert_eq!(case.body["timeline"][0]["kind"], "imported");
    let number = case.body["case_number"].as_str().unwrap();
    let found = app
        .get(&format!("/api/v1/cases?q={number}"), Some(&sup))
        .await;
    assert_eq!(
        found.body["items"][0]["id"],
        case_id.as_str(),
        "{}",
        found.body
    );

    // The figures of 2021 count the rows received in 2021, and 2026's none of them.
    let in_2021 = (1..=10_000).filter(|n| n % 2 == 0).count() as i64;
    let figures = app
        .get("/api/v1/stats?from=2021-01-01&to=2021-12-31", Some(&sup))
        .await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.body);
    let summary = figures.body["tables"]["summary"].as_array().unwrap();
    let opened = summary
        .iter()
        .find(|r| r["code"] == "cases_opened")
        .unwrap();
    assert_eq!(opened["count"], in_2021, "{opened}");
    let now = app
        .get("/api/v1/stats?preset=year&on=2026-12-01", Some(&sup))
        .await;
    let summary = now.body["tables"]["summary"].as_array().unwrap();
    let opened = summary
        .iter()
        .find(|r| r["code"] == "cases_opened")
        .unwrap();
    assert_eq!(opened["count"], 0, "{opened}");
    let entries = count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'case.import'",
    );
    assert_eq!(entries, 10_000);
}

#[actix_web::test]
async fn a_register_with_problems_writes_nothing_unless_told_and_says_each_problem() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    rows.push_str(&row(1));
    let _ = writeln!(rows, "2,31/02/2021,Xã Không Có,Trộm,Đã đóng,,,hai nghìn,Nữ");
    rows.push_str(&row(3));
    rows.push_str(&row(1));
    let (file, mapping) = write_files(dir.path(), &rows);
    let files = (file.as_path(), mapping.as_path());

    let (outcome, clean) = import_cli::run(&app.config, files, Options::default()).unwrap();
    assert!(!clean);
    assert_eq!((outcome.rows, outcome.invalid, outcome.written), (4, 2, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cases"), 0);
    let errors = std::fs::read_to_string(hotline_import::problems::path_for(&file)).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines[0], "row,column,reason");
    for said in [
        "3,Ngày tiếp nhận,",
        "3,Xã/phường,",
        "3,Loại xâm hại,",
        "3,Năm sinh,",
        "3,Ngày kết thúc,",
        "5,Số TT,",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(said)),
            "{said} not in {errors}"
        );
    }
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("3,Xã/phường,"))
            .count(),
        1
    );

    let skip = Options {
        dry_run: false,
        skip_invalid: true,
    };
    let (outcome, clean) = import_cli::run(&app.config, files, skip).unwrap();
    assert!(clean);
    assert_eq!(outcome.written, 2);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cases"), 2);
}
