//! Transfers between communes: one to another province accepted (scope, referrals, deadlines,
//! the audit of both provinces), one refused, and one left unanswered and escalated once.

use chrono::Duration;
use diesel::prelude::*;
use hotline_cases::notes::add_note;
use hotline_cases::transfers::{list, watch};
use hotline_domain::transfer::TransferMove;
use hotline_store::schema::case_events;

use super::transfer_steps::*;
use super::*;

#[test]
fn a_case_moves_to_another_province_when_it_is_accepted_there() {
    let mut scene = Scene::new();
    scene.add_user("hncpd", "agency_officer", "hn-cpd");
    scene.add_user("hnsup", "supervisor", "hn-cpd");
    let case = id(&scene.case("op", THUAN_AN, "Nguyễn Thị Hoa"));
    let chair = scene.caller("chair");
    let worker = scene.world.user("worker").to_owned();
    hotline_cases::managers::assign_manager(
        &mut scene.conn,
        &chair,
        &case,
        &hotline_cases::managers::ManagerRequest {
            user_id: worker,
            reason: "Phụ trách địa bàn".into(),
        },
        Utc::now(),
    )
    .unwrap();
    // Verification has begun: the case has its deadlines running.
    move_case(&mut scene, "worker", &case, "verifying");
    let before = referrals_of(&mut scene, &case);
    assert!(before.contains(&("cp-19900".into(), ReferralStatus::Pending)));
    assert!(before.contains(&("hue-cpd".into(), ReferralStatus::Pending)));
    let deadlines = deadlines_of(&mut scene, &case);
    assert!(!deadlines.is_empty(), "the case has deadlines to carry");

    // Who may propose: the sending side only, never to where the case is.
    assert!(matches!(
        offer(&mut scene, "police", &case, BA_DINH),
        Err(CaseError::MayNotTransfer)
    ));
    assert!(matches!(
        offer(&mut scene, "worker2", &case, BA_DINH),
        Err(CaseError::NotFound)
    ));
    for (to, field) in [(THUAN_AN, "to_commune_code"), (999_999, "to_commune_code")] {
        match offer(&mut scene, "worker", &case, to) {
            Err(CaseError::Invalid(errors)) => assert_eq!(errors[0].field, field),
            other => panic!("to {to}: {other:?}"),
        }
    }
    let proposed = offer(&mut scene, "worker", &case, BA_DINH).unwrap();
    assert_eq!(proposed.status, "proposed");
    assert!(proposed.due_at > proposed.proposed_at);
    assert!(!proposed.yours_to_answer);
    assert!(matches!(
        offer(&mut scene, "chair", &case, BA_DINH),
        Err(CaseError::TransferWaiting)
    ));
    assert_eq!(
        mailed(&mut scene, "transfer.proposed"),
        ["hn-cpd@example.invalid"]
    );

    // The receiving department sees it offered, reads the case, and answers it.
    let caller = scene.caller("hncpd");
    let listed = list(&mut scene.conn, &caller, Utc::now()).unwrap();
    assert_eq!(listed.incoming.len(), 1);
    assert!(listed.incoming[0].yours_to_answer);
    assert_eq!(listed.incoming[0].reason, "Trẻ chuyển đến ở với bà ngoại");
    assert_eq!(
        seen(&mut scene, "hncpd", &case).unwrap(),
        (THUAN_AN, Some("offered".into()))
    );
    assert!(matches!(
        refusal(&mut scene, "worker", (&proposed.id, TransferMove::Accept)),
        CaseError::MayNotTransfer
    ));
    assert!(matches!(
        refusal(&mut scene, "worker2", (&proposed.id, TransferMove::Accept)),
        CaseError::NotFound
    ));
    let accepted = reply(
        &mut scene,
        "hncpd",
        (&proposed.id, TransferMove::Accept),
        Some("Đã liên hệ gia đình"),
    )
    .unwrap();
    assert_eq!(accepted.status, "accepted");
    assert!(matches!(
        reply(
            &mut scene,
            "hncpd",
            (&proposed.id, TransferMove::Refuse),
            Some("muộn")
        ),
        Err(CaseError::TransferAnswered)
    ));

    // The case is Hà Nội's now: its place, its scope, no manager; its deadlines carry on.
    let caller = scene.caller("hnsup");
    let view = read_case(&mut scene.conn, &caller, &case, Utc::now()).unwrap();
    assert_eq!((view.province_code, view.commune_code), (1, BA_DINH));
    assert_eq!(view.sight, None);
    assert!(view.manager.is_none(), "the receiving side names its own");
    assert_eq!(view.transfers.len(), 1);
    assert_eq!(deadlines_of(&mut scene, &case), deadlines);
    // The referrals went to the agencies that serve Ba Đình; the commune group's ended.
    let after = referrals_of(&mut scene, &case);
    for (agency, status) in [
        ("hue-cpd", ReferralStatus::Reassigned),
        ("hn-cpd", ReferralStatus::Pending),
        ("cp-19900", ReferralStatus::ClosedWithCase),
    ] {
        assert!(
            after.contains(&(agency.into(), status)),
            "{agency} {status:?} in {after:?}"
        );
    }
    let moved: Vec<(i32, i32)> = hotline_store::schema::referrals::table
        .filter(hotline_store::schema::referrals::case_id.eq(&case))
        .filter(hotline_store::schema::referrals::status.eq("pending"))
        .select((
            hotline_store::schema::referrals::case_province_code,
            hotline_store::schema::referrals::case_commune_code,
        ))
        .load(&mut scene.conn)
        .unwrap();
    assert!(moved.iter().all(|p| *p == (1, BA_DINH)), "{moved:?}");

    // Found in Hà Nội by the name of the commune it is in now, no longer by Thuận An's.
    let found = |scene: &mut Scene, q: &str| {
        let caller = scene.caller("hnsup");
        let terms = scene.vault.terms().clone();
        let query = CaseQuery {
            q: Some(q.into()),
            ..CaseQuery::default()
        };
        search_cases(&mut scene.conn, &caller, &query, keys(&terms), Utc::now())
            .unwrap()
            .items
            .len()
    };
    assert_eq!(found(&mut scene, "ba dinh"), 1);
    assert_eq!(found(&mut scene, "thuan an"), 0);

    // The sending side keeps read-only sight of what it did; nobody there writes to it.
    assert_eq!(
        seen(&mut scene, "worker", &case).unwrap(),
        (BA_DINH, Some("handed_on".into()))
    );
    assert_eq!(
        seen(&mut scene, "sup", &case).unwrap(),
        (BA_DINH, Some("handed_on".into()))
    );
    let caller = scene.caller("worker");
    let handed = read_case(&mut scene.conn, &caller, &case, Utc::now()).unwrap();
    assert!(handed.next_statuses.is_empty());
    assert!(handed
        .referrals
        .iter()
        .all(|r| r.agency_code != "hn-police" || r.created_at <= accepted.answered_at.unwrap()));
    assert!(matches!(
        add_note(&mut scene.conn, &caller, &case, "ghi chú", Utc::now()),
        Err(CaseError::NotFound)
    ));
    assert!(matches!(
        seen(&mut scene, "worker2", &case),
        Err(CaseError::NotFound)
    ));
    assert_eq!(
        mailed(&mut scene, "transfer.accepted"),
        ["cp-19900@example.invalid", "hue-cpd@example.invalid"]
    );

    // Both provinces' logs hold both steps; the timeline names the communes.
    let mut entries = transfer_entries(&mut scene, &case);
    entries.sort();
    assert_eq!(
        entries,
        [
            ("accepted".into(), "receiving".into(), Some(1)),
            ("accepted".into(), "sending".into(), Some(46)),
            ("proposed".into(), "receiving".into(), Some(1)),
            ("proposed".into(), "sending".into(), Some(46)),
        ]
    );
    // The figures count the case once, in Huế where it was received; each province says
    // what moved.
    let huế = summary(&mut scene, "sup");
    let hà_nội = summary(&mut scene, "hnsup");
    assert_eq!(huế["cases_opened"], 1);
    assert_eq!((huế["cases_moved_in"], huế["cases_moved_out"]), (0, 1));
    assert_eq!(hà_nội["cases_opened"], 0);
    assert_eq!(
        (hà_nội["cases_moved_in"], hà_nội["cases_moved_out"]),
        (1, 0)
    );

    let event = view
        .timeline
        .iter()
        .find(|e| e.kind == "transfer_accepted")
        .unwrap();
    assert_eq!(event.to_status.as_deref(), Some("Phường Ba Đình"));
    assert_eq!(event.text.as_deref(), Some("Đã liên hệ gia đình"));
}

#[test]
fn a_refused_transfer_leaves_the_case_where_it_was() {
    let mut scene = Scene::new();
    let case = id(&scene.case("op", THUAN_AN, "Lê Văn Nam"));
    let proposed = offer(&mut scene, "chair", &case, DUONG_NO).unwrap();
    assert_eq!(
        seen(&mut scene, "worker2", &case).unwrap(),
        (THUAN_AN, Some("offered".into()))
    );
    // The receiving side has it among its tasks, due when a referral's answer would be.
    assert_eq!(
        answer_tasks(&mut scene, "worker2"),
        [(case.clone(), proposed.due_at)]
    );
    assert!(answer_tasks(&mut scene, "worker").is_empty());
    match reply(
        &mut scene,
        "worker2",
        (&proposed.id, TransferMove::Refuse),
        None,
    ) {
        Err(CaseError::Invalid(errors)) => assert_eq!(errors[0].field, "reason"),
        other => panic!("{other:?}"),
    }
    let refused = reply(
        &mut scene,
        "worker2",
        (&proposed.id, TransferMove::Refuse),
        Some("Gia đình không ở địa bàn"),
    )
    .unwrap();
    assert_eq!(refused.status, "refused");
    assert!(answer_tasks(&mut scene, "worker2").is_empty());
    assert_eq!(seen(&mut scene, "worker", &case).unwrap(), (THUAN_AN, None));
    assert!(matches!(
        seen(&mut scene, "worker2", &case),
        Err(CaseError::NotFound)
    ));
    assert_eq!(
        mailed(&mut scene, "transfer.refused"),
        ["cp-19900@example.invalid", "hue-cpd@example.invalid"]
    );
    let caller = scene.caller("worker");
    let listed = list(&mut scene.conn, &caller, Utc::now()).unwrap();
    assert_eq!(
        listed.outgoing[0].answer_reason.as_deref(),
        Some("Gia đình không ở địa bàn")
    );
    assert!(listed.incoming.is_empty());
    // Another proposal may follow a refusal; the sender may withdraw it.
    let again = offer(&mut scene, "worker", &case, DUONG_NO).unwrap();
    assert!(matches!(
        refusal(&mut scene, "worker2", (&again.id, TransferMove::Cancel)),
        CaseError::MayNotTransfer
    ));
    let withdrawn = reply(
        &mut scene,
        "worker",
        (&again.id, TransferMove::Cancel),
        None,
    )
    .unwrap();
    assert_eq!(withdrawn.status, "cancelled");
    assert_eq!(mailed(&mut scene, "transfer.cancelled").len(), 2);

    // A case that ends (here set aside by the hotline) withdraws the transfer waiting.
    let third = offer(&mut scene, "worker", &case, DUONG_NO).unwrap();
    set_aside(&mut scene, &case);
    let caller = scene.caller("worker");
    let listed = list(&mut scene.conn, &caller, Utc::now()).unwrap();
    let row = listed.outgoing.iter().find(|t| t.id == third.id).unwrap();
    assert_eq!(row.status, "cancelled");
    assert!(matches!(
        refusal(&mut scene, "worker2", (&third.id, TransferMove::Accept)),
        CaseError::TransferAnswered
    ));
}

#[test]
fn an_unanswered_transfer_is_escalated_exactly_once() {
    let mut scene = Scene::new();
    scene.set_email("sup", "sup@example.invalid");
    let case = id(&scene.case("op", THUAN_AN, "Phạm Thị Lan"));
    let proposed = offer(&mut scene, "worker", &case, DUONG_NO).unwrap();
    let vault = scene.vault.clone();
    let early = proposed.due_at - Duration::minutes(1);
    assert_eq!(
        watch::escalate_due(&mut scene.conn, &vault, early, 10).unwrap(),
        0
    );
    let late = proposed.due_at + Duration::minutes(1);
    assert_eq!(
        watch::escalate_due(&mut scene.conn, &vault, late, 10).unwrap(),
        1
    );
    // A second run, or a second server, finds nothing left to do.
    assert_eq!(
        watch::escalate_due(&mut scene.conn, &vault, late, 10).unwrap(),
        0
    );
    assert_eq!(
        watch::escalate_due(&mut scene.conn, &vault, late + Duration::days(3), 10).unwrap(),
        0
    );
    let events: i64 = case_events::table
        .filter(case_events::case_id.eq(&case))
        .filter(case_events::kind.eq("transfer_escalated"))
        .count()
        .get_result(&mut scene.conn)
        .unwrap();
    assert_eq!(events, 1);
    assert_eq!(
        mailed(&mut scene, "transfer.escalated"),
        ["hue-cpd@example.invalid", "sup@example.invalid"]
    );
    let mut sides: Vec<String> = transfer_entries(&mut scene, &case)
        .into_iter()
        .filter(|(step, _, _)| step == "escalated")
        .map(|(_, side, _)| side)
        .collect();
    sides.sort();
    assert_eq!(sides, ["receiving", "sending"]);
    // Still open to an answer after the escalation.
    let caller = scene.caller("worker2");
    let listed = list(&mut scene.conn, &caller, Utc::now()).unwrap();
    assert!(listed.incoming[0].escalated_at.is_some());
    assert!(listed.incoming[0].yours_to_answer);
}
