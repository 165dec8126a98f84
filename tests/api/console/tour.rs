//! Every page of the console in Chromium, by the people who use it: each role's main path
//! (the police acknowledge and accept from the inbox; the supervisor finds a case's trail,
//! holds the case and corrects a child's name;
//! the administrator adds a user, then deactivates them and their open session ends), and on
//! every page: axe-core finds no serious or critical violation, nothing is wider than a
//! 390 px phone, the page and what it loads stay under 100 KB, and a screenshot at 1280 and
//! 390 px goes under `target/tmp/console-screens/`.

use crate::browser::{click, text_once_shown, type_into};
use fantoccini::{Client, Locator};

use super::audit_a11y::{page_bytes, violations};
use super::keys::{fits, shot, type_keys, wait_for_text, wait_until_not, ENTER, TAB};
use crate::helpers::{abuse_report, PASSWORD};

type Outcome = Result<(), fantoccini::error::CmdError>;

/// Sign out whoever is signed in, and sign in as `user`, landing on `path`.
pub(super) async fn sign_in_as(
    b: &Client,
    base: &str,
    user: &str,
    password: &str,
    path: &str,
) -> Outcome {
    b.delete_all_cookies().await?;
    b.goto(&format!("{base}{path}")).await?;
    b.wait().for_element(Locator::Css("#username")).await?;
    type_keys(b, &format!("{user}{TAB}{password}{ENTER}")).await?;
    // The sign-in page has an h1 too: wait for the page it leads to.
    wait_until_not(b, "main h1", "Đăng nhập").await?;
    Ok(())
}

/// The smallest phone the console is made for: nothing wider, and a screenshot.
pub(super) async fn at_360(b: &Client, name: &str) -> Outcome {
    b.set_window_size(360, 800).await?;
    assert!(fits(b).await?, "{name} is wider than 360 px");
    shot(b, &format!("{name}-360.png")).await?;
    b.set_window_size(1280, 900).await?;
    Ok(())
}

/// The checks every page gets, and its screenshots as `name-1280.png` and `name-390.png`.
pub(super) async fn check_page(b: &Client, axe: Option<&str>, name: &str) -> Outcome {
    b.set_window_size(1280, 900).await?;
    if let Some(axe) = axe {
        let found = violations(b, axe).await?;
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
    let bytes = page_bytes(b).await?;
    println!("page {name}: {bytes} bytes over the wire");
    assert!(bytes < 100_000, "{name} is {bytes} bytes");
    shot(b, &format!("{name}-1280.png")).await?;
    b.set_window_size(390, 844).await?;
    assert!(fits(b).await?, "{name} is wider than a phone");
    shot(b, &format!("{name}-390.png")).await?;
    b.set_window_size(1280, 900).await?;
    Ok(())
}

async fn visit_and_check(
    b: &Client,
    base: &str,
    path: &str,
    axe: Option<&str>,
    name: &str,
) -> Outcome {
    b.goto(&format!("{base}{path}")).await?;
    b.wait().for_element(Locator::Css("main h1")).await?;
    check_page(b, axe, name).await
}

async fn click_button(b: &Client, text: &str) -> Outcome {
    b.find(Locator::XPath(&format!(
        "//button[normalize-space()='{text}']"
    )))
    .await?
    .click()
    .await
}

#[actix_web::test]
async fn every_role_works_its_pages_in_chromium_and_every_page_is_accessible_and_small() {
    let Some((_driver, port, axe, app)) = crate::browser::walk().await else {
        return;
    };
    let axe = axe.as_deref();
    let op = app.operator().await;
    let mut report = abuse_report(19900, "Lường Thị Mây");
    report["emergency"] = serde_json::json!(true);
    let case = app.report(&op, &report).await;
    let id = case["case_id"].as_str().unwrap().to_owned();
    let number = case["case_number"].as_str().unwrap().to_owned();
    app.report(&op, &abuse_report(19900, "Lê Văn Tâm")).await;
    app.exec(&format!(
        "UPDATE outbox SET failed_at = created_at, attempts = 8, last_error = 'smtp 550' WHERE id = (SELECT MIN(id) FROM outbox WHERE case_id = '{id}')"
    ));
    for (user, role, agency) in [
        ("op-web", "operator", Some("hue-hotline")),
        ("cw", "commune_worker", Some("cp-19900")),
        ("chair", "commune_chair", Some("cp-19900")),
        ("police", "police", Some("hue-police")),
        ("sup", "supervisor", Some("hue-cpd")),
        ("admin-web", "admin", None),
    ] {
        app.create_user(user, role, agency);
    }
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome = async {
        // Anyone: the sign-in page.
        b.goto(&format!("{base}/")).await?;
        b.wait().for_element(Locator::Css("#username")).await?;
        check_page(b, axe, "sign-in").await?;
        if let Some(axe) = axe {
            // The check itself works: a field without a label is caught.
            b.execute(
                "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>'); return true;",
                vec![],
            )
            .await?;
            let caught = violations(b, axe).await?;
            assert!(caught.iter().any(|v| v.contains(" label:")), "{caught:?}");
        }

        // The operator: the call form and the case list.
        sign_in_as(b, &base, "op-web", PASSWORD, "/").await?;
        assert!(b
            .current_url()
            .await?
            .as_str()
            .ends_with("/console/calls/new"));
        check_page(b, axe, "call").await?;
        visit_and_check(b, &base, "/console/cases", axe, "cases").await?;

        // The police: acknowledge, then accept, from the inbox.
        sign_in_as(b, &base, "police", PASSWORD, "/").await?;
        assert!(b.current_url().await?.as_str().ends_with("/console/inbox"));
        check_page(b, axe, "inbox").await?;
        click_button(b, "Xác nhận đã nhận").await?;
        wait_for_text(b, "main", "Đã xác nhận nhận chuyển tuyến.").await?;
        click_button(b, "Nhận xử lý").await?;
        wait_for_text(b, "main", "Đã nhận xử lý.").await?;

        // The commune worker: tasks and the case with its step form.
        sign_in_as(b, &base, "cw", PASSWORD, "/").await?;
        check_page(b, axe, "tasks").await?;
        visit_and_check(b, &base, &format!("/cases/{id}"), axe, "case").await?;
        let file = format!("{base}/console/cases/{id}/record");
        b.goto(&file).await?;
        b.wait().for_element(Locator::Css("h1")).await?;
        if let Some(axe) = axe {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "record: {found:#?}");
        }
        shot(b, "record-1280.png").await?;

        // The supervisor: the dashboard, then the case's trail from its page.
        sign_in_as(b, &base, "sup", PASSWORD, "/").await?;
        assert!(b
            .current_url()
            .await?
            .as_str()
            .ends_with("/console/oversight"));
        check_page(b, axe, "oversight").await?;
        b.goto(&format!("{base}/cases/{id}")).await?;
        click(b, Locator::LinkText("Dấu vết truy cập vụ việc")).await?;
        let trail = wait_for_text(b, "main", "police (police)").await?;
        assert!(trail.contains("Xem vụ việc (case.read)"), "{trail}");
        check_page(b, axe, "audit").await?;
        visit_and_check(b, &base, "/console/audit/access", axe, "access").await?;
        visit_and_check(b, &base, "/console/mail", axe, "mail").await?;
        b.goto(&format!("{base}/console/audit")).await?;
        click_button(b, "Kiểm tra tính toàn vẹn của nhật ký").await?;
        wait_for_text(b, "main", "Nhật ký toàn vẹn").await?;
        check_page(b, axe, "verify").await?;

        // The supervisor keeps the case from erasure, corrects the child's name on the
        // family's papers, and lifts the hold.
        b.goto(&format!("{base}/cases/{id}")).await?;
        type_into(b, "#hold-reason", "Công an đề nghị giữ hồ sơ").await?;
        click_button(b, "Đặt lệnh giữ hồ sơ").await?;
        wait_for_text(b, "main", "Đã đặt lệnh giữ hồ sơ").await?;
        click(b, Locator::XPath("//summary[normalize-space()='Sửa thông tin của trẻ em']")).await?;
        type_into(b, "#correct-value", "Lường Thị Mây Hồng").await?;
        type_into(b, "#correct-reason", "Giấy khai sinh do mẹ cháu mang đến").await?;
        click_button(b, "Sửa thông tin").await?;
        let main = wait_for_text(b, "main", "Đã sửa thông tin").await?;
        assert!(main.contains("Lường Thị Mây Hồng"), "{main}");
        assert!(main.contains("Đang có lệnh giữ hồ sơ"), "{main}");
        check_page(b, axe, "case-personal-data").await?;
        click_button(b, "Gỡ lệnh giữ hồ sơ").await?;
        wait_for_text(b, "main", "Đã gỡ lệnh giữ hồ sơ.").await?;

        // The administrator adds a worker, who signs in; deactivated, their session ends.
        sign_in_as(b, &base, "admin-web", PASSWORD, "/").await?;
        check_page(b, axe, "admin-users").await?;
        type_into(b, "#account-username", "cw.moi").await?;
        b.find(Locator::Css("#account-role"))
            .await?
            .select_by_value("commune_worker")
            .await?;
        b.find(Locator::Css("#account-agency"))
            .await?
            .select_by_value("cp-19900")
            .await?;
        click_button(b, "Thêm tài khoản").await?;
        let shown = b
            .wait()
            .for_element(Locator::Css("#password-once .code"))
            .await?;
        let password = shown.text().await?;
        visit_and_check(b, &base, "/console/admin/agencies", axe, "admin-agencies").await?;
        visit_and_check(b, &base, "/console/admin/agencies/hue-police", axe, "admin-agency").await?;
        visit_and_check(b, &base, "/console/admin/rules", axe, "admin-rules").await?;
        let admin_cookies = b.get_all_cookies().await?;

        sign_in_as(b, &base, "cw.moi", &password, "/console/tasks").await?;
        let worker_cookies = b.get_all_cookies().await?;

        b.delete_all_cookies().await?;
        b.goto(&format!("{base}/console/static/console.css"))
            .await?;
        for c in admin_cookies {
            b.add_cookie(c).await?;
        }
        b.goto(&format!("{base}/console/admin/users")).await?;
        click(b, Locator::Css("button[aria-label='Khóa tài khoản cw.moi']")).await?;
        wait_for_text(b, "main", "mọi phiên làm việc của tài khoản đã kết thúc").await?;

        b.delete_all_cookies().await?;
        for c in worker_cookies {
            b.add_cookie(c).await?;
        }
        b.goto(&format!("{base}/console/tasks")).await?;
        b.wait().for_element(Locator::Css("#username")).await?;
        assert!(b.current_url().await?.as_str().contains("/?next="));

        // Another commune's worker: this case is not found.
        app.create_user("cw2", "commune_worker", Some("cp-19909"));
        sign_in_as(b, &base, "cw2", PASSWORD, "/").await?;
        b.goto(&format!("{base}/cases/{id}")).await?;
        let h1 = text_once_shown(b, "main h1").await?;
        assert_eq!(h1, "Lỗi 404");
        let body = b.find(Locator::Css("main")).await?.text().await?;
        assert!(!body.contains(&number));
        check_page(b, axe, "not-found").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("every role went through its pages");
    assert_eq!(app.count("referrals WHERE status = 'accepted'"), 1);
}
