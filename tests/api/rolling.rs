//! Two servers behind HAProxy (`deploy/haproxy/hotline.cfg`, Debian's package), upgraded one at
//! a time: while clients log reports and read cases through the proxy, each `hotline serve`
//! in turn gets SIGTERM, finishes what it has, and is started again. Between the two, the
//! schema moves one additive migration ahead while both serve (as the first server of a new
//! version would apply it), and the second, of the version before, starts on it. No client
//! request fails, every report acknowledged is in the database, and the audit log the two
//! servers sealed together is one chain. Runs in the PostgreSQL pass (several servers share one PostgreSQL,
//! never one SQLite file). Prints the figures.

use std::cell::{Cell, RefCell};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

use hotline_store::{DatabaseUrl, DbConnection};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, hotline_command, report_ids};

const PASSWORD: &str = "rolling upgrade password 2026";

fn free_addr() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    format!("127.0.0.1:{port}")
}

/// What every server and command of this test is started with.
struct Scene {
    db: hotline_test_db::TestDb,
    data: tempfile::TempDir,
}

impl Scene {
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("HOTLINE_DATABASE_URL", self.db.url.clone()),
            (
                "HOTLINE_JWT_SECRET",
                "rolling upgrade signing key, 32 bytes".into(),
            ),
            (
                "HOTLINE_MASTER_KEY",
                "rolling upgrade master key, not a real one".into(),
            ),
            ("HOTLINE_DATA_DIR", self.data.path().display().to_string()),
            ("HOTLINE_LOG_FILTER", "warn".into()),
            ("HOTLINE_PASSWORD", PASSWORD.into()),
        ]
    }

    fn command(&self, args: &[&str]) -> Command {
        let env = self.env();
        let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        hotline_command(args, &pairs)
    }

    fn serve(&self, addr: &str) -> Child {
        self.command(&["serve", "--bind", addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }
}

async fn ready(client: &awc::Client, base: &str) {
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} did not become ready");
}

/// What a next version's migration does, online: a column added (with a default, so that the
/// version before writes on without knowing it) and a table created, recorded as applied.
fn apply_next_version_migration(url: &str) {
    use diesel::connection::SimpleConnection;
    let mut conn = DbConnection::open(&DatabaseUrl::parse(url).unwrap()).unwrap();
    conn.batch_execute(
        "BEGIN;
         ALTER TABLE cases ADD COLUMN next_version_note TEXT NOT NULL DEFAULT '';
         CREATE TABLE next_version_things (id TEXT PRIMARY KEY);
         INSERT INTO __diesel_schema_migrations (version) VALUES ('20991231000000');
         COMMIT;",
    )
    .unwrap();
}

/// The processes this test started, killed when it ends, whether it passed or not.
#[derive(Default)]
struct Reaper(RefCell<Vec<u32>>);

impl Reaper {
    fn keep(&self, child: &Child) {
        self.0.borrow_mut().push(child.id());
    }
}

impl Drop for Reaper {
    fn drop(&mut self) {
        for pid in self.0.borrow().iter() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// SIGTERM, as systemd or a container runtime stops a service, and the wait for its exit.
async fn stop(mut child: Child) {
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    actix_web::web::block(move || child.wait())
        .await
        .unwrap()
        .unwrap();
}

#[actix_web::test]
async fn each_server_in_turn_is_restarted_behind_the_proxy_and_no_request_fails() {
    if !hotline_test_db::is_postgres() {
        return; // Several servers on one database: in the PostgreSQL pass.
    }
    if !crate::helpers::drill_tool("haproxy", &["-v"]) {
        return;
    }
    let scene = Scene {
        db: hotline_test_db::TestDb::new(),
        data: tempfile::tempdir().unwrap(),
    };
    let migrated = scene.command(&["migrate"]).output().unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let added = scene
        .command(&[
            "user",
            "add",
            "--username",
            "op",
            "--role",
            "operator",
            "--agency",
            "hue-hotline",
        ])
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let (addr1, addr2, front) = (free_addr(), free_addr(), free_addr());
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(30))
        .finish();
    let reaper = Reaper::default();
    let mut servers = [Some(scene.serve(&addr1)), Some(scene.serve(&addr2))];
    servers.iter().flatten().for_each(|c| reaper.keep(c));
    ready(&client, &format!("http://{addr1}")).await;
    ready(&client, &format!("http://{addr2}")).await;
    let cfg = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/haproxy/hotline.cfg");
    let mut proxy = Command::new("haproxy")
        .args(["-db", "-f", cfg])
        .envs([
            ("HOTLINE_LISTEN", &front),
            ("HOTLINE_APP1", &addr1),
            ("HOTLINE_APP2", &addr2),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("haproxy (Debian's package) runs the proxy");
    reaper.keep(&proxy);
    let base = format!("http://{front}");
    ready(&client, &base).await;
    let token = {
        let mut r = client
            .post(format!("{base}/api/v1/auth/token"))
            .send_json(&json!({"username": "op", "password": PASSWORD}))
            .await
            .unwrap();
        let body: Value = r.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    };

    // Clients throughout: a report logged (with its idempotency key), then its case read.
    let acked: Rc<RefCell<Vec<String>>> = Rc::default();
    let failures: Rc<RefCell<Vec<String>>> = Rc::default();
    let requests = Rc::new(Cell::new(0u64));
    let done = Rc::new(Cell::new(false));
    let clients = {
        let (acked, failures, requests, done) = (
            acked.clone(),
            failures.clone(),
            requests.clone(),
            done.clone(),
        );
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        actix_rt::spawn(async move {
            let mut n = 0;
            while !done.get() {
                n += 1;
                requests.set(requests.get() + 2);
                let body = abuse_report(19900, &format!("Trẻ Nâng Cấp {n}"));
                let sent = client
                    .post(format!("{base}/api/v1/reports"))
                    .bearer_auth(&token)
                    .insert_header(("Idempotency-Key", format!("rolling-{n}")))
                    .send_json(&body)
                    .await;
                let case = match sent {
                    Ok(mut r) if r.status().as_u16() == 201 => {
                        let body: Value = r.json().await.unwrap_or_default();
                        acked
                            .borrow_mut()
                            .push(body["report_id"].as_str().unwrap_or("").into());
                        body["case_id"].as_str().unwrap_or("").to_owned()
                    }
                    Ok(r) => {
                        failures
                            .borrow_mut()
                            .push(format!("report {n}: {}", r.status()));
                        continue;
                    }
                    Err(e) => {
                        failures.borrow_mut().push(format!("report {n}: {e}"));
                        continue;
                    }
                };
                let read = client
                    .get(format!("{base}/api/v1/cases/{case}"))
                    .bearer_auth(&token)
                    .send()
                    .await;
                match read {
                    Ok(r) if r.status().is_success() => {}
                    Ok(r) => failures
                        .borrow_mut()
                        .push(format!("case {n}: {}", r.status())),
                    Err(e) => failures.borrow_mut().push(format!("case {n}: {e}")),
                }
            }
        })
    };

    // Each server in turn: stopped by SIGTERM, started again, back in the proxy's rotation.
    let started = Instant::now();
    for (i, addr) in [&addr1, &addr2].into_iter().enumerate() {
        actix_rt::time::sleep(Duration::from_secs(2)).await;
        if let Some(child) = servers[i].take() {
            stop(child).await;
        }
        let restarted = scene.serve(addr);
        reaper.keep(&restarted);
        servers[i] = Some(restarted);
        ready(&client, &format!("http://{addr}")).await;
        if i == 0 {
            apply_next_version_migration(&scene.db.url);
        }
    }
    actix_rt::time::sleep(Duration::from_secs(2)).await;
    done.set(true);
    clients.await.unwrap();
    let secs = started.elapsed().as_secs_f64();
    let _ = proxy.kill();
    let _ = proxy.wait();
    for child in servers.iter_mut().flatten() {
        let _ = child.kill();
        let _ = child.wait();
    }

    let stored = report_ids(&scene.db.url);
    let acked = acked.borrow();
    let lost = acked.iter().filter(|id| !stored.contains(*id)).count();
    let failures = failures.borrow();
    println!(
        "rolling upgrade: {} requests over {secs:.1} s, {} failed, {} reports acknowledged, {lost} lost",
        requests.get(),
        failures.len(),
        acked.len()
    );
    assert!(failures.is_empty(), "requests failed: {failures:?}");
    assert_eq!(lost, 0);
    assert_eq!(
        stored.len(),
        acked.len(),
        "a retried report was stored twice"
    );
    let verified = scene
        .command(&["audit", "verify", "--full"])
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
}
