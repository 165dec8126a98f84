use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{abuse_report, referral_id, TestApp};

mod reading;
mod tampering;

fn actions(app: &TestApp) -> Vec<String> {
    app.audit_entries().into_iter().map(|e| e.action).collect()
}

fn last_detail(app: &TestApp, action: &str) -> Value {
    let e = app
        .audit_entries()
        .into_iter()
        .rev()
        .find(|e| e.action == action)
        .expect("entry present");
    serde_json::from_str(&e.detail).unwrap()
}

#[actix_web::test]
async fn each_action_leaves_exactly_its_entry() {
    let app = TestApp::spawn().await;
    assert_eq!(
        actions(&app),
        ["config.load"],
        "the start records the configuration"
    );
    let op = app.operator().await;
    let after_login = app.audit_entries();
    let login = after_login.last().unwrap();
    assert_eq!(
        (
            login.action.as_str(),
            login.actor.as_deref(),
            login.role.as_deref()
        ),
        ("auth.login", Some("op-hue"), Some("operator"))
    );
    assert_eq!(login.province_code, Some(46));
    assert!(login.ip.as_deref().is_some_and(|ip| ip == "127.0.0.1"));

    let before = app.audit_entries().len();
    let created = app.report(&op, &abuse_report(19900, "Nguyễn Thị B")).await;
    let case_id = created["case_id"].as_str().unwrap().to_owned();
    let entries = app.audit_entries();
    assert_eq!(entries.len(), before + 1);
    let e = entries.last().unwrap();
    assert_eq!(
        (e.action.as_str(), e.entity.as_deref()),
        ("report.create", Some("report"))
    );
    assert_eq!(e.entity_id.as_deref(), created["report_id"].as_str());
    assert!(
        !e.detail.contains("Nguyễn")
            && !e.detail.contains("Trần Văn Cường")
            && !e.detail.contains("0905 123 456")
            && !e.detail.contains("0905123456"),
        "no identity in the entry (ids may hold any four digits, so the whole number)"
    );

    app.get(&format!("/api/v1/cases/{case_id}"), Some(&op))
        .await;
    let e = app.audit_entries().pop().unwrap();
    assert_eq!(
        (e.action.as_str(), e.entity_id.as_deref(), e.commune_code),
        ("case.read", Some(case_id.as_str()), Some(19900))
    );

    app.get(
        "/api/v1/cases?q=Nguy%E1%BB%85n%20Th%E1%BB%8B%20B&status=new",
        Some(&op),
    )
    .await;
    let e = app.audit_entries().pop().unwrap();
    assert_eq!(e.action, "case.list");
    assert!(
        !e.detail.to_lowercase().contains("nguy"),
        "search terms only as a keyed hash: {}",
        e.detail
    );
    let detail: Value = serde_json::from_str(&e.detail).unwrap();
    assert_eq!(detail["ids"], json!([case_id]));
    assert_eq!(detail["filters"]["status"], "new");
    assert_eq!(detail["filters"]["q_hash"].as_str().map(str::len), Some(32));

    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let path = format!("/api/v1/cases/{case_id}/transitions");
    assert_eq!(
        app.post(
            &path,
            Some(&worker),
            &json!({"to": "verifying", "note": "Đã gặp gia đình"})
        )
        .await
        .status,
        StatusCode::OK
    );
    let d = last_detail(&app, "case.transition");
    assert_eq!(
        (
            d["from"].as_str(),
            d["to"].as_str(),
            d["with_note"].as_bool()
        ),
        (Some("new"), Some("verifying"), Some(true))
    );
    assert!(
        !d.to_string().contains("gia đình"),
        "no note text in the log"
    );
    app.post(
        &format!("/api/v1/cases/{case_id}/notes"),
        Some(&worker),
        &json!({"text": "Ghi chú bí mật"}),
    )
    .await;
    assert!(!app
        .audit_entries()
        .iter()
        .any(|e| e.detail.contains("bí mật")));
    assert_eq!(
        actions(&app).iter().filter(|a| *a == "case.note").count(),
        1
    );

    // A failed login of an unknown name keeps only a keyed hash of what was typed.
    app.token_answer("hunter2-typed-as-username", "x").await;
    let e = app.audit_entries().pop().unwrap();
    assert_eq!(
        (e.action.as_str(), e.actor.as_deref()),
        ("auth.login", None)
    );
    assert!(!e.detail.contains("hunter2"));
    assert_eq!(last_detail(&app, "auth.login")["result"], "failure");
}

#[actix_web::test]
async fn refused_and_failed_requests_leave_no_entry() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "A")).await;
    let before = app.audit_entries().len();
    let mut bad = abuse_report(19900, "A");
    bad["channel"] = json!("fax");
    assert_eq!(
        app.post("/api/v1/reports", Some(&op), &bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let path = format!(
        "/api/v1/cases/{}/transitions",
        case["case_id"].as_str().unwrap()
    );
    assert_eq!(
        app.post(&path, Some(&op), &json!({"to": "closed"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let other = app.login_as("cw", "commune_worker", Some("cp-19909")).await;
    let before_other = app.audit_entries().len();
    assert_eq!(
        app.get(
            &format!("/api/v1/cases/{}", case["case_id"].as_str().unwrap()),
            Some(&other)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.audit_entries().len(),
        before_other,
        "a refused read records nothing"
    );
    assert_eq!(
        before_other - before,
        1,
        "only the second login was recorded"
    );
}

#[actix_web::test]
async fn a_read_that_cannot_be_audited_is_refused() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "A")).await;
    let path = format!("/api/v1/cases/{}", case["case_id"].as_str().unwrap());
    app.tamper("ALTER TABLE audit_entries RENAME TO audit_entries_gone");
    let r = app.get(&path, Some(&op)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", r.body);
    assert_eq!(
        app.get("/api/v1/cases", Some(&op)).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let note = app
        .post(&format!("{path}/notes"), Some(&op), &json!({"text": "x"}))
        .await;
    assert_eq!(note.status, StatusCode::SERVICE_UNAVAILABLE);
    app.tamper("ALTER TABLE audit_entries_gone RENAME TO audit_entries");
    let detail = app.get(&path, Some(&op)).await;
    assert_eq!(
        detail.body["notes"],
        json!([]),
        "the unaudited note was not written"
    );
}

#[actix_web::test]
async fn concurrent_intake_yields_a_gap_free_verifiable_chain() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let report = abuse_report(19900, "A");
    let results = futures_util::future::join_all((0..100).map(|_| {
        let req = app.request(awc::http::Method::POST, "/api/v1/reports", Some(&op));
        app.send(req, Some(&report))
    }))
    .await;
    assert!(results.iter().all(|r| r.status == StatusCode::CREATED));
    let sealed = app.wait_sealed().await;
    let entries = app.audit_entries();
    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=sealed).collect::<Vec<_>>(), "no gaps");
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == "report.create")
            .count(),
        100
    );
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let v = app.get("/api/v1/audit/verify", Some(&sup)).await;
    assert_eq!(v.body["ok"], true, "{:?}", v.body);
    assert!(v.body["sealed_through"].as_i64().unwrap() >= sealed);
}

#[actix_web::test]
async fn two_instances_sealing_one_database_make_one_chain() {
    let app = TestApp::spawn().await;
    let second = app.second_instance();
    let op = app.operator().await;
    let report = abuse_report(19900, "A");
    for round in 0..5 {
        let sends = (0..20).map(|i| {
            let base = if (i + round) % 2 == 0 {
                app.base.clone()
            } else {
                second.clone()
            };
            let req = app
                .client
                .post(format!("{base}/api/v1/reports"))
                .insert_header(("Authorization", format!("Bearer {op}")));
            app.send(req, Some(&report))
        });
        assert!(futures_util::future::join_all(sends)
            .await
            .iter()
            .all(|r| r.status == StatusCode::CREATED));
        actix_rt::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    let sealed = app.wait_sealed().await;
    let mut conn = app.conn();
    let key = hotline::keys::signing_key(&app.config).unwrap();
    let report = hotline_audit::verify(&mut conn, &hotline_audit::SealKey::derive(&key)).unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.sealed_through, sealed);
    use diesel::prelude::*;
    use hotline_store::schema::audit_seals;
    let numbers: Vec<i64> = audit_seals::table
        .select(audit_seals::seal_no)
        .order(audit_seals::seal_no)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(numbers, (1..=numbers.len() as i64).collect::<Vec<_>>());
}
