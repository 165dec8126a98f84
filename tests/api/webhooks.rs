//! Status back by signed webhooks, delivered to a real HTTP receiver: a client subscribes,
//! hears of the cases of its reports in order, signed as Standard Webhooks gives it and with
//! nothing personal; failures are retried with the same id; what is given up is listed to
//! administrators and replayed; private addresses are refused unless allowed.

use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use awc::http::StatusCode;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{abuse_report, referral_id, TestApp};

/// One request the receiver got: its headers of note, its body, and what it answered.
#[derive(Debug, Clone)]
pub(crate) struct Heard {
    id: String,
    timestamp: String,
    signature: String,
    body: String,
    answered: u16,
}

impl Heard {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A receiver on a port of its own: it records every request and answers `answer` (200 by
/// default), or 500 while `fail_next` counts down.
#[derive(Clone)]
pub(crate) struct Receiver {
    heard: Arc<Mutex<Vec<Heard>>>,
    pub(crate) answer: Arc<AtomicU16>,
    fail_next: Arc<AtomicUsize>,
    port: u16,
}

impl Receiver {
    pub(crate) fn up() -> Receiver {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(AtomicU16::new(200));
        let fail_next = Arc::new(AtomicUsize::new(0));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = (heard.clone(), answer.clone(), fail_next.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(state.clone()))
                .default_service(web::to(record))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        actix_web::rt::spawn(server);
        Receiver {
            heard,
            answer,
            fail_next,
            port,
        }
    }

    pub(crate) fn url(&self, host: &str) -> String {
        format!("http://{host}:{}/hooks/111?token=abc", self.port)
    }

    pub(crate) fn heard(&self) -> Vec<Heard> {
        self.heard.lock().unwrap().clone()
    }

    /// The deliveries it took (answered 2xx).
    pub(crate) fn taken(&self) -> Vec<Heard> {
        self.heard()
            .into_iter()
            .filter(|h| h.answered == 200)
            .collect()
    }

    /// Wait (up to 20 s) until it has taken `n` deliveries.
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Heard> {
        for _ in 0..400 {
            let taken = self.taken();
            if taken.len() >= n {
                return taken;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("took {:#?}, wanted {n}", self.heard());
    }
}

type ReceiverState = (Arc<Mutex<Vec<Heard>>>, Arc<AtomicU16>, Arc<AtomicUsize>);

async fn record(req: HttpRequest, body: String, state: web::Data<ReceiverState>) -> HttpResponse {
    let (heard, answer, fail_next) = state.get_ref();
    let failing = fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let status = if failing {
        500
    } else {
        answer.load(Ordering::SeqCst)
    };
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    heard.lock().unwrap().push(Heard {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body,
        answered: status,
    });
    HttpResponse::build(StatusCode::from_u16(status).unwrap()).finish()
}

/// What a receiver checks, as a Standard Webhooks library would: the signature over
/// `id.timestamp.body` with the secret's bytes, and a fresh timestamp.
fn assert_signed(heard: &Heard, secret: &str) {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", heard.id, heard.timestamp, heard.body).as_bytes());
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    assert_eq!(heard.signature, expected, "signature of {}", heard.body);
    let sent: i64 = heard.timestamp.parse().unwrap();
    assert!((chrono::Utc::now().timestamp() - sent).abs() < 300);
    assert!(heard.id.starts_with("msg_"), "{}", heard.id);
}

/// A client that logs reports, reads their status and manages its webhooks; its token.
pub(crate) async fn client(app: &TestApp, admin: &str, name: &str) -> (String, String) {
    let r = app
        .post(
            "/api/v1/admin/clients",
            Some(admin),
            &json!({"name": name, "agency_code": "hue-hotline",
                    "permissions": ["reports.create", "reports.status", "webhooks.manage"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (id, secret) = (
        r.body["client_id"].as_str().unwrap().to_owned(),
        r.body["client_secret"].as_str().unwrap().to_owned(),
    );
    let form = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
    let req = app
        .request(awc::http::Method::POST, "/api/v1/oauth/token", None)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"));
    let t = app.send_raw(req, &form).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    (id, t.body["access_token"].as_str().unwrap().to_owned())
}

const EVENTS: [&str; 6] = [
    "case.created",
    "case.status_changed",
    "referral.acknowledged",
    "referral.declined",
    "referral.completed",
    "case.closed",
];

/// Settings for a receiver on this machine, and retries in milliseconds.
pub(crate) fn local(c: &mut hotline::config::Config, give_up_after_secs: u64) {
    c.webhooks.allow_private_addresses = true;
    c.webhooks.allow_plain_http = true;
    c.webhooks.interval_ms = 50;
    c.webhooks.backoff_base_ms = 100;
    c.webhooks.backoff_max_secs = 1;
    c.webhooks.give_up_after_secs = give_up_after_secs;
}

pub(crate) fn canary_report() -> Value {
    let mut r = abuse_report(19900, "Canary Webhook Zed");
    r["narrative"] = json!("CANARY-NARRATIVE ở Thuận An");
    r["informant"]["phone"] = json!("0909 777 888");
    r["place"]["detail"] = json!("CANARY-ADDRESS");
    r
}

async fn transition(app: &TestApp, token: &str, case_id: &str, to: &str) {
    let path = format!("/api/v1/cases/{case_id}/transitions");
    let r = app.post(&path, Some(token), &json!({ "to": to })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn referral_move(app: &TestApp, token: &str, referral: &str, action: &str) {
    let path = format!("/api/v1/referrals/{referral}/{action}");
    let body = match action {
        "complete" => json!({"outcome": "Đã xử lý"}),
        _ => json!({}),
    };
    let r = app.post(&path, Some(token), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[actix_web::test]
async fn a_client_hears_of_its_cases_in_order_signed_and_with_nothing_personal() {
    let receiver = Receiver::up();
    let app = TestApp::spawn_with(|c| local(c, 60)).await;
    let root = app.login_as("root", "admin", None).await;
    let (client_id, token) = client(&app, &root, "Tổng đài 111").await;

    // What a subscription must name.
    let bad = json!({"url": "ftp://hooks.example.vn/", "events": ["case.opened", "case.closed"]});
    let refused = app.post("/api/v1/webhooks", Some(&token), &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = crate::helpers::field_names(&refused.body);
    assert_eq!(fields, ["url", "events[0]"], "{}", refused.body);
    let other =
        json!({"url": receiver.url("127.0.0.1"), "events": EVENTS, "client_id": "someone-else"});
    let r = app.post("/api/v1/webhooks", Some(&token), &other).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let op = app.operator().await;
    let body = json!({"url": receiver.url("127.0.0.1"), "events": EVENTS});
    let r = app.post("/api/v1/webhooks", Some(&op), &body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a person who is no admin");

    let sub = app.post("/api/v1/webhooks", Some(&token), &body).await;
    assert_eq!(sub.status, StatusCode::CREATED, "{}", sub.body);
    assert_eq!(sub.body["client_id"], client_id.as_str());
    let secret = sub.body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    let listed = app.get("/api/v1/webhooks", Some(&token)).await;
    assert_eq!(listed.body["subscriptions"].as_array().unwrap().len(), 1);
    assert!(listed.body["subscriptions"][0].get("secret").is_none());

    // A case of the client's report, and one a person logged: only the first is heard of.
    let logged = app.report(&token, &canary_report()).await;
    app.report(&op, &abuse_report(19900, "Phan Thị M")).await;
    let case_id = logged["case_id"].as_str().unwrap().to_owned();
    let (report_id, number) = (logged["report_id"].clone(), logged["case_number"].clone());
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let referral = referral_id(&logged, "hue-police");
    referral_move(&app, &police, &referral, "acknowledge").await;
    referral_move(&app, &police, &referral, "accept").await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    transition(&app, &worker, &case_id, "verifying").await;
    referral_move(&app, &police, &referral, "complete").await;

    // The receiver fails the next two attempts: the case's end waits behind them, in order.
    receiver.wait_for(4).await;
    receiver.fail_next.store(2, Ordering::SeqCst);
    let supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    transition(&app, &supervisor, &case_id, "no_action").await;

    let taken = receiver.wait_for(6).await;
    let kinds: Vec<String> = taken
        .iter()
        .map(|h| h.json()["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "case.created",
            "referral.acknowledged",
            "case.status_changed",
            "referral.completed",
            "case.status_changed",
            "case.closed"
        ]
    );
    for h in &taken {
        assert_signed(h, &secret);
        let event = h.json();
        assert_eq!(event["data"]["case_id"], case_id.as_str());
        assert_eq!(event["data"]["case_number"], number);
        assert_eq!(event["data"]["report_ids"], json!([report_id]));
        for canary in [
            "Canary",
            "CANARY",
            "0909",
            "777 888",
            "facebook.com",
            "Thuận An",
        ] {
            assert!(!h.body.contains(canary), "{canary} in {}", h.body);
        }
    }
    let created = taken[0].json();
    assert_eq!(created["data"]["status"], "new");
    assert_eq!(taken[1].json()["data"]["agency_kind"], "police");
    assert_eq!(taken[4].json()["data"]["to_status"], "no_action");
    assert_eq!(taken[5].json()["data"]["status"], "no_action");
    // The two failures were the same delivery, tried again under its id.
    let failed: Vec<Heard> = receiver
        .heard()
        .into_iter()
        .filter(|h| h.answered == 500)
        .collect();
    assert_eq!(failed.len(), 2);
    assert!(failed.iter().all(|f| f.id == taken[4].id));
    let ids: std::collections::HashSet<&str> = taken.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), 6, "each event its own id");

    // Deleted: nothing more is sent.
    let sub_id = sub.body["id"].as_str().unwrap();
    let gone = app
        .send_raw(
            app.request(
                awc::http::Method::DELETE,
                &format!("/api/v1/webhooks/{sub_id}"),
                Some(&token),
            ),
            "",
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    transition(&app, &supervisor, &case_id, "verifying").await;
    actix_web::rt::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.taken().len(), 6);
    let actions: Vec<String> = app.audit_entries().into_iter().map(|e| e.action).collect();
    for action in ["webhook.subscribe", "webhook.delete"] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

#[actix_web::test]
async fn a_delivery_given_up_is_listed_to_administrators_and_replayed() {
    let receiver = Receiver::up();
    receiver.answer.store(503, Ordering::SeqCst);
    let app = TestApp::spawn_with(|c| local(c, 2)).await;
    let root = app.login_as("root", "admin", None).await;
    let (client_id, token) = client(&app, &root, "Tổng đài 111").await;
    // An administrator subscribes for the client.
    let body = json!({"url": receiver.url("127.0.0.1"), "events": ["case.created"], "client_id": client_id});
    let sub = app.post("/api/v1/webhooks", Some(&root), &body).await;
    assert_eq!(sub.status, StatusCode::CREATED, "{}", sub.body);
    let logged = app.report(&token, &canary_report()).await;

    let dead = first_dead_letter(&app, &root).await;
    assert_eq!(dead["event_type"], "case.created", "{dead}");
    assert_eq!(dead["case_id"], logged["case_id"]);
    assert_eq!(dead["client_name"], "Tổng đài 111");
    assert_eq!(dead["last_error"], "status 503");
    assert!(dead["attempts"].as_i64().unwrap() >= 2);
    let tried = receiver.heard().len();
    assert!(tried >= 2);
    // What an operator's alert reads.
    let scraped = scraped_until(&app, "hotline_webhook_dead_letters 1").await;
    assert!(scraped.contains("hotline_webhook_backlog 0"), "{scraped}");
    assert!(
        scraped.contains("hotline_webhook_attempts_total{outcome=\"dead\"} 1"),
        "{scraped}"
    );
    let id = dead["id"].as_str().unwrap();
    let replay = format!("/api/v1/webhooks/dead-letters/{id}/replay");
    assert_eq!(
        app.get("/api/v1/webhooks/dead-letters", Some(&token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&replay, Some(&token), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );

    receiver.answer.store(200, Ordering::SeqCst);
    let again = app.post(&replay, Some(&root), &json!({})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let taken = receiver.wait_for(1).await;
    assert_eq!(taken[0].id, id, "the same delivery, under its id");
    assert_eq!(
        app.post(&replay, Some(&root), &json!({})).await.status,
        StatusCode::CONFLICT
    );
    let listed = app.get("/api/v1/webhooks/dead-letters", Some(&root)).await;
    assert_eq!(listed.body["deliveries"], json!([]));
    let scraped = scraped_until(&app, "hotline_webhook_dead_letters 0").await;
    assert!(
        scraped.contains("hotline_webhook_attempts_total{outcome=\"delivered\"} 1"),
        "{scraped}"
    );
}

/// The newest delivery given up, as an administrator lists it, once there is one (up to
/// 10 s).
pub(crate) async fn first_dead_letter(app: &TestApp, admin: &str) -> Value {
    for _ in 0..200 {
        let listed = app.get("/api/v1/webhooks/dead-letters", Some(admin)).await;
        assert_eq!(listed.status, StatusCode::OK);
        if let Some(first) = listed.body["deliveries"].get(0) {
            return first.clone();
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no delivery was given up");
}

/// The metrics once they hold `line` (the worker counts after each round).
async fn scraped_until(app: &TestApp, line: &str) -> String {
    let mut text = String::new();
    for _ in 0..100 {
        text = app.scrape(None).await.1;
        if text.lines().any(|l| l == line) {
            return text;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{line} not in {text}");
}

#[actix_web::test]
async fn private_addresses_are_refused_unless_allowed() {
    let receiver = Receiver::up();
    let app = TestApp::spawn_with(|c| {
        local(c, 1);
        c.webhooks.allow_private_addresses = false;
    })
    .await;
    let root = app.login_as("root", "admin", None).await;
    let (_, token) = client(&app, &root, "Tổng đài 111").await;
    for host in ["127.0.0.1", "[::1]", "10.0.0.8", "169.254.169.254"] {
        let body = json!({"url": receiver.url(host), "events": ["case.created"]});
        let r = app.post("/api/v1/webhooks", Some(&token), &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{host}");
        assert_eq!(crate::helpers::field_names(&r.body), ["url"]);
    }
    // A name is taken, but what it resolves to is refused when the delivery goes.
    let body = json!({"url": receiver.url("localhost"), "events": ["case.created"]});
    let r = app.post("/api/v1/webhooks", Some(&token), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.report(&token, &canary_report()).await;
    let dead = first_dead_letter(&app, &root).await;
    assert_eq!(dead["last_error"], "refused address", "{dead}");
    assert!(receiver.heard().is_empty(), "nothing reached the receiver");
}
