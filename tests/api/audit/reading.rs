//! Who reads the log, its export, the access summary, the CLI, a case's trail, proxies, and counting.

use super::tampering::sealed_log;
use super::*;

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
