//! Machine clients (the 111 line's software): registered by an administrator, tokens by the
//! OAuth 2.0 client-credentials grant, only the routes of their permissions, secrets rotated
//! with no gap, disabled at once, every step audited as the client.

use awc::http::StatusCode;
use base64::Engine;
use serde_json::{json, Value};

use crate::helpers::{abuse_report, Response, TestApp};

async fn admin(app: &TestApp) -> String {
    app.login_as("root", "admin", None).await
}

async fn register(app: &TestApp, admin: &str, name: &str, permissions: &[&str]) -> Value {
    let r = app
        .post(
            "/api/v1/admin/clients",
            Some(admin),
            &json!({"name": name, "agency_code": "hue-hotline", "permissions": permissions}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

/// The token endpoint, with `form` as the body and, when given, HTTP Basic.
async fn token(app: &TestApp, form: &str, basic: Option<(&str, &str)>) -> Response {
    let mut req = app
        .request(awc::http::Method::POST, "/api/v1/oauth/token", None)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"));
    if let Some((id, secret)) = basic {
        let pair = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        req = req.insert_header(("Authorization", format!("Basic {pair}")));
    }
    app.send_raw(req, form).await
}

async fn client_token(app: &TestApp, id: &str, secret: &str) -> Response {
    token(
        app,
        &format!("grant_type=client_credentials&client_id={id}&client_secret={secret}"),
        None,
    )
    .await
}

fn bearer(r: &Response) -> String {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["token_type"], "Bearer");
    r.body["access_token"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn a_client_logs_a_report_and_follows_it_and_nothing_else() {
    let app = TestApp::spawn().await;
    let root = admin(&app).await;
    let client = register(
        &app,
        &root,
        "Phần mềm tổng đài 111",
        &["reports.create", "reports.status"],
    )
    .await;
    let (id, secret) = (
        client["client_id"].as_str().unwrap(),
        client["client_secret"].as_str().unwrap(),
    );
    assert!(secret.starts_with("hcs_"));

    // In the body, and in HTTP Basic (RFC 6749 §2.3.1).
    let t = bearer(&client_token(&app, id, secret).await);
    let basic = token(&app, "grant_type=client_credentials", Some((id, secret))).await;
    bearer(&basic);
    assert_eq!(
        client_token(&app, id, "hcs_wrong").await.status,
        StatusCode::UNAUTHORIZED
    );
    let stranger = client_token(&app, "0191f2a0-0000-7000-8000-000000000001", secret).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let grant = token(
        &app,
        &format!("grant_type=password&client_id={id}&client_secret={secret}"),
        None,
    )
    .await;
    assert_eq!(grant.status, StatusCode::UNPROCESSABLE_ENTITY);

    // It logs a report as its hotline, and reads what became of it.
    let logged = app
        .post(
            "/api/v1/reports",
            Some(&t),
            &abuse_report(19900, "Trẻ Từ Tổng Đài"),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    let report = logged.body["report_id"].as_str().unwrap();
    let status = app
        .get(&format!("/api/v1/reports/{report}/status"), Some(&t))
        .await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.body);
    assert_eq!(status.body["case_number"], logged.body["case_number"]);
    assert_eq!(status.body["status"], "new");
    assert!(status.body["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["agency_kind"] == "police"));
    let text = status.body.to_string();
    assert!(
        !text.contains("Trẻ Từ") && !text.contains("0905") && !text.contains("facebook"),
        "{text}"
    );

    // Nothing else: not a case, not the list, not another's report.
    let case = logged.body["case_id"].as_str().unwrap();
    for path in [
        "/api/v1/cases".to_owned(),
        format!("/api/v1/cases/{case}"),
        "/api/v1/tasks".to_owned(),
    ] {
        assert_eq!(
            app.get(&path, Some(&t)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let op = app.operator().await;
    let theirs = app.report(&op, &abuse_report(19900, "Trẻ Khác")).await;
    let other = format!(
        "/api/v1/reports/{}/status",
        theirs["report_id"].as_str().unwrap()
    );
    assert_eq!(
        app.get(&other, Some(&t)).await.status,
        StatusCode::NOT_FOUND
    );
    // The operator follows its own report the same way.
    let own = app.get(&other, Some(&op)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);

    // A client with one permission has only its routes.
    let create_only = register(&app, &root, "Sổ đăng ký tỉnh", &["reports.create"]).await;
    let t2 = bearer(
        &client_token(
            &app,
            create_only["client_id"].as_str().unwrap(),
            create_only["client_secret"].as_str().unwrap(),
        )
        .await,
    );
    let path = format!("/api/v1/reports/{report}/status");
    assert_eq!(
        app.get(&path, Some(&t2)).await.status,
        StatusCode::FORBIDDEN
    );

    // Every step is audited as the client's own account.
    let account = format!("client:{id}");
    let entries = app.audit_entries();
    let by_client: Vec<&str> = entries
        .iter()
        .filter(|e| e.actor.as_deref() == Some(account.as_str()))
        .map(|e| e.action.as_str())
        .collect();
    assert!(
        by_client.contains(&"client.token")
            && by_client.contains(&"report.create")
            && by_client.contains(&"report.status"),
        "{by_client:?}"
    );
    assert!(entries.iter().any(|e| e.action == "client.create"));
    assert!(
        !entries.iter().any(|e| e.detail.contains(secret)),
        "no secret in the log"
    );
}

#[actix_web::test]
async fn a_secret_is_rotated_with_no_gap_and_a_disabled_client_is_refused_at_once() {
    let app = TestApp::spawn().await;
    let root = admin(&app).await;
    let client = register(
        &app,
        &root,
        "Tổng đài 111",
        &["reports.create", "reports.status"],
    )
    .await;
    let id = client["client_id"].as_str().unwrap();
    let first = client["client_secret"].as_str().unwrap();
    let first_id = client["secret_id"].as_str().unwrap();
    let secrets = format!("/api/v1/admin/clients/{id}/secrets");

    let second = app.post(&secrets, Some(&root), &json!({})).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let second = second.body["client_secret"].as_str().unwrap().to_owned();
    // Both work until the old one is revoked; a third is refused meanwhile.
    bearer(&client_token(&app, id, first).await);
    bearer(&client_token(&app, id, &second).await);
    assert_eq!(
        app.post(&secrets, Some(&root), &json!({})).await.status,
        StatusCode::CONFLICT
    );
    let revoke = app.request(
        awc::http::Method::DELETE,
        &format!("{secrets}/{first_id}"),
        Some(&root),
    );
    assert_eq!(app.send(revoke, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        client_token(&app, id, first).await.status,
        StatusCode::UNAUTHORIZED
    );
    let t = bearer(&client_token(&app, id, &second).await);
    let logged = app
        .post(
            "/api/v1/reports",
            Some(&t),
            &abuse_report(19900, "Trẻ Xoay Khóa"),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);

    // Only an administrator manages clients.
    let op = app.operator().await;
    assert_eq!(
        app.post(&secrets, Some(&op), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            "/api/v1/admin/clients",
            Some(&op),
            &json!({"name": "x", "agency_code": "hue-hotline", "permissions": ["reports.create"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let bad = app
        .post(
            "/api/v1/admin/clients",
            Some(&root),
            &json!({"name": " ", "agency_code": "hue-police", "permissions": ["cases.read"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        crate::helpers::field_names(&bad.body),
        ["name", "agency_code", "permissions[0]"]
    );

    // Disabled: the token in hand is refused at once, and no other is given.
    let disabled = app
        .post(
            &format!("/api/v1/admin/clients/{id}/disable"),
            Some(&root),
            &json!({}),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    let r = app
        .post(
            "/api/v1/reports",
            Some(&t),
            &abuse_report(19900, "Trẻ Sau Khóa"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        client_token(&app, id, &second).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Its account cannot sign in as a person either.
    let r = app.token_answer(&format!("client:{id}"), "anything").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_client_over_its_rate_is_told_when_to_come_back() {
    let app = TestApp::spawn().await;
    let root = admin(&app).await;
    let client = register(
        &app,
        &root,
        "Phần mềm nhanh",
        &["reports.create", "reports.status"],
    )
    .await;
    let t = bearer(
        &client_token(
            &app,
            client["client_id"].as_str().unwrap(),
            client["client_secret"].as_str().unwrap(),
        )
        .await,
    );
    let logged = app
        .post(
            "/api/v1/reports",
            Some(&t),
            &abuse_report(19900, "Trẻ Nhanh"),
        )
        .await;
    let path = format!(
        "/api/v1/reports/{}/status",
        logged.body["report_id"].as_str().unwrap()
    );
    // Far past the burst, all at once: faster than the steady rate refills it, however
    // slow the machine.
    let burst = hotline_http::state::CLIENT_REQUEST_BURST as usize;
    let answers =
        futures_util::future::join_all((0..burst * 2).map(|_| app.get(&path, Some(&t)))).await;
    let refused = answers
        .into_iter()
        .find(|r| r.status == StatusCode::TOO_MANY_REQUESTS);
    let refused = refused.expect("the client's rate is limited");
    assert!(refused.retry_after() >= 1);
    // A person's requests are not counted against it.
    let op = app.operator().await;
    assert_eq!(
        app.get("/api/v1/cases", Some(&op)).await.status,
        StatusCode::OK
    );
}
