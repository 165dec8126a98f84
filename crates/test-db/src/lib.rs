//! A fresh, migrated database for one test (the crates.io habit: a database per test, so
//! tests run in parallel). SQLite by default; PostgreSQL when `HOTLINE_TEST_POSTGRES_URL`
//! names a server, on which a new database is created for each test.

#![allow(clippy::expect_used)]

pub mod fixture;

use diesel::connection::SimpleConnection;
use hotline_store::{DatabaseUrl, DbConnection};

pub const POSTGRES_ENV: &str = "HOTLINE_TEST_POSTGRES_URL";

/// A test database; keep it alive as long as the test uses it.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl TestDb {
    /// Panics with a clear message when the test database cannot be made: a test cannot
    /// run without it.
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let url = match postgres_admin_url() {
            Some(admin) => {
                let name = format!("hotline_t_{}", uuid::Uuid::new_v4().simple());
                let admin_url = DatabaseUrl::parse(&admin)
                    .expect("HOTLINE_TEST_POSTGRES_URL is a postgres:// URL");
                let mut conn =
                    DbConnection::open(&admin_url).expect("connect to HOTLINE_TEST_POSTGRES_URL");
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create a test database");
                let mut url = url::Url::parse(&admin).expect("HOTLINE_TEST_POSTGRES_URL parses");
                url.set_path(&name);
                url.to_string()
            }
            None => format!("sqlite://{}", dir.path().join("hotline.db").display()),
        };
        TestDb { url, dir }
    }

    pub fn database_url(&self) -> DatabaseUrl {
        DatabaseUrl::parse(&self.url).expect("test database URL parses")
    }

    /// A connection with every migration applied.
    pub fn migrated_connection(&self) -> DbConnection {
        let mut conn = DbConnection::open(&self.database_url()).expect("open the test database");
        hotline_store::migrations::run_pending(&mut conn).expect("apply migrations");
        conn
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

pub fn postgres_admin_url() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty())
}

pub fn is_postgres() -> bool {
    postgres_admin_url().is_some()
}
