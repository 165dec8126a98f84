//! The administrator's pages: accounts added with a password shown once, deactivated (their
//! sessions end at once), unlocked and given a new password; the agencies, rules and
//! holidays read only; and no case content anywhere.

use awc::http::{Method, StatusCode};

use super::{get, post_sign_in, sign_in, submit, visit, Jar};
use crate::helpers::TestApp;

/// Sign in through the form with a given password.
async fn sign_in_with(app: &TestApp, username: &str, password: &str) -> (Jar, super::Page) {
    let mut jar = Jar::default();
    let form = get(app, &mut jar, "/").await;
    let csrf = form.csrf();
    let done = post_sign_in(app, &mut jar, &csrf, (username, password), "").await;
    (jar, done)
}

/// The password an answer shows once.
fn shown_password(html: &str) -> String {
    let at = html
        .find("<p class=\"code big\">")
        .expect("a password shown")
        + 20;
    html[at..].split('<').next().unwrap().to_owned()
}

/// The form action of `action` for `username`'s row.
fn row_action(html: &str, username: &str, action: &str) -> String {
    let row = html
        .split("<tr")
        .find(|r| r.contains(&format!("<td>{username}</td>")))
        .unwrap_or_else(|| panic!("no row for {username}"));
    row.match_indices("action=\"")
        .map(|(i, _)| row[i + 8..].split('"').next().unwrap())
        .find(|a| a.ends_with(&format!("/{action}")))
        .unwrap_or_else(|| panic!("no {action} for {username}"))
        .to_owned()
}

#[actix_web::test]
async fn the_administrator_manages_accounts_and_a_deactivated_users_session_ends() {
    let app = TestApp::spawn().await;
    app.create_user("admin-web", "admin", None);
    let mut admin = sign_in(&app, "admin-web").await;
    let page = get(&app, &mut admin, "/console/admin/users").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        !page.html.contains("/console/tasks\""),
        "no tasks for the administrator"
    );
    let csrf = page.csrf();

    // Mistakes are said at once, each linked to its field.
    let wrong = submit(
        &app,
        &mut admin,
        "/console/admin/users",
        &csrf,
        &[
            ("username", "có dấu"),
            ("role", "commune_worker"),
            ("agency", "hue-police"),
            ("email", "not an address"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["username", "agency", "email"] {
        assert!(
            wrong.html.contains(&format!("href=\"#account-{field}\"")),
            "{field}"
        );
    }

    // A commune worker for Thuận An: the password is shown once and works.
    let added = submit(
        &app,
        &mut admin,
        "/console/admin/users",
        &csrf,
        &[
            ("username", "cw.thuanan"),
            ("role", "commune_worker"),
            ("agency", "cp-19900"),
            ("email", "cw@thuanan.example.vn"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.html);
    let password = shown_password(&added.html);
    assert!(password.len() >= 20);
    let again = get(&app, &mut admin, "/console/admin/users").await;
    assert!(!again.html.contains(&password), "shown once only");
    let entries = app.audit_entries();
    let created = entries.iter().find(|e| e.action == "user.create").unwrap();
    assert_eq!(created.actor.as_deref(), Some("admin-web"));
    assert!(!created.detail.contains(&password));

    let (mut worker, signed) = sign_in_with(&app, "cw.thuanan", &password).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        signed.location(),
        "/console/tasks",
        "a worker starts at the tasks"
    );
    let tasks = get(&app, &mut worker, "/console/tasks").await;
    assert_eq!(tasks.status, StatusCode::OK);

    // Deactivated: the open session ends at once, and signing in again fails.
    let deactivate = row_action(&again.html, "cw.thuanan", "deactivate");
    let done = submit(&app, &mut admin, &deactivate, &csrf, &[]).await;
    assert_eq!(done.location(), "/console/admin/users?done=deactivate");
    let after = get(&app, &mut worker, "/console/tasks").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/?next="));
    let (_, refused) = sign_in_with(&app, "cw.thuanan", &password).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.count("audit_entries WHERE action = 'user.deactivate'"),
        1
    );

    // Reactivated with a new password: the old one no longer works.
    let list = get(&app, &mut admin, "/console/admin/users").await;
    let activate = row_action(&list.html, "cw.thuanan", "activate");
    submit(&app, &mut admin, &activate, &csrf, &[]).await;
    let list = get(&app, &mut admin, "/console/admin/users").await;
    let reset = row_action(&list.html, "cw.thuanan", "password");
    let fresh = submit(&app, &mut admin, &reset, &csrf, &[]).await;
    let new_password = shown_password(&fresh.html);
    assert_ne!(new_password, password);
    let (_, old) = sign_in_with(&app, "cw.thuanan", &password).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let (_, ok) = sign_in_with(&app, "cw.thuanan", &new_password).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);

    // Locked by wrong passwords, unlocked from the list.
    for _ in 0..5 {
        sign_in_with(&app, "cw.thuanan", "wrong password, wrong").await;
    }
    let list = get(&app, &mut admin, "/console/admin/users").await;
    if list.html.contains("Tạm khóa (sai mật khẩu)") {
        let unlock = row_action(&list.html, "cw.thuanan", "unlock");
        let done = submit(&app, &mut admin, &unlock, &csrf, &[]).await;
        assert_eq!(done.location(), "/console/admin/users?done=unlock");
        assert_eq!(
            app.count("users WHERE username = 'cw.thuanan' AND locked_until IS NULL"),
            1
        );
    } else {
        panic!(
            "five wrong passwords should lock the account: {}",
            list.html
        );
    }

    // The administrator cannot lock themself out.
    let own_id = app
        .audit_entries()
        .iter()
        .find(|e| e.action == "user.list")
        .and_then(|e| e.actor_id.clone())
        .unwrap();
    let own = submit(
        &app,
        &mut admin,
        &format!("/console/admin/users/{own_id}/deactivate"),
        &csrf,
        &[],
    )
    .await;
    assert_eq!(own.status, StatusCode::CONFLICT);

    // Agencies, rules and holidays, read only; no case anywhere.
    let agencies = get(&app, &mut admin, "/console/admin/agencies").await;
    assert!(agencies.html.contains("hue-police"));
    let rules = get(&app, &mut admin, "/console/admin/rules").await;
    assert_eq!(rules.status, StatusCode::OK);
    assert!(
        rules.html.contains("Công an") && rules.html.contains("/"),
        "{}",
        rules.html
    );
    let cases = get(&app, &mut admin, "/console/cases").await;
    assert_eq!(cases.status, StatusCode::FORBIDDEN);

    // Nobody else administers.
    app.create_user("sup-web", "supervisor", Some("hue-cpd"));
    let mut sup = sign_in(&app, "sup-web").await;
    let page = get(&app, &mut sup, "/console/admin/users").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

/// The agencies as the shipped configuration has them, as loaded at every start.
fn configured_agencies() -> Vec<hotline_store::queries::agencies::AgencySpec> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, communes) =
        hotline::seed::read_admin_units(&root.join("config/admin-units-2025.csv")).unwrap();
    hotline::seed::read_agencies(&root.join("config/agencies.toml"), &communes).unwrap()
}

#[actix_web::test]
async fn the_administrator_corrects_an_agencys_name_and_address_and_a_restart_keeps_them() {
    let app = TestApp::spawn().await;
    app.create_user("admin-ag", "admin", None);
    let mut admin = sign_in(&app, "admin-ag").await;
    let list = get(&app, &mut admin, "/console/admin/agencies").await;
    assert!(list
        .html
        .contains("href=\"/console/admin/agencies/hue-police\""));
    let form = get(&app, &mut admin, "/console/admin/agencies/hue-police").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    assert!(form.html.contains("Công an thành phố Huế"));
    let csrf = form.csrf();

    // Every problem at once, each linked to its field; nothing saved.
    let wrong = submit(
        &app,
        &mut admin,
        "/console/admin/agencies/hue-police",
        &csrf,
        &[("name", "  "), ("email", "no at sign")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "email"] {
        assert!(
            wrong.html.contains(&format!("href=\"#agency-{field}\"")),
            "{field}"
        );
    }
    assert!(app
        .audit_entries()
        .iter()
        .all(|e| e.action != "agency.update"));

    // Without the form's token, refused.
    let forged = visit(
        &app,
        &mut admin,
        Method::POST,
        "/console/admin/agencies/hue-police",
        Some(&[("name", "Giả mạo"), ("email", "")]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let saved = submit(
        &app,
        &mut admin,
        "/console/admin/agencies/hue-police",
        &csrf,
        &[
            ("name", "Phòng Cảnh sát hình sự, Công an thành phố Huế"),
            ("email", "pc02@hue.example.vn"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location(), "/console/admin/agencies?saved=hue-police");
    let list = get(&app, &mut admin, saved.location()).await;
    assert!(list.html.contains("Đã lưu thông tin cơ quan hue-police."));
    assert!(list
        .html
        .contains("Phòng Cảnh sát hình sự, Công an thành phố Huế"));
    let entry = app
        .audit_entries()
        .into_iter()
        .find(|e| e.action == "agency.update")
        .expect("the correction is audited");
    assert_eq!(entry.actor.as_deref(), Some("admin-ag"));
    assert!(entry.detail.contains("\"name\"") && entry.detail.contains("\"email\""));

    // The configuration loaded again at start keeps the correction.
    let mut conn = app.conn();
    let now = chrono::Utc::now().naive_utc();
    hotline_store::queries::agencies::upsert(&mut conn, &configured_agencies(), now).unwrap();
    let police = hotline_store::queries::agencies::by_code(&mut conn, "hue-police")
        .unwrap()
        .unwrap();
    assert_eq!(police.name, "Phòng Cảnh sát hình sự, Công an thành phố Huế");
    assert_eq!(police.email.as_deref(), Some("pc02@hue.example.vn"));
    drop(conn);

    // The next referral to the police is mailed to the corrected address.
    let operator = app.operator().await;
    let mut body = crate::helpers::abuse_report(19900, "Nguyễn Văn Sửa");
    body["emergency"] = serde_json::json!(true);
    app.report(&operator, &body).await;
    let police_mail: Vec<String> = app
        .outbox()
        .into_iter()
        .filter(|m| m.agency_id.as_deref() == Some(police.id.as_str()))
        .map(|m| m.recipient)
        .collect();
    assert_eq!(police_mail, ["pc02@hue.example.vn"]);

    // Only the administrator corrects agencies.
    app.create_user("sup-ag", "supervisor", Some("hue-cpd"));
    let mut sup = sign_in(&app, "sup-ag").await;
    let page = get(&app, &mut sup, "/console/admin/agencies/hue-police").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}
