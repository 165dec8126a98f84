use awc::http::StatusCode;
use serde_json::json;

use crate::helpers::{abuse_report, casework, field_names, TestApp};

fn case_path(body: &serde_json::Value) -> String {
    format!("/api/v1/cases/{}", body["case_id"].as_str().unwrap())
}

fn numbers(list: &serde_json::Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_number"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn each_role_sees_only_its_own_cases() {
    let app = TestApp::spawn().await;
    let hue_op = app.operator().await;
    let in_thuan_an = app
        .report(&hue_op, &abuse_report(19900, "Nguyễn Thị B"))
        .await;
    let in_duong_no = app.report(&hue_op, &abuse_report(19909, "Lê Văn C")).await;
    let national_op = app.login_as("op-111", "operator", Some("vn-111")).await;
    let in_hanoi = app.report(&national_op, &abuse_report(4, "Phạm D")).await;

    let thuan_an_worker = app
        .login_as("cw-19900", "commune_worker", Some("cp-19900"))
        .await;
    let duong_no_worker = app
        .login_as("cw-19909", "commune_worker", Some("cp-19909"))
        .await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let cpd_officer = app
        .login_as("officer", "agency_officer", Some("hue-cpd"))
        .await;
    let hue_supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let admin = app.login_as("root", "admin", None).await;

    // Operators: the province's hotline sees its province; the national line what it logged.
    let list = app.get("/api/v1/cases", Some(&hue_op)).await;
    assert_eq!(numbers(&list.body), ["46-2026-000002", "46-2026-000001"]);
    assert_eq!(
        numbers(&app.get("/api/v1/cases", Some(&national_op)).await.body),
        ["01-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&national_op))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&case_path(&in_hanoi), Some(&hue_op)).await.status,
        StatusCode::NOT_FOUND
    );

    // Commune workers: their commune only; another commune's case is 404, not 403.
    assert_eq!(
        numbers(&app.get("/api/v1/cases", Some(&thuan_an_worker)).await.body),
        ["46-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&thuan_an_worker))
            .await
            .status,
        StatusCode::OK
    );
    let other = app
        .get(&case_path(&in_thuan_an), Some(&duong_no_worker))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let missing = app
        .get(
            &format!("/api/v1/cases/{}", uuid::Uuid::new_v4()),
            Some(&duong_no_worker),
        )
        .await;
    assert_eq!(
        other.body, missing.body,
        "a refusal must not reveal that the case exists"
    );
    assert_eq!(
        app.get(&case_path(&in_duong_no), Some(&duong_no_worker))
            .await
            .status,
        StatusCode::OK
    );

    // Police and agency officers: exactly what is referred to their agency. The police get
    // the sexual-exploitation cases, not a case of neglect; the department gets them all.
    let mut neglect = abuse_report(19900, "Hồ Thị E");
    neglect["categories"] = json!(["neglect"]);
    neglect["risk_level"] = json!("medium");
    neglect["online"] = serde_json::Value::Null;
    let neglected = app.report(&hue_op, &neglect).await;
    let police_list = app.get("/api/v1/cases", Some(&police)).await;
    assert_eq!(
        numbers(&police_list.body),
        ["46-2026-000002", "46-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&neglected), Some(&police)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&police))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&cpd_officer)).await.body["total"],
        3
    );
    for token in [&police, &cpd_officer] {
        assert_eq!(
            app.get(&case_path(&in_hanoi), Some(token)).await.status,
            StatusCode::NOT_FOUND
        );
    }

    // The province's supervisor: everything in the province, nothing outside.
    assert_eq!(
        app.get("/api/v1/cases", Some(&hue_supervisor)).await.body["total"],
        3
    );
    assert_eq!(
        app.get(&case_path(&in_hanoi), Some(&hue_supervisor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Administrators read no case contents at all.
    assert_eq!(
        app.get("/api/v1/cases", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    let note = app
        .post(
            &format!("{}/notes", case_path(&in_thuan_an)),
            Some(&admin),
            &json!({"text": "x"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::FORBIDDEN);
    // Out-of-scope writes are 404 like reads.
    let note = app
        .post(
            &format!("{}/notes", case_path(&in_thuan_an)),
            Some(&duong_no_worker),
            &json!({"text": "x"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn search_ignores_case_and_diacritics() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "Nguyễn Văn An")).await;
    app.report(&op, &abuse_report(19909, "Đặng Thị Đào")).await;
    let mut third = abuse_report(20101, "Hồ Minh");
    third["place"]["detail"] = json!("Thôn Hương Sơn");
    app.report(&op, &third).await;

    let search = |q: &str| {
        let path = format!(
            "/api/v1/cases?q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        let op = op.clone();
        let app = &app;
        async move { numbers(&app.get(&path, Some(&op)).await.body) }
    };
    assert_eq!(search("nguyen van an").await, ["46-2026-000001"]);
    assert_eq!(search("NGUYỄN VĂN").await, ["46-2026-000001"]);
    assert_eq!(search("dang thi dao").await, ["46-2026-000002"]);
    assert_eq!(search("Đào").await, ["46-2026-000002"]);
    assert_eq!(
        search("huong son").await,
        ["46-2026-000003"],
        "place detail"
    );
    assert_eq!(search("a luoi 4").await, ["46-2026-000003"], "commune name");
    assert_eq!(
        search("46-2026-000002").await,
        ["46-2026-000002"],
        "case number"
    );
    assert!(
        search("100%").await.is_empty(),
        "LIKE wildcards are literal"
    );
    assert_eq!(search("").await.len(), 3);
}

#[actix_web::test]
async fn filters_and_paging() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut neglect = abuse_report(19909, "B");
    neglect["categories"] = json!(["neglect", "physical_violence"]);
    neglect["risk_level"] = json!("low");
    neglect["received_at"] = json!("2026-11-20T10:00:00+07:00");
    app.report(&op, &neglect).await;
    for _ in 0..4 {
        app.report(&op, &abuse_report(19900, "A")).await;
    }
    let get = |q: &'static str| {
        let op = op.clone();
        let app = &app;
        async move { app.get(&format!("/api/v1/cases?{q}"), Some(&op)).await }
    };
    assert_eq!(get("category=neglect").await.body["total"], 1);
    assert_eq!(
        get("category=online_sexual_exploitation").await.body["total"],
        4
    );
    assert_eq!(get("risk_level=low").await.body["total"], 1);
    assert_eq!(get("commune_code=19900").await.body["total"], 4);
    assert_eq!(get("status=new").await.body["total"], 5);
    assert_eq!(get("status=closed").await.body["total"], 0);
    assert_eq!(
        get("to=2026-11-20").await.body["total"],
        1,
        "a date `to` includes that day"
    );
    assert_eq!(get("from=2026-11-21").await.body["total"], 4);
    assert_eq!(
        get("from=2026-11-20T03:00:00Z&to=2026-11-20T03:00:01Z")
            .await
            .body["total"],
        1
    );
    let page = get("per_page=2&page=3").await;
    assert_eq!(
        (
            page.body["total"].as_i64(),
            page.body["items"].as_array().unwrap().len()
        ),
        (Some(5), 1)
    );
    let bad = get("status=lost&page=0&per_page=1000&from=yesterday&category=x&risk_level=y").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = crate::helpers::field_names(&bad.body);
    fields.sort();
    assert_eq!(
        fields,
        [
            "category",
            "from",
            "page",
            "per_page",
            "risk_level",
            "status"
        ]
    );
}

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
    assert_eq!(tasks.body["items"][0]["kind"], "approval");
    assert_eq!(tasks.body["items"][0]["case_number"], case["case_number"]);
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

#[actix_web::test]
async fn the_facts_for_the_statistics_arrive_at_intake_and_are_completed_in_case_work() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let mut report = abuse_report(19900, "Lò Thị Mai");
    report["setting"] = json!("online");
    report["sexual_subtypes"] = json!(["grooming"]);
    report["children"][0]["ethnicity"] = json!("thai");
    report["perpetrators"] = json!([{"relation": "online_contact", "sex": "male"}]);
    let case = app.report(&op, &report).await;
    let path = case_path(&case);
    let read = app.get(&path, Some(&worker)).await;
    assert_eq!(read.body["indicators"]["setting"], "online");
    assert_eq!(
        read.body["indicators"]["sexual_subtypes"],
        json!(["grooming"])
    );
    assert_eq!(
        read.body["indicators"]["perpetrators"][0]["relation"],
        "online_contact"
    );
    assert_eq!(read.body["children"][0]["ethnicity"], "thai");
    let child = read.body["children"][0]["id"].as_str().unwrap().to_owned();

    // The group learns more: the child's date of birth, the perpetrator's age, the services.
    let indicators = format!("{path}/indicators");
    let patch = json!({
        "sexual_subtypes": ["grooming", "sextortion"],
        "children": [{"child_id": child, "birth_date": "2012-05-06", "disability": false}],
        "perpetrators": [{"relation": "online_contact", "sex": "male", "age_band": "30_44",
                          "known_to_police": true, "description": "Tài khoản Zalo giả danh CANARY-PERP"}],
        "services": [{"service": "psychological", "child_id": child, "provided_on": "2026-11-28",
                      "provider": "Trung tâm Công tác xã hội"},
                     {"service": "legal_aid", "provided_on": "2026-11-29"}],
    });
    let r = app
        .send(
            app.request(awc::http::Method::PATCH, &indicators, Some(&worker)),
            Some(&patch),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let i = &r.body["indicators"];
    assert_eq!(i["setting"], "online", "a field left out stays");
    assert_eq!(i["sexual_subtypes"], json!(["grooming", "sextortion"]));
    assert_eq!(i["perpetrators"].as_array().unwrap().len(), 1);
    assert_eq!(i["perpetrators"][0]["adult"], true, "from the age band");
    assert_eq!(i["services"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["children"][0]["birth_date"], "2012-05-06");
    assert_eq!(r.body["children"][0]["birth_year"], 2012);
    assert_eq!(
        r.body["children"][0]["ethnicity"], "thai",
        "left out, so kept"
    );

    // The police record the legal outcome; `null` clears the setting.
    let r = app
        .send(
            app.request(awc::http::Method::PATCH, &indicators, Some(&police)),
            Some(&json!({"legal_outcome": "criminal_case", "setting": null})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["indicators"]["legal_outcome"], "criminal_case");
    assert!(r.body["indicators"]["setting"].is_null());
    assert_eq!(
        r.body["indicators"]["services"].as_array().unwrap().len(),
        2
    );

    // Every bad field named at once, and nothing written.
    let bad = json!({
        "legal_outcome": "acquitted",
        "children": [{"child_id": "00000000-0000-0000-0000-000000000000", "ethnicity": "martian"}],
        "perpetrators": [{"relation": "peer", "age_band": "16_17", "adult": true}],
        "services": [{"service": "psychological", "provided_on": "2099-01-01"},
                     {"service": "shelter", "provided_on": "2026-11-01"}],
    });
    let r = app
        .send(
            app.request(awc::http::Method::PATCH, &indicators, Some(&worker)),
            Some(&bad),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_names(&r.body),
        vec![
            "legal_outcome",
            "children[0].child_id",
            "children[0].ethnicity",
            "perpetrators[0].adult",
            "services[0].provided_on",
            "services[1].provided_on",
        ]
    );
    let after = app.get(&path, Some(&worker)).await;
    assert_eq!(after.body["indicators"]["legal_outcome"], "criminal_case");
    assert_eq!(
        after.body["indicators"]["perpetrators"][0]["age_band"],
        "30_44"
    );

    // Who may: not the hotline that logged it; nobody outside the case's reach.
    let r = app
        .send(
            app.request(awc::http::Method::PATCH, &indicators, Some(&op)),
            Some(&patch),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let elsewhere = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    let r = app
        .send(
            app.request(awc::http::Method::PATCH, &indicators, Some(&elsewhere)),
            Some(&patch),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The timeline and the audit log say which fields changed, never what they hold.
    let events = app.events("indicators.updated");
    assert_eq!(events.len(), 2);
    let entries: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "case.indicators.update")
        .collect();
    assert_eq!(entries.len(), 2);
    for text in events
        .iter()
        .filter_map(|e| e.body.clone())
        .chain(entries.iter().map(|e| e.detail.clone()))
    {
        assert!(
            !text.contains("CANARY") && !text.contains("2012-05-06"),
            "{text}"
        );
    }
    assert!(entries[0].detail.contains("perpetrators"));

    // The printed case file shows them in Vietnamese.
    let page = app
        .send(
            app.request(
                awc::http::Method::GET,
                &format!("{path}/record"),
                Some(&worker),
            )
            .insert_header(("Accept", "text/html")),
            None,
        )
        .await;
    let html = page.body.as_str().unwrap();
    for text in [
        "Thông tin phục vụ thống kê",
        "Dụ dỗ, làm quen trên mạng nhằm xâm hại",
        "Đã khởi tố vụ án hình sự",
        "Người quen qua mạng",
        "Hỗ trợ tâm lý",
        "06/05/2012",
        "Thái",
        "Cập nhật thông tin thống kê",
    ] {
        assert!(html.contains(text), "{text} missing from the case file");
    }
}

#[actix_web::test]
async fn sexual_abuse_sub_types_belong_to_sexual_abuse_cases() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut report = abuse_report(19900, "Trẻ A");
    report["categories"] = json!(["neglect"]);
    report["sexual_subtypes"] = json!(["rape"]);
    let r = app.post("/api/v1/reports", Some(&op), &report).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&r.body), vec!["sexual_subtypes"]);
}
