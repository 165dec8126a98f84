//! The notifier against a real SMTP server (aiosmtpd, started by the tests): what arrives,
//! what never leaves, outages, crashed and concurrent workers, the acknowledge link and dead
//! letters.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{abuse_report, TestApp};

mod after;
mod delivery;

/// A real SMTP server process; every message it accepts lands in `dir`.
pub(crate) struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// A Python with aiosmtpd: the machine's, or else a virtualenv made once under the target
/// directory (a fresh machine has CPython and pip, not aiosmtpd).
fn python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let has_it = |py: &std::path::Path| {
                Command::new(py)
                    .args(["-c", "import aiosmtpd"])
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            };
            let system = PathBuf::from("python3");
            if has_it(&system) {
                return system;
            }
            let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("smtp-sink-venv");
            let py = venv.join("bin/python3");
            if !has_it(&py) {
                let made = Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status();
                assert!(made.is_ok_and(|s| s.success()), "python3 -m venv failed");
                let pip = Command::new(&py)
                    .args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"])
                    .status();
                assert!(
                    pip.is_ok_and(|s| s.success()),
                    "pip install aiosmtpd failed"
                );
            }
            py
        })
        .clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    /// A sink on a port nobody listens on yet (`start` brings it up).
    fn down() -> SmtpSink {
        SmtpSink {
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
        }
    }

    pub(crate) fn up() -> SmtpSink {
        let mut sink = SmtpSink::down();
        sink.start();
        sink
    }

    fn start(&mut self) {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the SMTP sink");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, decoded, with its raw text under "raw".
    pub(crate) fn messages(&self) -> Vec<Value> {
        let mut paths: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|p| {
                let decoded = std::fs::read_to_string(p.with_extension("json")).ok()?;
                let mut v: Value = serde_json::from_str(&decoded).unwrap();
                v["raw"] = json!(std::fs::read_to_string(p).unwrap());
                Some(v)
            })
            .collect()
    }

    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..200 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            actix_rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} messages arrived, {n} expected", self.messages().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// An app whose notifier sends to `smtp_url` (none when empty), quickly.
/// A service mailing to `sink`, and the canary case an operator logged there: its number and id.
async fn canary_case(sink: &SmtpSink) -> (TestApp, String, String) {
    let app = app_with(&sink.url(), |_| {}).await;
    let op = app.operator().await;
    let created = app.report(&op, &canary_report()).await;
    let number = created["case_number"].as_str().unwrap().to_owned();
    let case_id = created["case_id"].as_str().unwrap().to_owned();
    (app, number, case_id)
}

async fn app_with(smtp_url: &str, adjust: impl FnOnce(&mut hotline::config::Config)) -> TestApp {
    let url = smtp_url.to_owned();
    TestApp::spawn_with(move |c| {
        c.mail.smtp_url = url;
        c.notify.interval_ms = 50;
        c.notify.backoff_base_ms = 100;
        c.notify.backoff_max_secs = 1;
        c.mail.public_base_url = "https://hotline.example.vn".into();
        adjust(c);
    })
    .await
}

const CANARY_NAME: &str = "Canary Nguyễn Thị Zed";
const CANARY_PHONE: &str = "0909 111 222";

fn canary_report() -> Value {
    let mut r = abuse_report(19900, CANARY_NAME);
    r["informant"] = json!({"consent_to_store": true, "name": "Người Báo Canary", "phone": CANARY_PHONE, "relation": "neighbour"});
    r["narrative"] = json!("CANARY-NARRATIVE bị dụ dỗ");
    r["place"]["detail"] = json!("CANARY-ADDRESS 12 Lê Lợi");
    r["online"]["urls"] = json!(["https://abuse.example/CANARY-URL"]);
    r["online"]["offender_handles"] = json!(["canary.offender"]);
    r
}

/// No piece of the canary's phone number in what a reader sees. Pieces of six or seven
/// digits: four alone turn up now and then in the random ids and tokens of links.
fn assert_no_phone_piece(read: &str, subject: &Value) {
    for piece in ["909 111", "909111", "111 222", "111222", "909-111"] {
        assert!(!read.contains(piece), "{piece} leaked into {subject}");
    }
}

/// Nothing of the canary report in `mail`: neither in what a reader sees nor in the raw
/// message.
fn assert_no_canary(mail: &Value) {
    let read = format!("{}{}{}", mail["subject"], mail["text"], mail["html"]);
    let all = format!("{}{read}", mail["raw"]);
    for secret in [
        CANARY_NAME,
        "Canary",
        CANARY_PHONE,
        "CANARY-NARRATIVE",
        "CANARY-ADDRESS",
        "CANARY-URL",
        "canary.offender",
        "Người Báo",
    ] {
        assert!(
            !all.contains(secret),
            "{secret} leaked into {}",
            mail["subject"]
        );
    }
    // A piece of the number, in what a reader sees (the raw message also holds random
    // boundaries and ids, where four digits can turn up by chance).
    assert_no_phone_piece(&read, &mail["subject"]);
}

fn message_ids(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_owned())
        .collect()
}

fn notifier(app: &TestApp, sink: &SmtpSink, lease: Duration) -> hotline_notifier::Notifier {
    let mut config = app.config.clone();
    config.mail.smtp_url = sink.url();
    config.notify.lease_secs = lease.as_secs().max(1);
    let key = hotline::keys::signing_key(&config).unwrap();
    let link_key = hotline_audit::query::derive_key(&key, "hotline ack links v1");
    let settings = config.notifier_settings(link_key).unwrap();
    hotline_notifier::Notifier::new(settings, None).unwrap()
}
