//! A transfer in Chromium, by keyboard: Thuận An's worker proposes to move a case to Dương Nỗ
//! from the case's page (naming the commune by its name); Dương Nỗ's worker finds it on the
//! transfers page, reads the case, and takes it; the sending worker then reads the case as
//! it left, with no form to write. Every page passes axe-core and fits a 360 px phone;
//! screenshots at 1280 and 360 px.

use fantoccini::Locator;

use super::keys::{tab_to, type_keys, wait_for_text, ENTER};
use super::tour::{at_360, check_page, sign_in_as};
use crate::helpers::{abuse_report, PASSWORD};

type Outcome = Result<(), fantoccini::error::CmdError>;

#[actix_web::test]
async fn a_case_is_proposed_taken_and_kept_in_sight_by_keyboard() {
    let Some((_driver, port, axe, app)) = crate::browser::walk().await else {
        return;
    };
    let axe = axe.as_deref();
    let op = app.operator().await;
    let created = app.report(&op, &abuse_report(19900, "Trần Thị Mai")).await;
    let case = created["case_id"].as_str().unwrap().to_owned();
    app.create_user("cw-thuan-an", "commune_worker", Some("cp-19900"));
    app.create_user("cw-duong-no", "commune_worker", Some("cp-19909"));
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome: Outcome = async {
        sign_in_as(b, &base, "cw-thuan-an", PASSWORD, &format!("/cases/{case}")).await?;
        tab_to(b, "#transfer summary", 300).await?;
        type_keys(b, ENTER).await?;
        tab_to(b, "#transfer-commune", 10).await?;
        type_keys(b, "Dương Nỗ").await?;
        tab_to(b, "#transfer-reason", 5).await?;
        type_keys(b, &format!("Trẻ chuyển về ở với bà ngoại{ENTER}")).await?;
        let page = wait_for_text(b, "main", "Đã gửi đề nghị chuyển vụ việc").await?;
        assert!(page.contains("Phường Dương Nỗ"), "{page}");
        check_page(b, axe, "case-transfer-proposed").await?;
        at_360(b, "case-transfer-proposed").await?;

        // Dương Nỗ's worker: the transfers page, then the case, taken.
        sign_in_as(b, &base, "cw-duong-no", PASSWORD, "/console/transfers").await?;
        let listed = wait_for_text(b, "main", "Trẻ chuyển về ở với bà ngoại").await?;
        assert!(
            listed.contains("Phường Thuận An → Phường Dương Nỗ"),
            "{listed}"
        );
        check_page(b, axe, "transfers").await?;
        at_360(b, "transfers").await?;
        tab_to(b, "input[id^='accept-']", 100).await?;
        type_keys(b, &format!("Đã liên hệ gia đình{ENTER}")).await?;
        let taken = wait_for_text(b, "main", "Đã tiếp nhận vụ việc").await?;
        assert!(taken.contains("Phường Dương Nỗ"), "{taken}");
        check_page(b, axe, "case-transfer-taken").await?;

        // The sending worker reads the case as it left, and may write nothing to it.
        sign_in_as(b, &base, "cw-thuan-an", PASSWORD, &format!("/cases/{case}")).await?;
        let seen = wait_for_text(b, "main", "Vụ việc đã chuyển cho nơi khác").await?;
        assert!(seen.contains("Nơi nhận tiếp nhận vụ việc"), "{seen}");
        let forms = b
            .find_all(Locator::Css("main form[action^='/console/cases/']"))
            .await?;
        assert!(forms.is_empty(), "a case handed on offers no form");
        check_page(b, axe, "case-handed-on").await?;
        at_360(b, "case-handed-on").await?;
        Ok(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();
}
