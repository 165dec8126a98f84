use awc::http::StatusCode;

use crate::helpers::TestApp;

#[actix_web::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", None).await.body["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.body["status"], "ready");
    let _ = app.get("/api/v1/cases", None).await;
    let mut res = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    let text = String::from_utf8(res.body().await.unwrap().to_vec()).unwrap();
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
    let app = TestApp::spawn_with(|c| c.metrics_token = Some("scrape-me-0123456789".into())).await;
    let scrape = |token: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = app.client.get(format!("{}/metrics", app.base));
            if let Some(t) = token {
                req = req.insert_header(("Authorization", format!("Bearer {t}")));
            }
            req.send().await.unwrap().status()
        }
    };
    assert_eq!(scrape(None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(Some("wrong")).await, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(Some("scrape-me-0123456789")).await, StatusCode::OK);
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
