//! Faults a server meets in production, with the real binary: killed mid-load, and its
//! database gone mid-load. Nothing acknowledged may be lost, nothing may be half-written,
//! and the same process must recover once the database is back.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use hotline_store::models::{AuditEntryRow, OutboxRow, ReferralRow, ReportRow};
use hotline_store::schema::{audit_entries, cases, outbox, referrals, reports};
use hotline_store::{DatabaseUrl, DbConnection};
use hotline_test_db::TestDb;
use serde_json::Value;

use crate::helpers::{abuse_report, blocking_request, PASSWORD};
use crate::notifier::SmtpSink;

/// The `hotline` binary, configured by environment, on a database of its own.
struct Node {
    db: TestDb,
    env: Vec<(String, String)>,
    child: Option<Child>,
    base: String,
}

impl Node {
    fn new(extra: &[(&str, &str)]) -> Node {
        let db = TestDb::new();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut env: Vec<(String, String)> = vec![
            ("HOTLINE_DATABASE_URL".into(), db.url.clone()),
            (
                "HOTLINE_DATA_DIR".into(),
                db.dir.path().join("data").display().to_string(),
            ),
            (
                "HOTLINE_JWT_SECRET".into(),
                format!("resilience-{}", uuid::Uuid::new_v4()),
            ),
            (
                "HOTLINE_MASTER_KEY".into(),
                "resilience master key, thirty-two bytes or more".into(),
            ),
            ("HOTLINE_BIND".into(), format!("127.0.0.1:{port}")),
            ("HOTLINE_LOG_FILTER".into(), "warn".into()),
            ("HOTLINE_WORKERS".into(), "2".into()),
            ("HOTLINE_AUDIT_SEAL_INTERVAL_MS".into(), "200".into()),
            ("HOTLINE_NOTIFY_INTERVAL_MS".into(), "100".into()),
            ("HOTLINE_NOTIFY_LEASE_SECS".into(), "2".into()),
            ("HOTLINE_DATABASE_CONNECT_TIMEOUT_SECS".into(), "2".into()),
            ("HOTLINE_LOGIN_ADDRESS_PER_MINUTE".into(), "100000".into()),
            ("HOTLINE_LOGIN_ADDRESS_BURST".into(), "100000".into()),
        ];
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        Node {
            db,
            env,
            child: None,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hotline"));
        // Tests start many servers at once: each its own metrics port.
        c.env("HOTLINE_METRICS_BIND", "127.0.0.1:0");
        c.envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    fn add_user(&self, username: &str, role: &str, agency: &str) {
        let status = self
            .command()
            .args([
                "user",
                "add",
                "--username",
                username,
                "--role",
                role,
                "--agency",
                agency,
            ])
            .env("HOTLINE_PASSWORD", PASSWORD)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "user add {username}");
    }

    /// Start the server and wait until it is ready.
    fn start(&mut self) {
        let child = self
            .command()
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if blocking_request("GET", &format!("{}/readyz", self.base), None, None)
                .is_some_and(|r| r.0 == 200)
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not become ready");
    }

    /// SIGKILL: no shutdown, no flush, whatever was in flight is cut.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    fn token(&self, username: &str) -> String {
        let body = format!(r#"{{"username":"{username}","password":"{PASSWORD}"}}"#);
        let (status, text) = blocking_request(
            "POST",
            &format!("{}/api/v1/auth/token", self.base),
            None,
            Some(&body),
        )
        .unwrap();
        assert_eq!(status, 200, "{text}");
        serde_json::from_str::<Value>(&text).unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn conn(&self) -> DbConnection {
        DbConnection::open(&DatabaseUrl::parse(&self.db.url).unwrap()).unwrap()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Clients that log reports as fast as they are answered until told to stop; what each
/// 201 said.
fn load(
    base: &str,
    token: &str,
    clients: usize,
    stop: Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<Vec<(u16, Value)>>> {
    (0..clients)
        .map(|i| {
            let (url, token, stop) = (
                format!("{base}/api/v1/reports"),
                token.to_owned(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                let mut answers = Vec::new();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let body = abuse_report(19900, &format!("Trẻ {i}-{n}")).to_string();
                    match blocking_request("POST", &url, Some(&token), Some(&body)) {
                        Some((status, text)) => answers
                            .push((status, serde_json::from_str(&text).unwrap_or(Value::Null))),
                        None => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
                answers
            })
        })
        .collect()
}

fn gather(handles: Vec<std::thread::JoinHandle<Vec<(u16, Value)>>>) -> Vec<(u16, Value)> {
    handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect()
}

/// Every report answered 201 is there whole: its report, its case with a number, its
/// referrals, their outbox rows and its audit entry.
fn assert_whole(conn: &mut DbConnection, created: &[Value]) {
    for c in created {
        let report_id = c["report_id"].as_str().unwrap();
        let case_id = c["case_id"].as_str().unwrap();
        let report: ReportRow = reports::table
            .find(report_id)
            .select(ReportRow::as_select())
            .first(conn)
            .unwrap();
        assert_eq!(report.case_id.as_deref(), Some(case_id));
        let number: String = cases::table
            .find(case_id)
            .select(cases::case_number)
            .first(conn)
            .unwrap();
        assert_eq!(Some(number.as_str()), c["case_number"].as_str());
        let referrals: Vec<ReferralRow> = referrals::table
            .filter(referrals::case_id.eq(case_id))
            .select(ReferralRow::as_select())
            .load(conn)
            .unwrap();
        assert_eq!(referrals.len(), c["referrals"].as_array().unwrap().len());
        let mails: i64 = outbox::table
            .filter(outbox::case_id.eq(case_id))
            .count()
            .get_result(conn)
            .unwrap();
        assert_eq!(
            mails as usize,
            referrals.len(),
            "one mail per referral of {case_id}"
        );
        let audited: Vec<AuditEntryRow> = audit_entries::table
            .filter(audit_entries::action.eq("report.create"))
            .filter(audit_entries::entity_id.eq(report_id))
            .select(AuditEntryRow::as_select())
            .load(conn)
            .unwrap();
        assert_eq!(audited.len(), 1, "report {report_id} audited once");
    }
}

/// The case numbers of the province's year run 1, 2, 3 … with none twice and none missing.
fn assert_gap_free(conn: &mut DbConnection) {
    let numbers: Vec<String> = cases::table.select(cases::case_number).load(conn).unwrap();
    let mut sequence: Vec<u32> = numbers
        .iter()
        .map(|n| n.rsplit('-').next().unwrap().parse().unwrap())
        .collect();
    sequence.sort_unstable();
    let expected: Vec<u32> = (1..=sequence.len() as u32).collect();
    assert_eq!(sequence, expected, "case numbers repeat or skip");
}

#[test]
fn a_server_killed_mid_load_loses_nothing_it_acknowledged_and_sends_each_mail_once() {
    let sink = SmtpSink::up();
    let mut node = Node::new(&[
        ("HOTLINE_SMTP_URL", &sink.url()),
        ("HOTLINE_PUBLIC_BASE_URL", "https://hotline.example.vn"),
    ]);
    node.add_user("op", "operator", "hue-hotline");
    node.start();
    let token = node.token("op");

    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(&node.base, &token, 8, stop.clone());
    std::thread::sleep(Duration::from_millis(1500));
    node.kill();
    std::thread::sleep(Duration::from_millis(300));
    node.start();
    std::thread::sleep(Duration::from_millis(1000));
    stop.store(true, Ordering::Relaxed);
    let answers = gather(clients);
    let created: Vec<Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b.clone())
        .collect();
    let statuses: BTreeMap<u16, usize> = answers.iter().fold(BTreeMap::new(), |mut m, (s, _)| {
        *m.entry(*s).or_default() += 1;
        m
    });
    eprintln!(
        "crash: {} reports acknowledged; answers {statuses:?}",
        created.len()
    );
    assert!(
        created.len() >= 20,
        "load ran before and after the kill: {statuses:?}"
    );
    assert!(
        answers.iter().all(|(s, _)| *s == 201),
        "only 201s or cut connections: {statuses:?}"
    );

    let mut conn = node.conn();
    assert_whole(&mut conn, &created);
    assert_gap_free(&mut conn);
    let reports_kept: i64 = reports::table.count().get_result(&mut conn).unwrap();
    assert!(reports_kept as usize >= created.len());

    // The restarted notifier sends everything, leases of the killed one included; a mail
    // sent twice (cut after sending, before it was marked) carries the same Message-ID.
    let started = Instant::now();
    let rows: Vec<OutboxRow> = loop {
        let rows: Vec<OutboxRow> = outbox::table
            .select(OutboxRow::as_select())
            .load(&mut conn)
            .unwrap();
        if rows.iter().all(|r| r.sent_at.is_some()) || started.elapsed() > Duration::from_secs(60) {
            break rows;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(
        rows.iter().all(|r| r.sent_at.is_some()),
        "the outbox drained"
    );
    let messages = sink.messages();
    let ids: Vec<String> = messages
        .iter()
        .map(|m| m["message_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let distinct: BTreeSet<&String> = ids.iter().collect();
    let expected: BTreeSet<String> = rows.iter().map(|r| format!("outbox.{}@", r.id)).collect();
    for row in &expected {
        assert!(
            distinct.iter().any(|id| id.contains(row.as_str())),
            "no mail for {row}"
        );
    }
    assert_eq!(distinct.len(), rows.len(), "one Message-ID per outbox row");
    eprintln!(
        "crash: {} mails for {} outbox rows ({} resent)",
        ids.len(),
        rows.len(),
        ids.len() - distinct.len()
    );
}

#[test]
fn a_database_gone_mid_load_gets_503s_and_the_same_process_recovers() {
    let Some(admin) = hotline_test_db::postgres_admin_url() else {
        eprintln!(
            "skipped: the outage test takes a PostgreSQL database away (HOTLINE_TEST_POSTGRES_URL)"
        );
        return;
    };
    let mut node = Node::new(&[]);
    node.add_user("op", "operator", "hue-hotline");
    node.start();
    let token = node.token("op");
    let name = url::Url::parse(&node.db.url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_owned();
    let mut root = DbConnection::open(&DatabaseUrl::parse(&admin).unwrap()).unwrap();
    let sql = |root: &mut DbConnection, s: &str| {
        use diesel::connection::SimpleConnection;
        root.batch_execute(s).unwrap();
    };

    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(&node.base, &token, 4, stop.clone());
    std::thread::sleep(Duration::from_millis(800));
    // The outage: no new connection is let in, and every open one is cut.
    sql(
        &mut root,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
    );
    sql(&mut root, &format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ));
    std::thread::sleep(Duration::from_millis(3000));
    let ready_down = blocking_request("GET", &format!("{}/readyz", node.base), None, None);
    sql(
        &mut root,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    );
    // The same process recovers, without a restart.
    let started = Instant::now();
    let mut ready_again = false;
    while started.elapsed() < Duration::from_secs(20) {
        if blocking_request("GET", &format!("{}/readyz", node.base), None, None)
            .is_some_and(|r| r.0 == 200)
        {
            ready_again = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(800));
    stop.store(true, Ordering::Relaxed);
    let answers = gather(clients);
    let statuses: BTreeMap<u16, usize> = answers.iter().fold(BTreeMap::new(), |mut m, (s, _)| {
        *m.entry(*s).or_default() += 1;
        m
    });
    eprintln!(
        "outage: answers {statuses:?}; readyz while down: {:?}",
        ready_down.as_ref().map(|r| r.0)
    );
    assert_eq!(
        ready_down.map(|r| r.0),
        Some(503),
        "readiness fails while the database is away"
    );
    assert!(ready_again, "the process became ready again by itself");
    assert!(
        statuses.get(&503).is_some_and(|n| *n > 0),
        "the outage was seen: {statuses:?}"
    );
    assert!(
        statuses.keys().all(|s| *s == 201 || *s == 503),
        "only 201 or 503, never a 500: {statuses:?}"
    );
    for (status, body) in &answers {
        if *status == 503 {
            assert_eq!(body["type"], "/problems/unavailable", "{body}");
        }
    }
    // Reports after the outage are taken again, and nothing acknowledged was lost.
    let created: Vec<Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b.clone())
        .collect();
    let after = blocking_request(
        "POST",
        &format!("{}/api/v1/reports", node.base),
        Some(&token),
        Some(&abuse_report(19900, "Sau sự cố").to_string()),
    );
    assert_eq!(after.map(|r| r.0), Some(201));
    let mut conn = node.conn();
    assert_whole(&mut conn, &created);
    assert_gap_free(&mut conn);
}
