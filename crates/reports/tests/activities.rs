//! The plan's activities on the backend under test: who records them, what is refused by
//! field, who reads whose, and how they join the figures (per item, per agency), counted by
//! hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use hotline_reports::activities::{list_activities, record_activity, ActivityInput};
use hotline_reports::export::ExportFormat;
use hotline_reports::period::PeriodQuery;
use hotline_reports::read::{export_figures, read_figures};
use hotline_reports::table::Table;
use hotline_reports::{FigureSettings, ReportsError};
use hotline_test_db::fixture::{Scene, DUONG_NO, THUAN_AN};

fn settings() -> FigureSettings {
    FigureSettings::parse(include_str!("../../../config/figures.toml")).unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T10:00:00+07:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn november() -> PeriodQuery {
    PeriodQuery {
        preset: Some("month".into()),
        on: Some("2026-11-15".into()),
        ..PeriodQuery::default()
    }
}

/// The scene: its world holds Huế's education department and one of its officers (`edu`).
fn scene() -> Scene {
    Scene::new()
}

fn input(item: &str, kind: &str, held_on: &str) -> ActivityInput {
    ActivityInput {
        item: item.into(),
        kind: kind.into(),
        held_on: held_on.into(),
        title: "Sinh hoạt dưới cờ: an toàn trên mạng".into(),
        audience: None,
        quantity: None,
        reach: None,
        link: None,
        commune_code: None,
    }
}

fn record(scene: &mut Scene, user: &str, input: &ActivityInput) -> Result<String, ReportsError> {
    let caller = scene.caller(user);
    record_activity(&mut scene.conn, &caller, input, now()).map(|v| v.agency_code)
}

fn fields(result: Result<String, ReportsError>) -> Vec<String> {
    match result {
        Err(ReportsError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

/// Three activities in November: the department's sessions in Thuận An's schools (3
/// sessions, 450 pupils), the information department's articles (2, 12,000 readers), and
/// Thuận An's own session (1, no count of people); and one in October.
fn three_activities(scene: &mut Scene) {
    let mut sessions = input("II.1", "awareness_session", "2026-11-10");
    sessions.quantity = Some(3);
    sessions.reach = Some(450);
    sessions.audience = Some("pupils".into());
    sessions.commune_code = Some(THUAN_AN);
    assert_eq!(record(scene, "edu", &sessions).unwrap(), "hue-education");
    let mut articles = input("II.3", "article", "2026-11-20");
    articles.quantity = Some(2);
    articles.reach = Some(12_000);
    articles.link = Some("https://baothuathienhue.vn/bai-viet".into());
    assert_eq!(record(scene, "info", &articles).unwrap(), "hue-info");
    assert_eq!(
        record(
            scene,
            "worker",
            &input("II.1", "awareness_session", "2026-11-25")
        )
        .unwrap(),
        "cp-19900"
    );
    record(scene, "edu", &input("II.2", "post", "2026-10-31")).unwrap();
}

fn amounts(table: &Table, code: &str) -> [i64; 3] {
    ["activities", "quantity", "reach"].map(|k| table.count(code, k).unwrap())
}

#[test]
fn bodies_record_their_work_and_refusals_name_the_field() {
    let mut scene = scene();
    three_activities(&mut scene);

    let mut bad = input("II.9", "lecture", "2026-12-01");
    bad.title = " ".into();
    bad.quantity = Some(0);
    bad.link = Some("ftp://example.vn/x".into());
    bad.audience = Some("everyone".into());
    assert_eq!(
        fields(record(&mut scene, "edu", &bad)),
        vec!["item", "kind", "held_on", "title", "audience", "quantity", "link"]
    );
    // A commune's group records in its own commune only; a province's body anywhere in it.
    let mut elsewhere = input("II.1", "awareness_session", "2026-11-25");
    elsewhere.commune_code = Some(DUONG_NO);
    assert_eq!(
        fields(record(&mut scene, "worker", &elsewhere)),
        vec!["commune_code"]
    );
    assert!(record(&mut scene, "edu", &elsewhere).is_ok());
    elsewhere.commune_code = Some(4); // Ba Đình, Hà Nội
    assert_eq!(
        fields(record(&mut scene, "edu", &elsewhere)),
        vec!["commune_code"]
    );
    // Operators and administrators record none.
    for user in ["op", "admin"] {
        assert!(matches!(
            record(&mut scene, user, &input("II.1", "post", "2026-11-25")),
            Err(ReportsError::NoActivities)
        ));
    }
}

#[test]
fn each_reads_its_own_work_and_the_compilers_the_province_s() {
    let mut scene = scene();
    three_activities(&mut scene);
    let mut listed = |user: &str| -> Vec<String> {
        let caller = scene.caller(user);
        list_activities(&mut scene.conn, &caller, &november(), &settings(), now())
            .unwrap()
            .items
            .into_iter()
            .map(|a| format!("{} {}", a.agency_code, a.held_on))
            .collect()
    };
    assert_eq!(listed("edu"), vec!["hue-education 2026-11-10"]);
    assert_eq!(listed("worker"), vec!["cp-19900 2026-11-25"]);
    let province = vec![
        "cp-19900 2026-11-25",
        "hue-info 2026-11-20",
        "hue-education 2026-11-10",
    ];
    assert_eq!(listed("sup"), province);
    assert_eq!(listed("info"), province);
    assert_eq!(listed("cpd"), province);

    // The province's figures join every body's work, per item and per agency.
    let caller = scene.caller("sup");
    let figures = read_figures(&mut scene.conn, &caller, &november(), &settings(), now()).unwrap();
    let by_item = figures.table("activities_by_item").unwrap();
    assert_eq!(amounts(by_item, "II.1"), [2, 4, 450]);
    assert_eq!(
        amounts(by_item, "II.2"),
        [0, 0, 0],
        "October's post is not November's"
    );
    assert_eq!(amounts(by_item, "II.3"), [1, 2, 12_000]);
    assert_eq!(amounts(by_item, "all"), [3, 6, 12_450]);
    let by_agency = figures.table("activities_by_agency").unwrap();
    assert_eq!(amounts(by_agency, "hue-education"), [1, 3, 450]);
    assert_eq!(amounts(by_agency, "hue-info"), [1, 2, 12_000]);
    assert_eq!(amounts(by_agency, "cp-19900"), [1, 1, 0]);
    let by_kind = figures.table("activities_by_kind").unwrap();
    assert_eq!(amounts(by_kind, "awareness_session"), [2, 4, 450]);
    assert!(figures.table("summary").is_some());

    // The education department reads its own work and no case figure.
    let caller = scene.caller("edu");
    let own = read_figures(&mut scene.conn, &caller, &november(), &settings(), now()).unwrap();
    assert_eq!(own.area.level, "agency");
    assert_eq!(own.area.name, "Cơ quan hue-education");
    assert!(own.table("summary").is_none());
    assert!(own.table("children_by_sex").is_none());
    assert_eq!(
        amounts(own.table("activities_by_item").unwrap(), "all"),
        [1, 3, 450]
    );
    // Its work tells no child apart: 1 and 3 are printed as they are.
    let file = export_figures(
        &mut scene.conn,
        &caller,
        &november(),
        ExportFormat::Csv,
        &settings(),
        now(),
    )
    .unwrap();
    let text = String::from_utf8(file.bytes).unwrap();
    assert!(
        text.contains("hue-education,Cơ quan hue-education,1,3,450"),
        "{text}"
    );
    // Its report has one section, numbered 1.
    assert!(
        text.contains("Bảng 1.1,Hoạt động theo nội dung của kế hoạch"),
        "{text}"
    );
    assert!(!text.contains("Bảng 6."), "{text}");
    // Operators list none.
    let caller = scene.caller("op");
    assert!(matches!(
        list_activities(&mut scene.conn, &caller, &november(), &settings(), now()),
        Err(ReportsError::NoActivities)
    ));
}
