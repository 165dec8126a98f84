//! From the case page: the evidence, a possible duplicate recorded as such, and a referral
//! added or handed to another agency.

use awc::http::{Method, StatusCode};

use super::{get, sign_in, submit, visit};
use crate::helpers::{abuse_report, referral_id, TestApp};

#[actix_web::test]
async fn a_duplicate_is_linked_and_a_referral_added_and_handed_on_from_the_case_page() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let first = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    // The same profile reported again, about another child.
    let second = app.report(&op, &abuse_report(19900, "Lê Văn Tâm")).await;
    let (first_id, second_id) = (
        first["case_id"].as_str().unwrap(),
        second["case_id"].as_str().unwrap(),
    );
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, &format!("/cases/{second_id}")).await;
    assert!(
        page.html.contains("facebook.com/some.profile"),
        "the evidence is listed"
    );
    assert!(
        page.html.contains("Có thể trùng với vụ việc khác"),
        "{}",
        page.html
    );
    assert!(page.html.contains(first["case_number"].as_str().unwrap()));
    let linked = visit(
        &app,
        &mut cw,
        Method::POST,
        &format!("/console/cases/{second_id}/duplicate"),
        Some(&[
            ("csrf", page.csrf().as_str()),
            ("of", first_id),
            ("note", "Cùng một tài khoản, cùng sự việc"),
        ]),
    )
    .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.html);
    assert_eq!(
        app.count(&format!(
            "cases WHERE id = '{second_id}' AND status = 'duplicate'"
        )),
        1
    );
    // The commune group refers nothing; the department does.
    assert!(!page.html.contains("/referrals\""));

    app.create_user("cpd", "agency_officer", Some("hue-cpd"));
    let mut cpd = sign_in(&app, "cpd").await;
    let page = get(&app, &mut cpd, &format!("/cases/{first_id}")).await;
    let refer = format!("/console/cases/{first_id}/referrals");
    assert!(page.html.contains(&refer), "{}", page.html);
    let csrf = page.csrf();
    let missing = submit(
        &app,
        &mut cpd,
        &refer,
        &csrf,
        &[("agency_code", "cp-19909"), ("reason", "")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.html.contains("href=\"#refer-reason\""),
        "{}",
        missing.html
    );
    // The police have their referral already: said on the page.
    let twice = submit(
        &app,
        &mut cpd,
        &refer,
        &csrf,
        &[
            ("agency_code", "hue-police"),
            ("reason", "Cần điều tra người gửi"),
        ],
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(
        twice.html.contains("đang có chuyển tuyến mở"),
        "{}",
        twice.html
    );

    // The information department's referral handed to the commune where the child now is.
    let before = app.referrals().len();
    let info = referral_id(&first, "hue-info");
    let handed = submit(
        &app,
        &mut cpd,
        &refer,
        &csrf,
        &[
            ("agency_code", "cp-19909"),
            ("reason", "Trẻ đang ở với bà ngoại tại Dương Nỗ"),
            ("replaces", info.as_str()),
        ],
    )
    .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER, "{}", handed.html);
    assert_eq!(app.referrals().len(), before + 1);
    let replaced = app.referrals().into_iter().find(|r| r.id == info).unwrap();
    assert!(replaced.replaced_by.is_some());
}
