//! The figures over HTTP: the JSON tables of the caller's area, the downloads with their
//! headers, and refusals named by field or by role.

use awc::http::StatusCode;

use hotline_store::queries::agencies;

use crate::helpers::{abuse_report, field_names, TestApp};

const THUAN_AN: u32 = 19900;

/// A running service with two reports of Thuận An about two children, and a supervisor of
/// Huế's token.
async fn two_children() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(THUAN_AN, "Nguyễn Thị Lan"))
        .await;
    app.report(&op, &abuse_report(THUAN_AN, "Trần Văn Minh"))
        .await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    (app, sup)
}

#[actix_rt::test]
async fn a_supervisor_reads_and_downloads_the_province_s_figures() {
    let (app, sup) = two_children().await;
    // An administrator may name an agency anything: a name that a spreadsheet would run as a
    // formula is exported as text.
    let police = agencies::by_code(&mut app.conn(), "hue-police")
        .unwrap()
        .unwrap();
    agencies::correct(
        &mut app.conn(),
        &police.id,
        (
            "=HYPERLINK(\"http://evil.example\",\"Công an\")",
            police.email.as_deref(),
        ),
        ("admin", chrono::Utc::now().naive_utc()),
    )
    .unwrap();

    let r = app
        .get("/api/v1/stats?preset=month&on=2026-11-28", Some(&sup))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["period"]["from"], "2026-11-01");
    assert_eq!(r.body["period"]["name"], "Tháng 11/2026");
    assert_eq!(r.body["area"]["name"], "Thành phố Huế");
    let summary = r.body["tables"]["summary"].as_array().unwrap();
    let children = summary
        .iter()
        .find(|row| row["code"] == "children_abused")
        .unwrap();
    // On screen, in the caller's own area, small counts are shown as they are.
    assert_eq!(children["count"], 2);
    assert_eq!(r.body["titles"]["summary"], "Số liệu chính");

    let csv = app
        .get(
            "/api/v1/stats/export?format=csv&preset=month&on=2026-11-28",
            Some(&sup),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers.get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        csv.headers.get("content-disposition").unwrap(),
        "attachment; filename=\"so-lieu_46_2026-11-01_2026-11-30.csv\""
    );
    let text = csv.body.as_str().unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("children_abused,Trẻ em bị xâm hại (chỉ tiêu 0101),< 5"));
    // The referrals were made today: a period to today lists their agencies.
    let today = hotline_domain::time::vietnam_date(chrono::Utc::now());
    let csv = app
        .get(
            &format!("/api/v1/stats/export?format=csv&from=2026-11-01&to={today}"),
            Some(&sup),
        )
        .await;
    let text = csv.body.as_str().unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK"));

    let xlsx = app
        .get(
            "/api/v1/stats/export?format=xlsx&from=2026-11-01&to=2026-11-30",
            Some(&sup),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.body.as_str().unwrap().starts_with("PK"), "a zip file");

    let actions: Vec<String> = app
        .audit_entries()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("figures."))
        .collect();
    assert_eq!(
        actions,
        vec![
            "figures.read",
            "figures.export",
            "figures.export",
            "figures.export"
        ]
    );
}

#[actix_rt::test]
async fn bad_queries_name_their_field_and_administrators_read_none() {
    let app = TestApp::spawn().await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    for (query, field) in [
        ("/api/v1/stats?preset=decade", "preset"),
        ("/api/v1/stats?from=2026-11-01", "to"),
        ("/api/v1/stats?from=2026-11-31&to=2026-12-01", "from"),
        ("/api/v1/stats/export?format=pdf", "format"),
        ("/api/v1/stats/export", "format"),
    ] {
        let r = app.get(query, Some(&sup)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(field_names(&r.body), vec![field], "{query}");
    }
    let admin = app.login_as("root2", "admin", None).await;
    let r = app.get("/api/v1/stats", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.get("/api/v1/stats", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[actix_rt::test]
async fn reports_due_are_tasks_and_mailed_a_week_before_once() {
    let sink = crate::notifier::SmtpSink::up();
    let url = sink.url();
    let app = TestApp::spawn_with(move |c| {
        c.mail.smtp_url = url;
        c.notify.interval_ms = 50;
    })
    .await;
    let settings = hotline_reports::FigureSettings::load(&app.config.files.figures_file).unwrap();
    // 15 November 2026: the results report (due 20/11) is 5 days off, the year report (due
    // 30/11) 15.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-15T09:00:00+07:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut conn = app.conn();
    let queued = hotline_reports::due::queue_reminders(&mut conn, &settings, now).unwrap();
    // Every body that owes the results report and has an address: the department, the police,
    // the information department, Huế's 40 commune groups and the 7 other bodies.
    assert_eq!(queued, 50);
    assert_eq!(
        hotline_reports::due::queue_reminders(&mut conn, &settings, now).unwrap(),
        0,
        "each reminder once"
    );
    let early = now - chrono::Duration::days(1);
    assert_eq!(
        hotline_reports::due::queue_reminders(&mut conn, &settings, early).unwrap(),
        0
    );
    let messages = sink.wait_for(50).await;
    let school = messages
        .iter()
        .find(|m| m["to"][0] == "giaoduc.hue@example.invalid")
        .expect("the education department is reminded");
    assert_eq!(
        school["subject"],
        "Nhắc hạn báo cáo: Báo cáo kết quả thực hiện của các sở, ngành, địa phương (hạn 20/11) năm 2026, hạn 20/11/2026"
    );
    let text = school["text"].as_str().unwrap();
    assert!(
        text.contains("Kính gửi: Sở Giáo dục và Đào tạo thành phố Huế"),
        "{text}"
    );
    assert!(
        text.contains("từ ngày 15/12/2025 đến ngày 14/11/2026"),
        "{text}"
    );
    assert!(
        text.contains("/console/stats?preset=plan_results&on=2026-11-14"),
        "{text}"
    );
    assert!(!messages
        .iter()
        .any(|m| m["to"][0] == "duongdaynong.hue@example.invalid"));

    // A body's officer has tasks (the reports it owes) and reads no case.
    let edu = app
        .login_as("edu", "plan_officer", Some("hue-education"))
        .await;
    let tasks = app.get("/api/v1/tasks", Some(&edu)).await;
    assert_eq!(tasks.status, StatusCode::OK, "{:?}", tasks.body);
    assert_eq!(tasks.body["items"], serde_json::json!([]));
    let cases = app.get("/api/v1/cases", Some(&edu)).await;
    assert_eq!(cases.status, StatusCode::FORBIDDEN);
}

#[actix_rt::test]
async fn the_cli_recounts_figures_the_triggers_never_saw() {
    let (app, sup) = two_children().await;
    let counted = year_tables(&app, &sup).await;
    let children = |t: &serde_json::Value| {
        t["summary"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["code"] == "children_abused")
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(children(&counted), 2);
    // A restore that brought the cases back without their counts: the figures read none.
    app.exec("DELETE FROM figure_counts");
    assert_eq!(children(&year_tables(&app, &sup).await), 0);

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.args(["figures", "rebuild"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("HOTLINE_")) {
        cmd.env_remove(key);
    }
    let out = cmd
        .env("HOTLINE_DATABASE_URL", &app.config.database.url)
        .env(
            "HOTLINE_JWT_SECRET",
            app.config.jwt.secret.clone().unwrap_or_default(),
        )
        .env(
            "HOTLINE_MASTER_KEY",
            app.config.master.key.clone().unwrap_or_default(),
        )
        .env("HOTLINE_LOG_FILTER", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("figures recounted: "), "{said}");
    assert_eq!(year_tables(&app, &sup).await, counted);
}

/// The tables of 2026 as the API gives them.
async fn year_tables(app: &TestApp, token: &str) -> serde_json::Value {
    let r = app
        .get("/api/v1/stats?preset=year&on=2026-11-28", Some(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["tables"].clone()
}
