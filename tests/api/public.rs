//! The public's door: the JSON API and the HTML form, submitted by a real HTTP client; the
//! rate limit, the honeypot, the size bound, and tracking codes that reveal nothing but a
//! coarse status.

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

fn public_report() -> Value {
    json!({
        "categories": ["online_sexual_exploitation"],
        "place": {"commune_code": 19900, "detail": "gần chợ"},
        "children": [{"name": "Võ Thị G", "birth_year": 2011}],
        "informant": {"consent_to_store": false, "phone": "0912 345 678"},
        "narrative": "Một tài khoản lạ đe dọa tung ảnh của em.",
        "online": {"platform": "zalo", "urls": ["https://zalo.me/g/abcdef"], "still_online": true}
    })
}

async fn status_of(app: &TestApp, code: &str) -> (StatusCode, Value) {
    let r = app
        .get(&format!("/api/v1/public/reports/{code}"), None)
        .await;
    (r.status, r.body)
}

#[actix_web::test]
async fn a_public_report_opens_a_routed_case_and_its_code_tells_only_the_status() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/api/v1/public/reports", None, &public_report())
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["tracking_code"]);
    let code = r.body["tracking_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 23);

    // A case, from the online form, routed like any other, visible to Huế's operators.
    let op = app.operator().await;
    let list = app.get("/api/v1/cases", Some(&op)).await.body;
    assert_eq!(list["total"], 1);
    let case_id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let case = app
        .get(&format!("/api/v1/cases/{case_id}"), Some(&op))
        .await
        .body;
    assert_eq!(case["reports"][0]["channel"], "online_form");
    assert_eq!(case["reports"][0]["agency_code"], "hue-hotline");
    assert_eq!(case["reports"][0]["informant"]["phone"], Value::Null);
    let agencies: Vec<&str> = case["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["agency_code"].as_str().unwrap())
        .collect();
    assert!(
        agencies.contains(&"hue-info") && agencies.contains(&"hue-police"),
        "{agencies:?}"
    );

    // The status, and nothing else, however the code is typed.
    let (status, body) = status_of(&app, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"status": "received"}));
    let (_, body) = status_of(&app, &code.to_lowercase().replace('-', "")).await;
    assert_eq!(body, json!({"status": "received"}));
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let moved = app
        .post(
            &format!("/api/v1/cases/{case_id}/transitions"),
            Some(&sup),
            &json!({"to": "verifying"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(
        status_of(&app, &code).await.1,
        json!({"status": "in_progress"})
    );
    // Linked as the duplicate of another case, it answers with that case's status.
    let kept = app
        .report(&op, &crate::helpers::abuse_report(19900, "Võ Thị G"))
        .await;
    let linked = app
        .post(
            &format!("/api/v1/cases/{case_id}/duplicate-of"),
            Some(&sup),
            &json!({"of": kept["case_id"]}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{:?}", linked.body);
    assert_eq!(
        status_of(&app, &code).await.1,
        json!({"status": "received"})
    );

    // A code that does not exist, or is no code, is simply not found.
    for wrong in ["00000-00000-00000-00000", "abc", "%2e%2e"] {
        let (status, body) = status_of(&app, wrong).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{wrong}");
        assert!(body.get("status").is_none_or(|s| s.is_number()), "{body}");
    }
    // The code itself is nowhere in the database.
    use diesel::prelude::*;
    use hotline_store::schema::public_reports;
    let stored: Vec<String> = public_reports::table
        .select(public_reports::code_sha256)
        .load(&mut *app.conn())
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&code.replace('-', "")));

    // Audited under the form's account, without the sender's address.
    app.wait_sealed().await;
    let entry = app
        .audit_entries()
        .into_iter()
        .find(|e| e.action == "report.create")
        .unwrap();
    assert_eq!(entry.actor.as_deref(), Some("public-form"));
    assert_eq!(entry.ip, None);
    let lookups = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "public_report.status")
        .count();
    assert_eq!(lookups, 4, "each lookup that found a case");
    // The form's account is not a way in.
    let r = app.token_answer("public-form", "!").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn public_reports_are_checked_like_any_other() {
    let app = TestApp::spawn().await;
    let fields = |body: &Value| crate::helpers::field_names(body);
    // Operator-only fields are refused by name.
    let mut r = public_report();
    r["channel"] = json!("hotline_111");
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res.body), vec!["channel"]);
    // A place is needed to route; a commune that does not exist is named.
    let mut r = public_report();
    r["place"] = json!({"commune_code": 1});
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(fields(&res.body), vec!["place.commune_code"]);
    r["place"] = Value::Null;
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(fields(&res.body), vec!["place.commune_code"]);
    // No category chosen: accepted as `other`.
    let mut r = public_report();
    r["categories"] = json!([]);
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    // Bounded in size (64 KiB by default): 413, nothing written.
    let mut r = public_report();
    r["narrative"] = json!("x".repeat(70_000));
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("reports"), 1);
}

#[actix_web::test]
async fn the_honeypot_answers_like_a_success_and_keeps_nothing() {
    let app = TestApp::spawn().await;
    let mut r = public_report();
    r["website"] = json!("http://spam.example");
    let res = app.post("/api/v1/public/reports", None, &r).await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    let code = res.body["tracking_code"].as_str().unwrap();
    assert_eq!(app.count("reports"), 0);
    assert_eq!(app.count("cases"), 0);
    assert_eq!(status_of(&app, code).await.0, StatusCode::NOT_FOUND);
    // A bad submission gets the same 422 with or without the hidden field filled: the
    // answer never tells a program it was recognised.
    let mut bad = public_report();
    bad["children"][0]["sex"] = json!("not-a-code");
    let person = app.post("/api/v1/public/reports", None, &bad).await;
    bad["website"] = json!("http://spam.example");
    let program = app.post("/api/v1/public/reports", None, &bad).await;
    assert_eq!(person.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((program.status, program.body), (person.status, person.body));
    assert_eq!(app.count("reports"), 0);
}

#[actix_web::test]
async fn too_many_submissions_from_one_address_get_429_with_retry_after() {
    let app = TestApp::spawn_with(|c| {
        c.public.reports_burst = 2;
        c.public.reports_per_hour = 1;
        c.public.lookups_per_minute = 3;
    })
    .await;
    for _ in 0..2 {
        let r = app
            .post("/api/v1/public/reports", None, &public_report())
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
    }
    let r = app
        .post("/api/v1/public/reports", None, &public_report())
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait = r.retry_after();
    assert!((1..=3600).contains(&wait), "{wait}");
    assert_eq!(r.body["status"], 429);
    assert_eq!(app.count("reports"), 2, "the refused one wrote nothing");
    // The HTML form shares the limit.
    let res = app
        .client
        .post(format!("{}/report", app.base))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .send_body("province=46&commune=19900")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Lookups have their own limit.
    for _ in 0..3 {
        assert_eq!(
            status_of(&app, "00000-00000-00000-00000").await.0,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        status_of(&app, "00000-00000-00000-00000").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// A page's text, and its status and headers.
async fn page(
    app: &TestApp,
    method: awc::http::Method,
    path: &str,
    form: Option<&str>,
) -> (StatusCode, awc::http::header::HeaderMap, String) {
    let req = app.client.request(method, format!("{}{path}", app.base));
    let mut res = match form {
        Some(body) => req
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .send_body(body.to_owned())
            .await
            .unwrap(),
        None => req.send().await.unwrap(),
    };
    let bytes = res.body().limit(4 * 1024 * 1024).await.unwrap();
    (
        res.status(),
        res.headers().clone(),
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

fn encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[actix_web::test]
async fn the_html_form_works_without_javascript() {
    use awc::http::Method;
    let app = TestApp::spawn().await;
    // First the province, then the form for it.
    let (status, headers, html) = page(&app, Method::GET, "/report", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    assert!(!html.contains("<script"));
    assert!(html.contains("<option value=\"46\">Thành phố Huế</option>"));
    let (_, _, html) = page(&app, Method::GET, "/report?province=46", None).await;
    assert!(html.contains("Phường Phú Xuân"));
    assert!(!html.contains("Phường Ba Đình"), "only Huế's communes");
    assert!(html.contains("name=\"website\""), "the honeypot is there");

    // A bad submission comes back with every problem listed and what was typed kept,
    // escaped.
    let typed = "<script>alert(1)</script> Người lạ nhắn tin";
    let body = encode(&[
        ("province", "46"),
        ("commune", ""),
        ("narrative", typed),
        ("child_birth_year", "hai nghìn"),
        ("urls", "https://facebook.com/x\nnot a url"),
    ]);
    let (status, _, html) = page(&app, Method::POST, "/report", Some(&body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"error-summary\""));
    for input in ["#commune", "#child_birth_year", "#urls"] {
        assert!(html.contains(&format!("href=\"{input}\"")), "{input}");
    }
    assert!(html.contains("alert(1)") && html.contains("Người lạ nhắn tin"));
    assert!(!html.contains("<script>alert"));
    assert_eq!(app.count("reports"), 0);

    // A good one: the tracking code, shown once.
    let body = encode(&[
        ("province", "46"),
        ("commune", "19900"),
        ("categories", "sexual_abuse"),
        ("categories", "online_sexual_exploitation"),
        ("narrative", "Em bị một người quen dụ dỗ."),
        ("child_name", "Trương Thị H"),
        ("child_birth_year", "2013"),
        ("platform", "tiktok"),
        ("urls", "https://www.tiktok.com/@ke.la?lang=vi\n"),
        ("still_online", "yes"),
        ("informant_phone", "0987654321"),
        ("website", ""),
    ]);
    let (status, _, html) = page(&app, Method::POST, "/report", Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let code = html
        .split("id=\"tracking-code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    assert_eq!(code.len(), 23);
    let op = app.operator().await;
    let list = app.get("/api/v1/cases", Some(&op)).await.body;
    assert_eq!(list["total"], 1);
    assert_eq!(
        list["items"][0]["categories"],
        json!(["online_sexual_exploitation", "sexual_abuse"])
    );

    // Looking it up: by POST, so the code stays out of URLs and logs.
    let (status, _, html) = page(
        &app,
        Method::POST,
        "/report/status",
        Some(&encode(&[("code", &code)])),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Đã tiếp nhận"), "{html}");
    let (status, _, html) = page(
        &app,
        Method::POST,
        "/report/status",
        Some(&encode(&[("code", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ")])),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Không tìm thấy"));

    // A bot filling the hidden field is thanked and forgotten.
    let body = encode(&[("province", "46"), ("commune", "19900"), ("website", "x")]);
    let (status, _, html) = page(&app, Method::POST, "/report", Some(&body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("tracking-code"));
    assert_eq!(app.count("reports"), 1);

    // A body that is no form of the page is refused by the field at fault, and nothing kept.
    for (body, field) in [
        ("province=46&commune=19900&admin=1", "admin"),
        ("province=46&narrative=a&narrative=b", "narrative"),
    ] {
        let (status, _, json) = page(&app, Method::POST, "/report", Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:.60}");
        assert!(json.contains(&format!("\"field\":\"{field}\"")), "{json}");
    }
    assert_eq!(app.count("reports"), 1);
}

#[actix_web::test]
async fn the_form_is_refused_when_another_site_posts_it() {
    let app = TestApp::spawn().await;
    let body = encode(&[("province", "46"), ("commune", "19900"), ("narrative", "x")]);
    for (path, origin) in [
        ("/report", "https://evil.example"),
        ("/report/status", "https://evil.example"),
        ("/report", "null"),
    ] {
        let res = app
            .client
            .post(format!("{}{path}", app.base))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .insert_header(("Origin", origin))
            .send_body(body.clone())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} from {origin}");
    }
    let forged_referer = app
        .client
        .post(format!("{}/report", app.base))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header(("Referer", "https://evil.example/page"))
        .send_body(body.clone())
        .await
        .unwrap();
    assert_eq!(forged_referer.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("reports"),
        0,
        "nothing from the other site was kept"
    );
    // From the service's own page the form is taken (and checked as usual).
    let own = app
        .client
        .post(format!("{}/report", app.base))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header(("Origin", app.base.clone()))
        .send_body(body)
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(app.count("reports"), 1);
}
