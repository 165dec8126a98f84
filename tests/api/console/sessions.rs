//! A referral link through sign-in to the audited case, and sessions that end.

use super::*;

#[actix_web::test]
async fn a_referral_link_leads_through_sign_in_to_the_case_and_the_case_is_read_as_audited() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let case = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let other = app.report(&op, &abuse_report(19909, "Ngô Văn Nam")).await;
    let id = case["case_id"].as_str().unwrap();
    let path = format!("/cases/{id}");
    let mut jar = Jar::default();

    // The e-mail's link, signed out: to the sign-in page, which remembers where to go.
    let first = get(&app, &mut jar, &path).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), format!("/?next=%2Fcases%2F{id}"));
    let form = get(&app, &mut jar, first.location()).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("Đăng nhập") && form.html.contains("/report"));
    let token_cookie = form.set_cookie("hotline_signin");
    assert!(token_cookie.contains("HttpOnly") && token_cookie.contains("SameSite=Strict"));
    let csp = form
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("script-src") && !form.html.contains("<script"));
    let csrf = form.csrf();

    // Without the form's token the post is refused, even with the right password.
    let forged = visit(
        &app,
        &mut jar,
        Method::POST,
        "/console/sign-in",
        Some(&[("username", "cw"), ("password", PASSWORD), ("next", &path)]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.html.contains("mã bảo vệ"));
    // A wrong password: the form again, saying so, with nothing about which part was wrong.
    let wrong = post_sign_in(&app, &mut jar, &csrf, ("cw", "nope"), &path).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong
        .html
        .contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    let csrf = wrong.csrf();
    let signed = post_sign_in(&app, &mut jar, &csrf, ("cw", PASSWORD), &path).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(signed.location(), path);
    let session = signed.set_cookie("hotline_session");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/")
    );
    assert!(!session.contains("Secure"), "http here; https sets Secure");

    // The case, as the commune group sees it; reading it is a `case.read` like the API's.
    let page = get(&app, &mut jar, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        case["case_number"].as_str().unwrap(),
        "Phạm Thị Hoa",
        "Bóc lột tình dục trên mạng",
        "Đăng xuất",
    ] {
        assert!(page.html.contains(text), "{text} missing");
    }
    assert_eq!(page.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let reads: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "case.read" && e.entity_id.as_deref() == Some(id))
        .collect();
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].actor.as_deref(), Some("cw"));

    // Another commune's case is not there for this group.
    let elsewhere = format!("/cases/{}", other["case_id"].as_str().unwrap());
    let refused = get(&app, &mut jar, &elsewhere).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(refused.html.contains("Không tìm thấy") && !refused.html.contains("Ngô Văn Nam"));

    // The printable file, from the console's own session.
    let file = get(&app, &mut jar, &format!("/console{path}/record")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.html.contains("Hồ sơ vụ việc bảo vệ trẻ em"));

    // Signing out needs the session's token, then ends the session for good.
    let stale = jar.header();
    let forged = visit(
        &app,
        &mut jar,
        Method::POST,
        "/console/sign-out",
        Some(&[("csrf", "guess")]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let tasks = get(&app, &mut jar, "/console/tasks").await;
    let csrf = tasks.csrf();
    let out = visit(
        &app,
        &mut jar,
        Method::POST,
        "/console/sign-out",
        Some(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/");
    let mut replay = Jar(stale
        .split("; ")
        .filter_map(|p| p.split_once('=').map(|(n, v)| (n.to_owned(), v.to_owned())))
        .collect());
    let after = get(&app, &mut replay, "/console/tasks").await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie opens nothing"
    );
}

#[actix_web::test]
async fn sessions_end_when_idle_after_a_shift_and_when_the_user_is_deactivated() {
    let app = TestApp::spawn().await;
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut jar = sign_in(&app, "cw").await;
    assert_eq!(
        get(&app, &mut jar, "/console/tasks").await.status,
        StatusCode::OK
    );

    // Half an hour without a request.
    app.exec(&format!(
        "UPDATE console_sessions SET last_seen_at = {}",
        minutes_before("last_seen_at", 31)
    ));
    let idle = get(&app, &mut jar, "/console/tasks").await;
    assert_eq!(idle.status, StatusCode::SEE_OTHER);
    assert_eq!(idle.location(), "/?next=%2Fconsole%2Ftasks");
    let back = get(&app, &mut jar, idle.location()).await;
    assert!(back.html.contains("Phiên làm việc đã hết hạn"));

    // Busy, but twelve hours after signing in.
    let mut jar = sign_in(&app, "cw").await;
    app.exec(&format!(
        "UPDATE console_sessions SET created_at = {} WHERE ended_at IS NULL",
        minutes_before("created_at", 12 * 60 + 1)
    ));
    assert_eq!(
        get(&app, &mut jar, "/console/tasks").await.status,
        StatusCode::SEE_OTHER
    );

    // Deactivated: every session of the user ends at its next request.
    let mut first = sign_in(&app, "cw").await;
    let _second = sign_in(&app, "cw").await;
    app.exec("UPDATE users SET active = false WHERE username = 'cw'");
    assert_eq!(
        get(&app, &mut first, "/console/tasks").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.count("console_sessions WHERE ended_at IS NULL"), 0);
}
