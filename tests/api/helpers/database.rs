//! What a test reads and changes in the app's database directly, beside the HTTP API: a
//! second instance, tampering, waiting for the seal, and the rows of each table.

use std::net::TcpListener;

use hotline::app::Application;

use super::TestApp;

impl TestApp {
    /// A second server instance on this app's database (as several instances share one
    /// PostgreSQL in production); returns its base URL.
    pub fn second_instance(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let app = Application::build(&self.config, listener).unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        actix_rt::spawn(app.run_until_stopped());
        base
    }

    /// Run raw SQL as an attacker with direct database access would: the append-only
    /// triggers are bypassed first (replication role on PostgreSQL, dropped on SQLite).
    pub fn tamper(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        let mut conn = self.conn();
        let script = if hotline_test_db::is_postgres() {
            format!("SET session_replication_role = replica; {sql}; SET session_replication_role = origin;")
        } else {
            format!(
                "DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;
                 DROP TRIGGER IF EXISTS audit_seals_no_update; DROP TRIGGER IF EXISTS audit_seals_no_delete; {sql};"
            )
        };
        conn.batch_execute(&script).unwrap();
    }

    /// Wait until the sealer has sealed every entry written so far.
    pub async fn wait_sealed(&self) -> i64 {
        use diesel::prelude::*;
        use hotline_store::schema::{audit_entries, audit_seals};
        for _ in 0..200 {
            let (max_seq, sealed): (Option<i64>, Option<i64>) = {
                let mut conn = self.conn();
                (
                    audit_entries::table
                        .select(diesel::dsl::max(audit_entries::seq))
                        .first(&mut *conn)
                        .unwrap(),
                    audit_seals::table
                        .select(diesel::dsl::max(audit_seals::last_seq))
                        .first(&mut *conn)
                        .unwrap(),
                )
            };
            if max_seq.is_some() && max_seq == sealed {
                return sealed.unwrap_or(0);
            }
            actix_rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the audit log was not sealed within 10 s");
    }

    /// Audit entries as stored, oldest first.
    pub fn audit_entries(&self) -> Vec<hotline_store::models::AuditEntryRow> {
        use diesel::prelude::*;
        use hotline_store::schema::audit_entries;
        audit_entries::table
            .order(audit_entries::seq)
            .select(hotline_store::models::AuditEntryRow::as_select())
            .load(&mut *self.conn())
            .unwrap()
    }

    /// Run SQL directly against the test database.
    pub fn exec(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.conn().batch_execute(sql).unwrap();
    }

    /// Referrals as stored, oldest first.
    pub fn referrals(&self) -> Vec<hotline_store::models::ReferralRow> {
        use diesel::prelude::*;
        use hotline_store::schema::referrals;
        referrals::table
            .order((referrals::created_at, referrals::id))
            .select(hotline_store::models::ReferralRow::as_select())
            .load(&mut *self.conn())
            .unwrap()
    }

    /// Outbox rows as stored, oldest first.
    pub fn outbox(&self) -> Vec<hotline_store::models::OutboxRow> {
        use diesel::prelude::*;
        use hotline_store::schema::outbox;
        outbox::table
            .order((outbox::created_at, outbox::id))
            .select(hotline_store::models::OutboxRow::as_select())
            .load(&mut *self.conn())
            .unwrap()
    }

    /// Case-work deadlines as stored, oldest first.
    pub fn deadlines(&self) -> Vec<hotline_store::models::DeadlineRow> {
        use diesel::prelude::*;
        use hotline_store::schema::case_deadlines;
        case_deadlines::table
            .order((case_deadlines::created_at, case_deadlines::id))
            .select(hotline_store::models::DeadlineRow::as_select())
            .load(&mut *self.conn())
            .unwrap()
    }

    /// Timeline events of one kind.
    /// Timeline events of `kind`, their text opened.
    pub fn events(&self, kind: &str) -> Vec<hotline_store::models::CaseEventRow> {
        use diesel::prelude::*;
        use hotline_store::schema::case_events;
        let rows: Vec<hotline_store::models::CaseEventRow> = case_events::table
            .filter(case_events::kind.eq(kind))
            .select(hotline_store::models::CaseEventRow::as_select())
            .load(&mut *self.conn())
            .unwrap();
        rows.into_iter()
            .map(|mut e| {
                e.body = self
                    .vault
                    .open_opt(hotline_vault::Field::EventBody, &e.id, e.body.as_deref())
                    .unwrap();
                e
            })
            .collect()
    }

    /// The informant names of the stored reports, opened.
    pub fn informant_names(&self) -> Vec<String> {
        use diesel::prelude::*;
        use hotline_store::schema::reports;
        let rows: Vec<(String, String)> = reports::table
            .filter(reports::informant_name.is_not_null())
            .select((reports::id, reports::informant_name.assume_not_null()))
            .load(&mut *self.conn())
            .unwrap();
        rows.iter()
            .map(|(id, name)| {
                self.vault
                    .open(hotline_vault::Field::InformantName, id, name)
                    .unwrap()
            })
            .collect()
    }

    pub fn count(&self, table: &str) -> i64 {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result::<Count>(&mut *self.conn())
            .unwrap()
            .n
    }

    /// Every byte the database keeps: the SQLite file with its journal, or a `pg_dump`.
    pub fn stored_bytes(&self) -> Vec<u8> {
        let url = &self.config.database.url;
        if let Some(path) = url.strip_prefix("sqlite://") {
            let mut bytes = std::fs::read(path).unwrap();
            for suffix in ["-wal", "-journal"] {
                if let Ok(more) = std::fs::read(format!("{path}{suffix}")) {
                    bytes.extend(more);
                }
            }
            bytes
        } else {
            let out = std::process::Command::new("pg_dump")
                .args(["--no-owner", url])
                .output()
                .expect("pg_dump (the PostgreSQL client) is installed");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        }
    }
}
