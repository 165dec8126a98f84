//! A case's lifecycle, deadlines, tasks, the case file and notes over HTTP, and refused filters.

use super::*;

#[actix_web::test]
async fn the_lifecycle_through_http() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let chair = app.login_as("ct", "commune_chair", Some("cp-19900")).await;
    let supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let case = app.report(&op, &abuse_report(19900, "A")).await;
    let path = format!("{}/transitions", case_path(&case));
    let mv = |token: &str, to: &str| {
        let (token, body) = (
            token.to_owned(),
            json!({"to": to, "note": format!("chuyển sang {to}")}),
        );
        let (app, path) = (&app, path.clone());
        async move { app.post(&path, Some(&token), &body).await }
    };
    let step = |name: &str| format!("{}/steps/{name}", case_path(&case));
    let plan = |what: &str| format!("{}/plan/{what}", case_path(&case));
    let ok = |r: crate::helpers::Response, what: &str| {
        assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
        r.body
    };

    let refused = mv(&worker, "closed").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.body["allowed"],
        json!(["verifying", "no_action", "duplicate"])
    );
    assert_eq!(
        mv(&op, "verifying").await.status,
        StatusCode::FORBIDDEN,
        "operators leave verification to the commune"
    );
    assert_eq!(mv(&police, "verifying").await.status, StatusCode::FORBIDDEN);
    assert_eq!(mv(&chair, "verifying").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        mv(&worker, "teleported").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Each move asks for the record of the step it leaves, and says which one is missing.
    ok(mv(&worker, "verifying").await, "verifying");
    let lacking = mv(&worker, "assessing").await;
    assert_eq!(lacking.status, StatusCode::CONFLICT);
    assert_eq!(lacking.body["type"], "/problems/incomplete");
    assert_eq!(lacking.body["missing"], "verification");
    assert!(lacking.body["detail"].as_str().unwrap().contains("Mẫu 02"));
    let mut bad = casework::verification();
    bad["initial_risk"] = json!("extreme");
    bad["criteria"]["harm"]["note"] = json!("");
    let invalid = app.put(&step("verification"), Some(&worker), &bad).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&invalid.body), ["initial_risk"]);
    let written = ok(
        app.put(
            &step("verification"),
            Some(&worker),
            &casework::verification(),
        )
        .await,
        "verification",
    );
    assert_eq!(written["versions"][0]["recorded_by"], "cw");
    assert_eq!(
        app.put(
            &step("verification"),
            Some(&police),
            &casework::verification()
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.put(&step("nonsense"), Some(&worker), &casework::verification())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    ok(mv(&worker, "assessing").await, "assessing");
    ok(
        app.put(&step("assessment"), Some(&worker), &casework::assessment())
            .await,
        "assessment",
    );
    ok(mv(&worker, "planning").await, "planning");
    ok(
        app.put(&step("plan"), Some(&worker), &casework::plan())
            .await,
        "plan",
    );
    let unapproved = mv(&worker, "intervening").await;
    assert_eq!(
        (unapproved.status, &unapproved.body["missing"]),
        (StatusCode::CONFLICT, &json!("approved_plan"))
    );
    ok(
        app.post(&plan("submit"), Some(&worker), &json!({})).await,
        "submit",
    );
    assert_eq!(
        app.post(&plan("approve"), Some(&worker), &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "the group does not approve its own plan"
    );
    let no_reason = app.post(&plan("return"), Some(&chair), &json!({})).await;
    assert_eq!(field_names(&no_reason.body), ["reason"]);
    let approved = ok(
        app.post(&plan("approve"), Some(&chair), &json!({})).await,
        "approve",
    );
    assert_eq!(approved["plan_state"], "approved");
    assert_eq!(
        app.post(&plan("approve"), Some(&chair), &json!({}))
            .await
            .status,
        StatusCode::CONFLICT,
        "an approved plan is not approved twice"
    );

    // A review that starts a new plan cycle, then one that closes.
    ok(mv(&worker, "intervening").await, "intervening");
    ok(
        app.put(
            &step("review"),
            Some(&worker),
            &casework::review("new_cycle"),
        )
        .await,
        "review",
    );
    ok(mv(&worker, "reviewing").await, "reviewing");
    assert_eq!(
        mv(&worker, "closed").await.body["missing"],
        "review_decision:close"
    );
    ok(mv(&worker, "planning").await, "a new cycle");
    ok(
        app.put(&step("plan"), Some(&worker), &casework::plan())
            .await,
        "plan 2",
    );
    ok(
        app.post(&plan("submit"), Some(&worker), &json!({})).await,
        "submit 2",
    );
    ok(
        app.post(&plan("approve"), Some(&chair), &json!({})).await,
        "approve 2",
    );
    for to in ["intervening", "reviewing"] {
        ok(mv(&worker, to).await, to);
    }
    ok(
        app.put(&step("review"), Some(&worker), &casework::review("close"))
            .await,
        "closing review",
    );
    assert_eq!(mv(&worker, "closed").await.body["missing"], "closure");
    ok(
        app.put(
            &step("closure"),
            Some(&worker),
            &json!({"reason": "safe", "summary": "Trẻ an toàn, gia đình hợp tác."}),
        )
        .await,
        "closure",
    );
    ok(mv(&worker, "closed").await, "closed");

    let closed = app.get(&case_path(&case), Some(&worker)).await;
    assert!(closed.body["closed_at"].is_string());
    assert_eq!(closed.body["next_statuses"], json!(["assessing"]));
    assert_eq!(
        mv(&worker, "assessing").await.status,
        StatusCode::FORBIDDEN,
        "only supervisors reopen"
    );
    let reopened = mv(&supervisor, "assessing").await;
    assert_eq!(reopened.status, StatusCode::OK);
    assert!(reopened.body["closed_at"].is_null());
    let timeline = reopened.body["timeline"].as_array().unwrap();
    let kinds = |kind: &str| timeline.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!(
        (
            kinds("transition"),
            kinds("step.saved"),
            kinds("plan.approved")
        ),
        (10, 7, 2)
    );
    assert_eq!(timeline[1]["kind"], "routed");
    let last = timeline.last().unwrap();
    assert_eq!(last["from_status"], "closed");
    assert_eq!(last["actor"], "sup");
    assert_eq!(last["text"], "chuyển sang assessing");

    // The records: two plan cycles, each plan with its history; read by the chair, not police.
    let steps = ok(
        app.get(step("").trim_end_matches('/'), Some(&chair)).await,
        "steps",
    );
    assert_eq!(steps["cycle"], 3, "reopening starts a third cycle");
    let plans: Vec<_> = steps["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["step"] == "plan")
        .map(|r| {
            (
                r["cycle"].as_i64().unwrap(),
                r["versions"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(plans, [(1, 3), (2, 3)]);
    assert_eq!(
        app.get(&format!("{}/steps", case_path(&case)), Some(&police))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn deadlines_tasks_and_the_case_file_over_http() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let chair = app.login_as("ct", "commune_chair", Some("cp-19900")).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let admin = app.login_as("root", "admin", None).await;
    let case = app.report(&op, &abuse_report(19900, "Hoàng Thị Yến")).await;
    let id = case["case_id"].as_str().unwrap();
    app.plan_case(id, &worker, None).await;

    let deadlines = app
        .get(&format!("{}/deadlines", case_path(&case)), Some(&police))
        .await;
    assert_eq!(deadlines.status, StatusCode::OK);
    let kinds: Vec<(&str, &str)> = deadlines
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["state"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("plan", "met")), "{kinds:?}");
    assert!(kinds.contains(&("approval", "pending")), "{kinds:?}");
    assert!(kinds.contains(&("referral_ack", "pending")), "{kinds:?}");

    // The chair's task is the plan waiting for it; the police's, the referral to answer.
    let tasks = app.get("/api/v1/tasks", Some(&chair)).await;
    assert_eq!(tasks.status, StatusCode::OK);
    // (Its other tasks: the cases waiting for a manager.)
    let items = tasks.body["items"].as_array().unwrap();
    let approval: Vec<_> = items.iter().filter(|t| t["kind"] == "approval").collect();
    assert_eq!(approval.len(), 1, "{items:?}");
    assert_eq!(approval[0]["case_number"], case["case_number"]);
    assert!(items
        .iter()
        .all(|t| t["kind"] == "approval" || t["kind"] == "assign_manager"));
    let tasks = app.get("/api/v1/tasks", Some(&police)).await;
    assert_eq!(tasks.body["items"][0]["kind"], "referral_ack");
    assert_eq!(
        app.get("/api/v1/tasks", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );

    // The case file: JSON for programs, a printable page for people.
    let record = format!("{}/record", case_path(&case));
    let json = app.get(&record, Some(&worker)).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.body["case"]["case_number"], case["case_number"]);
    assert_eq!(json.body["steps"]["records"].as_array().unwrap().len(), 3);
    let police_json = app.get(&record, Some(&police)).await;
    assert!(police_json.body["steps"].is_null());
    let page = app
        .send(
            app.request(awc::http::Method::GET, &record, Some(&chair))
                .insert_header(("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let header = |name: &str| page.headers.get(name).unwrap().to_str().unwrap().to_owned();
    assert!(header("content-type").starts_with("text/html"));
    assert!(header("content-security-policy").contains("default-src 'none'"));
    assert_eq!(header("cache-control"), "no-store");
    let html = page.body.as_str().unwrap();
    assert!(html.contains("Hoàng Thị Yến") && html.contains("Kế hoạch hỗ trợ, can thiệp (Mẫu 04)"));
    assert!(!html.contains("<script"));
    let exports = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "case.record.export")
        .count();
    assert_eq!(exports, 3);
}

#[actix_web::test]
async fn notes_join_the_timeline() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "A")).await;
    let path = format!("{}/notes", case_path(&case));
    let r = app
        .post(
            &path,
            Some(&op),
            &json!({"text": "Đã gọi lại cho người báo tin."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["actor"], "op-hue");
    assert_eq!(
        app.post(&path, Some(&op), &json!({"text": "   "}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let detail = app.get(&case_path(&case), Some(&op)).await;
    assert_eq!(detail.body["notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        detail.body["notes"][0]["text"],
        "Đã gọi lại cho người báo tin."
    );
    assert_eq!(detail.body["timeline"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn dates_beyond_any_calendar_are_refused_as_fields() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    for (path, token, field) in [
        ("/api/v1/cases?from=-262143-01-01", &op, "from"),
        ("/api/v1/cases?to=262142-12-31", &op, "to"),
        ("/api/v1/audit?from=-262143-01-01", &sup, "from"),
        ("/api/v1/audit/summary?to=262142-12-31", &sup, "to"),
        ("/api/v1/audit/summary?from=-262143-01-01", &sup, "from"),
    ] {
        let r = app.get(path, Some(token)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {:?}",
            r.body
        );
        assert_eq!(r.body["errors"][0]["field"], field, "{path}");
    }
}

#[actix_web::test]
async fn a_code_filter_sent_empty_is_refused_not_ignored() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    for (path, token) in [
        ("/api/v1/cases?status=", &op),
        ("/api/v1/cases?category=", &op),
        ("/api/v1/cases?risk_level=%20", &op),
        ("/api/v1/referrals?status=", &police),
    ] {
        let r = app.get(path, Some(token)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
    }
    assert_eq!(
        app.get("/api/v1/cases?q=", Some(&op)).await.status,
        StatusCode::OK,
        "free text may be empty"
    );
}
