//! The supervisor's pages: the dashboard's counts, a case's trail in the audit log, case
//! reads per user, the chain's verification and the resend of a dead letter.

use awc::http::{Method, StatusCode};

use super::{get, sign_in, visit};
use crate::helpers::{abuse_report, minutes_before, TestApp};

#[actix_web::test]
async fn a_supervisor_oversees_cases_deadlines_the_log_and_the_mail_of_the_province() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    app.report(&op, &abuse_report(19909, "Ngô Văn Nam")).await;
    let id = case["case_id"].as_str().unwrap();

    // The commune worker reads the case: that read is in its trail.
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let read = get(&app, &mut cw, &format!("/cases/{id}")).await;
    assert_eq!(read.status, StatusCode::OK);
    let refused = get(&app, &mut cw, "/console/oversight").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Every referral of the first case is late; one mail was given up.
    app.exec(&format!(
        "UPDATE referrals SET due_at = {} WHERE case_id = '{id}'",
        minutes_before("created_at", 60)
    ));
    let late = app.count(&format!("referrals WHERE case_id = '{id}'"));
    app.exec(&format!(
        "UPDATE outbox SET failed_at = created_at, attempts = 8, last_error = 'smtp 550' WHERE id = (SELECT MIN(id) FROM outbox WHERE case_id = '{id}')"
    ));

    app.create_user("sup-web", "supervisor", Some("hue-cpd"));
    let mut sup = sign_in(&app, "sup-web").await;
    let board = get(&app, &mut sup, "/console/oversight").await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.html);
    assert!(
        board.html.contains("Vụ việc đang xử lý: 2"),
        "{}",
        board.html
    );
    assert!(
        board.html.contains("Mới tiếp nhận</td><td>2"),
        "{}",
        board.html
    );
    assert!(late > 0);
    assert!(
        board
            .html
            .contains("class=\"card late\" aria-labelledby=\"ref-h\""),
        "late referrals stand out"
    );
    assert!(
        board.html.contains("Thư không gửi được: 1"),
        "{}",
        board.html
    );
    assert!(board
        .html
        .contains("href=\"/console/oversight\">Giám sát</a>"));
    assert_eq!(
        app.count("audit_entries WHERE action = 'oversight.dashboard'"),
        1
    );

    // The case's trail, from the case page's link.
    let page = get(&app, &mut sup, &format!("/cases/{id}")).await;
    let trail_link = format!("/console/audit?case_id={id}");
    assert!(page.html.contains(&trail_link));
    let trail = get(&app, &mut sup, &trail_link).await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.html);
    assert!(trail.html.contains("cw (commune_worker)"), "{}", trail.html);
    assert!(trail.html.contains("Xem vụ việc (case.read)"));
    assert!(trail.html.contains("Ghi nhận tin báo (report.create)"));
    let bad = get(&app, &mut sup, "/console/audit?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("href=\"#audit-from\""));

    // Case reads per user and day.
    let access = get(&app, &mut sup, "/console/audit/access").await;
    assert_eq!(access.status, StatusCode::OK, "{}", access.html);
    assert!(access.html.contains(">cw</a>"), "{}", access.html);

    // The chain checks out, and saying so is itself an entry.
    let form = [("csrf", page.csrf())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let verified = visit(
        &app,
        &mut sup,
        Method::POST,
        "/console/audit/verify",
        Some(&form),
    )
    .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.html);
    assert!(
        verified.html.contains("Nhật ký toàn vẹn"),
        "{}",
        verified.html
    );
    assert_eq!(app.count("audit_entries WHERE action = 'audit.verify'"), 1);
    app.wait_sealed().await;
    app.tamper("UPDATE audit_entries SET actor = 'someone-else' WHERE action = 'case.read'");
    let broken = visit(
        &app,
        &mut sup,
        Method::POST,
        "/console/audit/verify",
        Some(&form),
    )
    .await;
    assert!(
        broken.html.contains("Nhật ký đã bị thay đổi"),
        "{}",
        broken.html
    );

    // The dead letter, resent.
    let mail = get(&app, &mut sup, "/console/mail").await;
    assert!(mail.html.contains("smtp 550"), "{}", mail.html);
    let at = mail.html.find("action=\"/console/mail/").unwrap() + 8;
    let resend = mail.html[at..].split('"').next().unwrap().to_owned();
    let done = visit(&app, &mut sup, Method::POST, &resend, Some(&form)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("outbox WHERE failed_at IS NOT NULL"), 0);
    let after = get(&app, &mut sup, done.location()).await;
    assert!(after.html.contains("Đã đưa thư vào hàng đợi để gửi lại."));
}
