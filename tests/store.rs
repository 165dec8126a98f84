//! The store on the backend under test (SQLite, or PostgreSQL with HOTLINE_TEST_POSTGRES_URL).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use hotline_store::models::ProvinceRow;
use hotline_store::queries::{cases, places};
use hotline_store::schema::provinces;
use hotline_store::{migrations, write_transaction, StoreError};
use hotline_test_db::TestDb;

fn province(code: i32) -> ProvinceRow {
    ProvinceRow {
        code,
        name: format!("Tỉnh {code}"),
        unit_type: "tỉnh".into(),
        valid_from: "2025-07-01".into(),
    }
}

#[test]
fn migrations_apply_once() {
    let db = TestDb::new();
    let mut conn = db.migrated_connection();
    assert!(migrations::run_pending(&mut conn).unwrap().is_empty());
    assert!(migrations::all_applied(&mut conn).unwrap());
}

#[test]
fn a_failed_write_transaction_leaves_nothing() {
    let db = TestDb::new();
    let mut conn = db.migrated_connection();
    let result: Result<(), StoreError> = write_transaction(&mut conn, |conn| {
        places::load(conn, &[province(46)], &[])?;
        Err(StoreError::Conflict("boom".into()))
    });
    assert!(result.is_err());
    assert_eq!(
        provinces::table
            .count()
            .get_result::<i64>(&mut conn)
            .unwrap(),
        0
    );
    // The connection is still usable, and a good transaction commits.
    write_transaction(&mut conn, |conn| {
        places::load(conn, &[province(46)], &[]).map(|_| ())
    })
    .unwrap();
    assert_eq!(
        provinces::table
            .count()
            .get_result::<i64>(&mut conn)
            .unwrap(),
        1
    );
}

#[test]
fn case_sequences_are_per_province_and_year_and_rollbacks_leave_no_gap() {
    let db = TestDb::new();
    let mut conn = db.migrated_connection();
    let take = |conn: &mut hotline_store::DbConnection, p, y| {
        write_transaction(conn, |conn| cases::next_case_sequence(conn, p, y)).unwrap()
    };
    assert_eq!(take(&mut conn, 46, 2026), 1);
    assert_eq!(take(&mut conn, 46, 2026), 2);
    let rolled_back: Result<i64, StoreError> = write_transaction(&mut conn, |conn| {
        cases::next_case_sequence(conn, 46, 2026)?;
        Err(StoreError::Conflict("abandoned intake".into()))
    });
    assert!(rolled_back.is_err());
    assert_eq!(
        take(&mut conn, 46, 2026),
        3,
        "the abandoned number is reused: no gap"
    );
    assert_eq!(take(&mut conn, 46, 2027), 1);
    assert_eq!(take(&mut conn, 1, 2026), 1);
}

#[test]
fn concurrent_writers_on_separate_connections_never_share_a_number() {
    let db = TestDb::new();
    drop(db.migrated_connection());
    let url = db.database_url();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut conn = hotline_store::DbConnection::open(&url).unwrap();
                (0..25)
                    .map(|_| {
                        write_transaction(&mut conn, |c| cases::next_case_sequence(c, 46, 2026))
                            .unwrap()
                    })
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let mut all: Vec<i64> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (1..=200).collect::<Vec<i64>>());
}

#[test]
fn reference_data_loads_idempotently() {
    let db = TestDb::new();
    let mut conn = db.migrated_connection();
    let (provinces, communes) =
        hotline::seed::read_admin_units(std::path::Path::new("config/admin-units-2025.csv"))
            .unwrap();
    assert_eq!((provinces.len(), communes.len()), (34, 3321));
    assert_eq!(
        places::load(&mut conn, &provinces, &communes).unwrap(),
        34 + 3321
    );
    assert_eq!(places::load(&mut conn, &provinces, &communes).unwrap(), 0);
    assert_eq!(places::communes_in(&mut conn, 46).unwrap().len(), 40);
    let specs =
        hotline::seed::read_agencies(std::path::Path::new("config/agencies.toml"), &communes)
            .unwrap();
    let codes: Vec<&str> = specs.iter().map(|s| s.code.as_str()).collect();
    for code in [
        "vn-111",
        "hue-hotline",
        "hue-cpd",
        "hue-police",
        "hue-info",
        "cp-19900",
        "cp-20182",
    ] {
        assert!(codes.contains(&code), "{code}");
    }
    assert_eq!(
        specs
            .iter()
            .filter(|s| s.kind == "commune_cp_group")
            .count(),
        40
    );
    let thuan_an = specs.iter().find(|s| s.code == "cp-19900").unwrap();
    assert_eq!(
        thuan_an.name,
        "Nhóm thường trực bảo vệ trẻ em phường Thuận An"
    );
    let now = chrono::Utc::now().naive_utc();
    let first = hotline_store::queries::agencies::upsert(&mut conn, &specs, now).unwrap();
    assert_eq!(first.inserted, specs.len());
    let again = hotline_store::queries::agencies::upsert(&mut conn, &specs, now).unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, specs.len())
    );
}

/// The role setup docs/OPERATING.md gives makes the audit log append-only even through SQL, and
/// lets the server start without DDL rights once the owner has migrated.
#[test]
fn on_postgres_the_app_role_cannot_change_the_audit_log() {
    use diesel::connection::SimpleConnection;
    use hotline_store::{DatabaseUrl, DbConnection};
    let Some(admin) = hotline_test_db::postgres_admin_url() else {
        return;
    };
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let (owner, app, db) = (
        format!("hotline_o_{tag}"),
        format!("hotline_a_{tag}"),
        format!("hotline_t_{tag}"),
    );
    let mut root = DbConnection::open(&DatabaseUrl::parse(&admin).unwrap()).unwrap();
    for statement in [
        format!("CREATE ROLE {owner} LOGIN PASSWORD 'x'"),
        format!("CREATE ROLE {app} LOGIN PASSWORD 'x'"),
        format!("CREATE DATABASE {db} OWNER {owner}"),
    ] {
        root.batch_execute(&statement).unwrap();
    }
    let url_as = |role: &str| {
        let mut u = url::Url::parse(&admin).unwrap();
        u.set_username(role).unwrap();
        u.set_password(Some("x")).unwrap();
        u.set_path(&db);
        DatabaseUrl::parse(u.as_str()).unwrap()
    };
    let mut as_owner = DbConnection::open(&url_as(&owner)).unwrap();
    assert!(!migrations::run_pending(&mut as_owner).unwrap().is_empty());
    // What `hotline grant-app` does, as the owner.
    migrations::grant_app_role(&mut as_owner, &app).unwrap();
    assert!(migrations::grant_app_role(&mut as_owner, "x; DROP TABLE cases").is_err());
    let mut as_app = DbConnection::open(&url_as(&app)).unwrap();
    assert!(
        migrations::run_pending(&mut as_app).unwrap().is_empty(),
        "nothing pending, no DDL needed"
    );
    assert!(migrations::all_applied(&mut as_app).unwrap());
    hotline_audit::append(
        &mut as_app,
        &hotline_audit::Actor::system("test"),
        hotline_audit::Entry::new("test").cases(["c1"]),
        chrono::Utc::now(),
    )
    .unwrap();
    for attack in [
        "UPDATE audit_entries SET actor = 'x'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
        "DELETE FROM audit_entry_cases",
        "UPDATE audit_seals SET keyed = false",
        "DELETE FROM __diesel_schema_migrations",
        "ALTER TABLE audit_seals DISABLE TRIGGER USER",
        "ALTER TABLE audit_entries DISABLE TRIGGER USER",
        "SET session_replication_role = replica",
        "DROP TRIGGER audit_entries_append_only ON audit_entries",
    ] {
        assert!(
            as_app.batch_execute(attack).is_err(),
            "the app role could run: {attack}"
        );
    }
    drop((as_app, as_owner));
    for statement in [
        format!("DROP DATABASE {db} WITH (FORCE)"),
        format!("DROP ROLE {app}"),
        format!("DROP ROLE {owner}"),
    ] {
        let _ = root.batch_execute(&statement);
    }
}

/// A column as `schema.rs` writes it: name, diesel type, nullable.
type WrittenColumn = (String, String, bool);

/// The tables of the hand-written `schema.rs`: each table's name and its columns.
fn written_schema() -> Vec<(String, Vec<WrittenColumn>)> {
    let text = include_str!("../crates/store/src/schema.rs");
    let mut tables = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != "diesel::table! {" {
            continue;
        }
        let header = lines
            .by_ref()
            .find(|l| !l.starts_with("///"))
            .unwrap_or_default();
        let name = header
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut columns = Vec::new();
        for col in lines.by_ref() {
            if col == "}" {
                break;
            }
            if col.starts_with("///") || col.is_empty() {
                continue;
            }
            let (column, ty) = col.trim_end_matches(',').split_once(" -> ").unwrap();
            let (ty, nullable) = match ty.strip_prefix("Nullable<") {
                Some(inner) => (inner.trim_end_matches('>'), true),
                None => (ty, false),
            };
            columns.push((column.to_owned(), ty.to_owned(), nullable));
        }
        tables.push((name, columns));
    }
    tables
}

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    ty: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    nullable: bool,
}

/// A table's columns as the migrated database has them.
fn migrated_columns(conn: &mut hotline_store::DbConnection, table: &str) -> Vec<Column> {
    use diesel::sql_types::Text;
    let sql = match conn {
        hotline_store::DbConnection::Pg(_) => {
            "SELECT column_name::text AS name, data_type::text AS ty, is_nullable = 'YES' AS nullable \
             FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
        }
        hotline_store::DbConnection::Sqlite(_) => {
            "SELECT name, upper(type) AS ty, (\"notnull\" = 0 AND pk = 0) AS nullable \
             FROM pragma_table_info(?)"
        }
    };
    diesel::sql_query(sql)
        .bind::<Text, _>(table)
        .load(conn)
        .unwrap()
}

/// Whether a database's column type is what diesel's type needs on that backend.
fn fits(diesel_type: &str, db_type: &str) -> bool {
    let db = db_type.to_lowercase();
    match diesel_type {
        "Text" => db == "text",
        "Integer" => db == "integer",
        "BigInt" => db == "bigint" || db == "integer",
        "Bool" => db == "boolean",
        "Timestamp" => db == "timestamp" || db == "timestamp without time zone",
        "Date" => db == "date",
        "Binary" => db == "blob" || db == "bytea",
        _ => false,
    }
}

#[test]
fn the_hand_written_schema_is_the_migrated_one() {
    let db = TestDb::new();
    let mut conn = db.migrated_connection();
    let mut drift = Vec::new();
    let written = written_schema();
    assert!(
        written.len() >= 30,
        "schema.rs read: {} tables",
        written.len()
    );
    for (table, columns) in &written {
        let migrated = migrated_columns(&mut conn, table);
        if migrated.is_empty() {
            drift.push(format!("{table}: no such table"));
            continue;
        }
        for (name, ty, nullable) in columns {
            match migrated.iter().find(|c| &c.name == name) {
                None => drift.push(format!("{table}.{name}: no such column")),
                Some(c) if !fits(ty, &c.ty) => drift.push(format!(
                    "{table}.{name}: {ty} in schema.rs, {} migrated",
                    c.ty
                )),
                Some(c) if c.nullable != *nullable => drift.push(format!(
                    "{table}.{name}: nullable {nullable} in schema.rs, {} migrated",
                    c.nullable
                )),
                Some(_) => {}
            }
        }
        for c in &migrated {
            if !columns.iter().any(|(name, _, _)| name == &c.name) {
                drift.push(format!("{table}.{}: migrated, not in schema.rs", c.name));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "schema.rs drifts from the migrations:\n{}",
        drift.join("\n")
    );
}
