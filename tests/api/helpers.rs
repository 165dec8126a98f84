//! The test harness: each test gets the real application on a random port over a fresh
//! database of its own: a SQLite file, or, when HOTLINE_TEST_POSTGRES_URL is set, a new
//! PostgreSQL database on that server.

#![allow(dead_code)]

use std::net::TcpListener;

use awc::http::StatusCode;
use hotline::app::Application;
use hotline::config::Config;
use hotline_store::queries::{agencies, users};
use hotline_store::{build_pool, Pool, PoolOptions};
use hotline_test_db::TestDb;
use serde_json::{json, Value};

pub mod casework;
mod database;
pub mod documents;
pub mod imports;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub base: String,
    /// The metrics' own listener (never the public address).
    pub metrics_base: String,
    pub config: Config,
    pub pool: Pool,
    pub client: awc::Client,
    /// The first administrator's password, printed once by the first start.
    pub admin_password: Option<String>,
    /// The server's key ring.
    pub vault: std::sync::Arc<hotline_vault::Vault>,
    _db: TestDb,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: awc::http::header::HeaderMap,
    pub body: Value,
}

impl Response {
    /// The seconds a refused client is told to wait (`Retry-After`).
    pub fn retry_after(&self) -> u64 {
        let value = self
            .headers
            .get("retry-after")
            .expect("a Retry-After header");
        value.to_str().unwrap().parse().unwrap()
    }
}

/// The `hotline` binary with `args`, run from the repository with none of the caller's
/// HOTLINE_ variables, only `env` (and a metrics port of its own: tests start many servers).
pub fn hotline_command(args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("HOTLINE_")) {
        cmd.env_remove(key);
    }
    cmd.env("HOTLINE_METRICS_BIND", "127.0.0.1:0");
    cmd.envs(env.iter().copied());
    cmd
}

/// Run `cmd` to the end: whether it succeeded, and what it printed (standard output, then
/// standard error).
pub fn run_to_end(cmd: &mut std::process::Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The ids of every report in the database at `url`: what a drill checks the acknowledged
/// reports against.
pub fn report_ids(url: &str) -> std::collections::HashSet<String> {
    use diesel::prelude::*;
    use hotline_store::schema::reports;
    let url = hotline_store::DatabaseUrl::parse(url).unwrap();
    let mut conn = hotline_store::DbConnection::open(&url).unwrap();
    reports::table
        .select(reports::id)
        .load(&mut conn)
        .unwrap()
        .into_iter()
        .collect()
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Spawn with settings changed from the test defaults.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::new();
        let mut config = Config::load(None).unwrap();
        config.database.url = db.url.clone();
        config.server.data_dir = db.dir.path().join("data");
        config.jwt.secret = Some(format!("test-secret-{}", uuid::Uuid::new_v4()));
        config.master.key = Some(format!("test-master-key-{}", uuid::Uuid::new_v4()));
        config.server.workers = 2;
        config.database.pool_size = 8;
        config.log.filter = "warn".into();
        config.audit.seal_interval_ms = 100;
        // Tests start many servers at once: each its own metrics port.
        config.metrics.bind = "127.0.0.1:0".into();
        // What a test mails depends on no calendar: the reminders of the plan's reports are
        // queued by their own test, with its own clock.
        config.jobs.report_reminder_interval_secs = 0;
        // Every test logs in from 127.0.0.1, often as many users: the per-address limit is
        // tested on its own.
        config.login.address_per_minute = 10_000;
        config.login.address_burst = 10_000;
        adjust(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let app = Application::build(&config, listener).unwrap();
        let port = app.port();
        let metrics_base = app
            .metrics_port()
            .map(|p| format!("http://127.0.0.1:{p}"))
            .unwrap_or_default();
        let admin_password = app.first_admin_password.clone();
        let vault = app.vault.clone();
        actix_rt::spawn(app.run_until_stopped());
        let pool = build_pool(
            &config.database().unwrap(),
            PoolOptions {
                max_size: 4,
                ..Default::default()
            },
        )
        .unwrap();
        let client = awc::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .finish();
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            metrics_base,
            config,
            pool,
            client,
            admin_password,
            vault,
            _db: db,
        }
    }

    /// The `hotline` binary, configured for this app's database and keys (and nothing from
    /// the test's own environment).
    pub fn cli(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hotline"));
        cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("HOTLINE_")) {
            cmd.env_remove(key);
        }
        cmd.env("HOTLINE_DATABASE_URL", &self.config.database.url)
            .env("HOTLINE_DATA_DIR", &self.config.server.data_dir)
            .env(
                "HOTLINE_JWT_SECRET",
                self.config.jwt.secret.as_deref().unwrap(),
            )
            .env(
                "HOTLINE_MASTER_KEY",
                self.config.master.key.as_deref().unwrap(),
            )
            .env("HOTLINE_LOG_FILTER", "warn")
            .env("HOTLINE_METRICS_BIND", "127.0.0.1:0");
        cmd
    }

    /// Run the `hotline` binary to the end: whether it succeeded, and what it printed.
    pub fn run_cli(&self, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
        run_to_end(self.cli(args).envs(env.iter().copied()))
    }

    pub fn conn(&self) -> hotline_store::PooledConnection {
        self.pool.get().unwrap()
    }

    /// Create a user directly in the database.
    pub fn create_user(&self, username: &str, role: &str, agency: Option<&str>) {
        let mut conn = self.conn();
        let agency_id = agency.map(|code| {
            agencies::by_code(&mut conn, code)
                .unwrap()
                .expect("agency exists")
                .id
        });
        let hash = hotline_auth::password::hash(PASSWORD).unwrap();
        users::insert(
            &mut conn,
            &hotline::seed::new_user(username, &hash, role, agency_id),
        )
        .unwrap();
    }

    /// The id of user `username`.
    pub fn user_id(&self, username: &str) -> String {
        users::by_username(&mut self.conn(), username)
            .unwrap()
            .expect("the user exists")
            .id
    }

    /// Create a user and log in as it; returns the bearer token.
    pub async fn login_as(&self, username: &str, role: &str, agency: Option<&str>) -> String {
        self.create_user(username, role, agency);
        let r = self
            .post(
                "/api/v1/auth/token",
                None,
                &json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        r.body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn operator(&self) -> String {
        self.login_as("op-hue", "operator", Some("hue-hotline"))
            .await
    }

    pub async fn send(&self, req: awc::ClientRequest, body: Option<&Value>) -> Response {
        let mut res = match body {
            Some(b) => req.send_json(b).await.unwrap(),
            None => req.send().await.unwrap(),
        };
        let bytes = res.body().limit(10 * 1024 * 1024).await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Response {
            status: res.status(),
            headers: res.headers().clone(),
            body,
        }
    }

    pub fn request(
        &self,
        method: awc::http::Method,
        path: &str,
        token: Option<&str>,
    ) -> awc::ClientRequest {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        req
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send(
            self.request(awc::http::Method::POST, path, token),
            Some(body),
        )
        .await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send(
            self.request(awc::http::Method::PUT, path, token),
            Some(body),
        )
        .await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send(
            self.request(awc::http::Method::PATCH, path, token),
            Some(body),
        )
        .await
    }

    /// The answer to signing in as `username` with `password` over the API.
    pub async fn token_answer(&self, username: &str, password: &str) -> Response {
        let body = json!({"username": username, "password": password});
        self.post("/api/v1/auth/token", None, &body).await
    }

    /// Take case `id` through verification and assessment to a plan written by `worker`, not
    /// yet submitted. Panics at any refusal.
    pub async fn write_plan(&self, id: &str, worker: &str) {
        let case = format!("/api/v1/cases/{id}");
        let ok = |r: Response, what: &str| {
            assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
        };
        let step = |name: &str| format!("{case}/steps/{name}");
        let mv = |to: &str| (format!("{case}/transitions"), json!({"to": to}));
        ok(
            self.put(
                &step("verification"),
                Some(worker),
                &casework::verification(),
            )
            .await,
            "verification",
        );
        for to in ["verifying", "assessing"] {
            let (path, body) = mv(to);
            ok(self.post(&path, Some(worker), &body).await, to);
        }
        ok(
            self.put(&step("assessment"), Some(worker), &casework::assessment())
                .await,
            "assessment",
        );
        let (path, body) = mv("planning");
        ok(self.post(&path, Some(worker), &body).await, "planning");
        ok(
            self.put(&step("plan"), Some(worker), &casework::plan())
                .await,
            "plan",
        );
    }

    /// Take case `id` through verification and assessment to a plan: written by `worker`,
    /// submitted, and (with `chair`) approved. Panics at any refusal.
    pub async fn plan_case(&self, id: &str, worker: &str, chair: Option<&str>) {
        self.write_plan(id, worker).await;
        let case = format!("/api/v1/cases/{id}");
        let ok = |r: Response, what: &str| {
            assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
        };
        ok(
            self.post(&format!("{case}/plan/submit"), Some(worker), &json!({}))
                .await,
            "submit",
        );
        if let Some(chair) = chair {
            ok(
                self.post(&format!("{case}/plan/approve"), Some(chair), &json!({}))
                    .await,
                "approve",
            );
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.send(self.request(awc::http::Method::GET, path, token), None)
            .await
    }

    /// What the metrics' own listener serves at `/metrics`: its status and text.
    pub async fn scrape(&self, token: Option<&str>) -> (StatusCode, String) {
        let mut req = self.client.get(format!("{}/metrics", self.metrics_base));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        let mut res = req.send().await.unwrap();
        let body = res.body().await.unwrap();
        (res.status(), String::from_utf8_lossy(&body).into_owned())
    }

    /// Log an abuse report and return the 201 body.
    pub async fn report(&self, token: &str, body: &Value) -> Value {
        let r = self.post("/api/v1/reports", Some(token), body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body
    }
}

/// A valid abuse report in a Huế commune, with a child of the given name.
pub fn abuse_report(commune_code: u32, child_name: &str) -> Value {
    json!({
        "channel": "hotline_111",
        "received_at": "2026-11-28T08:15:00+07:00",
        "contact_type": "abuse_report",
        "categories": ["online_sexual_exploitation"],
        "emergency": false,
        "risk_level": "high",
        "place": {"commune_code": commune_code, "detail": "gần trường tiểu học"},
        "children": [{"name": child_name, "birth_year": 2012, "sex": "female", "current_location": "ở nhà bà ngoại"}],
        "informant": {"consent_to_store": true, "name": "Trần Văn Cường", "phone": "0905 123 456", "relation": "parent"},
        "narrative": "Người lạ nhắn tin dụ dỗ qua mạng xã hội.",
        "online": {"platform": "facebook", "urls": ["https://www.facebook.com/some.profile"], "offender_handles": ["some.profile"],
                   "content_types": ["image"], "still_online": true, "file_sha256": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]}
    })
}

/// The id of a case's referral to `agency`, from the case as the API gave it.
pub fn referral_id(case: &Value, agency: &str) -> String {
    case["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agency_code"] == agency)
        .unwrap_or_else(|| panic!("no referral to {agency}: {case}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// SQL for the time `minutes` before `column`, on the backend under test.
pub fn minutes_before(column: &str, minutes: i64) -> String {
    if hotline_test_db::is_postgres() {
        format!("{column} - INTERVAL '{minutes} minutes'")
    } else {
        format!("datetime({column}, '-{minutes} minutes')")
    }
}

pub fn field_names(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl TestApp {
    pub async fn send_raw(&self, req: awc::ClientRequest, body: &str) -> Response {
        let mut res = req.send_body(body.to_owned()).await.unwrap();
        let bytes = res.body().await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Response {
            status: res.status(),
            headers: res.headers().clone(),
            body,
        }
    }
}

/// One request over a plain blocking connection (for load from plain threads, outside any
/// runtime, and across a server's restart): the status and body, or `None` when the
/// connection failed or was cut.
pub fn blocking_request(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest.split_at(rest.find('/')?);
    let mut stream = std::net::TcpStream::connect(host).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .ok()?;
    let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
    let body = body.unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response);
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let (_, payload) = response.split_once("\r\n\r\n")?;
    Some((status, payload.to_owned()))
}

/// Whether `program` (a tool a drill needs beside the service: HAProxy, PostgreSQL's own
/// programs) runs here. Without it the drill says so and is skipped, unless
/// `HOTLINE_REQUIRE_DRILLS=1` (as `.ci/run` sets), where its absence fails the test.
pub fn drill_tool(program: &str, args: &[&str]) -> bool {
    let runs = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        assert!(
            std::env::var("HOTLINE_REQUIRE_DRILLS").as_deref() != Ok("1"),
            "{program} is required (HOTLINE_REQUIRE_DRILLS=1) but does not run"
        );
        eprintln!("skipped: {program} is not installed");
    }
    runs
}
