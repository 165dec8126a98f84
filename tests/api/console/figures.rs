//! The figures' pages: the statistics of a person's area with its charts and tables, the
//! downloads, and the printed report; in Chromium as a supervisor uses them (a period chosen
//! by keyboard, the printable report followed from its link), accessible at 1280 and 390 px.

use crate::browser::click;
use awc::http::StatusCode;
use fantoccini::Locator;

use super::audit_a11y::{axe_source, violations};
use super::keys::{fits, shot, type_keys, wait_for_text, ENTER, TAB};
use super::{get, sign_in};
use crate::helpers::{abuse_report, TestApp, PASSWORD};

async fn two_cases(app: &TestApp) {
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    app.report(&op, &abuse_report(19909, "Ngô Văn Nam")).await;
}

#[actix_web::test]
async fn each_person_reads_the_figures_of_its_own_area() {
    let app = TestApp::spawn().await;
    two_cases(&app).await;
    app.create_user("sup-web", "supervisor", Some("hue-cpd"));
    let mut sup = sign_in(&app, "sup-web").await;
    let page = get(&app, &mut sup, "/console/stats?preset=month&on=2026-11-28").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page
        .html
        .contains("<strong>Thành phố Huế</strong> · Tháng 11/2026"));
    assert!(
        page.html.contains("href=\"/console/stats\">Số liệu</a>"),
        "in the menu"
    );
    // Two children on screen, exactly; three charts, each over its table.
    assert!(
        page.html
            .contains("Trẻ em bị xâm hại (chỉ tiêu 0101)</td><td class=\"num\">2</td>"),
        "{}",
        page.html
    );
    assert_eq!(page.html.matches("<svg class=\"chart\"").count(), 3);
    assert!(page.html.contains("<title id=\"chart-types-title\">"));

    // The worker of Thuận An sees one child; the administrator no figures.
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, "/console/stats?preset=month&on=2026-11-28").await;
    assert!(
        page.html.contains("<strong>Phường Thuận An</strong>"),
        "{}",
        page.html
    );
    assert!(page
        .html
        .contains("Trẻ em bị xâm hại (chỉ tiêu 0101)</td><td class=\"num\">1</td>"));
    app.create_user("root-web", "admin", None);
    let mut admin = sign_in(&app, "root-web").await;
    let refused = get(&app, &mut admin, "/console/stats").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A custom period needs its days.
    let bad = get(
        &app,
        &mut sup,
        "/console/stats?preset=custom&from=2026-11-01",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("href=\"#stats-to\""), "{}", bad.html);

    // The downloads and the printed report suppress the small counts, and are audited.
    let csv = get(
        &app,
        &mut sup,
        "/console/stats/export?preset=month&on=2026-11-28&format=csv",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .html
        .contains("children_abused,Trẻ em bị xâm hại (chỉ tiêu 0101),< 5"));
    let printed = get(
        &app,
        &mut sup,
        "/console/stats/print?preset=month&on=2026-11-28",
    )
    .await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(
        printed.html.contains("Sở Y tế Thành phố Huế")
            || printed.html.contains("Thành phố Huế, ngày")
    );
    assert!(
        printed
            .html
            .contains("Trẻ em bị xâm hại (chỉ tiêu 0101)</td><td class=\"num\">&#60; 5</td>"),
        "{}",
        printed.html
    );
    assert!(printed.html.contains("THỦ TRƯỞNG CƠ QUAN"));
    assert_eq!(
        app.count("audit_entries WHERE action = 'figures.export'"),
        2
    );
    assert_eq!(app.count("audit_entries WHERE action = 'figures.read'"), 2);
}

#[actix_web::test]
async fn a_supervisor_picks_a_period_by_keyboard_and_prints_the_report_in_chromium() {
    let Some((_driver, port)) = crate::browser::start_driver().await else {
        return;
    };
    let axe = axe_source();
    let app = TestApp::spawn().await;
    two_cases(&app).await;
    app.create_user("sup-b", "supervisor", Some("hue-cpd"));
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome = async {
        b.goto(&format!("{base}/?next=/console/stats")).await?;
        b.wait().for_element(Locator::Css("#username")).await?;
        type_keys(b, &format!("sup-b{TAB}{PASSWORD}{ENTER}")).await?;
        wait_for_text(b, "main h1", "Số liệu thống kê").await?;
        // The year of 2026: the period's kind, then a day in it, by keyboard.
        b.find(Locator::Css("#stats-preset"))
            .await?
            .select_by_value("year")
            .await?;
        let day = b.find(Locator::Css("#stats-on")).await?;
        day.send_keys(&format!("01062026{ENTER}")).await?;
        wait_for_text(b, "p.lead", "Năm 2026").await?;
        let charts = b.find_all(Locator::Css("svg.chart rect")).await?;
        assert!(!charts.is_empty(), "the charts are drawn");
        if let Some(axe) = axe.as_deref() {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "figures: {found:#?}");
        }
        b.set_window_size(1280, 900).await?;
        shot(b, "figures-1280.png").await?;
        // Each chart on its own, as it is drawn.
        for (i, chart) in b
            .find_all(Locator::Css("svg.chart"))
            .await?
            .iter()
            .enumerate()
        {
            let png = chart.screenshot().await?;
            std::fs::write(
                super::screens().join(format!("figures-chart-{}.png", i + 1)),
                png,
            )
            .unwrap();
        }
        b.set_window_size(360, 800).await?;
        assert!(fits(b).await?, "the figures are wider than a phone");
        shot(b, "figures-360.png").await?;
        b.set_window_size(1280, 900).await?;

        click(b, Locator::LinkText("Bản in báo cáo")).await?;
        wait_for_text(b, "h1", "BÁO CÁO").await?;
        let head = b.find(Locator::Css(".document-head")).await?.text().await?;
        assert!(
            head.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{head}"
        );
        let period = b
            .find(Locator::Css(".document-period"))
            .await?
            .text()
            .await?;
        assert!(period.contains("Năm 2026"), "{period}");
        if let Some(axe) = axe.as_deref() {
            let found = violations(b, axe).await?;
            assert!(found.is_empty(), "printed report: {found:#?}");
        }
        shot(b, "figures-print-1280.png").await?;
        b.set_window_size(360, 800).await?;
        assert!(fits(b).await?, "the printed report is wider than a phone");
        shot(b, "figures-print-360.png").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();
}
