//! Working a case from the pages: the commune worker from tasks, agencies from the inbox, moves and notes, the chair's decision.

use super::*;
use crate::browser::{click, type_into};

#[actix_web::test]
async fn a_commune_worker_follows_the_mail_link_signs_in_by_keyboard_and_works_from_tasks() {
    use fantoccini::Locator;
    let Some((_driver, port)) = crate::browser::start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut report = abuse_report(19900, "Lường Thị Mây");
    report["emergency"] = serde_json::json!(true);
    let case = app.report(&op, &report).await;
    let number = case["case_number"].as_str().unwrap().to_owned();
    let link = format!("{}/cases/{}", app.base, case["case_id"].as_str().unwrap());
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let shots = screens();
    let shot = |name: &'static str| {
        let browser = browser.clone();
        let path = shots.join(name);
        async move {
            let png = browser.screenshot().await?;
            std::fs::write(&path, png).unwrap();
            Ok::<_, fantoccini::error::CmdError>(())
        }
    };
    let fits = |browser: fantoccini::Client| async move {
        browser
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
    };
    let outcome = async {
        browser.set_window_size(1280, 900).await?;
        // The link in the referral e-mail, signed out: the sign-in page, focused on the name.
        browser.goto(&link).await?;
        browser
            .wait()
            .for_element(Locator::Css("#username"))
            .await?;
        shot("sign-in-1280.png").await?;
        let active = browser.active_element().await?;
        assert_eq!(active.attr("id").await?.as_deref(), Some("username"));
        // Keyboard only: the name, Tab, the password, Enter.
        active
            .send_keys(&format!("cw\u{E004}{PASSWORD}\u{E007}"))
            .await?;
        // The sign-in page has an h1 too: wait for the case's.
        let h1 = keys::wait_for_text(&browser, "h1", &number).await?;
        assert!(h1.contains(&number), "{h1}");
        assert_eq!(browser.current_url().await?.as_str(), link);
        let body = browser.find(Locator::Css("main")).await?.text().await?;
        assert!(
            body.contains("Lường Thị Mây") && body.contains("Khẩn cấp"),
            "{body}"
        );
        shot("case-1280.png").await?;

        // The day's work: the emergency measure due within 12 hours, this case first.
        click(&browser, Locator::LinkText("Việc cần làm")).await?;
        let first = browser
            .wait()
            .for_element(Locator::Css("tbody tr td a"))
            .await?;
        assert_eq!(first.text().await?, number);
        let row = browser.find(Locator::Css("tbody tr")).await?.text().await?;
        assert!(
            row.contains("Biện pháp khẩn cấp") && row.contains("Quá hạn"),
            "{row}"
        );
        let summary = browser
            .find(Locator::Css("main p.muted"))
            .await?
            .text()
            .await?;
        assert!(summary.starts_with("1 việc quá hạn"), "{summary}");
        shot("tasks-1280.png").await?;

        // A phone: nothing wider than the screen.
        browser.set_window_size(390, 844).await?;
        assert_eq!(
            fits(browser.clone()).await?,
            serde_json::json!(true),
            "tasks on a phone"
        );
        shot("tasks-390.png").await?;
        first.click().await?;
        browser.wait().for_element(Locator::Css("h1")).await?;
        assert_eq!(
            fits(browser.clone()).await?,
            serde_json::json!(true),
            "case on a phone"
        );
        shot("case-390.png").await?;
        browser.set_window_size(360, 740).await?;
        assert_eq!(
            fits(browser.clone()).await?,
            serde_json::json!(true),
            "case at 360 px"
        );

        // The first Tab reaches the skip link; signing out leads back to the sign-in page.
        type_into(&browser, "body", "\u{E004}").await?;
        let skip = browser.active_element().await?;
        assert_eq!(skip.attr("class").await?.as_deref(), Some("skip"));
        click(
            &browser,
            Locator::XPath("//button[normalize-space()='Đăng xuất']"),
        )
        .await?;
        browser
            .wait()
            .for_element(Locator::Css("#username"))
            .await?;
        shot("sign-in-390.png").await?;
        browser.goto(&link).await?;
        browser
            .wait()
            .for_element(Locator::Css("#username"))
            .await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("the worker went through the console");
    for name in [
        "sign-in-1280.png",
        "case-1280.png",
        "tasks-1280.png",
        "tasks-390.png",
        "case-390.png",
        "sign-in-390.png",
    ] {
        let png = std::fs::read(shots.join(name)).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 5_000, "{name}");
    }
}

#[actix_web::test]
async fn agencies_work_their_referrals_from_the_inbox_page() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.create_user("police", "police", Some("hue-police"));
    app.create_user("cpd", "agency_officer", Some("hue-cpd"));
    app.create_user("op2", "operator", Some("hue-hotline"));
    let case = app.report(&op, &abuse_report(19900, "Hà Thị Lan")).await;
    let number = case["case_number"].as_str().unwrap();
    let referral = referral_id(&case, "hue-police");

    let mut jar = sign_in(&app, "police").await;
    let inbox = get(&app, &mut jar, "/console/inbox").await;
    assert_eq!(inbox.status, StatusCode::OK);
    for text in [number, "Xác nhận đã nhận", "Nhận xử lý", "Từ chối", "còn "] {
        assert!(inbox.html.contains(text), "{text} missing from the inbox");
    }
    let csrf = inbox.csrf();
    let act = |action: &str| format!("/console/referrals/{referral}/{action}");

    // A move needs the session's token.
    let forged = visit(&app, &mut jar, Method::POST, &act("acknowledge"), Some(&[])).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let done = visit(
        &app,
        &mut jar,
        Method::POST,
        &act("acknowledge"),
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/console/inbox?done=acknowledge");
    let after = get(&app, &mut jar, done.location()).await;
    assert!(after.html.contains("Đã xác nhận nhận chuyển tuyến."));
    assert!(after.html.contains("Đã nhận"), "the referral's new state");
    assert!(
        !after.html.contains("Xác nhận đã nhận</button>"),
        "acknowledged once"
    );

    // Declining needs a reason: the page says so and links to the field.
    let refused = visit(
        &app,
        &mut jar,
        Method::POST,
        &act("decline"),
        Some(&[("csrf", &csrf), ("text", "  ")]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains(&format!("href=\"#text-{referral}-decline\"")),
        "{}",
        refused.html
    );
    let accepted = visit(
        &app,
        &mut jar,
        Method::POST,
        &act("accept"),
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let moves: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| {
            e.entity_id.as_deref() == Some(referral.as_str())
                && e.actor.as_deref() == Some("police")
        })
        .map(|e| e.action)
        .collect();
    assert_eq!(moves, vec!["referral.acknowledge", "referral.accept"]);

    // The department coordinates: its inbox offers no decline.
    let mut dept = sign_in(&app, "cpd").await;
    let page = get(&app, &mut dept, "/console/inbox").await;
    assert!(page.html.contains("Nhận xử lý") && !page.html.contains(">Từ chối</button>"));
    // A hotline has no inbox.
    let mut hotline = sign_in(&app, "op2").await;
    let page = get(&app, &mut hotline, "/console/inbox").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_case_page_offers_only_the_moves_the_person_may_make_and_takes_notes() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    app.create_user("police", "police", Some("hue-police"));
    let case = app.report(&op, &abuse_report(19900, "Vi Thị Hằng")).await;
    let path = format!("/cases/{}", case["case_id"].as_str().unwrap());
    let mut jar = sign_in(&app, "cw").await;
    let page = get(&app, &mut jar, &path).await;
    assert!(page.html.contains("value=\"verifying\"") && page.html.contains("value=\"no_action\""));
    assert!(
        !page.html.contains("value=\"duplicate\""),
        "a duplicate is linked, not moved to"
    );
    let csrf = page.csrf();
    let mv = format!("/console{path}/move");

    let forged = visit(
        &app,
        &mut jar,
        Method::POST,
        &mv,
        Some(&[("to", "verifying")]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A move the lifecycle has not: refused on the page, saying where the case may go.
    let skip = visit(
        &app,
        &mut jar,
        Method::POST,
        &mv,
        Some(&[("csrf", &csrf), ("to", "closed")]),
    )
    .await;
    assert_eq!(skip.status, StatusCode::CONFLICT);
    assert!(skip.html.contains("Không thể chuyển") && skip.html.contains("href=\"#move-note\""));
    let moved = visit(
        &app,
        &mut jar,
        Method::POST,
        &mv,
        Some(&[
            ("csrf", &csrf),
            ("to", "verifying"),
            ("note", "Đã gọi cho gia đình"),
        ]),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let page = get(&app, &mut jar, moved.location()).await;
    assert!(
        page.html.contains("Đã chuyển trạng thái vụ việc.") && page.html.contains("Đang xác minh")
    );
    // Onward needs the verification record: the page names what is missing.
    let early = visit(
        &app,
        &mut jar,
        Method::POST,
        &mv,
        Some(&[("csrf", &csrf), ("to", "assessing")]),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.html.contains("Mẫu 02"), "{}", early.html);

    // Notes: an empty one is refused at its field; a real one joins the timeline.
    let notes = format!("/console{path}/notes");
    let empty = visit(
        &app,
        &mut jar,
        Method::POST,
        &notes,
        Some(&[("csrf", &csrf), ("text", " ")]),
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.html.contains("href=\"#note-text\""));
    let noted = visit(
        &app,
        &mut jar,
        Method::POST,
        &notes,
        Some(&[
            ("csrf", &csrf),
            ("text", "Gia đình đồng ý gặp vào thứ Hai."),
        ]),
    )
    .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let page = get(&app, &mut jar, noted.location()).await;
    assert!(page.html.contains("Gia đình đồng ý gặp vào thứ Hai."));
    assert_eq!(app.events("note").len(), 1);

    // The police read the case but move nothing from here.
    let mut police = sign_in(&app, "police").await;
    let page = get(&app, &mut police, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains("Chuyển trạng thái</button>"));
}

#[actix_web::test]
async fn the_chair_reads_the_submitted_plan_and_returns_or_approves_it_on_the_case_page() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    app.create_user("chair", "commune_chair", Some("cp-19900"));
    app.create_user("police", "police", Some("hue-police"));
    let case = app.report(&op, &abuse_report(19900, "Cầm Thị Sen")).await;
    let id = case["case_id"].as_str().unwrap();
    app.plan_case(id, &worker, None).await;
    let path = format!("/cases/{id}");

    let mut chair = sign_in(&app, "chair").await;
    let page = get(&app, &mut chair, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Kế hoạch hỗ trợ, can thiệp (Mẫu 04)",
        "Chờ phê duyệt",
        "Trẻ an toàn trên mạng",
        "Tư vấn tâm lý 4 buổi",
        "Phê duyệt kế hoạch",
    ] {
        assert!(page.html.contains(text), "{text} missing");
    }
    let csrf = page.csrf();
    // A return needs its reason, named at its field.
    let bare = visit(
        &app,
        &mut chair,
        Method::POST,
        &format!("/console{path}/plan/return"),
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.html.contains("href=\"#plan-reason\""));
    let back = visit(
        &app,
        &mut chair,
        Method::POST,
        &format!("/console{path}/plan/return"),
        Some(&[
            ("csrf", &csrf),
            ("reason", "Bổ sung hỗ trợ học tập cho trẻ."),
        ]),
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let page = get(&app, &mut chair, back.location()).await;
    assert!(
        page.html.contains("Trả lại để chỉnh sửa")
            && page.html.contains("Bổ sung hỗ trợ học tập cho trẻ.")
    );
    assert!(
        !page.html.contains("Phê duyệt kế hoạch</button>"),
        "nothing to decide until resubmitted"
    );

    // Resubmitted, then approved from the page.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/plan/submit"),
            Some(&worker),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ok = visit(
        &app,
        &mut chair,
        Method::POST,
        &format!("/console{path}/plan/approve"),
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = get(&app, &mut chair, ok.location()).await;
    assert!(page.html.contains("Đã phê duyệt kế hoạch.") && page.html.contains("Đã phê duyệt"));
    assert_eq!(app.events("plan.approved").len(), 1);

    // The police see the case, not the plan.
    let mut police = sign_in(&app, "police").await;
    let page = get(&app, &mut police, &path).await;
    assert!(!page.html.contains("Mẫu 04") && !page.html.contains("Tư vấn tâm lý 4 buổi"));
}
