//! The plan's activities page: a body of the plan records its work with the form (refused
//! fields named, a forged form refused), lists it, and the compiling department sees every
//! body's; in Chromium as a plan officer fills it in by keyboard, accessible at 1280 and 360 px.

use crate::browser::type_into;
use awc::http::{Method, StatusCode};
use fantoccini::Locator;

use super::audit_a11y::{axe_source, violations};
use super::keys::{fits, shot, type_keys, wait_for_text, ENTER, TAB};
use super::{get, sign_in, visit};
use crate::helpers::{TestApp, PASSWORD};

#[actix_web::test]
async fn a_body_records_its_work_and_the_department_sees_every_body_s() {
    let app = TestApp::spawn().await;
    app.create_user("edu-web", "plan_officer", Some("hue-education"));
    let mut edu = sign_in(&app, "edu-web").await;
    let page = get(&app, &mut edu, "/console/activities").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page
        .html
        .contains("href=\"/console/activities\">Hoạt động</a>"));
    assert!(page.html.contains("Chưa có hoạt động nào"));
    let csrf = page.csrf();
    let title = "Sinh hoạt dưới cờ về an toàn trên mạng, THCS Nguyễn Tri Phương";
    let form = |held_on: &'static str, quantity: &'static str| {
        vec![
            ("item", "II.1"),
            ("kind", "awareness_session"),
            ("held_on", held_on),
            ("title", title),
            ("audience", "pupils"),
            ("quantity", quantity),
            ("reach", "1.200"),
            ("link", ""),
            ("commune_code", "19900"),
        ]
    };

    // Refused, each problem named by its field; nothing written.
    let mut bad = form("2099-01-01", "ba");
    bad.push(("csrf", &csrf));
    let refused = visit(
        &app,
        &mut edu,
        Method::POST,
        "/console/activities",
        Some(&bad),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("href=\"#activity-quantity\""),
        "{}",
        refused.html
    );
    assert!(refused.html.contains(title), "the form comes back as sent");
    let mut future = form("2099-01-01", "2");
    future.push(("csrf", &csrf));
    let refused = visit(
        &app,
        &mut edu,
        Method::POST,
        "/console/activities",
        Some(&future),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("href=\"#activity-held_on\""));
    // A form from elsewhere.
    let mut forged = form("2026-11-20", "2");
    forged.push(("csrf", "guess"));
    let refused = visit(
        &app,
        &mut edu,
        Method::POST,
        "/console/activities",
        Some(&forged),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("plan_activities"), 0);

    let mut good = form("2026-11-20", "2");
    good.push(("csrf", &csrf));
    let saved = visit(
        &app,
        &mut edu,
        Method::POST,
        "/console/activities",
        Some(&good),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location(), "/console/activities?saved=1");
    let listed = get(
        &app,
        &mut edu,
        "/console/activities?saved=1&preset=year&on=2026-11-20",
    )
    .await;
    assert!(listed.html.contains("Đã ghi nhận hoạt động."));
    assert!(listed.html.contains(title), "{}", listed.html);
    assert!(listed.html.contains("<td class=\"num\">1.200</td>"));
    assert_eq!(
        app.count("audit_entries WHERE action = 'plan_activity.create'"),
        1
    );

    // The child-protection department compiles: it sees the education department's work.
    app.create_user("cpd-web", "agency_officer", Some("hue-cpd"));
    let mut cpd = sign_in(&app, "cpd-web").await;
    let all = get(
        &app,
        &mut cpd,
        "/console/activities?preset=year&on=2026-11-20",
    )
    .await;
    assert!(all.html.contains("Hoạt động của các cơ quan trên địa bàn"));
    assert!(all.html.contains(title));
    assert!(all.html.contains("Sở Giáo dục và Đào tạo"), "{}", all.html);

    // An operator records no activity: no menu entry, the page refused.
    app.create_user("op-web", "operator", Some("hue-hotline"));
    let mut op = sign_in(&app, "op-web").await;
    let page = get(&app, &mut op, "/console/activities").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let tasks = get(&app, &mut op, "/console/tasks").await;
    assert!(!tasks.html.contains("href=\"/console/activities\""));
}

#[actix_web::test]
async fn a_plan_officer_records_an_activity_by_keyboard_in_chromium() {
    let Some((_driver, port)) = crate::browser::start_driver().await else {
        return;
    };
    let axe = axe_source();
    let app = TestApp::spawn().await;
    app.create_user("edu-b", "plan_officer", Some("hue-education"));
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome = async {
        b.goto(&format!("{base}/?next=/console/activities")).await?;
        b.wait().for_element(Locator::Css("#username")).await?;
        type_keys(b, &format!("edu-b{TAB}{PASSWORD}{ENTER}")).await?;
        wait_for_text(b, "main h1", "Hoạt động thực hiện kế hoạch").await?;
        if let Some(axe) = axe.as_deref() {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "activities: {found:#?}");
        }
        b.find(Locator::Css("#activity-kind"))
            .await?
            .select_by_value("training")
            .await?;
        type_into(
            b,
            "#activity-title",
            "Tập huấn giáo viên về phòng, chống xâm hại trẻ em trên mạng",
        )
        .await?;
        // From the title, by keyboard: audience (skipped), the number of sessions, the reach.
        type_keys(b, &format!("{TAB}{TAB}\u{e003}3{TAB}85")).await?;
        shot(b, "activities-form-1280.png").await?;
        type_keys(b, ENTER).await?;
        wait_for_text(b, "p.notice", "Đã ghi nhận hoạt động.").await?;
        let row = b
            .find(Locator::Css("main table tbody tr"))
            .await?
            .text()
            .await?;
        assert!(row.contains("Tập huấn giáo viên"), "{row}");
        assert!(row.contains("85"), "{row}");
        if let Some(axe) = axe.as_deref() {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "activities, saved: {found:#?}");
        }
        b.set_window_size(1280, 900).await?;
        shot(b, "activities-1280.png").await?;
        b.set_window_size(360, 800).await?;
        assert!(fits(b).await?, "the activities page is wider than a phone");
        shot(b, "activities-360.png").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();
}
