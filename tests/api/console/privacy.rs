//! From the case page, a supervisor's erasure on request (which asks for a confirmation the
//! server checks too) and the child's copy to download; nobody else sees either.

use awc::http::{header, Method, StatusCode};
use serde_json::json;

use super::{get, sign_in, visit};
use crate::helpers::{abuse_report, TestApp};

#[actix_web::test]
async fn a_supervisor_erases_an_ended_case_after_confirming_and_downloads_the_childs_copy() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Đinh Thị Xóa")).await;
    let id = case["case_id"].as_str().unwrap();
    let sup_token = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let page_path = format!("/cases/{id}");

    // A commune worker sees no personal-data section.
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, &page_path).await;
    assert!(!page.html.contains("id=\"personal-data\""));

    // Open, the case offers no erasure; ended, it does.
    let mut sup = sign_in(&app, "sup").await;
    let page = get(&app, &mut sup, &page_path).await;
    assert!(page.html.contains("id=\"personal-data\""), "{}", page.html);
    assert!(!page.html.contains("/erase\""));
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&sup_token),
            &json!({"to": "no_action", "note": "không có căn cứ"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let page = get(&app, &mut sup, &page_path).await;
    let erase = format!("/console/cases/{id}/erase");
    assert!(page.html.contains(&format!("action=\"{erase}\"")));

    // The copy first: a JSON file with the child's name.
    let child = app
        .get(&format!("/api/v1/cases/{id}"), Some(&sup_token))
        .await
        .body["children"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A page first, offering the other cases that may be the same child (none here).
    let export = format!("/console/cases/{id}/children/{child}/export");
    let choice = get(&app, &mut sup, &export).await;
    assert_eq!(choice.status, StatusCode::OK);
    assert!(choice
        .html
        .contains("Trích xuất dữ liệu của trẻ – Đinh Thị Xóa"));
    assert!(choice.html.contains("Không có vụ việc nào khác"));
    assert!(choice.html.contains("name=\"download\" value=\"1\""));
    let copy = get(&app, &mut sup, &format!("{export}?download=1")).await;
    assert_eq!(copy.status, StatusCode::OK);
    let disposition = copy.headers.get(header::CONTENT_DISPOSITION).unwrap();
    assert!(disposition.to_str().unwrap().starts_with("attachment;"));
    let doc: serde_json::Value = serde_json::from_str(&copy.html).unwrap();
    assert_eq!(doc["subject"]["name"], "Đinh Thị Xóa");
    for path in [export.clone(), format!("{export}?download=1")] {
        let refused = get(&app, &mut cw, &path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }

    // Without the confirmation, nothing is erased and the page says why.
    let csrf = page.csrf();
    let form = [
        ("csrf", csrf.as_str()),
        ("reason", "subject_request"),
        ("note", "Đơn của mẹ cháu ngày 25/11/2026"),
    ];
    let unconfirmed = visit(&app, &mut sup, Method::POST, &erase, Some(&form)).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.html.contains("href=\"#erase-note\""));
    assert!(unconfirmed.html.contains("xóa vĩnh viễn"));
    assert_eq!(
        app.count(&format!(
            "cases WHERE id = '{id}' AND erased_at IS NOT NULL"
        )),
        0
    );

    let confirmed = [form[0], form[1], form[2], ("confirm", "on")];
    let done = visit(&app, &mut sup, Method::POST, &erase, Some(&confirmed)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let page = get(&app, &mut sup, done.location()).await;
    assert!(
        page.html.contains("Đã xóa dữ liệu cá nhân"),
        "{}",
        page.html
    );
    assert!(!page.html.contains("Đinh Thị Xóa"));
    assert_eq!(
        app.count(&format!(
            "cases WHERE id = '{id}' AND erased_at IS NOT NULL"
        )),
        1
    );
}
