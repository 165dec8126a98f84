//! Tasks per role, the case file per reader, and the plan's reports as tasks.

use super::*;
use hotline_domain::TaskKind;

#[test]
fn tasks_show_each_role_what_is_its_own_to_do() {
    let mut scene = Scene::new();
    let urgent = emergency_case(&mut scene, "Nguyễn Thị Mai", at(0));
    let planned = scene
        .log_at("op", abuse_report(THUAN_AN, "Nguyễn Văn Nam"), at(0))
        .case_id
        .unwrap();
    let elsewhere = scene
        .log_at("op", abuse_report(DUONG_NO, "Nguyễn Văn Hải"), at(0))
        .case_id
        .unwrap();
    for case in [&planned, &elsewhere] {
        let worker = if *case == elsewhere {
            "worker2"
        } else {
            "worker"
        };
        mv(&mut scene, worker, case, "verifying", at(HOUR)).unwrap();
    }
    let tasks = |scene: &mut Scene, user: &str, now| {
        let caller = scene.caller(user);
        list_tasks(&mut scene.conn, &caller, &figures(), now)
    };
    let kinds = |scene: &mut Scene, user: &str, now| -> Vec<(TaskKind, String, bool)> {
        let list = tasks(scene, user, now).unwrap();
        // The counts, taken in the database, agree with the tasks listed (all of them here).
        let overdue = list.items.iter().filter(|t| t.overdue).count();
        assert_eq!(
            (list.total, list.overdue, list.counts_capped),
            (list.items.len(), overdue, false),
            "{user}'s counts"
        );
        list.items
            .into_iter()
            .map(|t| (t.kind, t.case_id, t.overdue))
            .collect()
    };

    // Day 1, 21:00: the emergency is overdue; the plan (5 working days) is not yet in the week.
    let now = at(13 * HOUR);
    let worker = kinds(&mut scene, "worker", now);
    assert!(worker.contains(&(TaskKind::EmergencyAction, urgent.clone(), true)));
    // Its group's referral of the emergency (acknowledge within hours) is overdue too.
    assert!(worker.contains(&(TaskKind::ReferralAck, urgent.clone(), true)));
    assert!(kinds(&mut scene, "worker", now)
        .iter()
        .all(|(_, c, _)| *c != elsewhere));
    // The referrals each agency has not answered, its own only.
    let police = kinds(&mut scene, "police", now);
    assert!(!police.is_empty() && police.iter().all(|(k, _, _)| *k == TaskKind::ReferralAck));
    // The chair decides emergencies; there is no plan to approve yet. Its commune's cases,
    // past the verification window with nobody to manage them, wait for a manager.
    let chair = kinds(&mut scene, "chair", now);
    let (assign, deadlines): (Vec<_>, Vec<_>) = chair
        .into_iter()
        .partition(|t| t.0 == TaskKind::AssignManager);
    assert_eq!(
        deadlines,
        [(TaskKind::EmergencyAction, urgent.clone(), true)]
    );
    let mut waiting: Vec<_> = assign.into_iter().map(|t| (t.1, t.2)).collect();
    waiting.sort();
    let mut expected = vec![(urgent.clone(), true), (planned.clone(), true)];
    expected.sort();
    assert_eq!(waiting, expected);
    // Supervisors follow every overdue deadline in the province.
    let sup = kinds(&mut scene, "sup", now);
    assert!(sup.contains(&(TaskKind::EmergencyAction, urgent.clone(), true)));
    // ... and, of case work, only what is overdue (its department's referrals are its own).
    assert!(sup
        .iter()
        .all(|(kind, _, overdue)| *overdue || *kind == TaskKind::ReferralAck));
    assert!(matches!(
        tasks(&mut scene, "admin", now),
        Err(CaseError::NoCaseAccess)
    ));
    assert!(tasks(&mut scene, "op", now).unwrap().items.is_empty());

    // Day 3: the plan is due within the week; overdue ones come first.
    let now = at(2 * DAY);
    let worker = kinds(&mut scene, "worker", now);
    assert_eq!(worker.first().map(|t| t.2), Some(true));
    assert!(worker.contains(&(TaskKind::Plan, planned.clone(), false)));
    let due: Vec<bool> = worker.iter().map(|t| t.2).collect();
    assert!(
        due.windows(2).all(|w| w[0] >= w[1]),
        "overdue first: {due:?}"
    );

    // A plan submitted is the chair's to approve.
    mv(&mut scene, "worker", &planned, "assessing", at(2 * DAY)).unwrap_err();
    save(
        &mut scene,
        ("worker", &planned),
        "verification",
        verification(None),
        at(2 * DAY),
    )
    .unwrap();
    mv(&mut scene, "worker", &planned, "assessing", at(2 * DAY)).unwrap();
    save(
        &mut scene,
        ("worker", &planned),
        "assessment",
        assessment(),
        at(2 * DAY),
    )
    .unwrap();
    mv(&mut scene, "worker", &planned, "planning", at(2 * DAY)).unwrap();
    save(
        &mut scene,
        ("worker", &planned),
        "plan",
        plan_record("2027-03-25"),
        at(2 * DAY),
    )
    .unwrap();
    assert!(!kinds(&mut scene, "chair", at(2 * DAY))
        .iter()
        .any(|t| t.0 == TaskKind::Approval));
    plan(
        &mut scene,
        "worker",
        &planned,
        PlanMove::Submit,
        None,
        at(2 * DAY),
    )
    .unwrap();
    assert!(kinds(&mut scene, "chair", at(2 * DAY)).contains(&(
        TaskKind::Approval,
        planned.clone(),
        false
    )));
    assert!(!kinds(&mut scene, "worker", at(2 * DAY))
        .iter()
        .any(|t| t.0 == TaskKind::Plan && t.1 == planned));
    assert!(audited(&mut scene, "task.list") > 5);
}

#[test]
fn the_case_file_shows_each_reader_only_what_it_may_see() {
    let mut scene = Scene::new();
    let case = emergency_case(&mut scene, "Đặng Thị Thu", at(0));
    save(
        &mut scene,
        ("worker", &case),
        "verification",
        verification(Some(at(HOUR))),
        at(HOUR),
    )
    .unwrap();
    mv(&mut scene, "worker", &case, "verifying", at(HOUR)).unwrap();
    mv(&mut scene, "worker", &case, "assessing", at(HOUR)).unwrap();
    save(
        &mut scene,
        ("worker", &case),
        "assessment",
        assessment(),
        at(2 * HOUR),
    )
    .unwrap();

    let record = |scene: &mut Scene, user: &str, format| {
        let caller = scene.caller(user);
        export_record(&mut scene.conn, &caller, &case, format, at(3 * HOUR))
    };
    // Those who do or follow the work read its records, in JSON and on paper.
    for user in ["worker", "chair", "cpd", "sup"] {
        let file = record(&mut scene, user, RecordFormat::Html).unwrap();
        let html = render_html(&file).unwrap();
        assert!(html.contains(PSYCHOLOGICAL), "{user}");
        assert!(
            html.contains("Đặng Thị Thu") && html.contains("Mẫu 03"),
            "{user}"
        );
    }
    // The police and the hotline work from the intake record: no step record reaches them.
    for user in ["police", "op", "info"] {
        let file = record(&mut scene, user, RecordFormat::Json).unwrap();
        assert!(file.steps.is_none(), "{user}");
        let json = serde_json::to_string(&file).unwrap();
        assert!(
            !json.contains(PSYCHOLOGICAL) && !json.contains("Công an phường Thuận An"),
            "{user}"
        );
        let html = render_html(&file).unwrap();
        assert!(!html.contains(PSYCHOLOGICAL), "{user}");
        assert!(html.contains("không thuộc phạm vi được xem"), "{user}");
        let caller = scene.caller(user);
        assert!(matches!(
            read_steps(&mut scene.conn, &caller, &case, Utc::now()),
            Err(CaseError::MayNotReadSteps)
        ));
    }
    // A reader outside the case's reach finds nothing; an administrator reads no case.
    assert!(matches!(
        record(&mut scene, "worker2", RecordFormat::Json),
        Err(CaseError::NotFound)
    ));
    assert!(matches!(
        record(&mut scene, "admin", RecordFormat::Json),
        Err(CaseError::NoCaseAccess)
    ));
    assert_eq!(audited(&mut scene, "case.record.export"), 7);
    // The document escapes what people typed.
    let file = record(&mut scene, "worker", RecordFormat::Html).unwrap();
    let mut hostile = file.clone();
    hostile.case.place_detail = Some("<script>alert(1)</script>".into());
    assert!(!render_html(&hostile).unwrap().contains("<script>"));
}

#[test]
fn the_plan_s_reports_are_tasks_of_the_agencies_that_owe_them() {
    let mut scene = Scene::new();
    let mid_november = chrono::DateTime::parse_from_rfc3339("2026-11-15T09:00:00+07:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut due = |user: &str| -> Vec<(String, i64)> {
        let caller = scene.caller(user);
        list_tasks(&mut scene.conn, &caller, &figures(), mid_november)
            .unwrap()
            .reports_due
            .into_iter()
            .map(|r| (r.period_code, r.days_left))
            .collect()
    };
    // The education department (which reads no case) owes its results by 20/11; the
    // information department also compiles the year's report by 30/11; the hotline owes none.
    assert_eq!(due("edu"), vec![("plan_results".to_owned(), 5)]);
    assert_eq!(
        due("info"),
        vec![("plan_results".to_owned(), 5), ("plan_year".to_owned(), 15)]
    );
    assert_eq!(due("op"), vec![]);
    let caller = scene.caller("edu");
    let list = list_tasks(&mut scene.conn, &caller, &figures(), mid_november).unwrap();
    assert!(list.items.is_empty());
    let caller = scene.caller("admin");
    assert!(list_tasks(&mut scene.conn, &caller, &figures(), mid_november).is_err());
}
