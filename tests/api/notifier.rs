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

#[actix_web::test]
async fn a_referral_mail_arrives_and_carries_no_personal_data() {
    let sink = SmtpSink::up();
    let app = app_with(&sink.url(), |_| {}).await;
    let op = app.operator().await;
    let created = app.report(&op, &canary_report()).await;
    let number = created["case_number"].as_str().unwrap();
    let case_id = created["case_id"].as_str().unwrap();
    let messages = sink.wait_for(4).await;
    assert_eq!(messages.len(), 4);

    let outbox = app.outbox();
    for m in &messages {
        let raw = m["raw"].as_str().unwrap();
        let all = format!("{raw}{}{}{}", m["subject"], m["text"], m["html"]);
        // A piece of the number, in what a reader sees (the raw message also holds random
        // boundaries and ids, where four digits can turn up by chance).
        let read = format!("{}{}{}", m["subject"], m["text"], m["html"]);
        assert_no_phone_piece(&read, &m["subject"]);
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
                m["subject"]
            );
        }
        assert!(
            m["subject"].as_str().unwrap().contains(number),
            "{}",
            m["subject"]
        );
        assert!(m["from"]
            .as_str()
            .unwrap()
            .contains("no-reply@hotline.invalid"));
        let text = m["text"].as_str().unwrap();
        assert!(text.contains(&format!("Mã vụ việc: {number}")), "{text}");
        assert!(text.contains("Loại xâm hại: Bóc lột tình dục trên mạng"));
        assert!(text.contains("Mức độ nguy cơ: Cao"));
        assert!(text.contains("Khẩn cấp: Không"));
        assert!(text.contains("(giờ Việt Nam)"));
        assert!(text.contains(&format!("https://hotline.example.vn/cases/{case_id}")));
        assert!(m["html"].as_str().unwrap().contains("<table>"));
        // The Message-ID is the outbox row's.
        let id = m["message_id"].as_str().unwrap();
        let row = outbox
            .iter()
            .find(|o| id == format!("<outbox.{}@hotline.invalid>", o.id))
            .unwrap_or_else(|| panic!("no outbox row for {id}"));
        assert_eq!(m["to"], json!([row.recipient]));
        assert!(
            text.contains("/ack/"),
            "the agency's own referral mail has an acknowledge link"
        );
    }
    let police = messages
        .iter()
        .find(|m| m["to"] == json!(["congan.hue@example.invalid"]))
        .unwrap();
    assert!(
        police["text"]
            .as_str()
            .unwrap()
            .starts_with("Kính gửi: Công an"),
        "{}",
        police["text"]
    );
    // Every row is marked sent; the metrics say so.
    for _ in 0..50 {
        if app.outbox().iter().all(|o| o.sent_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.sent_at.is_some() && o.attempts == 1));
    let (_, metrics) = app.scrape(None).await;
    assert!(metrics.contains("hotline_mail_sent_total 4"), "{metrics}");
    assert!(metrics.contains("hotline_outbox_depth 0"));
}

#[actix_web::test]
async fn smtp_down_then_up_delivers_everything_queued() {
    let mut sink = SmtpSink::down();
    let app = app_with(&sink.url(), |c| c.notify.max_attempts = 100).await;
    let op = app.operator().await;
    for i in 0..3 {
        app.report(&op, &abuse_report(19900, &format!("Trẻ {i}")))
            .await;
    }
    // The API works while SMTP is down, and the worker keeps trying.
    actix_rt::time::sleep(Duration::from_millis(600)).await;
    let waiting = app.outbox();
    assert_eq!(waiting.len(), 12);
    assert!(waiting
        .iter()
        .all(|o| o.sent_at.is_none() && o.failed_at.is_none()));
    assert!(waiting
        .iter()
        .any(|o| o.attempts >= 1 && o.last_error.is_some()));

    sink.start();
    let messages = sink.wait_for(12).await;
    let ids: BTreeSet<String> = message_ids(&messages).into_iter().collect();
    assert_eq!(ids.len(), 12, "each queued message arrived");
    for _ in 0..50 {
        if app.outbox().iter().all(|o| o.sent_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app.outbox().iter().all(|o| o.sent_at.is_some()));
}

#[actix_web::test]
async fn a_worker_that_dies_mid_batch_is_replaced_and_resends_the_same_message() {
    let sink = SmtpSink::up();
    let app = app_with("", |_| {}).await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "A")).await;
    let worker = notifier(&app, &sink, Duration::from_secs(3));

    // The first worker claims the batch, sends two messages and dies before marking them.
    let now = hotline_domain::time::now();
    let claimed = {
        let mut conn = app.conn();
        hotline_store::write_transaction(&mut conn, |c| {
            hotline_store::queries::outbox::claim_due(
                c,
                now.naive_utc(),
                (now + chrono::Duration::seconds(3)).naive_utc(),
                50,
            )
        })
        .unwrap()
    };
    assert_eq!(claimed.len(), 4);
    for row in &claimed[..2] {
        worker.deliver(&mut app.conn(), row).unwrap();
    }
    // While its lease holds, nobody else takes the rows.
    let round = worker
        .run_once(&app.pool, hotline_domain::time::now())
        .unwrap();
    assert_eq!(round.claimed, 0);
    // After it, another worker sends them all.
    actix_rt::time::sleep(Duration::from_millis(3100)).await;
    let round = worker
        .run_once(&app.pool, hotline_domain::time::now())
        .unwrap();
    assert_eq!((round.claimed, round.sent), (4, 4));

    let messages = sink.wait_for(6).await;
    let mut counts = BTreeMap::new();
    for id in message_ids(&messages) {
        *counts.entry(id).or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 4);
    for row in &claimed[..2] {
        let id = format!("<outbox.{}@hotline.invalid>", row.id);
        assert_eq!(counts[&id], 2, "resent as the same message");
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.sent_at.is_some() && o.attempts == 2));
}

#[actix_web::test]
async fn two_workers_never_send_a_row_twice() {
    let sink = SmtpSink::up();
    let app = app_with("", |_| {}).await;
    let op = app.operator().await;
    for i in 0..10 {
        app.report(&op, &abuse_report(19900, &format!("Trẻ {i}")))
            .await;
    }
    let (a, b) = (
        notifier(&app, &sink, Duration::from_secs(60)),
        notifier(&app, &sink, Duration::from_secs(60)),
    );
    let pool = app.pool.clone();
    let run = |n: &hotline_notifier::Notifier| {
        let mut total = 0;
        for _ in 0..20 {
            total += n.run_once(&pool, hotline_domain::time::now()).unwrap().sent;
        }
        total
    };
    let sent: usize = std::thread::scope(|s| {
        let ha = s.spawn(|| run(&a));
        let hb = s.spawn(|| run(&b));
        ha.join().unwrap() + hb.join().unwrap()
    });
    assert_eq!(sent, 40);
    let messages = sink.wait_for(40).await;
    actix_rt::time::sleep(Duration::from_millis(200)).await;
    let ids = message_ids(&sink.messages());
    let distinct: BTreeSet<_> = ids.iter().collect();
    assert_eq!(
        (ids.len(), distinct.len()),
        (40, 40),
        "{} received",
        messages.len()
    );
}

#[actix_web::test]
async fn the_acknowledge_link_works_once_and_refuses_the_rest() {
    let sink = SmtpSink::up();
    let app = app_with(&sink.url(), |_| {}).await;
    let op = app.operator().await;
    let created = app.report(&op, &abuse_report(19900, "A")).await;
    let messages = sink.wait_for(4).await;
    let police = messages
        .iter()
        .find(|m| m["to"] == json!(["congan.hue@example.invalid"]))
        .unwrap();
    let text = police["text"].as_str().unwrap();
    let link = text
        .lines()
        .find_map(|l| {
            l.split_once("https://hotline.example.vn/ack/")
                .map(|(_, t)| t.trim().to_owned())
        })
        .unwrap();
    let path = format!("/ack/{link}");
    let page = |r: &crate::helpers::Response| r.body.as_str().unwrap_or_default().to_owned();

    let shown = app.get(&path, None).await;
    assert_eq!(shown.status, StatusCode::OK);
    let html = page(&shown);
    assert!(html.contains("Xác nhận đã nhận") && html.contains("<form method=\"post\""));
    assert!(
        !html.contains(created["case_number"].as_str().unwrap()),
        "no case details"
    );

    let done = app.post(&path, None, &json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", page(&done));
    assert!(page(&done).contains("Đã xác nhận"));
    let referral = app
        .referrals()
        .into_iter()
        .find(|r| {
            r.id == created["referrals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["agency_code"] == "hue-police")
                .unwrap()["id"]
        })
        .unwrap();
    assert_eq!(referral.status, "acknowledged");
    let entry = app
        .audit_entries()
        .into_iter()
        .find(|e| e.action == "referral.acknowledge")
        .unwrap();
    assert_eq!(entry.actor.as_deref(), Some("email-link:hue-police"));
    assert_eq!(entry.entity_id.as_deref(), Some(referral.id.as_str()));

    // Reuse, tampering, expiry.
    let again = app.post(&path, None, &json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(page(&again).contains("đã được sử dụng"));
    assert_eq!(app.get(&path, None).await.status, StatusCode::CONFLICT);
    let mut tampered = link.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let forged = app
        .post(&format!("/ack/{tampered}"), None, &json!({}))
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(page(&forged).contains("không hợp lệ"));
    let other = app
        .outbox()
        .into_iter()
        .find(|o| o.recipient == "baovetreem.soyte.hue@example.invalid")
        .unwrap();
    let key = hotline::keys::signing_key(&app.config).unwrap();
    let link_key = hotline_audit::query::derive_key(&key, "hotline ack links v1");
    let expired = hotline_notifier::links::sign(
        &link_key,
        &other.id,
        chrono::Utc::now() - chrono::Duration::minutes(1),
    );
    let late = app.post(&format!("/ack/{expired}"), None, &json!({})).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(page(&late).contains("hết hạn"));
    let dept = app
        .referrals()
        .into_iter()
        .find(|r| r.id == other.referral_id.clone().unwrap())
        .unwrap();
    assert_eq!(dept.status, "pending", "refused links change nothing");
}

#[actix_web::test]
async fn dead_letters_are_listed_to_supervisors_and_can_be_resent() {
    let mut sink = SmtpSink::down();
    let app = app_with(&sink.url(), |c| {
        c.notify.max_attempts = 2;
        c.notify.backoff_base_ms = 50;
    })
    .await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "A")).await;
    for _ in 0..100 {
        if app.outbox().iter().all(|o| o.failed_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.failed_at.is_some() && o.attempts == 2));

    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let list = app
        .get("/api/v1/notifications?status=failed", Some(&sup))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items
        .iter()
        .all(|i| i["status"] == "failed" && i["last_error"].is_string()));
    assert_eq!(
        app.get("/api/v1/notifications", Some(&op)).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .get("/api/v1/notifications?status=lost", Some(&sup))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    sink.start();
    let id = items[0]["id"].as_str().unwrap();
    let resent = app
        .post(
            &format!("/api/v1/notifications/{id}/resend"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{:?}", resent.body);
    assert_eq!(resent.body["status"], "pending");
    let twice = app
        .post(
            &format!("/api/v1/notifications/{id}/resend"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let messages = sink.wait_for(1).await;
    assert_eq!(
        message_ids(&messages),
        [format!("<outbox.{id}@hotline.invalid>")]
    );
    actix_rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "the other dead letters stay dead");
    let (_, metrics) = app.scrape(None).await;
    assert!(
        metrics.contains("hotline_mail_failures_total{outcome=\"dead\"} 4"),
        "{metrics}"
    );
    assert!(app
        .audit_entries()
        .iter()
        .any(|e| e.action == "notification.resend"));
}

#[actix_web::test]
async fn a_commune_supervisor_sees_and_resends_only_its_communes_mail() {
    // No SMTP server: every referral's mail waits in the outbox.
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let thuan_an = app.report(&op, &abuse_report(19900, "A")).await;
    let duong_no = app.report(&op, &abuse_report(19909, "B")).await;
    let commune_sup = app
        .login_as("sup-19900", "supervisor", Some("cp-19900"))
        .await;
    let province_sup = app.login_as("sup-hue", "supervisor", Some("hue-cpd")).await;
    let cases_of = |token: String| {
        let app = &app;
        async move {
            let r = app
                .get("/api/v1/notifications?status=pending", Some(&token))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["case_id"].as_str().unwrap().to_owned())
                .collect::<BTreeSet<_>>()
        }
    };
    let (a, b) = (
        thuan_an["case_id"].as_str().unwrap().to_owned(),
        duong_no["case_id"].as_str().unwrap().to_owned(),
    );
    assert_eq!(
        cases_of(commune_sup.clone()).await,
        BTreeSet::from([a.clone()])
    );
    assert_eq!(cases_of(province_sup).await, BTreeSet::from([a, b.clone()]));
    // Another commune's message is not found for it, whatever its state.
    let other = app
        .outbox()
        .into_iter()
        .find(|o| o.case_id.as_deref() == Some(b.as_str()))
        .unwrap();
    let resend = app
        .post(
            &format!("/api/v1/notifications/{}/resend", other.id),
            Some(&commune_sup),
            &json!({}),
        )
        .await;
    assert_eq!(resend.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_breached_deadline_is_mailed_to_those_who_must_act_without_the_child() {
    let sink = SmtpSink::up();
    let app = app_with(&sink.url(), |c| c.jobs.deadline_watch_interval_ms = 100).await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    app.create_user("ct", "commune_chair", Some("cp-19900"));
    app.exec("UPDATE users SET email = 'chutich.thuanan@example.invalid' WHERE username = 'ct'");
    let created = app.report(&op, &canary_report()).await;
    let number = created["case_number"].as_str().unwrap();
    let case_id = created["case_id"].as_str().unwrap().to_owned();
    app.plan_case(&case_id, &worker, None).await;
    crate::deadlines::approvals_overdue(&app, std::slice::from_ref(&case_id));

    // The breach goes to the chair and the department (the province has no supervisor with
    // an address here).
    let is_breach = |m: &&Value| m["subject"].as_str().unwrap().contains("[Quá hạn]");
    let waits = |m: &&Value| m["subject"].as_str().unwrap().contains("chờ phê duyệt");
    // Mails leave in no promised order: wait for both the breach and the plan's own mail.
    let mut messages = Vec::new();
    for _ in 0..200 {
        messages = sink.messages();
        if messages.iter().filter(is_breach).count() >= 2 && messages.iter().any(|m| waits(&m)) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    let breached: Vec<&Value> = messages.iter().filter(is_breach).collect();
    let to: BTreeSet<&str> = breached
        .iter()
        .map(|m| m["to"][0].as_str().unwrap())
        .collect();
    assert_eq!(
        to,
        BTreeSet::from([
            "chutich.thuanan@example.invalid",
            "baovetreem.soyte.hue@example.invalid"
        ])
    );
    for m in &messages {
        let all = format!("{}{}{}{}", m["raw"], m["subject"], m["text"], m["html"]);
        for secret in [CANARY_NAME, "Canary", CANARY_PHONE, "CANARY-NARRATIVE"] {
            assert!(
                !all.contains(secret),
                "{secret} leaked into {}",
                m["subject"]
            );
        }
        // A piece of the number, in what a reader sees (the raw message also holds random
        // boundaries and ids, where four digits can turn up by chance).
        let read = format!("{}{}{}", m["subject"], m["text"], m["html"]);
        assert_no_phone_piece(&read, &m["subject"]);
    }
    for m in breached {
        let subject = m["subject"].as_str().unwrap();
        assert!(subject.contains(number) && subject.contains("Phê duyệt kế hoạch"));
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("Nghị định 56/2017/NĐ-CP"), "{text}");
        assert!(text.contains("Thời hạn: ") && text.contains("(giờ Việt Nam)"));
        assert!(text.contains(&format!("https://hotline.example.vn/cases/{case_id}")));
        assert!(
            !text.contains("/ack/"),
            "a breach is not acknowledged by link"
        );
    }
    let chair = messages
        .iter()
        .find(waits)
        .expect("the chair hears that a plan waits");
    assert_eq!(chair["to"], json!(["chutich.thuanan@example.invalid"]));
}
