//! Routing over HTTP: the default rules on realistic reports, referrals in the same
//! transaction as the case, inboxes per agency, the referral lifecycle, decline and
//! reassignment, escalation by two server instances, and the plan deadlines.

use std::collections::BTreeSet;
use std::time::Duration;

use awc::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, minutes_before, referral_id, Response, TestApp};

mod clocks;
mod lifecycle;

fn report(
    categories: &[&str],
    emergency: bool,
    still_online: Option<bool>,
    risk: Option<&str>,
) -> Value {
    let mut r = abuse_report(19900, "Nguyễn Thị B");
    r["categories"] = json!(categories);
    r["emergency"] = json!(emergency);
    r["risk_level"] = json!(risk);
    r["online"] = match still_online {
        None => Value::Null,
        Some(s) => {
            json!({"platform": "facebook", "urls": ["https://www.facebook.com/x"], "still_online": s})
        }
    };
    r
}

fn agency_codes(created: &Value) -> BTreeSet<String> {
    created["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["agency_code"].as_str().unwrap().to_owned())
        .collect()
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

fn case_path(created: &Value) -> String {
    format!("/api/v1/cases/{}", created["case_id"].as_str().unwrap())
}

fn referral_of<'a>(created: &'a Value, agency: &str) -> &'a Value {
    created["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agency_code"] == agency)
        .unwrap_or_else(|| panic!("no referral to {agency} in {created}"))
}

fn act_path(referral: &Value, action: &str) -> String {
    format!(
        "/api/v1/referrals/{}/{action}",
        referral["id"].as_str().unwrap()
    )
}

/// `action` on a referral, as the holder of `token`, with `body`.
async fn act(app: &TestApp, referral: &Value, action: &str, token: &str, body: &Value) -> Response {
    app.post(&act_path(referral, action), Some(token), body)
        .await
}

/// A sexual-abuse report (no emergency) logged by the operator: the operator's token and the
/// case as created.
async fn sexual_abuse_case(app: &TestApp) -> (String, Value) {
    let op = app.operator().await;
    let created = app
        .report(&op, &report(&["sexual_abuse"], false, None, None))
        .await;
    (op, created)
}

#[actix_web::test]
async fn default_rules_route_realistic_reports() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let base = ["cp-19900", "hue-cpd"];
    let with = |extra: &[&str]| {
        let mut s = set(&base);
        s.extend(extra.iter().map(|c| (*c).to_owned()));
        s
    };
    // (report, agencies, risk after triage)
    let table = [
        (
            report(&["sexual_abuse"], false, None, None),
            with(&["hue-police"]),
            "high",
        ),
        (
            report(&["online_sexual_exploitation"], false, Some(true), None),
            with(&["hue-police", "hue-info"]),
            "high",
        ),
        (
            report(
                &["online_sexual_exploitation"],
                false,
                Some(false),
                Some("medium"),
            ),
            with(&["hue-police"]),
            "medium",
        ),
        (
            report(&["trafficking"], false, None, None),
            with(&["hue-police"]),
            "high",
        ),
        (
            report(&["physical_violence"], true, None, None),
            with(&["hue-police"]),
            "high",
        ),
        (
            report(&["physical_violence"], false, None, None),
            with(&[]),
            "medium",
        ),
        (
            report(&["emotional_violence"], true, None, Some("medium")),
            with(&["hue-police"]),
            "medium",
        ),
        (
            report(&["neglect"], false, None, Some("low")),
            with(&[]),
            "low",
        ),
        (
            report(&["abandonment"], true, None, None),
            with(&[]),
            "high",
        ),
        (
            report(&["labour_exploitation"], false, None, None),
            with(&[]),
            "medium",
        ),
        (
            report(&["cyberbullying"], false, Some(false), None),
            with(&[]),
            "low",
        ),
        (
            report(&["cyberbullying"], false, Some(true), None),
            with(&["hue-info"]),
            "low",
        ),
        (
            report(&["harmful_content"], false, None, None),
            with(&["hue-info"]),
            "low",
        ),
        (report(&["other"], false, None, None), with(&[]), "medium"),
    ];
    for (body, agencies, risk) in &table {
        let created = app.report(&op, body).await;
        let label = format!("{} emergency={}", body["categories"], body["emergency"]);
        assert_eq!(&agency_codes(&created), agencies, "{label}");
        assert_eq!(created["risk_level"], *risk, "{label}");
        let hours = if body["emergency"] == true { 2 } else { 24 };
        for r in created["referrals"].as_array().unwrap() {
            assert_eq!(r["status"], "pending");
            assert!(!r["reason"].as_str().unwrap().is_empty());
            let due = time(&r["due_at"]) - time(&r["created_at"]);
            assert_eq!(due, chrono::Duration::hours(hours), "{label}");
        }
        // The case shows why, and the 12-hour clock for emergencies.
        let case = app.get(&case_path(&created), Some(&op)).await;
        assert_eq!(case.status, StatusCode::OK);
        let routing = &case.body["routing"];
        assert!(routing["matched_rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["rule"] == "commune-and-province"
                && m["reason"].as_str().unwrap().contains("Nghị định 56")));
        assert_eq!(
            case.body["referrals"].as_array().unwrap().len(),
            agencies.len()
        );
        if body["emergency"] == true {
            let received = time(&case.body["received_at"]);
            assert_eq!(
                time(&case.body["action_due_at"]) - received,
                chrono::Duration::hours(12)
            );
        } else {
            assert!(case.body["action_due_at"].is_null());
        }
        if body["risk_level"].is_null() {
            assert_ne!(routing["risk_source"]["source"], "operator", "{label}");
        } else {
            assert_eq!(routing["risk_source"]["source"], "operator", "{label}");
        }
    }

    // Every referral was announced in the outbox, in the same commit, with no personal data.
    let referrals = app.referrals();
    let outbox = app.outbox();
    assert_eq!(outbox.len(), referrals.len());
    for r in &referrals {
        let rows: Vec<_> = outbox
            .iter()
            .filter(|o| o.referral_id.as_deref() == Some(&r.id))
            .collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, "referral.created");
        assert!(rows[0].recipient.ends_with("@example.invalid"));
        // The phone in any form (a bare "0905" could be part of an id or a time).
        let payload = &rows[0].payload;
        for secret in ["Nguyễn", "Trần Văn Cường", "0905 123 456", "905123456"] {
            assert!(!payload.contains(secret), "{secret} in {payload}");
        }
    }

    // Another commune's group gets its own; a contact that is not a report goes nowhere.
    let elsewhere = app.report(&op, &abuse_report(19909, "Lê Văn C")).await;
    assert!(agency_codes(&elsewhere).contains("cp-19909"));
    let mut counselling = report(&["other"], false, None, None);
    counselling["contact_type"] = json!("counselling");
    let call = app.report(&op, &counselling).await;
    assert_eq!(call["referrals"], json!([]));

    // Where no agency is configured (Hà Nội), the case is kept and says what is missing.
    let national = app.login_as("op-111", "operator", Some("vn-111")).await;
    let hanoi = app.report(&national, &abuse_report(4, "Phạm D")).await;
    assert_eq!(hanoi["referrals"], json!([]));
    let case = app.get(&case_path(&hanoi), Some(&national)).await;
    let unassigned = case.body["routing"]["unassigned"].as_array().unwrap();
    assert_eq!(unassigned.len(), 4, "{:?}", case.body["routing"]);
}

#[actix_web::test]
async fn a_failure_mid_transaction_leaves_no_case_without_its_referrals() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    // The outbox write, after the case and its referrals, fails inside the transaction.
    if hotline_test_db::is_postgres() {
        app.exec(
            "CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION 'injected failure'; END $$;
             CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox
             FOR EACH ROW EXECUTE FUNCTION fail_outbox();",
        );
    } else {
        app.exec(
            "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        );
    }
    let r = app
        .post("/api/v1/reports", Some(&op), &abuse_report(19900, "A"))
        .await;
    assert!(r.status.is_server_error(), "{:?}", r.body);
    assert!(
        !r.body.to_string().contains("injected"),
        "no database text in the answer"
    );
    for table in [
        "cases",
        "reports",
        "referrals",
        "outbox",
        "case_events",
        "case_children",
    ] {
        assert_eq!(app.count(table), 0, "{table}");
    }
    assert!(!app
        .audit_entries()
        .iter()
        .any(|e| e.action == "report.create"));

    if hotline_test_db::is_postgres() {
        app.exec("DROP TRIGGER fail_outbox ON outbox; DROP FUNCTION fail_outbox();");
    } else {
        app.exec("DROP TRIGGER fail_outbox;");
    }
    let created = app.report(&op, &abuse_report(19900, "A")).await;
    assert_eq!(
        created["case_number"], "46-2026-000001",
        "the failed attempt took no number"
    );
    assert_eq!(app.count("referrals"), 4);
}

#[actix_web::test]
async fn inboxes_hold_exactly_what_was_referred_to_each_agency() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let exploitation = app
        .report(
            &op,
            &report(&["online_sexual_exploitation"], false, Some(true), None),
        )
        .await;
    let neglect = app
        .report(&op, &report(&["neglect"], false, None, None))
        .await;
    let other_commune = app.report(&op, &abuse_report(19909, "Lê Văn C")).await;

    let police = app.login_as("police", "police", Some("hue-police")).await;
    let info = app
        .login_as("info", "agency_officer", Some("hue-info"))
        .await;
    let cpd = app.login_as("cpd", "agency_officer", Some("hue-cpd")).await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let inbox = |token: String| {
        let app = &app;
        async move {
            let r = app.get("/api/v1/referrals", Some(&token)).await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["case_number"].as_str().unwrap().to_owned())
                .collect::<BTreeSet<_>>()
        }
    };
    let number = |c: &Value| c["case_number"].as_str().unwrap().to_owned();
    assert_eq!(
        inbox(police.clone()).await,
        BTreeSet::from([number(&exploitation), number(&other_commune)])
    );
    assert_eq!(
        inbox(info.clone()).await,
        BTreeSet::from([number(&exploitation), number(&other_commune)])
    );
    assert_eq!(
        inbox(cpd.clone()).await,
        BTreeSet::from([
            number(&exploitation),
            number(&neglect),
            number(&other_commune)
        ])
    );
    assert_eq!(
        inbox(worker.clone()).await,
        BTreeSet::from([number(&exploitation), number(&neglect)])
    );

    // Case reads follow the referrals: the information department sees no neglect case.
    assert_eq!(
        app.get(&case_path(&neglect), Some(&info)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&case_path(&exploitation), Some(&info)).await.status,
        StatusCode::OK
    );

    // Filters, and the roles without an inbox.
    let pending = app
        .get("/api/v1/referrals?status=pending", Some(&police))
        .await;
    assert_eq!(pending.body["total"], 2);
    let item = &pending.body["items"][0];
    assert_eq!(item["agency_code"], "hue-police");
    assert_eq!(item["overdue"], false);
    assert!(item.get("narrative").is_none() && item.get("children").is_none());
    assert_eq!(
        app.get("/api/v1/referrals?status=accepted", Some(&police))
            .await
            .body["total"],
        0
    );
    let bad = app
        .get("/api/v1/referrals?status=late&per_page=0", Some(&police))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        crate::helpers::field_names(&bad.body),
        ["status", "per_page"]
    );
    assert_eq!(
        app.get("/api/v1/referrals", Some(&op)).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.login_as("root", "admin", None).await;
    assert_eq!(
        app.get("/api/v1/referrals", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/referrals", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Each inbox read is audited with the cases it showed.
    let reads: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "referral.list" && e.actor.as_deref() == Some("police"))
        .collect();
    assert_eq!(reads.len(), 3, "the refused request read nothing");
    let detail: Value = serde_json::from_str(&reads[0].detail).unwrap();
    assert_eq!(detail["case_ids"].as_array().unwrap().len(), 2);
}
