//! The operator's call page over HTTP, as a browser without JavaScript speaks to it, and the
//! fragments htmx asks for while a call is typed.

use awc::http::{Method, StatusCode};

use super::{get, sign_in, visit, Jar};
use crate::helpers::{abuse_report, TestApp};

/// The fields of a fresh call form, as the browser would send them back.
async fn blank(app: &TestApp, jar: &mut Jar) -> Vec<(String, String)> {
    let page = get(app, jar, "/console/calls/new").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let at = page.html.find("name=\"idem\" value=\"").unwrap() + 19;
    let idem = page.html[at..].split('"').next().unwrap().to_owned();
    vec![
        ("csrf".into(), page.csrf()),
        ("idem".into(), idem),
        ("contact-type".into(), "abuse_report".into()),
        ("channel".into(), "local_hotline".into()),
        ("province".into(), "46".into()),
    ]
}

async fn post(app: &TestApp, jar: &mut Jar, path: &str, form: &[(String, String)]) -> super::Page {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    visit(app, jar, Method::POST, path, Some(&pairs)).await
}

fn with(form: &[(String, String)], more: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = form.to_vec();
    all.extend(more.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    all
}

#[actix_web::test]
async fn an_operator_logs_a_call_without_javascript_and_lands_on_the_routed_case() {
    let app = TestApp::spawn().await;
    app.create_user("op-web", "operator", Some("hue-hotline"));
    let mut jar = sign_in(&app, "op-web").await;
    let page = get(&app, &mut jar, "/console/calls/new").await;
    // The operator's own province is chosen, an abuse report is the first and default type.
    assert!(
        page.html.contains("<option value=\"46\" selected>"),
        "{}",
        page.html
    );
    assert!(page.html.contains(
        "id=\"contact-type\" name=\"contact-type\" value=\"abuse_report\" checked autofocus"
    ));
    let form = blank(&app, &mut jar).await;
    let call = with(
        &form,
        &[
            ("commune-q", "thuan an"),
            ("children-0-name", "Hồ Thị Lan"),
            ("children-0-birth-year", "2013"),
            ("children-1-birth-year", "two thousand"),
            ("informant-phone", "0905 777 888"),
            ("informant-name", "Không đồng ý nên không lưu"),
            ("narrative", "Bị người lạ dụ dỗ gửi ảnh qua Messenger."),
            ("online-urls", "https://www.facebook.com/stranger.99"),
            ("emergency", "yes"),
        ],
    );

    // No category and a year that is no number: every problem at once, linked to its field,
    // and what was typed is still there.
    let refused = post(&app, &mut jar, "/console/calls", &call).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains("href=\"#categories\""),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("href=\"#children-1-birth-year\""));
    assert!(refused.html.contains("value=\"Hồ Thị Lan\""));
    assert!(refused
        .html
        .contains("Bị người lạ dụ dỗ gửi ảnh qua Messenger."));
    assert_eq!(app.count("reports"), 0);

    let call = with(
        &call
            .into_iter()
            .filter(|(k, _)| k != "children-1-birth-year")
            .collect::<Vec<_>>(),
        &[("categories", "online_sexual_exploitation")],
    );
    let saved = post(&app, &mut jar, "/console/calls", &call).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let case_path = saved.location().split('?').next().unwrap().to_owned();
    assert!(
        saved.location().ends_with("?done=logged"),
        "{}",
        saved.location()
    );
    // "thuan an" in Huế is one ward: resolved without a choice to make.
    assert_eq!(app.count("cases"), 1);
    assert_eq!(
        app.count("cases WHERE commune_code = 19900 AND emergency = TRUE"),
        1
    );
    // Without consent the informant's name is not kept.
    assert_eq!(app.count("reports WHERE informant_name IS NOT NULL"), 0);

    let shown = get(&app, &mut jar, saved.location()).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.html.contains("<h1>Vụ việc "), "{}", shown.html);
    assert!(shown.html.contains("Đã lưu và chuyển tuyến"));
    assert!(shown.html.contains("Lý do chuyển"));
    assert!(
        shown.html.contains("Công an"),
        "the police are routed an emergency"
    );

    // The same form sent twice (a double click, a reload) is one report.
    let again = post(&app, &mut jar, "/console/calls", &call).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location().starts_with(&case_path));
    assert_eq!(app.count("reports"), 1);

    // Nationwide, "thuan an" is four places: the operator is asked to choose.
    let mut nationwide = blank(&app, &mut jar).await;
    nationwide.retain(|(k, _)| k != "province");
    let nationwide = with(
        &nationwide,
        &[("commune-q", "Thuan An"), ("categories", "neglect")],
    );
    let choose = post(&app, &mut jar, "/console/calls", &nationwide).await;
    assert_eq!(choose.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(choose
        .html
        .contains("Có nhiều xã, phường hợp với tên đã nhập"));
    for code in [562, 19900, 24682, 25978] {
        assert!(
            choose.html.contains(&format!("id=\"commune-{code}\"")),
            "{code}"
        );
    }
    // Choosing one logs the call; one outside the operator's province is refused.
    let elsewhere = with(&nationwide, &[("commune", "24682")]);
    let refused = post(&app, &mut jar, "/console/calls", &elsewhere).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("href=\"#place-commune-code\""),
        "{}",
        refused.html
    );
    let chosen = with(&nationwide, &[("commune", "19900")]);
    let saved = post(&app, &mut jar, "/console/calls", &chosen).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(app.count("cases WHERE commune_code = 19900"), 2);

    // Without JavaScript, the search button only finds communes.
    let find = with(
        &blank(&app, &mut jar).await,
        &[("commune-q", "duong no"), ("action", "find-commune")],
    );
    let found = post(&app, &mut jar, "/console/calls", &find).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.html.contains("Phường Dương Nỗ, Thành phố Huế"));
    assert_eq!(app.count("reports"), 2);

    // A counselling call opens no case: a fresh form says it was logged.
    let mut counselling = blank(&app, &mut jar).await;
    counselling.retain(|(k, _)| k != "contact-type");
    let counselling = with(&counselling, &[("contact-type", "counselling")]);
    let done = post(&app, &mut jar, "/console/calls", &counselling).await;
    assert_eq!(done.location(), "/console/calls/new?done=counselling");
    let next = get(&app, &mut jar, done.location()).await;
    assert!(next.html.contains("Đã ghi nhận cuộc liên hệ: Tư vấn."));
    assert_eq!(app.count("reports"), 3);

    // A form without its token is refused, and nothing is logged.
    let forged: Vec<(String, String)> = call.iter().filter(|(k, _)| k != "csrf").cloned().collect();
    let forged = post(&app, &mut jar, "/console/calls", &forged).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("reports"), 3);
}

#[actix_web::test]
async fn only_operators_log_calls() {
    let app = TestApp::spawn().await;
    for (user, role, agency) in [
        ("cw", "commune_worker", "cp-19900"),
        ("sup", "supervisor", "hue-cpd"),
    ] {
        app.create_user(user, role, Some(agency));
        let mut jar = sign_in(&app, user).await;
        let page = get(&app, &mut jar, "/console/calls/new").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
        assert!(
            page.html
                .contains("Vai trò của bạn không được xem trang này"),
            "{}",
            page.html
        );
        assert!(
            !page.html.contains("/console/calls/new\">"),
            "no link for {role}"
        );
    }
}

#[actix_web::test]
async fn while_a_call_is_typed_the_operator_sees_places_duplicates_and_earlier_contacts() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let first = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let number = first["case_number"].as_str().unwrap().to_owned();
    app.create_user("op-web", "operator", Some("hue-hotline"));
    let mut jar = sign_in(&app, "op-web").await;
    let form = blank(&app, &mut jar).await;

    // The picker: no diacritics, no unit word, the one that fits is chosen.
    let places = post(
        &app,
        &mut jar,
        "/console/calls/places",
        &with(&form, &[("commune-q", "DUONG NO")]),
    )
    .await;
    assert_eq!(places.status, StatusCode::OK);
    assert!(
        places.html.contains("value=\"19909\" checked"),
        "{}",
        places.html
    );
    assert!(!places.html.contains("<html"), "a fragment, not a page");

    // Nothing to compare yet: no hint, and nothing audited.
    let before = app.count("audit_entries WHERE action = 'intake.hints'");
    let empty = post(&app, &mut jar, "/console/calls/hints", &form).await;
    assert!(empty.html.contains("Chưa thấy vụ việc trùng"));
    assert_eq!(
        app.count("audit_entries WHERE action = 'intake.hints'"),
        before
    );

    // The same profile URL and the same number as the first report.
    let typed = with(
        &form,
        &[
            ("online-urls", "http://facebook.com/some.profile/"),
            ("informant-phone", "+84 905 123 456"),
        ],
    );
    let hints = post(&app, &mut jar, "/console/calls/hints", &typed).await;
    assert_eq!(hints.status, StatusCode::OK);
    assert!(
        hints
            .html
            .contains(&format!(">{number}</a> – trùng đường dẫn")),
        "{}",
        hints.html
    );
    assert!(
        hints.html.contains("đã liên hệ trước đây"),
        "{}",
        hints.html
    );
    // Audited by counts, never the number or the URL.
    let entries = app.audit_entries();
    let entry = entries
        .iter()
        .rev()
        .find(|e| e.action == "intake.hints")
        .unwrap();
    let detail = &entry.detail;
    assert!(detail.contains("\"duplicates_found\":1"), "{detail}");
    assert!(
        !detail.contains("905 123 456")
            && !detail.contains("905123456")
            && !detail.contains("some.profile"),
        "{detail}"
    );

    // A commune worker may not probe.
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, "/console/tasks").await;
    let probe = with(&typed, &[])
        .into_iter()
        .map(|(k, v)| {
            if k == "csrf" {
                (k, page.csrf())
            } else {
                (k, v)
            }
        })
        .collect::<Vec<_>>();
    let refused = post(&app, &mut cw, "/console/calls/hints", &probe).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn an_operator_logs_an_emergency_online_exploitation_call_by_keyboard_and_sees_the_routing() {
    use super::keys::{fits, shot, tab_to, type_keys, wait_for_text, ENTER, SPACE, TAB};
    use crate::helpers::PASSWORD;
    use fantoccini::Locator;
    let Some((_driver, port)) = crate::browser::start_driver().await else {
        return;
    };
    let app = TestApp::spawn().await;
    // The same caller rang before about another child.
    let op = app.operator().await;
    app.report(&op, &abuse_report(19909, "Ngô Văn Nam")).await;
    app.create_user("op-web", "operator", Some("hue-hotline"));
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome = async {
        b.set_window_size(1280, 900).await?;
        b.goto(&format!("{}/console/calls/new", app.base)).await?;
        b.wait().for_element(Locator::Css("#username")).await?;
        type_keys(b, &format!("op-web{TAB}{PASSWORD}{ENTER}")).await?;
        b.wait().for_element(Locator::Css("form.call")).await?;
        // The contact type has the focus: an abuse report is the default.
        let first = b.active_element().await?;
        assert_eq!(first.attr("id").await?.as_deref(), Some("contact-type"));
        // The informant's name waits for consent.
        let name = b.find(Locator::Css("#informant-name")).await?;
        assert!(!name.is_displayed().await?);

        tab_to(b, "#emergency", 10).await?;
        type_keys(b, SPACE).await?;
        tab_to(b, "#category-online_sexual_exploitation", 5).await?;
        type_keys(b, SPACE).await?;
        tab_to(b, "#place-commune-code", 20).await?;
        type_keys(b, "thuan an").await?;
        wait_for_text(b, "#commune-choices", "Phường Thuận An, Thành phố Huế").await?;
        // Each letter typed asks for the choices again: a later answer may replace the one
        // just read, so the choice is read again until it holds still.
        let mut checked = None;
        for _ in 0..50 {
            let choice = b.find(Locator::Css("#commune-19900")).await?;
            match choice.prop("checked").await {
                Ok(v) => {
                    checked = v;
                    break;
                }
                Err(fantoccini::error::CmdError::Standard(w))
                    if w.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                {
                    actix_rt::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e),
            }
        }
        assert_eq!(checked.as_deref(), Some("true"));
        tab_to(b, "#children-0-name", 10).await?;
        type_keys(b, &format!("Lê Thị Hạnh{TAB}2014")).await?;
        tab_to(b, "#informant-phone", 12).await?;
        type_keys(b, &format!("0905123456{TAB}")).await?;
        // The number is known: the earlier contact shows while the call goes on.
        wait_for_text(b, "#hints", "đã liên hệ trước đây").await?;
        tab_to(b, "#informant-consent", 5).await?;
        type_keys(b, SPACE).await?;
        assert!(
            name.is_displayed().await?,
            "consent shows the informant's fields"
        );
        tab_to(b, "#informant-name", 3).await?;
        type_keys(b, "Chị Hoa").await?;
        tab_to(b, "#narrative", 5).await?;
        type_keys(b, "Người lạ đe dọa phát tán ảnh của cháu trên TikTok.").await?;
        tab_to(b, "#online-urls", 6).await?;
        type_keys(b, "https://www.tiktok.com/@ke.la.99").await?;
        shot(b, "call-1280.png").await?;
        b.set_window_size(390, 844).await?;
        assert!(fits(b).await?, "the call form on a phone");
        shot(b, "call-390.png").await?;
        b.set_window_size(1280, 900).await?;
        tab_to(b, "form.call button[type=submit]:not([name])", 30).await?;
        type_keys(b, ENTER).await?;

        // Saved: the case, its risk, and where it went and why.
        let status = wait_for_text(b, "main", "Đã lưu và chuyển tuyến").await?;
        assert!(status.contains("Khẩn cấp"), "{status}");
        assert!(
            status.contains("Lý do chuyển") && status.contains("Công an"),
            "{status}"
        );
        shot(b, "case-logged-1280.png").await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("the operator logged the call by keyboard");
    assert_eq!(
        app.count("cases WHERE commune_code = 19900 AND emergency = TRUE"),
        1
    );
    assert_eq!(
        app.informant_names()
            .iter()
            .filter(|n| *n == "Chị Hoa")
            .count(),
        1
    );
}
