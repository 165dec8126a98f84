//! Retention, legal holds, erasure and the data subject's rights on the backend under test
//! (SQLite, or PostgreSQL with HOTLINE_TEST_POSTGRES_URL), with a test's clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use hotline_cases::dto::{CaseQuery, TransitionRequest};
use hotline_cases::privacy::corrections::{correct, CorrectionRequest};
use hotline_cases::privacy::export::export_child;
use hotline_cases::privacy::holds::{lift_hold, place_hold};
use hotline_cases::privacy::request::erase_on_request;
use hotline_cases::privacy::retention::{self, RETENTION};
use hotline_cases::privacy::RetentionPolicy;
use hotline_cases::search::{search_cases, SearchKeys};
use hotline_cases::transitions::transition_case;
use hotline_cases::view::read_case;
use hotline_cases::CaseError;
use hotline_store::schema::{audit_entries, case_search_terms, figure_counts, reports};
use hotline_test_db::fixture::{Scene, THUAN_AN};

const POLICY: &str = "
    [contacts]
    counselling = 2
    [cases]
    no_action = 2
    closed = 5
";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 3, 0, 0).unwrap()
}

/// A case about `child` (15 years old) received at `when`, ended as `no_action` a day later.
fn ended_case(scene: &mut Scene, child: &str, when: DateTime<Utc>) -> String {
    let id = open_case(scene, child, when);
    let caller = scene.caller("sup");
    let router = scene.router.clone();
    let request = TransitionRequest {
        to: "no_action".into(),
        note: Some("không có dấu hiệu xâm hại".into()),
        duplicate_of: None,
    };
    transition_case(
        &mut scene.conn,
        &caller,
        &router,
        &id,
        &request,
        when + Duration::days(1),
    )
    .expect("the supervisor ends the case");
    id
}

fn open_case(scene: &mut Scene, child: &str, when: DateTime<Utc>) -> String {
    let created = scene.log_at(
        "op",
        serde_json::json!({
            "channel": "hotline_111",
            "contact_type": "abuse_report",
            "received_at": when,
            "categories": ["sexual_abuse"],
            "risk_level": "medium",
            "place": {"commune_code": THUAN_AN, "detail": "Tổ 5, kiệt 12 đường Lê Lợi"},
            "informant": {"consent_to_store": true, "name": "Trần Thị Báo Tin", "phone": "0905123456"},
            "narrative": format!("Cháu {child} bị người hàng xóm xâm hại."),
            "children": [{"name": child, "birth_year": when.year() - 15, "sex": "female", "current_location": "Nhà bà ngoại"}],
            "online": {"platform": "facebook", "urls": ["https://www.facebook.com/ke.xau.123"], "still_online": true},
        }),
        when,
    );
    created.case_id.expect("an abuse report opens a case")
}

fn counselling(scene: &mut Scene, when: DateTime<Utc>) -> String {
    scene
        .log_at(
            "op",
            serde_json::json!({
                "channel": "hotline_111",
                "contact_type": "counselling",
                "received_at": when,
                "place": {"commune_code": THUAN_AN},
                "informant": {"consent_to_store": true, "name": "Mẹ Của Cháu", "phone": "0912000111"},
                "narrative": "Hỏi cách nói chuyện với con về an toàn trên mạng.",
            }),
            when,
        )
        .report_id
}

/// Every daily count, after folding what changed: the figures as a report reads them.
fn figures(scene: &mut Scene) -> Vec<(i32, i32, String, NaiveDate, String, i64)> {
    hotline_reports::daily::fold(&mut scene.conn).unwrap();
    figure_counts::table
        .select((
            figure_counts::province_code,
            figure_counts::commune_code,
            figure_counts::figure,
            figure_counts::day,
            figure_counts::key,
            figure_counts::n,
        ))
        .order((
            figure_counts::province_code,
            figure_counts::commune_code,
            figure_counts::figure,
            figure_counts::day,
            figure_counts::key,
        ))
        .load(&mut scene.conn)
        .unwrap()
}

/// Audit entries of `action` on `id`, as (actor, detail).
fn audited(scene: &mut Scene, action: &str, id: &str) -> Vec<(Option<String>, String)> {
    audit_entries::table
        .filter(audit_entries::action.eq(action))
        .filter(audit_entries::entity_id.eq(id))
        .select((audit_entries::actor, audit_entries::detail))
        .load(&mut scene.conn)
        .unwrap()
}

fn terms_of(scene: &mut Scene, case: &str) -> i64 {
    case_search_terms::table
        .filter(case_search_terms::case_id.eq(case))
        .count()
        .get_result(&mut scene.conn)
        .unwrap()
}

fn found(scene: &mut Scene, q: &str) -> Vec<String> {
    let caller = scene.caller("sup");
    let terms = scene.vault.terms().clone();
    let query = CaseQuery {
        q: Some(q.into()),
        ..CaseQuery::default()
    };
    let keys = SearchKeys {
        audit: b"privacy test audit key",
        terms: &terms,
    };
    search_cases(&mut scene.conn, &caller, &query, keys, Utc::now())
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn retention_erases_what_is_due_keeps_what_is_held_and_leaves_the_figures_as_they_were() {
    let mut scene = Scene::new();
    let policy = RetentionPolicy::parse(POLICY).unwrap();
    let long_ago = at(2010, 3, 1);
    let due_case = ended_case(&mut scene, "Nguyễn Thị Hết Hạn", long_ago);
    let held_case = ended_case(&mut scene, "Lê Thị Được Giữ", long_ago);
    let open = open_case(&mut scene, "Phạm Thị Đang Xử Lý", long_ago);
    let old_contact = counselling(&mut scene, long_ago);
    let recent = at(2029, 6, 1);
    let recent_contact = counselling(&mut scene, recent);
    let sup = scene.caller("sup");
    place_hold(
        &mut scene.conn,
        &sup,
        &held_case,
        "Công an tỉnh đề nghị giữ hồ sơ để điều tra",
        long_ago + Duration::days(2),
    )
    .unwrap();
    let before = figures(&mut scene);
    assert!(!before.is_empty());

    // The dry run lists what would go and erases nothing.
    let now = at(2030, 1, 1);
    let due = retention::due(&mut scene.conn, &policy, now).unwrap();
    let listed: Vec<(&str, &str)> = due.iter().map(|d| (d.kind, d.id.as_str())).collect();
    assert_eq!(
        listed,
        vec![
            ("case", due_case.as_str()),
            ("contact", old_contact.as_str())
        ]
    );
    assert_eq!(due[0].rule, "case:no_action");
    // Born 1995: grown at the end of 2013; two years on.
    assert_eq!(due[0].due_at, at(2016, 1, 1) - Duration::hours(3));
    assert!(audited(&mut scene, "case.erase", &due_case).is_empty());
    assert_eq!(found(&mut scene, "Hết Hạn"), vec![due_case.clone()]);

    let swept = retention::run(&mut scene.conn, &scene.vault.clone(), &policy, now).unwrap();
    assert_eq!((swept.cases, swept.contacts), (1, 1));

    // The erased case keeps its codes and dates, loses every personal detail.
    let view = read_case(&mut scene.conn, &sup, &due_case, now).unwrap();
    assert!(view.erased_at.is_some());
    assert_eq!(view.children[0].name, None);
    assert_eq!(view.children[0].current_location, None);
    assert_eq!(view.children[0].birth_year, Some(1995));
    assert_eq!(view.children[0].sex.as_deref(), Some("female"));
    assert_eq!(view.place_detail, None);
    assert_eq!(view.reports[0].narrative, None);
    let informant = view.reports[0].informant.clone().unwrap();
    assert_eq!((informant.name, informant.phone), (None, None));
    assert!(view.evidence.is_empty());
    assert!(view.timeline.iter().any(|e| e.kind == "erased"));
    assert!(view
        .timeline
        .iter()
        .all(|e| e.kind == "erased" || e.text.is_none()));
    assert_eq!(terms_of(&mut scene, &due_case), 0);
    assert!(found(&mut scene, "Hết Hạn").is_empty());
    // The sealed online document goes; the counted facts in clear stay.
    let (online, sealed): (Option<String>, Option<String>) = reports::table
        .filter(reports::case_id.eq(&due_case))
        .select((reports::online, reports::online_sealed))
        .first(&mut scene.conn)
        .unwrap();
    let online = online.unwrap();
    assert!(
        !online.contains("ke.xau") && online.contains("facebook"),
        "{online}"
    );
    assert_eq!(sealed, None);
    let urls = view.reports[0].online.as_ref().map(|o| o.urls.len());
    assert_eq!(urls, Some(0));

    // One audit entry per record, by the retention run, with ids and codes only.
    let entries = audited(&mut scene, "case.erase", &due_case);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0.as_deref(), Some(RETENTION));
    assert!(entries[0].1.contains("\"rule\":\"case:no_action\""));
    assert!(!entries[0].1.contains("Hết Hạn") && !entries[0].1.contains("0905123456"));
    assert_eq!(audited(&mut scene, "report.erase", &old_contact).len(), 1);

    // Held, open and recent records keep everything.
    let held = read_case(&mut scene.conn, &sup, &held_case, now).unwrap();
    assert_eq!(held.children[0].name.as_deref(), Some("Lê Thị Được Giữ"));
    assert!(held.legal_hold.is_some() && held.erased_at.is_none());
    let open_view = read_case(&mut scene.conn, &sup, &open, now).unwrap();
    assert!(open_view.reports[0].narrative.is_some());
    let kept: Option<String> = reports::table
        .find(&recent_contact)
        .select(reports::narrative)
        .first(&mut scene.conn)
        .unwrap();
    assert!(kept.is_some());

    // The figures read the same.
    assert_eq!(figures(&mut scene), before);

    // A second run finds nothing; once the hold is lifted, the held case goes.
    let again = retention::run(&mut scene.conn, &scene.vault.clone(), &policy, now).unwrap();
    assert_eq!((again.cases, again.contacts), (0, 0));
    assert_eq!(audited(&mut scene, "case.erase", &due_case).len(), 1);
    lift_hold(&mut scene.conn, &sup, &held_case, now).unwrap();
    let after_lift = retention::run(&mut scene.conn, &scene.vault.clone(), &policy, now).unwrap();
    assert_eq!((after_lift.cases, after_lift.contacts), (1, 0));
    assert_eq!(figures(&mut scene), before);
}

#[test]
fn erasure_on_request_is_a_supervisors_for_an_ended_case_not_under_hold() {
    let mut scene = Scene::new();
    let now = Utc::now();
    let open = open_case(&mut scene, "Võ Thị Mở", now - Duration::days(3));
    let ended = ended_case(&mut scene, "Hồ Thị Kết Thúc", now - Duration::days(3));
    let sup = scene.caller("sup");
    let worker = scene.caller("worker");
    let ask = ("subject_request", "Đơn của mẹ cháu ngày 01/11/2026");

    let refused = erase_on_request(&mut scene.conn, &worker, &ended, ask, now);
    assert!(
        matches!(refused, Err(CaseError::NotSupervisor)),
        "{refused:?}"
    );
    let refused = erase_on_request(&mut scene.conn, &sup, &open, ask, now);
    assert!(matches!(refused, Err(CaseError::StillOpen)), "{refused:?}");
    let refused = erase_on_request(&mut scene.conn, &sup, &ended, ("because", "x"), now);
    assert!(
        matches!(&refused, Err(CaseError::Invalid(e)) if e[0].field == "reason"),
        "{refused:?}"
    );
    place_hold(&mut scene.conn, &sup, &ended, "Tòa án đang thụ lý", now).unwrap();
    let twice = place_hold(&mut scene.conn, &sup, &ended, "lần nữa", now);
    assert!(matches!(twice, Err(CaseError::AlreadyHeld)), "{twice:?}");
    let refused = erase_on_request(&mut scene.conn, &sup, &ended, ask, now);
    assert!(matches!(refused, Err(CaseError::UnderHold)), "{refused:?}");
    lift_hold(&mut scene.conn, &sup, &ended, now).unwrap();
    let none = lift_hold(&mut scene.conn, &sup, &ended, now);
    assert!(matches!(none, Err(CaseError::NotHeld)), "{none:?}");

    let view = erase_on_request(&mut scene.conn, &sup, &ended, ask, now).unwrap();
    assert!(view.erased_at.is_some());
    assert_eq!(view.children[0].name, None);
    let erased = view.timeline.iter().find(|e| e.kind == "erased").unwrap();
    assert!(erased.text.as_deref().unwrap().contains("Đơn của mẹ cháu"));
    let entries = audited(&mut scene, "case.erase", &ended);
    assert_eq!(entries.len(), 1);
    assert!(entries[0].1.contains("\"reason\":\"subject_request\""));
    assert!(!entries[0].1.contains("Đơn của mẹ"));
    let again = erase_on_request(&mut scene.conn, &sup, &ended, ask, now);
    assert!(matches!(again, Err(CaseError::Erased)), "{again:?}");
    let hold = place_hold(&mut scene.conn, &sup, &ended, "quá muộn", now);
    assert!(matches!(hold, Err(CaseError::Erased)), "{hold:?}");
}

#[test]
fn a_correction_keeps_the_old_value_moves_the_search_and_the_export_finds_the_child_everywhere() {
    let mut scene = Scene::new();
    let now = Utc::now();
    let first = open_case(&mut scene, "Đặng Thị Sai Tên", now - Duration::days(9));
    let second = open_case(&mut scene, "Đặng Thị Sai Tên", now - Duration::days(2));
    let other = open_case(&mut scene, "Bùi Văn Khác", now - Duration::days(2));
    let sup = scene.caller("sup");
    let child = read_case(&mut scene.conn, &sup, &first, now)
        .unwrap()
        .children[0]
        .id
        .clone();

    // The other case of the same child is offered, not exported, until the supervisor
    // confirms it; the other child's case is neither.
    let export = export_child(&mut scene.conn, &sup, (&first, &child), &[], now).unwrap();
    let ids: Vec<&str> = export.cases.iter().map(|c| c.case.id.as_str()).collect();
    assert_eq!(ids, [first.as_str()]);
    let offered: Vec<&str> = export
        .candidates
        .iter()
        .map(|c| c.case_id.as_str())
        .collect();
    assert_eq!(offered, [second.as_str()]);
    let export = export_child(
        &mut scene.conn,
        &sup,
        (&first, &child),
        std::slice::from_ref(&second),
        now,
    )
    .unwrap();
    let ids: Vec<&str> = export.cases.iter().map(|c| c.case.id.as_str()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    assert!(export.candidates.is_empty());
    let json = serde_json::to_string(&export).unwrap();
    assert!(json.contains("Đặng Thị Sai Tên") && json.contains("xâm hại"));
    assert!(!json.contains("Trần Thị Báo Tin") && !json.contains("0905123456"));
    assert_eq!(audited(&mut scene, "child.export", &first).len(), 2);
    // A case that is no candidate cannot be confirmed into the copy.
    let refused = export_child(
        &mut scene.conn,
        &sup,
        (&first, &child),
        std::slice::from_ref(&other),
        now,
    );
    assert!(
        matches!(&refused, Err(CaseError::Invalid(e)) if e[0].field == "confirm"),
        "{refused:?}"
    );
    let worker = scene.caller("worker");
    let refused = export_child(&mut scene.conn, &worker, (&first, &child), &[], now);
    assert!(
        matches!(refused, Err(CaseError::NotSupervisor)),
        "{refused:?}"
    );

    let request = CorrectionRequest {
        child_id: Some(child.clone()),
        field: "name".into(),
        value: Some("Đặng Thị Đúng Tên".into()),
        reason: "Giấy khai sinh do mẹ cháu cung cấp".into(),
    };
    let view = correct(&mut scene.conn, &sup, &first, &request, now).unwrap();
    assert_eq!(view.children[0].name.as_deref(), Some("Đặng Thị Đúng Tên"));
    assert_eq!(found(&mut scene, "dung ten"), vec![first.clone()]);
    assert_eq!(found(&mut scene, "Sai Tên"), vec![second.clone()]);

    let birth = CorrectionRequest {
        child_id: Some(child.clone()),
        field: "birth_date".into(),
        value: Some("1995-13-40".into()),
        reason: "x".into(),
    };
    let refused = correct(&mut scene.conn, &sup, &first, &birth, now);
    assert!(
        matches!(&refused, Err(CaseError::Invalid(e)) if e[0].field == "value"),
        "{refused:?}"
    );
    let unknown = CorrectionRequest {
        field: "narrative".into(),
        ..request.clone()
    };
    let refused = correct(&mut scene.conn, &sup, &first, &unknown, now);
    assert!(
        matches!(&refused, Err(CaseError::Invalid(e)) if e[0].field == "field"),
        "{refused:?}"
    );

    let export = export_child(&mut scene.conn, &sup, (&first, &child), &[], now).unwrap();
    let corrected = &export
        .cases
        .iter()
        .find(|c| c.case.id == first)
        .unwrap()
        .corrections;
    assert_eq!(corrected.len(), 1);
    assert_eq!(corrected[0].field, "name");
    assert_eq!(corrected[0].previous.as_deref(), Some("Đặng Thị Sai Tên"));
    assert_eq!(corrected[0].reason, "Giấy khai sinh do mẹ cháu cung cấp");
    assert_eq!(corrected[0].changed_by.as_deref(), Some("sup"));
    assert_eq!(audited(&mut scene, "case.correct", &first).len(), 1);
}

#[test]
fn a_childs_copy_holds_neither_a_namesakes_case_nor_a_siblings_details() {
    let mut scene = Scene::new();
    let now = Utc::now();
    let year = now.year() - 12;
    let log = |scene: &mut Scene, commune: i32, children: serde_json::Value, narrative: &str| {
        scene
            .log_at(
                "op",
                serde_json::json!({
                    "channel": "hotline_111",
                    "contact_type": "abuse_report",
                    "received_at": now - Duration::days(3),
                    "categories": ["sexual_abuse"],
                    "place": {"commune_code": commune},
                    "narrative": narrative,
                    "children": children,
                }),
                now - Duration::days(3),
            )
            .case_id
            .unwrap()
    };
    // Two children of the same name and year of birth, in two communes of Huế: namesakes.
    let mine = log(
        &mut scene,
        THUAN_AN,
        serde_json::json!([
            {"name": "Lê Thị Trùng", "birth_year": year, "sex": "female"},
            {"name": "Lê Văn Anh Trai", "birth_year": year + 2, "sex": "male", "current_location": "Nhà chú ruột"},
        ]),
        "Hai chị em bị người lạ nhắn tin dụ dỗ.",
    );
    let namesake = log(
        &mut scene,
        hotline_test_db::fixture::DUONG_NO,
        serde_json::json!([{"name": "Lê Thị Trùng", "birth_year": year, "sex": "female"}]),
        "Bạn học của cháu kể lại chuyện ở trường khác.",
    );
    let sup = scene.caller("sup");
    let case = read_case(&mut scene.conn, &sup, &mine, now).unwrap();
    let child = case
        .children
        .iter()
        .find(|c| c.name.as_deref() == Some("Lê Thị Trùng"))
        .unwrap()
        .id
        .clone();
    let export = export_child(&mut scene.conn, &sup, (&mine, &child), &[], now).unwrap();
    let json = serde_json::to_string(&export).unwrap();
    // The namesake of another commune is not even offered, and nothing of its case is in.
    assert!(export.candidates.is_empty(), "{:?}", export.candidates);
    assert!(
        !json.contains(&namesake) && !json.contains("trường khác"),
        "{json}"
    );
    let refused = export_child(
        &mut scene.conn,
        &sup,
        (&mine, &child),
        std::slice::from_ref(&namesake),
        now,
    );
    assert!(matches!(refused, Err(CaseError::Invalid(_))), "{refused:?}");
    // Of her own case, her row only: her brother's name and home stay out.
    assert_eq!(export.cases[0].case.children.len(), 1);
    assert_eq!(export.cases[0].case.children[0].id, child);
    assert!(!json.contains("Lê Văn Anh Trai") && !json.contains("Nhà chú ruột"));
    assert!(
        json.contains("Hai chị em"),
        "the case's own account is hers"
    );
}
