use awc::http::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[actix_web::test]
async fn login_issues_a_bearer_token_with_role_and_agency() {
    let app = TestApp::spawn().await;
    app.create_user("op", "operator", Some("hue-hotline"));
    let r = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"username": "op", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["role"], "operator");
    assert_eq!(r.body["agency_code"], "hue-hotline");
    assert!(r.body["expires_in"].as_i64().unwrap() > 0);
    let token = r.body["access_token"].as_str().unwrap();
    assert_eq!(
        app.get("/api/v1/cases", Some(token)).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn wrong_password_and_unknown_user_look_alike() {
    let app = TestApp::spawn().await;
    app.create_user("op", "operator", Some("hue-hotline"));
    let wrong = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"username": "op", "password": "nope"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"username": "ghost", "password": "nope"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(
        wrong.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
}

#[actix_web::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::spawn().await;
    app.create_user("op", "operator", Some("hue-hotline"));
    for _ in 0..app.config.login_free_attempts {
        let r = app
            .post(
                "/api/v1/auth/token",
                None,
                &json!({"username": "op", "password": "guess"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"username": "op", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    let retry: u64 = r
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= app.config.login_first_lock_secs as u64);
}

#[actix_web::test]
async fn missing_malformed_and_forged_tokens_get_401() {
    let app = TestApp::spawn().await;
    let none = app.get("/api/v1/cases", None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers.get("www-authenticate").unwrap(), "Bearer");
    assert_eq!(
        app.get("/api/v1/cases", Some("not-a-jwt")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let other =
        hotline_auth::TokenService::new(b"some other key that is long enough!", 900).unwrap();
    let forged = other
        .issue(
            &uuid::Uuid::new_v4().to_string(),
            "supervisor",
            chrono::Utc::now(),
        )
        .unwrap();
    assert_eq!(
        app.get("/api/v1/cases", Some(&forged)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn a_deactivated_user_is_refused_at_once() {
    use diesel::prelude::*;
    use hotline_store::schema::users;
    let app = TestApp::spawn().await;
    let token = app.login_as("op", "operator", Some("hue-hotline")).await;
    diesel::update(users::table.filter(users::username.eq("op")))
        .set(users::active.eq(false))
        .execute(&mut *app.conn())
        .unwrap();
    assert_eq!(
        app.get("/api/v1/cases", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn the_first_start_creates_an_admin_once() {
    let app = TestApp::spawn().await;
    let password = app
        .admin_password
        .clone()
        .expect("a fresh database gets an admin");
    let r = app
        .post(
            "/api/v1/auth/token",
            None,
            &json!({"username": "admin", "password": password}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["role"], "admin");
    assert!(r.body["agency_code"].is_null());
    // A second start on the same database creates nobody.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let again = hotline::app::Application::build(&app.config, listener).unwrap();
    assert!(again.first_admin_password.is_none());
}
