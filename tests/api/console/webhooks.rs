//! The administrator's webhook page in Chromium, by keyboard: a delivery given up after its
//! retries is listed (event, client, case id and why, nothing personal) and sent again from
//! its button; the page passes axe-core and fits a 360 px phone; screenshots at 1280 and
//! 360 px.

use std::sync::atomic::Ordering;

use awc::http::StatusCode;
use serde_json::json;

use super::keys::{tab_to, type_keys, wait_for_text, ENTER};
use super::tour::{at_360, check_page, sign_in_as};
use crate::helpers::{TestApp, PASSWORD};
use crate::webhooks::{canary_report, client, first_dead_letter, local, Receiver};

type Outcome = Result<(), fantoccini::error::CmdError>;

#[actix_web::test]
async fn an_administrator_sends_a_given_up_webhook_again_by_keyboard() {
    let Some((_driver, port)) = crate::browser::start_driver().await else {
        return;
    };
    let axe = crate::console::axe();
    let axe = axe.as_deref();
    let receiver = Receiver::up();
    receiver.answer.store(503, Ordering::SeqCst);
    let app = TestApp::spawn_with(|c| local(c, 1)).await;
    app.create_user("admin-web", "admin", None);
    let root = app.login_as("root", "admin", None).await;
    let (_, token) = client(&app, &root, "Tổng đài 111").await;
    let body = json!({"url": receiver.url("127.0.0.1"), "events": ["case.created"]});
    let sub = app.post("/api/v1/webhooks", Some(&token), &body).await;
    assert_eq!(sub.status, StatusCode::CREATED, "{}", sub.body);
    let logged = app.report(&token, &canary_report()).await;
    let case_id = logged["case_id"].as_str().unwrap().to_owned();
    first_dead_letter(&app, &root).await;
    receiver.answer.store(200, Ordering::SeqCst);

    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome: Outcome = async {
        sign_in_as(b, &base, "admin-web", PASSWORD, "/console/webhooks").await?;
        let page = wait_for_text(b, "main", "Thông báo không gửi được").await?;
        assert!(page.contains("case.created"), "{page}");
        assert!(
            page.contains("Tổng đài 111"),
            "the client by its name: {page}"
        );
        assert!(page.contains(&case_id), "{page}");
        assert!(page.contains("status 503"), "{page}");
        assert!(
            !page.contains("Canary") && !page.contains("CANARY"),
            "{page}"
        );
        check_page(b, axe, "webhooks").await?;
        at_360(b, "webhooks").await?;
        tab_to(b, "form[action^='/console/webhooks/'] button", 60).await?;
        type_keys(b, ENTER).await?;
        let done = wait_for_text(b, "main", "Đã đưa thông báo vào hàng đợi").await?;
        assert!(done.contains("Địa chỉ đã đăng ký"), "{done}");
        check_page(b, axe, "webhooks-replayed").await?;
        Ok(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();
    let taken = receiver.wait_for(1).await;
    assert_eq!(taken[0].json()["data"]["case_id"], case_id.as_str());
    let actions: Vec<String> = app.audit_entries().into_iter().map(|e| e.action).collect();
    assert!(actions.iter().any(|a| a == "webhook.replay"));
}
