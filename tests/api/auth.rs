use awc::http::StatusCode;

use crate::helpers::{TestApp, PASSWORD};

#[actix_web::test]
async fn login_issues_a_bearer_token_with_role_and_agency() {
    let app = TestApp::spawn().await;
    app.create_user("op", "operator", Some("hue-hotline"));
    let r = app.token_answer("op", PASSWORD).await;
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
    let wrong = app.token_answer("op", "nope").await;
    let unknown = app.token_answer("ghost", "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(
        wrong.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
}

async fn login(app: &TestApp, username: &str, password: &str) -> crate::helpers::Response {
    app.token_answer(username, password).await
}

#[actix_web::test]
async fn a_locked_account_answers_like_a_wrong_password_until_an_administrator_unlocks_it() {
    let app = TestApp::spawn().await;
    app.create_user("op", "operator", Some("hue-hotline"));
    for _ in 0..app.config.login.free_attempts {
        assert_eq!(
            login(&app, "op", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked: even the right password is refused, and the refusal says nothing more than a
    // wrong password or an unknown name would.
    let locked = login(&app, "op", PASSWORD).await;
    let unknown = login(&app, "ghost", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED, "{:?}", locked.body);
    assert_eq!(locked.body, unknown.body);
    assert!(locked.headers.get("retry-after").is_none());
    let results: Vec<String> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "auth.login")
        .map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.detail).unwrap()["result"].to_string()
        })
        .collect();
    assert!(results.contains(&"\"locked\"".to_owned()), "{results:?}");

    hotline::users_cli::unlock_user(&app.config, "op").unwrap();
    assert_eq!(login(&app, "op", PASSWORD).await.status, StatusCode::OK);
    assert!(app
        .audit_entries()
        .iter()
        .any(|e| e.action == "user.unlock"));
}

#[actix_web::test]
async fn logins_are_limited_per_address_and_per_name_alike_for_any_name() {
    let app = TestApp::spawn_with(|c| {
        c.login.address_per_minute = 1;
        c.login.address_burst = 3;
    })
    .await;
    app.create_user("op", "operator", Some("hue-hotline"));
    for name in ["op", "ghost", "op"] {
        assert_eq!(
            login(&app, name, "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let over = login(&app, "op", PASSWORD).await;
    assert_eq!(
        over.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        over.body
    );
    let retry = over.retry_after();
    assert!((1..=60).contains(&retry), "{retry}");

    let app = TestApp::spawn_with(|c| {
        c.login.name_per_hour = 1;
        c.login.name_burst = 2;
    })
    .await;
    app.create_user("op", "operator", Some("hue-hotline"));
    app.create_user("op2", "operator", Some("hue-hotline"));
    for name in ["ghost", "ghost"] {
        assert_eq!(
            login(&app, name, "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(&app, "ghost", "guess").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Names are counted apart, and the real ones exactly like the unknown one.
    for _ in 0..2 {
        assert_eq!(
            login(&app, "op", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(&app, "op", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(login(&app, "op2", PASSWORD).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_flood_of_logins_leaves_the_rest_of_the_service_answering() {
    let app = TestApp::spawn_with(|c| {
        c.login.name_per_hour = 1_000_000;
        c.login.name_burst = 1_000_000;
    })
    .await;
    let op = app.login_as("op", "operator", Some("hue-hotline")).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let url = format!("{}/api/v1/auth/token", app.base);
    // 24 clients post random names as fast as they are answered (plain threads: the flood
    // must not share the test's own runtime).
    let flood: Vec<_> = (0..24)
        .map(|i| {
            let (stop, url) = (stop.clone(), url.clone());
            std::thread::spawn(move || {
                let mut answers = std::collections::BTreeMap::<u16, u32>::new();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    n += 1;
                    let body = format!(r#"{{"username":"flood-{i}-{n}","password":"x"}}"#);
                    if let Some((status, _)) =
                        crate::helpers::blocking_request("POST", &url, None, Some(&body))
                    {
                        *answers.entry(status).or_default() += 1;
                    }
                }
                answers
            })
        })
        .collect();
    actix_rt::time::sleep(std::time::Duration::from_millis(500)).await;
    let mut reads = Vec::new();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) {
        let r = app.get("/api/v1/cases", Some(&op)).await;
        reads.push(r.status);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answers = std::collections::BTreeMap::<u16, u32>::new();
    for t in flood {
        for (status, n) in t.join().unwrap() {
            *answers.entry(status).or_default() += n;
        }
    }
    eprintln!(
        "case reads during the flood: {} in 5 s; login answers: {answers:?}",
        reads.len()
    );
    assert!(
        answers.get(&401).is_some_and(|n| *n > 0),
        "the flood reached the hashing: {answers:?}"
    );
    assert!(
        reads.iter().all(|s| *s == StatusCode::OK),
        "every case read answered during the flood: {reads:?}"
    );
    assert!(
        reads.len() >= 50,
        "case reads went on during the flood: {} in 5 s",
        reads.len()
    );
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
    let r = app.token_answer("admin", &password).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["role"], "admin");
    assert!(r.body["agency_code"].is_null());
    // A second start on the same database creates nobody.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let again = hotline::app::Application::build(&app.config, listener).unwrap();
    assert!(again.first_admin_password.is_none());
}
