use awc::http::StatusCode;

use crate::helpers::TestApp;

#[actix_web::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", None).await.body["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.body["status"], "ready");
    let _ = app.get("/api/v1/cases", None).await;
    let (status, text) = app.scrape(None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.contains(
            "hotline_http_requests_total{method=\"GET\",route=\"/api/v1/cases\",status=\"401\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("hotline_db_pool_connections"));
}

#[actix_web::test]
async fn with_a_token_configured_metrics_answer_only_a_scraper_that_presents_it() {
    let app = TestApp::spawn_with(|c| c.metrics.token = Some("scrape-me-0123456789".into())).await;
    assert_eq!(app.scrape(None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.scrape(Some("wrong")).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.scrape(Some("scrape-me-0123456789")).await.0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn metrics_are_never_served_on_the_public_address_even_behind_a_proxy_on_this_host() {
    // nginx on the same host forwards every client from 127.0.0.1, the client's own address
    // in a header: the public listener must not answer /metrics to any of them.
    let app = TestApp::spawn_with(|c| c.server.client_ip_header = "X-Forwarded-For".into()).await;
    for forwarded in [None, Some("203.0.113.7"), Some("127.0.0.1")] {
        let mut req = app.client.get(format!("{}/metrics", app.base));
        if let Some(ip) = forwarded {
            req = req.insert_header(("X-Forwarded-For", ip));
        }
        let mut res = req.send().await.unwrap();
        let body = String::from_utf8_lossy(&res.body().await.unwrap()).into_owned();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{forwarded:?}");
        assert!(!body.contains("hotline_"), "{body}");
    }
    // The metrics' listener serves the metrics, and nothing else.
    assert_eq!(app.scrape(None).await.0, StatusCode::OK);
    for path in ["/healthz", "/api/v1/cases", "/", "/console/tasks"] {
        let res = app
            .client
            .get(format!("{}{path}", app.metrics_base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[actix_web::test]
async fn openapi_and_swagger_ui_are_served() {
    let app = TestApp::spawn().await;
    let spec = app.get("/api-docs/openapi.json", None).await;
    assert_eq!(spec.status, StatusCode::OK);
    for path in [
        "/api/v1/reports",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/transitions",
        "/api/v1/auth/token",
    ] {
        assert!(
            spec.body["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    let mut ui = app
        .client
        .get(format!("{}/swagger-ui/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(String::from_utf8_lossy(&ui.body().await.unwrap()).contains("swagger"));
}

#[actix_web::test]
async fn unknown_routes_and_methods_answer_problem_json_with_a_request_id() {
    let app = TestApp::spawn().await;
    let r = app.get("/no/such/thing", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    assert_eq!(r.body["status"], 404);
    assert!(r.headers.get("x-request-id").is_some());
}

#[actix_web::test]
async fn a_known_path_asked_with_another_method_is_405_naming_the_allowed_ones() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    for (method, path, allow) in [
        (awc::http::Method::PUT, "/api/v1/cases", "GET"),
        (
            awc::http::Method::DELETE,
            "/api/v1/cases/5a4e0a0e-4b1c-4c3e-9a53-1f1f3e0e5c11",
            "GET",
        ),
        (awc::http::Method::GET, "/api/v1/reports", "POST"),
        (awc::http::Method::PATCH, "/api/v1/public/reports", "POST"),
        (awc::http::Method::DELETE, "/report", "GET, POST"),
    ] {
        let r = app
            .send(app.request(method.clone(), path, Some(&op)), None)
            .await;
        assert_eq!(
            r.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {:?}",
            r.body
        );
        assert_eq!(r.headers.get("allow").unwrap(), allow, "{method} {path}");
        assert_eq!(
            r.headers.get("content-type").unwrap(),
            "application/problem+json"
        );
        assert_eq!(
            r.body["type"], "/problems/method-not-allowed",
            "{method} {path}"
        );
    }
    assert_eq!(
        app.get("/api/v1/nowhere", Some(&op)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_document_says_what_the_server_speaks() {
    let app = TestApp::spawn().await;
    let spec = app.get("/api-docs/openapi.json", None).await.body;
    // Codes as the server reads and writes them, not the Rust names.
    let categories: Vec<&str> = spec["components"]["schemas"]["Category"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(categories.contains(&"sexual_abuse") && !categories.contains(&"SexualAbuse"));
    // Every error of every operation is a problem document, and the usual ones are listed.
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                if status.starts_with(['4', '5']) {
                    let content = response["content"].as_object().unwrap();
                    assert!(
                        content.contains_key("application/problem+json")
                            && !content.contains_key("application/json"),
                        "{method} {path} {status}"
                    );
                }
            }
            if op
                .get("security")
                .is_some_and(|s| !s.as_array().unwrap().is_empty())
            {
                assert!(responses.contains_key("401"), "{method} {path}");
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
            assert!(responses.contains_key("503"), "{method} {path}");
        }
    }
}

/// Whether `value` fits `schema` as far as enumerations go: every string the server sends
/// where the document lists codes must be one of them (a client generated from the document
/// would otherwise fail on it). Returns the misfits, with their path.
fn enum_misfits(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    path: &str,
) -> Vec<String> {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return enum_misfits(doc, &doc["components"]["schemas"][name], value, path);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema[key].as_array() {
            // Fits if some branch of the value's type fits (a null branch takes only a null).
            let each: Vec<Vec<String>> = branches
                .iter()
                .filter(|b| takes_type(doc, b, value))
                .map(|b| enum_misfits(doc, b, value, path))
                .collect();
            return if each.iter().any(Vec::is_empty) {
                Vec::new()
            } else if each.is_empty() {
                vec![format!("{path}: {value} fits no branch")]
            } else {
                each.concat()
            };
        }
    }
    let mut misfits = Vec::new();
    if let (Some(allowed), Some(v)) = (schema["enum"].as_array(), value.as_str()) {
        if !allowed.iter().any(|a| a == v) {
            misfits.push(format!("{path}: {v:?} not in {allowed:?}"));
        }
    }
    if let (Some(props), Some(obj)) = (schema["properties"].as_object(), value.as_object()) {
        for (k, v) in obj {
            if let Some(s) = props.get(k) {
                misfits.extend(enum_misfits(doc, s, v, &format!("{path}.{k}")));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            misfits.extend(enum_misfits(doc, items, v, &format!("{path}[{i}]")));
        }
    }
    misfits
}

/// Whether a schema's declared type (if it declares one) is the value's JSON type.
fn takes_type(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
) -> bool {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return takes_type(doc, &doc["components"]["schemas"][name], value);
    }
    let kind = match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    };
    match &schema["type"] {
        serde_json::Value::String(t) => t == kind || (t == "number" && kind == "integer"),
        serde_json::Value::Array(ts) => ts
            .iter()
            .any(|t| t == kind || (t == "number" && kind == "integer")),
        _ => true,
    }
}

#[actix_web::test]
async fn every_code_the_server_sends_is_one_the_document_lists() {
    use crate::helpers::abuse_report;
    let app = TestApp::spawn().await;
    let doc = app.get("/api-docs/openapi.json", None).await.body;
    let op = app.operator().await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let created = app
        .post(
            "/api/v1/reports",
            Some(&op),
            &abuse_report(19900, "Lê Thị A"),
        )
        .await;
    let case_id = created.body["case_id"].as_str().unwrap().to_owned();
    let referral = created.body["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        &format!("/api/v1/cases/{case_id}/notes"),
        Some(&op),
        &serde_json::json!({"text": "Đã gọi lại."}),
    )
    .await;
    let mut checked = 0;
    let mut misfits = Vec::new();
    for (method, template, path, token, answer) in [
        ("post", "/api/v1/reports", String::new(), &op, Some(created)),
        (
            "get",
            "/api/v1/cases",
            "/api/v1/cases".to_owned(),
            &op,
            None,
        ),
        (
            "get",
            "/api/v1/cases/{id}",
            format!("/api/v1/cases/{case_id}"),
            &op,
            None,
        ),
        (
            "get",
            "/api/v1/cases/{id}/evidence",
            format!("/api/v1/cases/{case_id}/evidence"),
            &op,
            None,
        ),
        (
            "get",
            "/api/v1/referrals",
            "/api/v1/referrals".to_owned(),
            &police,
            None,
        ),
        (
            "get",
            "/api/v1/audit",
            "/api/v1/audit".to_owned(),
            &sup,
            None,
        ),
        (
            "get",
            "/api/v1/notifications",
            "/api/v1/notifications?status=pending".to_owned(),
            &sup,
            None,
        ),
        (
            "get",
            "/api/v1/audit/verify",
            "/api/v1/audit/verify".to_owned(),
            &sup,
            None,
        ),
    ] {
        let r = match answer {
            Some(r) => r,
            None => app.get(&path, Some(token)).await,
        };
        let status = r.status.as_u16().to_string();
        let schema = &doc["paths"][template][method]["responses"][&status]["content"]
            ["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} {status} has no documented body"
        );
        misfits.extend(enum_misfits(&doc, schema, &r.body, template));
        checked += 1;
    }
    let _ = referral;
    assert_eq!(checked, 8);
    // The check can fail: the Rust name of a code is not a code.
    let report_schema = &doc["paths"]["/api/v1/reports"]["post"]["responses"]["201"]["content"]
        ["application/json"]["schema"];
    let wrong = serde_json::json!({"referrals": [{"agency_kind": "Police", "status": "Pending"}], "risk_level": "High"});
    assert_eq!(
        enum_misfits(&doc, report_schema, &wrong, "control").len(),
        3
    );
    assert!(
        misfits.is_empty(),
        "codes the document does not list:\n{}",
        misfits.join("\n")
    );
}

/// On SQLite, every hold of the write lock is measured and the longest is named by the code
/// that took it; the write-ahead log's size and last full checkpoint are there too.
#[actix_web::test]
async fn sqlite_write_locks_and_the_log_are_in_the_metrics() {
    if hotline_test_db::is_postgres() {
        return;
    }
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &crate::helpers::abuse_report(19900, "Trẻ Đo Khóa"))
        .await;
    let (_, text) = app.scrape(None).await;
    let count = text
        .lines()
        .find_map(|l| l.strip_prefix("hotline_sqlite_write_lock_hold_seconds_count "))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(count > 0, "{text}");
    assert!(
        text.contains("hotline_sqlite_write_lock_longest_seconds{site=\""),
        "{text}"
    );
    assert!(text.contains("hotline_sqlite_wal_bytes "), "{text}");
    assert!(
        text.contains("hotline_sqlite_last_checkpoint_timestamp_seconds "),
        "{text}"
    );
}

/// What an operator must know first is read from the database at each scrape: mail waiting,
/// deadlines falling due, failed sign-ins, and (on SQLite) the last backup.
#[actix_web::test]
async fn the_health_gauges_say_what_waits() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &crate::helpers::abuse_report(19900, "Trẻ Sức Khỏe"))
        .await;
    // The referral mail has waited ten minutes (no SMTP server in this test); a deadline
    // falls due in half an hour; a password was mistyped.
    app.exec(&format!(
        "UPDATE outbox SET created_at = {}",
        crate::helpers::minutes_before("created_at", 10)
    ));
    let soon = (chrono::Utc::now() + chrono::Duration::minutes(30)).naive_utc();
    app.exec(&format!(
        "UPDATE referrals SET due_at = '{}' WHERE status = 'pending'",
        soon.format("%Y-%m-%d %H:%M:%S")
    ));
    let wrong = app.token_answer("op-hue", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let value = |text: &str, name: &str| -> i64 {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} not in the metrics"))
    };
    let (_, text) = app.scrape(None).await;
    assert!(
        value(&text, "hotline_mail_oldest_unsent_seconds") >= 590,
        "{text}"
    );
    assert!(
        value(&text, "hotline_deadlines_due_within_hour") >= 1,
        "{text}"
    );
    assert_eq!(value(&text, "hotline_sign_in_failures_15m"), 1, "{text}");
    assert_eq!(value(&text, "hotline_mail_dead_letters"), 0);
    assert_eq!(value(&text, "hotline_last_backup_timestamp_seconds"), 0);
    value(&text, "hotline_audit_seal_lag_seconds");
    value(&text, "hotline_figures_unfolded_days");
    if !hotline_test_db::is_postgres() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("b.db");
        let (ok, said) = app.run_cli(&["backup", "--to", file.to_str().unwrap()], &[]);
        assert!(ok, "{said}");
        let (_, text) = app.scrape(None).await;
        let at = value(&text, "hotline_last_backup_timestamp_seconds");
        assert!((chrono::Utc::now().timestamp() - at).abs() < 60, "{at}");
    }
}
