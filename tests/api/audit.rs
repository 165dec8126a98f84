use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{abuse_report, referral_id, TestApp};

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
            && !e.detail.contains("0905")
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
    app.post(
        "/api/v1/auth/token",
        None,
        &json!({"username": "hunter2-typed-as-username", "password": "x"}),
    )
    .await;
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

/// Seal a log with some history, then tamper with it through raw SQL.
async fn sealed_log() -> (TestApp, String, i64) {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    for i in 0..6 {
        app.report(&op, &abuse_report(19900, &format!("Child {i}")))
            .await;
        actix_rt::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let sealed = app.wait_sealed().await;
    let ok = app.get("/api/v1/audit/verify", Some(&sup)).await;
    assert_eq!(ok.body["ok"], true, "{:?}", ok.body);
    (app, sup, sealed)
}

async fn verdict(app: &TestApp, sup: &str) -> Value {
    let r = app.get("/api/v1/audit/verify", Some(sup)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body["ok"], false,
        "tampering went unnoticed: {:?}",
        r.body
    );
    r.body
}

#[actix_web::test]
async fn a_chain_recomputed_without_the_key_is_detected() {
    use diesel::prelude::*;
    use hotline_store::models::{AuditEntryRow, AuditSealRow};
    use hotline_store::schema::{audit_entries, audit_seals};
    let (app, sup, sealed) = sealed_log().await;
    // Someone who can write the database edits an entry and recomputes every seal, as the
    // chain was computed before seals were keyed (they cannot know the key).
    let target = sealed - 2;
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {target}"
    ));
    let seals: Vec<AuditSealRow> = audit_seals::table
        .order(audit_seals::seal_no)
        .select(AuditSealRow::as_select())
        .load(&mut *app.conn())
        .unwrap();
    let mut prev = hotline_audit::chain::GENESIS.to_owned();
    let mut rewrite = String::new();
    for seal in seals {
        let entries: Vec<AuditEntryRow> = audit_entries::table
            .filter(audit_entries::seq.between(seal.first_seq, seal.last_seq))
            .order(audit_entries::seq)
            .select(AuditEntryRow::as_select())
            .load(&mut *app.conn())
            .unwrap();
        let mut hasher = hotline_audit::chain::BatchHasher::new(&prev);
        entries.iter().for_each(|e| hasher.add(e));
        let locators = hasher.locators().to_owned();
        let hash = hasher.finish(None);
        rewrite.push_str(&format!(
            "UPDATE audit_seals SET prev_hash = '{prev}', hash = '{hash}', entry_digests = '{locators}', keyed = {} WHERE seal_no = {};",
            if hotline_test_db::is_postgres() { "false" } else { "0" },
            seal.seal_no
        ));
        prev = hash;
    }
    app.tamper(&rewrite);
    let v = verdict(&app, &sup).await;
    assert!(v["problem"].as_str().unwrap().contains("not keyed"), "{v}");
}

#[actix_web::test]
async fn an_edited_entry_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let target = sealed - 3;
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {target}"
    ));
    let v = verdict(&app, &sup).await;
    let bad = v["first_bad_seq"].as_i64().unwrap();
    assert!(bad <= target, "{v}");
}

#[actix_web::test]
async fn a_deleted_entry_is_detected_exactly() {
    let (app, sup, sealed) = sealed_log().await;
    let target = sealed - 4;
    app.tamper(&format!("DELETE FROM audit_entries WHERE seq = {target}"));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(target), "{v}");
}

#[actix_web::test]
async fn reordered_entries_are_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let (a, b) = (sealed - 2, sealed - 1);
    app.tamper(&format!(
        "UPDATE audit_entries SET seq = -1 WHERE seq = {a}; UPDATE audit_entries SET seq = {a} WHERE seq = {b}; UPDATE audit_entries SET seq = {b} WHERE seq = -1"
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(a), "{v}");
}

#[actix_web::test]
async fn a_forged_backdated_entry_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    let at = if hotline_test_db::is_postgres() {
        "now() - interval '2 hours'"
    } else {
        "datetime('now', '-2 hours')"
    };
    let forged = sealed + 1000;
    app.tamper(&format!(
        "INSERT INTO audit_entries (seq, at, actor, role, action, entity, entity_id, detail) \
         VALUES ({forged}, {at}, 'op-hue', 'operator', 'case.read', 'case', 'x', '{{}}')"
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(forged), "{v}");
}

#[actix_web::test]
async fn a_truncated_tail_is_detected() {
    let (app, sup, sealed) = sealed_log().await;
    app.tamper(&format!(
        "DELETE FROM audit_entries WHERE seq > {}",
        sealed - 3
    ));
    let v = verdict(&app, &sup).await;
    assert_eq!(v["first_bad_seq"].as_i64(), Some(sealed - 2), "{v}");
}

#[actix_web::test]
async fn the_database_itself_refuses_changes_to_the_log() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    assert!(conn
        .batch_execute("UPDATE audit_entries SET actor = 'x'")
        .is_err());
    assert!(conn.batch_execute("DELETE FROM audit_entries").is_err());
    if hotline_test_db::is_postgres() {
        assert!(conn.batch_execute("TRUNCATE audit_entries").is_err());
    }
    assert_eq!(app.audit_entries().len(), 1);
}

#[actix_web::test]
async fn only_supervisors_read_the_log_and_only_their_jurisdiction() {
    let app = TestApp::spawn().await;
    let hue_op = app.operator().await;
    let national = app.login_as("op-111", "operator", Some("vn-111")).await;
    let hanoi_case = app.report(&national, &abuse_report(4, "A")).await;
    app.get(
        &format!("/api/v1/cases/{}", hanoi_case["case_id"].as_str().unwrap()),
        Some(&national),
    )
    .await;
    let hue_case = app.report(&hue_op, &abuse_report(19900, "B")).await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let admin = app.login_as("root", "admin", None).await;
    for token in [&hue_op, &worker, &admin] {
        for path in [
            "/api/v1/audit",
            "/api/v1/audit/verify",
            "/api/v1/audit/export",
            "/api/v1/audit/summary",
        ] {
            assert_eq!(
                app.get(path, Some(token)).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
    }
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let page = app.get("/api/v1/audit?per_page=500", Some(&sup)).await;
    assert_eq!(page.status, StatusCode::OK);
    let items = page.body["items"].as_array().unwrap();
    assert!(items
        .iter()
        .any(|e| e["entity_id"] == hue_case["report_id"]));
    assert!(!items
        .iter()
        .any(|e| e["entity_id"] == hanoi_case["report_id"]
            || e["entity_id"] == hanoi_case["case_id"]));
    let by_case = app
        .get(
            &format!(
                "/api/v1/audit?case_id={}",
                hue_case["case_id"].as_str().unwrap()
            ),
            Some(&sup),
        )
        .await;
    assert_eq!(
        by_case.body["total"], 1,
        "nobody has opened the Huế case yet: only the report that opened it"
    );
    assert_eq!(by_case.body["items"][0]["action"], "report.create");
    let by_actor = app
        .get(
            "/api/v1/audit?actor=op-hue&action=report.create",
            Some(&sup),
        )
        .await;
    assert_eq!(by_actor.body["total"], 1);
    assert_eq!(
        app.get("/api/v1/audit?from=yesterday", Some(&sup))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.audit_entries().last().unwrap().action,
        "audit.query",
        "reading the log is recorded too"
    );
}

#[actix_web::test]
async fn export_is_csv_and_itself_audited() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "A")).await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let mut res = app
        .client
        .get(format!(
            "{}/api/v1/audit/export?action=report.create",
            app.base
        ))
        .insert_header(("Authorization", format!("Bearer {sup}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = String::from_utf8(res.body().await.unwrap().to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "seq,at,actor,role,action,entity,entity_id,ip,detail"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(",op-hue,operator,report.create,report,"));
    let e = app.audit_entries().pop().unwrap();
    assert_eq!(e.action, "audit.export");
    assert_eq!(serde_json::from_str::<Value>(&e.detail).unwrap()["rows"], 1);
}

#[actix_web::test]
async fn the_access_summary_flags_unusual_reading() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "A")).await;
    let path = format!("/api/v1/cases/{}", case["case_id"].as_str().unwrap());
    let heavy = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    for _ in 0..35 {
        app.get(&path, Some(&heavy)).await;
    }
    app.get(&path, Some(&op)).await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let r = app.get("/api/v1/audit/summary", Some(&sup)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let rows = r.body.as_array().unwrap();
    let row = |who: &str| rows.iter().find(|x| x["actor"] == who).cloned().unwrap();
    assert_eq!(
        (
            row("cw")["case_reads"].as_i64(),
            row("cw")["flagged"].as_bool()
        ),
        (Some(35), Some(true))
    );
    assert_eq!(
        (
            row("op-hue")["case_reads"].as_i64(),
            row("op-hue")["flagged"].as_bool()
        ),
        (Some(1), Some(false))
    );
}

#[actix_web::test]
async fn the_cli_verifies_the_chain_and_fails_on_tampering() {
    let (app, _sup, sealed) = sealed_log().await;
    let run = |extra: &[&str]| app.cli(&["audit", "verify"]).args(extra).output().unwrap();
    let ok = run(&[]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let report: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert!(report["sealed_through"].as_i64().unwrap() >= sealed);
    let anchor = report["anchor"].as_str().unwrap().to_owned();
    let seals = report["seals"].as_i64().unwrap();
    assert!(run(&["--anchor", &anchor]).status.success());

    // Cut the log back: the newest seal and every entry it covers go together. The chain that
    // is left is consistent, so only the anchor kept outside the database reveals it.
    let first_seq: i64 = {
        use diesel::prelude::*;
        use hotline_store::schema::audit_seals;
        audit_seals::table
            .filter(audit_seals::seal_no.eq(seals))
            .select(audit_seals::first_seq)
            .first(&mut *app.conn())
            .unwrap()
    };
    app.tamper(&format!(
        "DELETE FROM audit_seals WHERE seal_no >= {seals}; DELETE FROM audit_entries WHERE seq >= {first_seq}"
    ));
    let cut = run(&["--anchor", &anchor]);
    assert!(!cut.status.success());
    assert!(
        String::from_utf8_lossy(&cut.stderr).contains("cut back"),
        "{}",
        String::from_utf8_lossy(&cut.stderr)
    );

    app.tamper(&format!(
        "DELETE FROM audit_entries WHERE seq = {}",
        first_seq - 1
    ));
    let broken = run(&[]);
    assert!(!broken.status.success());
    let report: Value = serde_json::from_slice(&broken.stdout).unwrap();
    assert_eq!(report["first_bad_seq"].as_i64(), Some(first_seq - 1));
}

#[actix_web::test]
async fn a_cases_trail_holds_everything_that_saw_or_touched_it() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Trần Thị G")).await;
    let other = app.report(&op, &abuse_report(19900, "Trần Thị H")).await;
    let id = case["case_id"].as_str().unwrap();
    let police_referral = referral_id(&case, "hue-police");
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;

    // Seen in a list, read, its referral listed and acknowledged, its evidence exported.
    assert_eq!(
        app.get("/api/v1/cases", Some(&op)).await.status,
        StatusCode::OK
    );
    app.get(&format!("/api/v1/cases/{id}"), Some(&op)).await;
    assert_eq!(
        app.get("/api/v1/referrals", Some(&police)).await.status,
        StatusCode::OK
    );
    let ack = app
        .post(
            &format!("/api/v1/referrals/{police_referral}/acknowledge"),
            Some(&police),
            &json!({}),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{:?}", ack.body);
    app.get(&format!("/api/v1/cases/{id}/evidence"), Some(&police))
        .await;

    let trail = app
        .get(
            &format!("/api/v1/audit?case_id={id}&per_page=500"),
            Some(&sup),
        )
        .await;
    assert_eq!(trail.status, StatusCode::OK);
    let actions: std::collections::BTreeSet<String> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "report.create",
        "case.list",
        "case.read",
        "referral.list",
        "referral.acknowledge",
        "case.evidence_export",
    ] {
        assert!(
            actions.contains(expected),
            "{expected} missing from {actions:?}"
        );
    }
    // Only what concerned this case: the other case's opening is not in its trail.
    let other_id = other["case_id"].as_str().unwrap();
    let other_trail = app
        .get(
            &format!("/api/v1/audit?case_id={other_id}&per_page=500"),
            Some(&sup),
        )
        .await;
    let other_actions: Vec<&str> = other_trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        !other_actions.contains(&"case.read") && !other_actions.contains(&"referral.acknowledge")
    );
    assert!(other_actions.contains(&"report.create") && other_actions.contains(&"case.list"));
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_log_records_the_clients_address_and_only_then() {
    for (trusted, expected) in [(true, "203.0.113.9"), (false, "127.0.0.1")] {
        let app = TestApp::spawn_with(|c| {
            if trusted {
                c.server.client_ip_header = "X-Real-IP".into();
            }
        })
        .await;
        let op = app.operator().await;
        let req = app
            .request(awc::http::Method::GET, "/api/v1/cases", Some(&op))
            .insert_header(("X-Real-IP", "203.0.113.9"));
        assert_eq!(app.send(req, None).await.status, StatusCode::OK);
        let entry = app
            .audit_entries()
            .into_iter()
            .rev()
            .find(|e| e.action == "case.list")
            .unwrap();
        // Without the setting the header is anyone's to forge, and is ignored.
        assert_eq!(
            entry.ip.as_deref(),
            Some(expected),
            "trusted proxy: {trusted}"
        );
    }
}

#[actix_web::test]
async fn verify_resumes_after_the_last_verified_seal_and_full_rehashes_everything() {
    let (app, _sup, _) = sealed_log().await;
    let report = |args: &[&str]| -> (bool, Value) {
        let out = app.cli(args).output().unwrap();
        let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.success(), report)
    };
    let (ok, first) = report(&["audit", "verify"]);
    assert!(ok, "{first}");
    assert_eq!(first["resumed_from_seal"], Value::Null);
    let checked = first["seals"].as_i64().unwrap();

    // More entries, sealed: the next run starts after the seal the first reached.
    let op = app
        .login_as("op-two", "operator", Some("hue-hotline"))
        .await;
    app.report(&op, &abuse_report(19900, "Con Sau")).await;
    let sealed = app.wait_sealed().await;
    let before = app.count("audit_entries");
    let (ok, second) = report(&["audit", "verify"]);
    let after = app.count("audit_entries");
    assert!(ok, "{second}");
    assert_eq!(second["resumed_from_seal"].as_i64(), Some(checked));
    assert!(second["sealed_through"].as_i64().unwrap() >= sealed);
    // The log's size comes from the seals' counts and the entries after them, not a count of
    // every row, and it is the same.
    let entries = second["entries"].as_i64().unwrap();
    assert!(
        (before..=after).contains(&entries),
        "{entries} not in {before}..={after}"
    );

    // The count a checkpoint carries is under its MAC: changed, the checkpoint is not
    // believed, and the whole log is verified (and counted) again.
    app.tamper("UPDATE audit_checkpoints SET entries_sealed = entries_sealed + 5");
    let (ok, recounted) = report(&["audit", "verify"]);
    assert!(ok, "{recounted}");
    assert_eq!(recounted["resumed_from_seal"], Value::Null);
    assert!(recounted["entries"].as_i64().unwrap() >= entries);
    app.tamper("UPDATE audit_checkpoints SET entries_sealed = entries_sealed - 5");

    // A checkpoint written without the key is not believed: the whole log is verified.
    app.tamper(
        "INSERT INTO audit_checkpoints (seal_no, hash, sealed_through, sealed_at, keyed, unkeyed_seals, verified_at, mac) \
         VALUES (999999, 'x', 999999, '2026-01-01 00:00:00', TRUE, 0, '2026-01-01 00:00:00', 'forged')",
    );
    let (ok, whole) = report(&["audit", "verify"]);
    assert!(ok, "{whole}");
    assert_eq!(whole["resumed_from_seal"], Value::Null);
    app.tamper("DELETE FROM audit_checkpoints WHERE mac = 'forged'");

    // An entry changed after the last verified seal is found by the resumed run; one changed
    // behind it by the full run.
    let (_, resumed_from) = report(&["audit", "verify"]);
    let behind = resumed_from["sealed_through"].as_i64().unwrap() - 1;
    app.report(&op, &abuse_report(19900, "Con Cuoi")).await;
    let newest = app.wait_sealed().await;
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {newest}"
    ));
    let (ok, broken) = report(&["audit", "verify"]);
    assert!(!ok);
    assert_eq!(broken["first_bad_seq"].as_i64(), Some(newest), "{broken}");
    assert!(broken["resumed_from_seal"].is_i64(), "{broken}");
    app.tamper(&format!(
        "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = {behind}"
    ));
    let (ok, full) = report(&["audit", "verify", "--full"]);
    assert!(!ok);
    assert_eq!(full["first_bad_seq"].as_i64(), Some(behind), "{full}");
}

#[actix_web::test]
async fn the_log_counts_to_a_thousand_and_past_it_says_that_many_or_more() {
    let app = TestApp::spawn().await;
    // 1,200 reads by one operator, written straight into the log (as many requests would take
    // minutes); the same SQL on both databases.
    app.exec(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1200) \
         INSERT INTO audit_entries (at, actor, role, action, province_code, detail) \
         SELECT CURRENT_TIMESTAMP, 'op-many', 'operator', 'case.read', 46, '{}' FROM n",
    );
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let first = app.get("/api/v1/audit?actor=op-many", Some(&sup)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["total"], 1000, "{}", first.body["total"]);
    assert_eq!(first.body["total_exact"], false);
    assert_eq!(first.body["items"].as_array().unwrap().len(), 50);
    // A page past the cap is counted to its end, which here reaches the last entry.
    let last = app
        .get(
            "/api/v1/audit?actor=op-many&per_page=500&page=3",
            Some(&sup),
        )
        .await;
    assert_eq!(last.body["total"], 1200);
    assert_eq!(last.body["total_exact"], true);
    assert_eq!(last.body["items"].as_array().unwrap().len(), 200);
    let few = app
        .get(
            "/api/v1/audit?actor=op-many&action=report.create",
            Some(&sup),
        )
        .await;
    assert_eq!(
        (
            few.body["total"].as_i64(),
            few.body["total_exact"].as_bool()
        ),
        (Some(0), Some(true))
    );
}
