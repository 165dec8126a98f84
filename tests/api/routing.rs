//! Routing over HTTP: the default rules on realistic reports, referrals in the same
//! transaction as the case, inboxes per agency, the referral lifecycle, decline and
//! reassignment, escalation by two server instances, and the plan deadlines.

use std::collections::BTreeSet;
use std::time::Duration;

use awc::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, minutes_before, referral_id, TestApp};

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

#[actix_web::test]
async fn the_referral_lifecycle_with_its_refusals() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let created = app
        .report(&op, &report(&["sexual_abuse"], false, None, None))
        .await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let referral = referral_of(&created, "hue-police");

    // Only the agency it went to may act: the commune worker sees the case (403), a
    // stranger does not (404).
    let stranger = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    assert_eq!(
        app.post(
            &act_path(referral, "acknowledge"),
            Some(&worker),
            &json!({})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            &act_path(referral, "acknowledge"),
            Some(&stranger),
            &json!({})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(&act_path(referral, "acknowledge"), Some(&op), &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let ack = app
        .post(
            &act_path(referral, "acknowledge"),
            Some(&police),
            &json!({}),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{:?}", ack.body);
    assert_eq!(ack.body["status"], "acknowledged");
    assert!(ack.body["acknowledged_at"].is_string());
    let again = app
        .post(
            &act_path(referral, "acknowledge"),
            Some(&police),
            &json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["allowed"], json!(["accept", "decline"]));
    let early = app
        .post(
            &act_path(referral, "complete"),
            Some(&police),
            &json!({"outcome": "x"}),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    let accepted = app
        .post(&act_path(referral, "accept"), Some(&police), &json!({}))
        .await;
    assert_eq!(accepted.body["status"], "accepted");
    let no_outcome = app
        .post(
            &act_path(referral, "complete"),
            Some(&police),
            &json!({"outcome": "  "}),
        )
        .await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&no_outcome.body), ["outcome"]);
    let done = app
        .post(
            &act_path(referral, "complete"),
            Some(&police),
            &json!({"outcome": "Đã khởi tố vụ án."}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.body["status"], "completed");
    assert_eq!(done.body["outcome"], "Đã khởi tố vụ án.");

    // Each move is on the case's timeline and in the audit log.
    let case = app.get(&case_path(&created), Some(&police)).await;
    let kinds: Vec<&str> = case.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "routed",
            "referral.acknowledge",
            "referral.accept",
            "referral.complete"
        ]
    );
    let moves: Vec<String> = app
        .audit_entries()
        .into_iter()
        .filter(|e| {
            e.entity.as_deref() == Some("referral")
                && e.entity_id.as_deref() == referral["id"].as_str()
        })
        .map(|e| e.action)
        .collect();
    assert_eq!(
        moves,
        [
            "referral.acknowledge",
            "referral.accept",
            "referral.complete"
        ]
    );
    let missing = format!("/api/v1/referrals/{}/accept", uuid::Uuid::new_v4());
    assert_eq!(
        app.post(&missing, Some(&police), &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn decline_returns_the_case_to_the_department_and_reassignment_moves_it() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let created = app
        .report(&op, &report(&["sexual_abuse"], false, None, None))
        .await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let cpd = app.login_as("cpd", "agency_officer", Some("hue-cpd")).await;
    let police_referral = referral_of(&created, "hue-police");
    let commune_referral = referral_of(&created, "cp-19900");
    let dept_referral = referral_of(&created, "hue-cpd");

    let no_reason = app
        .post(
            &act_path(police_referral, "decline"),
            Some(&police),
            &json!({}),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&no_reason.body), ["reason"]);
    let declined = app
        .post(
            &act_path(police_referral, "decline"),
            Some(&police),
            &json!({"reason": "Không có dấu hiệu tội phạm."}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["status"], "declined");
    assert_eq!(
        declined.body["decline_reason"],
        "Không có dấu hiệu tội phạm."
    );
    // The department is told, on its open referral; the police no longer see the case.
    let told: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|o| o.kind == "referral.declined")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].referral_id.as_deref(), dept_referral["id"].as_str());
    assert!(told[0].payload.contains("hue-police") && !told[0].payload.contains("dấu hiệu"));
    assert_eq!(
        app.get(&case_path(&created), Some(&police)).await.status,
        StatusCode::NOT_FOUND
    );
    // The department coordinates: it reassigns rather than declines.
    let refused = app
        .post(
            &act_path(dept_referral, "decline"),
            Some(&cpd),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // Reassign the commune referral: the child now lives in Dương Nỗ.
    let path = format!("{}/referrals", case_path(&created));
    let body = json!({"agency_code": "cp-19909", "reason": "Trẻ đã chuyển về sống tại phường Dương Nỗ.",
                      "replaces": commune_referral["id"]});
    assert_eq!(
        app.post(&path, Some(&police), &body).await.status,
        StatusCode::FORBIDDEN
    );
    let moved = app.post(&path, Some(&cpd), &body).await;
    assert_eq!(moved.status, StatusCode::CREATED, "{:?}", moved.body);
    assert_eq!(moved.body["agency_code"], "cp-19909");
    assert_eq!(moved.body["rules"], json!(["manual"]));
    let again = app.post(&path, Some(&cpd), &body).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "the replaced referral is closed"
    );
    let duplicate = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "cp-19909", "reason": "x"}),
        )
        .await;
    assert_eq!(
        duplicate.status,
        StatusCode::CONFLICT,
        "one open referral per agency"
    );
    let unknown = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "nowhere", "reason": ""}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&unknown.body), ["reason"]);
    let unknown = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "nowhere", "reason": "x"}),
        )
        .await;
    assert_eq!(crate::helpers::field_names(&unknown.body), ["agency_code"]);

    let case = app.get(&case_path(&created), Some(&cpd)).await;
    let old = case.body["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == commune_referral["id"])
        .unwrap();
    assert_eq!(old["status"], "reassigned");
    assert_eq!(old["replaced_by"], moved.body["id"]);
    // The new commune's group sees the case and has it in its inbox.
    let new_worker = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    assert_eq!(
        app.get(&case_path(&created), Some(&new_worker))
            .await
            .status,
        StatusCode::OK
    );
    let inbox = app.get("/api/v1/referrals", Some(&new_worker)).await;
    assert_eq!(inbox.body["total"], 1);
    let audit: Vec<String> = app.audit_entries().into_iter().map(|e| e.action).collect();
    assert!(
        audit.contains(&"referral.decline".to_owned())
            && audit.contains(&"referral.reassign".to_owned())
    );

    // With no open department referral left, a decline creates one for reassignment.
    let done = app
        .post(&act_path(dept_referral, "accept"), Some(&cpd), &json!({}))
        .await;
    assert_eq!(done.status, StatusCode::OK);
    app.post(
        &act_path(dept_referral, "complete"),
        Some(&cpd),
        &json!({"outcome": "Đã phân công."}),
    )
    .await;
    let declined = app
        .post(
            &format!(
                "/api/v1/referrals/{}/decline",
                moved.body["id"].as_str().unwrap()
            ),
            Some(&new_worker),
            &json!({"reason": "Không đúng địa bàn."}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    let case = app.get(&case_path(&created), Some(&cpd)).await;
    let reopened: Vec<_> = case.body["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["agency_code"] == "hue-cpd" && r["status"] == "pending")
        .collect();
    assert_eq!(reopened.len(), 1);
    assert_eq!(reopened[0]["rules"], json!(["declined"]));
}

#[actix_web::test]
async fn overdue_referrals_escalate_exactly_once_with_two_instances() {
    let app = TestApp::spawn_with(|c| c.jobs.deadline_watch_interval_ms = 100).await;
    let _second = app.second_instance();
    let op = app.operator().await;
    app.create_user("sup", "supervisor", Some("hue-cpd"));
    app.exec("UPDATE users SET email = 'lanhdao.so@example.invalid' WHERE username = 'sup'");
    let mut cases = Vec::new();
    for i in 0..6 {
        cases.push(
            app.report(&op, &report(&["sexual_abuse"], false, None, None))
                .await,
        );
        let _ = i;
    }
    // Time passes for the police and commune referrals: their deadline is an hour gone.
    app.exec(&format!(
        "UPDATE referrals SET due_at = {}
         WHERE agency_id IN (SELECT id FROM agencies WHERE code IN ('hue-police', 'cp-19900'))",
        minutes_before("created_at", 60)
    ));
    let late = 12;
    let mut escalated = 0;
    for _ in 0..100 {
        escalated = app
            .referrals()
            .iter()
            .filter(|r| r.escalated_at.is_some())
            .count();
        if escalated >= late {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(escalated, late);
    // Let both watchers run a few more rounds: nothing is escalated twice.
    actix_rt::time::sleep(Duration::from_millis(600)).await;
    let referrals = app.referrals();
    let events = app.events("referral.escalated");
    let entries: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "referral.escalate")
        .collect();
    let mails: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|o| o.kind == "referral.escalated")
        .collect();
    for r in &referrals {
        let is_late = r.escalated_at.is_some();
        assert_eq!(r.status, if is_late { "overdue" } else { "pending" });
        let id = r.id.as_str();
        let n_events = events
            .iter()
            .filter(|e| e.body.as_deref().is_some_and(|b| b.contains(id)))
            .count();
        let n_entries = entries
            .iter()
            .filter(|e| e.entity_id.as_deref() == Some(id))
            .count();
        let to: BTreeSet<_> = mails
            .iter()
            .filter(|m| m.referral_id.as_deref() == Some(id))
            .map(|m| m.recipient.as_str())
            .collect();
        if is_late {
            assert_eq!((n_events, n_entries), (1, 1), "referral {id}");
            assert_eq!(
                to,
                BTreeSet::from([
                    "baovetreem.soyte.hue@example.invalid",
                    "lanhdao.so@example.invalid"
                ])
            );
        } else {
            assert_eq!((n_events, n_entries, to.len()), (0, 0, 0));
        }
    }
    assert_eq!(entries.len(), late);
    assert!(entries
        .iter()
        .all(|e| e.actor.as_deref() == Some("deadline-watcher")));

    // The inbox shows it overdue; a late answer is still taken.
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let inbox = app
        .get("/api/v1/referrals?status=overdue", Some(&police))
        .await;
    assert_eq!(inbox.body["total"], 6);
    assert_eq!(inbox.body["items"][0]["overdue"], true);
    let referral = &inbox.body["items"][0];
    let ack = app
        .post(
            &act_path(referral, "acknowledge"),
            Some(&police),
            &json!({}),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK);
    assert_eq!(ack.body["status"], "acknowledged");
    assert!(ack.body["escalated_at"].is_string());
}

#[actix_web::test]
async fn verification_starts_the_working_day_clock() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let created = app
        .report(&op, &report(&["neglect"], false, None, None))
        .await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let case = app.get(&case_path(&created), Some(&worker)).await;
    assert!(case.body["plan_due_at"].is_null());
    let moved = app
        .post(
            &format!("{}/transitions", case_path(&created)),
            Some(&worker),
            &json!({"to": "verifying"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    let started = time(&moved.body["timeline"].as_array().unwrap().last().unwrap()["at"]);
    let router = hotline::startup::load_router(&app.config).unwrap();
    let due = router.deadlines.plan_deadlines(&router.calendar, started);
    assert_eq!(time(&moved.body["plan_due_at"]), due.plan_due_at);
    assert_eq!(time(&moved.body["approval_due_at"]), due.approval_due_at);
    assert!(due.plan_due_at - started >= chrono::Duration::days(5));
}

#[actix_web::test]
async fn a_move_with_a_body_that_is_not_its_json_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phan Thị K")).await;
    let referral = referral_id(&case, "hue-police");
    let police = app.login_as("police", "police", Some("hue-police")).await;
    for action in ["acknowledge", "accept"] {
        let path = format!("/api/v1/referrals/{referral}/{action}");
        for (body, json) in [
            ("\u{0}", true),
            ("garbage{", true),
            (r#"{"bogus": 42}"#, true),
            ("{}", false),
        ] {
            let mut req = app.request(awc::http::Method::POST, &path, Some(&police));
            if json {
                req = req.insert_header(("Content-Type", "application/json"));
            }
            let r = app.send_raw(req, body).await;
            assert!(
                r.status.is_client_error(),
                "{action} with {body:?}: {}",
                r.status
            );
        }
    }
    assert!(app
        .referrals()
        .iter()
        .find(|r| r.id == referral)
        .is_some_and(|r| r.status == "pending"));
    // No body at all is a move without text.
    let req = app.request(
        awc::http::Method::POST,
        &format!("/api/v1/referrals/{referral}/acknowledge"),
        Some(&police),
    );
    assert_eq!(app.send_raw(req, "").await.status, StatusCode::OK);
}
