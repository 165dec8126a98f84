//! The database's primary goes away while intake runs. Two PostgreSQL clusters of this
//! machine's own binaries, started here (`initdb`, `pg_basebackup`) on ports of their own, in
//! synchronous streaming replication; the service connects with a multi-host URL that asks for
//! the writable one (`target_session_attrs=read-write`). Reports are logged continuously; the
//! primary is stopped at once (`immediate`: no clean shutdown) and the standby promoted. The
//! service answers 503 for the seconds between, comes back by itself, and every report it
//! acknowledged is on the new primary. Prints the figures. Runs in the PostgreSQL pass.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::{Duration, Instant};

use awc::http::StatusCode;
use hotline_store::{DatabaseUrl, DbConnection};

use crate::helpers::{abuse_report, report_ids, TestApp};

/// PostgreSQL's own programs, from the newest version installed.
fn pg_bin(program: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    versions.sort();
    versions
        .last()
        .map(|v| v.join("bin").join(program))
        .unwrap_or_else(|| PathBuf::from(program))
}

/// Whether this test runs as root (asked once).
fn running_as_root() -> bool {
    static ROOT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false)
    })
}

/// A PostgreSQL program, run as the `postgres` user when this runs as root (the server
/// refuses to run as root).
fn pg_command(program: &str, args: &[&str]) -> Command {
    let bin = pg_bin(program);
    let mut cmd = match running_as_root() {
        true => {
            let mut runuser = Command::new("runuser");
            runuser.args(["-u", "postgres", "--"]).arg(&bin);
            runuser
        }
        false => Command::new(&bin),
    };
    cmd.args(args);
    cmd
}

/// Run a PostgreSQL program (see [`pg_command`]), and fail the test with its output if it
/// fails.
fn pg(program: &str, args: &[&str]) {
    let out = pg_command(program, args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// Two clusters, stopped (whatever their state) when dropped.
struct Clusters {
    _dir: tempfile::TempDir,
    data: [PathBuf; 2],
    ports: [u16; 2],
}

impl Clusters {
    /// A primary, and a standby streaming from it synchronously, both running.
    fn start() -> Clusters {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        if running_as_root() {
            let _ = Command::new("chown")
                .args(["-R", "postgres:", path(&root)])
                .status();
        }
        let data = [root.join("primary"), root.join("standby")];
        let ports = [free_port(), free_port()];
        pg(
            "initdb",
            &[
                "-D",
                path(&data[0]),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        );
        let conf = format!(
            "port = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             synchronous_standby_names = '*'\nwal_level = replica\nfsync = off\n",
            ports[0],
            path(&root)
        );
        append(&data[0].join("postgresql.auto.conf"), &conf);
        let log = |i: usize| root.join(format!("pg{i}.log"));
        pg(
            "pg_ctl",
            &["-D", path(&data[0]), "-l", path(&log(0)), "-w", "start"],
        );
        let primary = format!("{}", ports[0]);
        pg(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary,
                "-U",
                "postgres",
                "-D",
                path(&data[1]),
                "-R",
                "-X",
                "stream",
            ],
        );
        append(
            &data[1].join("postgresql.auto.conf"),
            &format!("port = {}\nsynchronous_standby_names = ''\n", ports[1]),
        );
        pg(
            "pg_ctl",
            &["-D", path(&data[1]), "-l", path(&log(1)), "-w", "start"],
        );
        Clusters {
            _dir: dir,
            data,
            ports,
        }
    }

    /// The URL the service is given: both hosts, the writable one wanted.
    fn service_url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{},127.0.0.1:{}/{db}?target_session_attrs=read-write&connect_timeout=2",
            self.ports[0], self.ports[1]
        )
    }

    fn url(&self, i: usize, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.ports[i])
    }

    fn stop(&self, i: usize, mode: &str) {
        pg(
            "pg_ctl",
            &["-D", path(&self.data[i]), "-m", mode, "-w", "stop"],
        );
    }
}

impl Drop for Clusters {
    fn drop(&mut self) {
        for data in &self.data {
            let _ = pg_command("pg_ctl", &["-D", path(data), "-m", "immediate", "stop"]).output();
        }
    }
}

/// An answer to a report: its status, the report's id when acknowledged, and when it came.
type Answer = (StatusCode, Option<String>, Instant);

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn append(file: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().append(true).open(file).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

#[actix_web::test]
async fn the_primary_goes_away_and_nothing_acknowledged_is_lost() {
    if !hotline_test_db::is_postgres() {
        return; // PostgreSQL's failover: in the PostgreSQL pass.
    }
    let initdb = pg_bin("initdb");
    if !crate::helpers::drill_tool(initdb.to_str().unwrap_or("initdb"), &["--version"]) {
        return;
    }
    let clusters = Clusters::start();
    let mut admin =
        DbConnection::open(&DatabaseUrl::parse(&clusters.url(0, "postgres")).unwrap()).unwrap();
    use diesel::connection::SimpleConnection;
    admin
        .batch_execute("CREATE DATABASE hotline_failover")
        .unwrap();
    drop(admin);
    let url = clusters.service_url("hotline_failover");
    let app = Rc::new(
        TestApp::spawn_with(|c| {
            c.database.url = url.clone();
            c.database.connect_timeout_secs = 2;
        })
        .await,
    );
    let op = app.operator().await;

    // Intake, continuously: each answer with when it came.
    let answers: Rc<RefCell<Vec<Answer>>> = Rc::default();
    let stop = Rc::new(Cell::new(false));
    let intake = {
        let (app, answers, stop) = (app.clone(), answers.clone(), stop.clone());
        actix_rt::spawn(async move {
            let mut n = 0;
            while !stop.get() {
                n += 1;
                let body = abuse_report(19900, &format!("Trẻ Chuyển Đổi {n}"));
                let r = app.post("/api/v1/reports", Some(&op), &body).await;
                let id = r.body["report_id"].as_str().map(str::to_owned);
                answers.borrow_mut().push((r.status, id, Instant::now()));
                if r.status != StatusCode::CREATED {
                    actix_rt::time::sleep(Duration::from_millis(100)).await;
                }
            }
        })
    };
    actix_rt::time::sleep(Duration::from_secs(2)).await;

    // The primary goes away at once; the standby is promoted.
    let gone = Instant::now();
    let data = clusters.data.clone();
    actix_web::web::block(move || {
        pg(
            "pg_ctl",
            &["-D", path(&data[0]), "-m", "immediate", "-w", "stop"],
        );
        pg("pg_ctl", &["-D", path(&data[1]), "-w", "promote"]);
    })
    .await
    .unwrap();
    // Until reports are acknowledged again, then a while more.
    let back = loop {
        actix_rt::time::sleep(Duration::from_millis(100)).await;
        let last = answers.borrow().last().map(|a| (a.0, a.2));
        if let Some((StatusCode::CREATED, at)) = last {
            if at > gone + Duration::from_millis(200) {
                break at;
            }
        }
        assert!(
            gone.elapsed() < Duration::from_secs(60),
            "the service did not come back"
        );
    };
    actix_rt::time::sleep(Duration::from_secs(2)).await;
    stop.set(true);
    intake.await.unwrap();

    let answers = answers.borrow();
    let acked: Vec<&String> = answers
        .iter()
        .filter(|a| a.0 == StatusCode::CREATED)
        .filter_map(|a| a.1.as_ref())
        .collect();
    let unavailable: Vec<&Instant> = answers
        .iter()
        .filter(|a| a.0 == StatusCode::SERVICE_UNAVAILABLE)
        .map(|a| &a.2)
        .collect();
    let failed: Vec<StatusCode> = answers
        .iter()
        .map(|a| a.0)
        .filter(|s| *s != StatusCode::CREATED && *s != StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    let there = report_ids(&clusters.url(1, "hotline_failover"));
    let lost = acked.iter().filter(|id| !there.contains(**id)).count();
    let window = match (unavailable.first(), unavailable.last()) {
        (Some(first), Some(last)) => last.duration_since(**first).as_secs_f64(),
        _ => 0.0,
    };
    println!(
        "failover: {} reports acknowledged, {} requests answered 503 over {window:.1} s, \
         {} other failures, {lost} lost; acknowledging again {:.1} s after the primary went away",
        acked.len(),
        unavailable.len(),
        failed.len(),
        back.duration_since(gone).as_secs_f64()
    );
    assert!(
        failed.is_empty(),
        "answers other than 201 and 503: {failed:?}"
    );
    assert_eq!(lost, 0, "acknowledged reports missing on the new primary");
    assert!(acked.len() > 5);
    clusters.stop(1, "fast");
}
