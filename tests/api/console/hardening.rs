//! What the console refuses from a hostile browser: form bodies beyond what the form shows,
//! a way back after sign-in that leaves the service, writes to an erased case; and the
//! child's copy that takes another case only when the supervisor confirms it.

use awc::http::{header, Method, StatusCode};

use super::{get, sign_in, visit, Jar, Page};
use crate::helpers::{abuse_report, TestApp};

/// Post a raw form body, as a hostile client writes it (names unescaped as given).
async fn post_raw(app: &TestApp, jar: &Jar, path: &str, body: String) -> Page {
    let client = awc::Client::builder().disable_redirects().finish();
    let mut res = client
        .post(format!("{}{path}", app.base))
        .insert_header((header::COOKIE, jar.header()))
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .send_body(body)
        .await
        .unwrap();
    let body = res.body().limit(4 * 1024 * 1024).await.unwrap();
    Page {
        status: res.status(),
        headers: res.headers().clone(),
        html: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A case in Thuận An and its commune worker on the case page: the case's id, the worker's
/// cookies and the page's form token.
async fn worker_on_a_case(app: &TestApp) -> (String, Jar, String) {
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let id = case["case_id"].as_str().unwrap().to_owned();
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(app, "cw").await;
    let csrf = get(app, &mut cw, &format!("/cases/{id}")).await.csrf();
    (id, cw, csrf)
}

#[actix_web::test]
async fn a_step_form_with_names_of_its_own_making_is_refused_before_any_work() {
    let app = TestApp::spawn().await;
    let (id, cw, csrf) = worker_on_a_case(&app).await;
    let verify = format!("/console/cases/{id}/steps/verification");
    let deep = format!("{}=x", "a.".repeat(4000));
    for (body, named) in [
        // A slot far beyond the form's three: once, a worker filled 100 million nulls.
        (
            "contacts.100000000.who=x".to_owned(),
            Some("contacts.100000000.who"),
        ),
        // The largest index there is: once, the process grew to 10 GB.
        (
            "contacts.18446744073709551615.who=x".to_owned(),
            Some("contacts.18446744073709551615.who"),
        ),
        ("contacts.-1.who=x".to_owned(), Some("contacts.-1.who")),
        (
            "criteria.harm.level.deeper=x".to_owned(),
            Some("criteria.harm.level.deeper"),
        ),
        // Thousands of dotted parts: a name no form has.
        (deep, None),
        ("note=a&note=b".to_owned(), Some("note")),
    ] {
        let refused = post_raw(&app, &cw, &verify, format!("csrf={csrf}&{body}")).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body:.60}: {}",
            refused.html
        );
        let kind = refused.headers.get(header::CONTENT_TYPE).unwrap();
        assert!(kind.to_str().unwrap().starts_with("text/html"), "{kind:?}");
        assert!(refused.html.contains("role=\"alert\""));
        if let Some(name) = named {
            assert!(refused.html.contains(name), "{}", refused.html);
        }
    }
    // Nothing was saved by any of them.
    assert_eq!(app.count(&format!("case_steps WHERE case_id = '{id}'")), 0);

    // Another commune's worker is refused before its body is read, whatever the body.
    app.create_user("cw2", "commune_worker", Some("cp-19909"));
    let other = sign_in(&app, "cw2").await;
    let refused = post_raw(
        &app,
        &other,
        &verify,
        "contacts.18446744073709551615.who=x".to_owned(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // A role that writes no step records, likewise (no token sent: the role decides first).
    app.create_user("police1", "police", Some("hue-police"));
    let police = sign_in(&app, "police1").await;
    let refused = post_raw(&app, &police, &verify, String::new()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_form_that_does_not_parse_gets_the_page_with_its_error_summary() {
    let app = TestApp::spawn().await;
    let (id, cw, csrf) = worker_on_a_case(&app).await;
    let notes = format!("/console/cases/{id}/notes");
    for (body, says) in [
        (format!("csrf={csrf}"), "Thiếu trường «text»"),
        (
            format!("csrf={csrf}&text=a&extra=1"),
            "Trường «extra» không có",
        ),
        (format!("csrf={csrf}&text=a&text=b"), "được gửi nhiều lần"),
        (format!("csrf={csrf}&te%00xt=a"), "tên không hợp lệ"),
    ] {
        let page = post_raw(&app, &cw, &notes, body).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let kind = page.headers.get(header::CONTENT_TYPE).unwrap();
        assert!(kind.to_str().unwrap().starts_with("text/html"));
        assert!(page.html.contains(says), "{}", page.html);
    }
    // A body that is no form at all.
    let client = awc::Client::builder().disable_redirects().finish();
    let res = client
        .post(format!("{}{notes}", app.base))
        .insert_header((header::COOKIE, cw.header()))
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .send_body(format!("{{\"csrf\":\"{csrf}\",\"text\":\"a\"}}"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.count(&format!(
            "case_events WHERE case_id = '{id}' AND kind = 'note'"
        )),
        0
    );
}

#[actix_web::test]
async fn after_sign_in_only_a_path_of_this_service_is_followed() {
    let app = TestApp::spawn().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    // Signed in already: the sign-in page sends the person on at once.
    for next in [
        "/%09/evil.example",
        "/%0a/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "/.//evil.example",
    ] {
        let page = get(&app, &mut cw, &format!("/?next={next}")).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next}");
        let to = page.location();
        assert!(to.starts_with('/') && !to.starts_with("//"), "{next}: {to}");
        assert!(
            !to.contains("evil") && !to.chars().any(char::is_control),
            "{next}: {to}"
        );
    }
    let page = get(&app, &mut cw, "/?next=/console/cases").await;
    assert_eq!(page.location(), "/console/cases");
}

#[actix_web::test]
async fn an_erased_case_takes_no_note_on_either_face() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let id = case["case_id"].as_str().unwrap().to_owned();
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let closed = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&sup),
            &serde_json::json!({"to": "no_action", "note": "Không có dấu hiệu xâm hại."}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:?}", closed.body);
    let erased = app
        .post(
            &format!("/api/v1/cases/{id}/erasure"),
            Some(&sup),
            &serde_json::json!({"reason": "subject_request", "note": "Đơn của mẹ cháu"}),
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.body);

    let note = app
        .post(
            &format!("/api/v1/cases/{id}/notes"),
            Some(&sup),
            &serde_json::json!({"text": "Mẹ cháu gọi lại, tên cháu là Phạm Thị Hoa."}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CONFLICT, "{:?}", note.body);
    assert!(note.body["detail"]
        .as_str()
        .unwrap()
        .contains("không nhận thêm"));
    let mut jar = sign_in(&app, "sup").await;
    let csrf = get(&app, &mut jar, &format!("/cases/{id}")).await.csrf();
    let page = visit(
        &app,
        &mut jar,
        Method::POST,
        &format!("/console/cases/{id}/notes"),
        Some(&[("csrf", &csrf), ("text", "Tên cháu là Phạm Thị Hoa.")]),
    )
    .await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.html);
    assert!(page.html.contains("không nhận thêm"));
    assert_eq!(
        app.count(&format!(
            "case_events WHERE case_id = '{id}' AND kind = 'note'"
        )),
        0
    );
}

#[actix_web::test]
async fn the_childs_copy_takes_another_case_only_when_the_supervisor_confirms_it() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let first = app
        .report(&op, &abuse_report(19900, "Võ Thị Hai Lần"))
        .await;
    let second = app
        .report(&op, &abuse_report(19900, "Võ Thị Hai Lần"))
        .await;
    let (first, second) = (
        first["case_id"].as_str().unwrap().to_owned(),
        second["case_id"].as_str().unwrap().to_owned(),
    );
    let sup_token = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let child = app
        .get(&format!("/api/v1/cases/{first}"), Some(&sup_token))
        .await
        .body["children"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut sup = sign_in(&app, "sup").await;
    let export = format!("/console/cases/{first}/children/{child}/export");
    let choice = get(&app, &mut sup, &export).await;
    assert_eq!(choice.status, StatusCode::OK);
    assert!(
        choice
            .html
            .contains(&format!("name=\"confirm\" value=\"{second}\"")),
        "{}",
        choice.html
    );
    // Not ticked: the copy is of this case alone.
    let alone = get(&app, &mut sup, &format!("{export}?download=1")).await;
    let doc: serde_json::Value = serde_json::from_str(&alone.html).unwrap();
    assert_eq!(doc["cases"].as_array().unwrap().len(), 1);
    assert_eq!(doc["candidates"][0]["case_id"], second.as_str());
    // Ticked: both.
    let both = get(
        &app,
        &mut sup,
        &format!("{export}?download=1&confirm={second}"),
    )
    .await;
    let doc: serde_json::Value = serde_json::from_str(&both.html).unwrap();
    let ids: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    // The API takes the same confirmation, and refuses a case that is no candidate.
    let api = format!("/api/v1/cases/{first}/children/{child}/export");
    let r = app
        .get(&format!("{api}?confirm={second}"), Some(&sup_token))
        .await;
    assert_eq!(r.body["cases"].as_array().unwrap().len(), 2);
    let r = app
        .get(&format!("{api}?confirm={first}"), Some(&sup_token))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "confirm");
}

#[actix_web::test]
async fn a_place_typed_longer_than_any_name_finds_nothing_rather_than_failing() {
    let app = TestApp::spawn().await;
    app.create_user("op-web", "operator", Some("hue-hotline"));
    let mut op = sign_in(&app, "op-web").await;
    let csrf = get(&app, &mut op, "/console/calls/new").await.csrf();
    // SQLite refuses a LIKE pattern past 50,000 bytes: such a name never reaches it.
    let long = "ba đình ".repeat(8_000);
    for path in [
        "/console/calls/places",
        "/console/calls/hints",
        "/console/calls",
    ] {
        let page = visit(
            &app,
            &mut op,
            Method::POST,
            path,
            Some(&[
                ("csrf", &csrf),
                ("commune-q", &long),
                ("contact-type", "abuse_report"),
            ]),
        )
        .await;
        assert!(
            page.status.is_success() || page.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            page.status
        );
    }
}

/// The placeholders of a route made alike (`{id}`, `{case}` → `{}`).
fn shape(route: &str) -> String {
    route
        .split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn console_routes_are_all_fuzzed() {
    let script = include_str!("../../fuzz/console_forms.py");
    let start = script.find("ROUTES = [").unwrap();
    let end = start + script[start..].find("\n]").unwrap();
    let mut fuzzed: Vec<String> = script[start..end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split('"').next())
        .map(shape)
        .collect();
    // The sign-in form is fuzzed without a session, on its own.
    fuzzed.push("/console/sign-in".into());
    fuzzed.sort();
    let mut posted: Vec<String> = hotline_console::PAGES
        .iter()
        .filter(|(_, methods)| methods.contains(&"POST"))
        .map(|(path, _)| shape(path))
        .collect();
    posted.sort();
    assert_eq!(fuzzed, posted);
}

#[actix_web::test]
async fn the_console_s_own_address_lands_on_the_person_s_home() {
    let app = TestApp::spawn().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut signed_out = Jar::default();
    let page = get(&app, &mut signed_out, "/console").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/?next=%2Fconsole");
    let mut cw = sign_in(&app, "cw").await;
    for path in ["/console", "/console/"] {
        let page = get(&app, &mut cw, path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), "/console/tasks", "{path}");
    }
}
