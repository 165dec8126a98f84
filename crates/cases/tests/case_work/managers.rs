//! Named case managers: who assigns them and whom, what the timeline, the log and the mail
//! say, a leaver's cases handed over in one action, and caseloads.

use diesel::prelude::*;
use hotline_cases::managers::{
    assign_manager, caseloads, reassign, Caseloads, ManagerRequest, ReassignRequest, Reassigned,
};
use hotline_cases::tasks::list_tasks;
use hotline_domain::TaskKind;
use hotline_store::queries::users;
use hotline_store::schema::{audit_entries, outbox};

use super::*;

fn assign(scene: &mut Scene, by: &str, case: &str, to: &str) -> Result<Option<String>, CaseError> {
    let caller = scene.caller(by);
    let request = ManagerRequest {
        user_id: scene.world.user(to).to_owned(),
        reason: "Cán bộ phụ trách địa bàn".into(),
    };
    assign_manager(&mut scene.conn, &caller, case, &request, Utc::now())
        .map(|v| v.manager.map(|m| m.username))
}

fn hand_over(
    scene: &mut Scene,
    by: &str,
    (from, to): (&str, &str),
    cases: Option<Vec<String>>,
) -> Result<Reassigned, CaseError> {
    let caller = scene.caller(by);
    let request = ReassignRequest {
        from_user_id: scene.world.user(from).to_owned(),
        to_user_id: scene.world.user(to).to_owned(),
        case_ids: cases,
        reason: "Cán bộ nghỉ việc".into(),
    };
    reassign(&mut scene.conn, &caller, &request, Utc::now())
}

fn loads(scene: &mut Scene, by: &str) -> Result<Caseloads, CaseError> {
    let caller = scene.caller(by);
    caseloads(&mut scene.conn, &caller, Utc::now())
}

/// A worker's open cases in `loads`, and whether its account is active.
fn load_of(loads: &Caseloads, username: &str) -> Option<(i64, bool)> {
    loads
        .items
        .iter()
        .find(|l| l.username.as_deref() == Some(username))
        .map(|l| (l.open, l.active == Some(true)))
}

fn count_audited(scene: &mut Scene, action: &str) -> i64 {
    audit_entries::table
        .filter(audit_entries::action.eq(action))
        .count()
        .get_result(&mut scene.conn)
        .unwrap()
}

/// The payloads of the mails that tell a worker of cases assigned, to `address`.
fn assigned_mail(scene: &mut Scene, address: &str) -> Vec<serde_json::Value> {
    outbox::table
        .filter(outbox::kind.eq("cases.assigned"))
        .filter(outbox::recipient.eq(address))
        .select(outbox::payload)
        .load::<String>(&mut scene.conn)
        .unwrap()
        .iter()
        .map(|p| serde_json::from_str(p).unwrap())
        .collect()
}

fn field_of(result: Result<impl std::fmt::Debug, CaseError>) -> String {
    match result {
        Err(CaseError::Invalid(errors)) => errors[0].field.clone(),
        other => panic!("expected a refused field, got {other:?}"),
    }
}

#[test]
fn the_chair_names_a_worker_of_the_group_and_the_timeline_the_log_and_the_mail_say_so() {
    let mut scene = Scene::new();
    scene.set_email("worker", "worker@example.invalid");
    let case = id(&scene.case("op", THUAN_AN, "Nguyễn Thị Lan"));

    // Only the chair (or the department) assigns; a worker of another commune cannot manage.
    assert!(matches!(
        assign(&mut scene, "worker", &case, "worker"),
        Err(CaseError::MayNotAssign)
    ));
    assert!(matches!(
        assign(&mut scene, "police", &case, "worker"),
        Err(CaseError::MayNotAssign)
    ));
    assert_eq!(
        field_of(assign(&mut scene, "chair", &case, "worker2")),
        "user_id"
    );
    let caller = scene.caller("chair");
    let unexplained = ManagerRequest {
        user_id: scene.world.user("worker").to_owned(),
        reason: "  ".into(),
    };
    assert_eq!(
        field_of(assign_manager(
            &mut scene.conn,
            &caller,
            &case,
            &unexplained,
            Utc::now()
        )),
        "reason"
    );

    assert_eq!(
        assign(&mut scene, "chair", &case, "worker")
            .unwrap()
            .as_deref(),
        Some("worker")
    );
    // Asking again changes nothing: one event, one mail.
    assign(&mut scene, "chair", &case, "worker").unwrap();
    let caller = scene.caller("worker");
    let view = read_case(&mut scene.conn, &caller, &case, Utc::now()).unwrap();
    let events: Vec<_> = view
        .timeline
        .iter()
        .filter(|e| e.kind == "manager")
        .collect();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].to_status.as_deref(), Some("worker"));
    assert_eq!(events[0].from_status, None);
    assert_eq!(events[0].actor.as_deref(), Some("chair"));
    assert_eq!(events[0].text.as_deref(), Some("Cán bộ phụ trách địa bàn"));
    assert_eq!(count_audited(&mut scene, "case.manager"), 2);
    let mails = assigned_mail(&mut scene, "worker@example.invalid");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        mails[0]["case_numbers"],
        serde_json::json!([view.case_number])
    );
    // The mail names the case by its number only.
    assert!(!mails[0].to_string().contains("Lan"));

    // The department assigns on a case it holds (this one is referred to it).
    assert_eq!(
        assign(&mut scene, "cpd", &case, "worker")
            .unwrap()
            .as_deref(),
        Some("worker")
    );
    // An ended case takes no manager.
    let dup = id(&scene.case("op", THUAN_AN, "Nguyễn Thị Lan"));
    assert_eq!(
        link(&mut scene, "worker", &dup, &case).unwrap(),
        "duplicate"
    );
    assert!(matches!(
        assign(&mut scene, "chair", &dup, "worker"),
        Err(CaseError::NotOpen)
    ));
}

#[test]
fn a_leavers_fifty_open_cases_move_to_another_worker_in_one_action() {
    let mut scene = Scene::new();
    scene.add_user("worker3", "commune_worker", "cp-19900");
    scene.set_email("worker3", "worker3@example.invalid");
    let cases: Vec<String> = (0..50)
        .map(|i| id(&scene.case("op", THUAN_AN, &format!("Trẻ số {i}"))))
        .collect();
    let elsewhere = id(&scene.case("op", DUONG_NO, "Trần Văn Bình"));
    for case in &cases {
        assign(&mut scene, "chair", case, "worker").unwrap();
    }
    let before = loads(&mut scene, "chair").unwrap();
    assert_eq!(load_of(&before, "worker"), Some((50, true)));
    assert_eq!(load_of(&before, "worker3"), Some((0, true)));
    assert_eq!(before.unmanaged, 0);
    assert_eq!(before.per, "worker");

    // The worker leaves: the same moment, each of its open cases is the chair's task.
    let worker = scene.world.user("worker").to_owned();
    users::set_active(&mut scene.conn, &worker, false).unwrap();
    let caller = scene.caller("chair");
    let figures =
        hotline_reports::FigureSettings::parse(include_str!("../../../../config/figures.toml"))
            .unwrap();
    let tasks = list_tasks(&mut scene.conn, &caller, &figures, Utc::now()).unwrap();
    let replace: Vec<_> = tasks
        .items
        .iter()
        .filter(|t| t.kind == TaskKind::ReplaceManager)
        .collect();
    assert_eq!(replace.len(), 50);
    assert!(replace
        .iter()
        .all(|t| t.manager.as_deref() == Some("worker")));
    assert_eq!(
        load_of(&loads(&mut scene, "chair").unwrap(), "worker"),
        Some((50, false))
    );

    // A case outside the leaver's cases, or a taker of another commune, moves nothing.
    let mut stray = cases[..3].to_vec();
    stray.push(elsewhere.clone());
    assert_eq!(
        field_of(hand_over(
            &mut scene,
            "chair",
            ("worker", "worker3"),
            Some(stray)
        )),
        "case_ids"
    );
    assert_eq!(
        field_of(hand_over(&mut scene, "chair", ("worker", "worker2"), None)),
        "to_user_id"
    );
    assert!(matches!(
        hand_over(&mut scene, "worker3", ("worker", "worker3"), None),
        Err(CaseError::MayNotAssign)
    ));
    assert_eq!(
        load_of(&loads(&mut scene, "chair").unwrap(), "worker3"),
        Some((0, true))
    );

    // All fifty in one action, one mail listing their numbers.
    let moved = hand_over(&mut scene, "chair", ("worker", "worker3"), None).unwrap();
    assert_eq!((moved.moved, moved.to_username.as_str()), (50, "worker3"));
    let after = loads(&mut scene, "chair").unwrap();
    assert_eq!(load_of(&after, "worker3"), Some((50, true)));
    assert_eq!(load_of(&after, "worker"), None);
    let mails = assigned_mail(&mut scene, "worker3@example.invalid");
    assert_eq!(mails.len(), 1);
    let mut numbers: Vec<String> = mails[0]["case_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    let mut expected = moved.case_numbers.clone();
    expected.sort();
    assert_eq!(numbers, expected);
    assert_eq!(count_audited(&mut scene, "case.reassign"), 1);
    assert_eq!(count_audited(&mut scene, "case.manager"), 100);
    let caller = scene.caller("chair");
    let tasks = list_tasks(&mut scene.conn, &caller, &figures, Utc::now()).unwrap();
    assert!(tasks
        .items
        .iter()
        .all(|t| t.kind != TaskKind::ReplaceManager));

    // A supervisor reads the same per commune; workers read no caseloads.
    let sup = loads(&mut scene, "sup").unwrap();
    assert_eq!(sup.per, "commune");
    let by_commune: Vec<_> = sup
        .items
        .iter()
        .map(|l| (l.commune_code, l.open, l.unmanaged))
        .collect();
    assert!(by_commune.contains(&(Some(THUAN_AN), 50, Some(0))));
    assert!(by_commune.contains(&(Some(DUONG_NO), 1, Some(1))));
    assert_eq!(sup.unmanaged, 1);
    assert!(matches!(
        loads(&mut scene, "worker3"),
        Err(CaseError::MayNotReadCaseloads)
    ));
}
