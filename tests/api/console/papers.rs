//! A signed paper in Chromium, by keyboard: a commune worker prints the verification form
//! from the case page (the browser prints it to a PDF, as a worker prints and scans it),
//! attaches that file to the verification step through the page's file input, and finds it
//! listed in the case's papers. Every page passes axe-core and fits a 360 px phone;
//! screenshots at 1280 and 360 px.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::PrintConfiguration;

use super::keys::{shot, tab_to, type_keys, wait_for_text, ENTER};
use super::tour::{at_360, check_page, sign_in_as};
use crate::helpers::{abuse_report, PASSWORD};

type Outcome = Result<(), fantoccini::error::CmdError>;

#[actix_web::test]
async fn a_worker_prints_the_verification_form_and_files_the_signed_scan() {
    let Some((_driver, port, axe, app)) = crate::browser::walk().await else {
        return;
    };
    let axe = axe.as_deref();
    let op = app.operator().await;
    let created = app.report(&op, &abuse_report(19900, "Hồ Thị Giấy")).await;
    let case = created["case_id"].as_str().unwrap().to_owned();
    let number = created["case_number"].as_str().unwrap().to_owned();
    app.create_user("cw-papers", "commune_worker", Some("cp-19900"));
    let base = app.base.clone();
    let scans = tempfile::tempdir().unwrap();
    let scan = scans.path().join("bien-ban-xac-minh.pdf");
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome: Outcome = async {
        sign_in_as(b, &base, "cw-papers", PASSWORD, &format!("/cases/{case}")).await?;
        wait_for_text(b, "main", "Giấy tờ của hồ sơ").await?;
        check_page(b, axe, "case-papers-none").await?;

        // The verification form, printed with the case's data and places to sign.
        tab_to(b, "#print-verification", 300).await?;
        type_keys(b, ENTER).await?;
        let form = wait_for_text(b, "main", "Ký, ghi rõ họ tên").await?;
        assert!(form.contains(&number), "{form}");
        assert!(
            form.contains("Xác minh, đánh giá ban đầu (Mẫu 02)"),
            "{form}"
        );
        assert!(
            form.contains("Hồ Thị Giấy"),
            "the case's data filled in: {form}"
        );
        assert!(
            form.contains("Gắn với “Xác minh"),
            "where the scan goes: {form}"
        );
        check_page(b, axe, "step-form-verification").await?;
        let pdf = b.print(PrintConfiguration::default()).await?;
        assert!(pdf.starts_with(b"%PDF-"), "the browser printed a PDF");
        std::fs::write(&scan, &pdf).unwrap();

        // Back on the case: the form that files it, by keyboard.
        b.goto(&format!("{base}/cases/{case}")).await?;
        tab_to(b, "#add-paper summary", 300).await?;
        type_keys(b, ENTER).await?;
        tab_to(b, "#paper-attach", 10).await?;
        type_keys(b, "X").await?;
        tab_to(b, "#paper-title", 5).await?;
        type_keys(b, "Biên bản xác minh đã ký").await?;
        let file = tab_to(b, "#paper-file", 10).await?;
        file.send_keys(&scan.display().to_string()).await?;
        // Keys sent to a file input are a path: Tab from it is pressed as a key instead.
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: '\u{E004}' })
            .then(KeyAction::Up { value: '\u{E004}' });
        b.perform_actions(tab).await?;
        tab_to(b, "#add-paper button[type=submit]", 5).await?;
        type_keys(b, ENTER).await?;
        let page = wait_for_text(b, "main", "Đã lưu giấy tờ vào hồ sơ.").await?;
        assert!(page.contains("Biên bản xác minh đã ký"), "{page}");
        assert!(
            page.contains("Xác minh, đánh giá ban đầu (Mẫu 02)"),
            "{page}"
        );
        assert!(page.contains("cw-papers"), "{page}");
        check_page(b, axe, "case-papers-filed").await?;
        at_360(b, "case-papers-filed").await?;
        shot(b, "case-papers-filed-1280.png").await?;
        Ok(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();

    // What was filed is the printed form, byte for byte.
    let worker = app
        .login_as("cw-api", "commune_worker", Some("cp-19900"))
        .await;
    let listed = app
        .get(&format!("/api/v1/cases/{case}/documents"), Some(&worker))
        .await;
    let item = &listed.body["items"][0];
    assert_eq!(item["step"], "verification", "{}", listed.body);
    let (_, _, bytes) = app.download(item["id"].as_str().unwrap(), &worker).await;
    assert_eq!(bytes, std::fs::read(&scan).unwrap());
}
