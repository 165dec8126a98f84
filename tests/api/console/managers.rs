//! A commune's chair at the keyboard in Chromium: names a worker as a case's manager, then,
//! when that worker leaves, hands all their open cases to another in one action. Every page
//! passes axe-core and fits a 360 px phone; screenshots at 1280 and 360 px.

use fantoccini::Locator;
use serde_json::json;

use super::audit_a11y::violations;
use super::keys::{shot, tab_to, type_keys, wait_for_text, ENTER};
use super::tour::{at_360, check_page, sign_in_as};
use crate::helpers::{abuse_report, PASSWORD};

type Outcome = Result<(), fantoccini::error::CmdError>;

#[actix_web::test]
async fn a_chair_assigns_a_manager_and_hands_a_leavers_cases_over_by_keyboard() {
    let Some((_driver, port, axe, app)) = crate::browser::walk().await else {
        return;
    };
    let axe = axe.as_deref();
    let op = app.operator().await;
    let mut cases = Vec::new();
    for child in ["Lê Thị Hoa", "Phan Văn Đức", "Võ Thị Ngọc"] {
        let created = app.report(&op, &abuse_report(19900, child)).await;
        cases.push(created["case_id"].as_str().unwrap().to_owned());
    }
    app.create_user("cw-an", "commune_worker", Some("cp-19900"));
    app.create_user("cw-binh", "commune_worker", Some("cp-19900"));
    let chair_token = app
        .login_as("chair-an", "commune_chair", Some("cp-19900"))
        .await;
    let (an, binh) = (app.user_id("cw-an"), app.user_id("cw-binh"));
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome: Outcome = async {
        // The chair names cw-an on the first case, by keyboard.
        sign_in_as(
            b,
            &base,
            "chair-an",
            PASSWORD,
            &format!("/cases/{}", cases[0]),
        )
        .await?;
        tab_to(b, "#manager-user", 200).await?;
        type_keys(b, "cw-an").await?;
        tab_to(b, "#manager-reason", 5).await?;
        type_keys(b, &format!("Cán bộ phụ trách khu phố{ENTER}")).await?;
        wait_for_text(b, "main", "Đã phân công người quản lý trường hợp.").await?;
        let facts = b.find(Locator::Css("dl.facts")).await?.text().await?;
        assert!(facts.contains("cw-an"), "{facts}");
        check_page(b, axe, "case-manager").await?;
        at_360(b, "case-manager").await?;

        // cw-an holds the other two as well, then leaves.
        for case in &cases[1..] {
            let r = app
                .put(
                    &format!("/api/v1/cases/{case}/manager"),
                    Some(&chair_token),
                    &json!({"user_id": an, "reason": "Phụ trách"}),
                )
                .await;
            assert_eq!(r.status, awc::http::StatusCode::OK, "{:?}", r.body);
        }
        app.exec(&format!(
            "UPDATE users SET active = false WHERE id = '{an}'"
        ));

        // The caseloads show the leaver with three open cases; the chair hands them over.
        b.goto(&format!("{base}/console/caseloads")).await?;
        let loads = wait_for_text(b, "main", "đã thôi công tác").await?;
        assert!(loads.contains("cw-an"), "{loads}");
        check_page(b, axe, "caseloads").await?;
        at_360(b, "caseloads").await?;
        tab_to(b, &format!("a[href='/console/caseloads/{an}']"), 100).await?;
        type_keys(b, ENTER).await?;
        wait_for_text(b, "main h1", "Giao lại vụ việc của cw-an").await?;
        check_page(b, axe, "reassign").await?;
        at_360(b, "reassign").await?;
        tab_to(b, "#reassign-to_user_id", 50).await?;
        type_keys(b, "cw-binh").await?;
        tab_to(b, "#reassign-reason", 5).await?;
        type_keys(b, &format!("Cán bộ nghỉ việc từ hôm nay{ENTER}")).await?;
        wait_for_text(b, "main", "Đã giao 3 vụ việc cho cw-binh.").await?;
        if let Some(axe) = axe {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "after: {found:#?}");
        }
        shot(b, "caseloads-after-1280.png").await?;
        Ok(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();

    let loads = app.get("/api/v1/caseloads", Some(&chair_token)).await;
    let items = loads.body["items"].as_array().unwrap();
    let of = |id: &str| {
        items
            .iter()
            .find(|i| i["user_id"] == id)
            .map(|i| i["open"].as_i64().unwrap())
    };
    assert_eq!(of(&binh), Some(3));
    assert_eq!(of(&an), None);
}
