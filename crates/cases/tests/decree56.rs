//! Decree 56 case work on the backend under test (SQLite, or PostgreSQL with
//! HOTLINE_TEST_POSTGRES_URL), with a test's clock: the full path of an emergency case from
//! report to closure, the moves refused for a missing record, the chair's approval and
//! return, every deadline met or breached, tasks per role, and what the case file shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use hotline_audit::query::{export, AuditFilter, AuditScope};
use hotline_cases::deadlines::watch::breach_due;
use hotline_cases::deadlines::{list_deadlines, DeadlineView};
use hotline_cases::dto::TransitionRequest;
use hotline_cases::plan::{move_plan, PlanMove};
use hotline_cases::record::{export_record, render_html, RecordFormat};
use hotline_cases::steps::{read_steps, save_step, StepRecordView};
use hotline_cases::tasks::list_tasks;

/// The shipped settings of the figures (the reports due join the tasks).
fn figures() -> hotline_reports::FigureSettings {
    hotline_reports::FigureSettings::parse(include_str!("../../../config/figures.toml")).unwrap()
}
use hotline_cases::transitions::transition_case;
use hotline_cases::CaseError;
use hotline_domain::casework::Missing;
use hotline_domain::{CaseStep, DeadlineKind, DeadlineState, PlanState, ReviewDecision};
use hotline_store::models::OutboxRow;
use hotline_store::queries::outbox;
use hotline_test_db::fixture::{abuse_report, Scene, DUONG_NO, THUAN_AN};
use serde_json::{json, Value};

/// 08:00 on Monday 1 March 2027 in Vietnam: the test's clock starts here.
fn t0() -> DateTime<Utc> {
    "2027-03-01T01:00:00Z".parse().unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

/// An emergency case about `child` in Thuận An, received at `when`.
fn emergency_case(scene: &mut Scene, child: &str, when: DateTime<Utc>) -> String {
    let mut report = abuse_report(THUAN_AN, child);
    report["emergency"] = json!(true);
    report["categories"] = json!(["sexual_abuse"]);
    scene.log_at("op", report, when).case_id.unwrap()
}

fn save(
    scene: &mut Scene,
    user: &str,
    case: &str,
    step: &str,
    body: Value,
    now: DateTime<Utc>,
) -> Result<StepRecordView, CaseError> {
    let caller = scene.caller(user);
    save_step(&mut scene.conn, &caller, case, step, &body, now)
}

fn mv(
    scene: &mut Scene,
    user: &str,
    case: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<String, CaseError> {
    let caller = scene.caller(user);
    let router = scene.router.clone();
    let request = TransitionRequest {
        to: to.into(),
        note: None,
        duplicate_of: None,
    };
    transition_case(&mut scene.conn, &caller, &router, case, &request, now).map(|v| v.status)
}

fn plan(
    scene: &mut Scene,
    user: &str,
    case: &str,
    what: PlanMove,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StepRecordView, CaseError> {
    let caller = scene.caller(user);
    move_plan(&mut scene.conn, &caller, case, what, reason, now)
}

fn deadlines(scene: &mut Scene, case: &str) -> Vec<DeadlineView> {
    let caller = scene.caller("sup");
    list_deadlines(&mut scene.conn, &caller, case, Utc::now()).unwrap()
}

/// The case's deadline of `kind` (and round), as listed.
fn deadline(scene: &mut Scene, case: &str, kind: DeadlineKind, round: i32) -> DeadlineView {
    deadlines(scene, case)
        .into_iter()
        .filter(|d| d.kind == kind && d.round == Some(round))
        .max_by_key(|d| d.cycle)
        .unwrap_or_else(|| panic!("no {kind} deadline, round {round}"))
}

fn verification(emergency_at: Option<DateTime<Utc>>) -> Value {
    let criterion = |level: &str| json!({"level": level, "note": "Có căn cứ từ lời kể của trẻ."});
    json!({
        "confirmed": true,
        "child_safety": "Trẻ đang ở cùng mẹ; đối tượng là hàng xóm vẫn sống gần nhà.",
        "contacts": [{"who": "Mẹ của trẻ", "summary": "Đã gặp trực tiếp"}],
        "criteria": {
            "harm": criterion("high"), "abuser_access": criterion("high"),
            "care_environment": criterion("medium"), "self_protection": criterion("high"),
        },
        "initial_risk": "high",
        "emergency_action": emergency_at.map(|t| json!({
            "kind": "safe_placement", "taken_at": t, "taken_by": "Công an phường Thuận An",
        })),
    })
}

/// A phrase only the assessment holds: the record must show it only to who may read it.
const PSYCHOLOGICAL: &str = "Trẻ hoảng sợ, mất ngủ, không muốn đến trường";

fn assessment() -> Value {
    json!({
        "physical_state": "Có vết bầm ở tay.",
        "psychological_state": PSYCHOLOGICAL,
        "caregivers": "Mẹ chăm sóc, có khả năng bảo vệ khi được hỗ trợ.",
        "caregivers_can_protect": true,
        "needs": [{"domain": "psychological", "description": "Tư vấn tâm lý hằng tuần"},
                  {"domain": "legal", "description": "Trợ giúp pháp lý khi làm việc với công an"}],
        "risk": "high",
    })
}

fn plan_record(next_review: &str) -> Value {
    json!({
        "goals": ["Trẻ an toàn, không còn tiếp xúc với đối tượng"],
        "actions": [
            {"description": "Tư vấn tâm lý", "responsible": "Trung tâm CTXH tỉnh",
             "service": "psychological", "due": "2027-03-31"},
            {"description": "Trợ giúp pháp lý", "responsible": "Trung tâm TGPL",
             "service": "legal_aid", "due": "2027-03-20"},
        ],
        "next_review": next_review,
    })
}

fn review(on: &str, decision: &str, next: Option<&str>) -> Value {
    json!({
        "reviewed_on": on,
        "actions": [{"action": 1, "status": "done"}, {"action": 2, "status": "in_progress"}],
        "situation": "Trẻ đã đi học trở lại.",
        "risk_now": "medium",
        "decision": decision,
        "next_review": next,
    })
}

fn missing(result: Result<impl std::fmt::Debug, CaseError>) -> Missing {
    match result {
        Err(CaseError::Incomplete(m)) => m,
        other => panic!("expected a missing record, got {other:?}"),
    }
}

fn mails(scene: &mut Scene, kind: &str) -> Vec<OutboxRow> {
    outbox::list(
        &mut scene.conn,
        "pending",
        hotline_domain::CaseScope::All,
        10_000,
    )
    .unwrap()
    .into_iter()
    .filter(|m| m.kind == kind)
    .collect()
}

fn audited(scene: &mut Scene, action: &str) -> usize {
    let filter = AuditFilter {
        action: Some(action.into()),
        ..AuditFilter::default()
    };
    export(&mut scene.conn, AuditScope::All, &filter, 10_000)
        .unwrap()
        .len()
}

#[test]
fn an_emergency_case_goes_from_report_to_closure_with_every_record() {
    let mut scene = Scene::new();
    scene.set_email("chair", "chutich.thuanan@example.invalid");
    let case = emergency_case(&mut scene, "Lê Thị Hoa", at(0));
    let clock = deadline(&mut scene, &case, DeadlineKind::EmergencyAction, 1);
    assert_eq!(
        (clock.due_at, clock.state),
        (at(12 * HOUR), DeadlineState::Pending)
    );

    // Verification, with the emergency measure taken an hour after receipt.
    let v = save(
        &mut scene,
        "worker",
        &case,
        "verification",
        verification(Some(at(HOUR))),
        at(2 * HOUR),
    )
    .unwrap();
    assert_eq!(
        (v.step, v.versions.len(), v.editable),
        (CaseStep::Verification, 1, true)
    );
    let clock = deadline(&mut scene, &case, DeadlineKind::EmergencyAction, 1);
    assert_eq!(
        (clock.state, clock.met_at),
        (DeadlineState::Met, Some(at(HOUR)))
    );
    // Who writes: the commune's group and supervisors; not the chair, the police or operators.
    for user in ["chair", "police", "op"] {
        let refused = save(
            &mut scene,
            user,
            &case,
            "verification",
            verification(None),
            at(2 * HOUR),
        );
        assert!(
            matches!(refused, Err(CaseError::MayNotWriteSteps)),
            "{user}: {refused:?}"
        );
    }
    // A record for a step not yet current, and a step that does not exist.
    assert!(matches!(
        save(
            &mut scene,
            "worker",
            &case,
            "assessment",
            assessment(),
            at(2 * HOUR)
        ),
        Err(CaseError::StepNotCurrent { .. })
    ));
    assert!(matches!(
        save(
            &mut scene,
            "worker",
            &case,
            "paperwork",
            json!({}),
            at(2 * HOUR)
        ),
        Err(CaseError::NotFound)
    ));

    assert_eq!(
        mv(&mut scene, "worker", &case, "verifying", at(3 * HOUR)).unwrap(),
        "verifying"
    );
    let plan_due = deadline(&mut scene, &case, DeadlineKind::Plan, 1);
    let approval_due = deadline(&mut scene, &case, DeadlineKind::Approval, 1);
    assert!(plan_due.due_at >= at(5 * DAY) && approval_due.due_at > plan_due.due_at);
    assert_eq!(
        mv(&mut scene, "worker", &case, "assessing", at(4 * HOUR)).unwrap(),
        "assessing"
    );

    // Each move asks for its record.
    assert_eq!(
        missing(mv(&mut scene, "worker", &case, "planning", at(5 * HOUR))),
        Missing::Record(CaseStep::Assessment)
    );
    save(
        &mut scene,
        "worker",
        &case,
        "assessment",
        assessment(),
        at(5 * HOUR),
    )
    .unwrap();
    // The verification is fixed once the case moved past it.
    assert!(matches!(
        save(
            &mut scene,
            "worker",
            &case,
            "verification",
            verification(None),
            at(5 * HOUR)
        ),
        Err(CaseError::StepNotCurrent { .. })
    ));
    mv(&mut scene, "worker", &case, "planning", at(6 * HOUR)).unwrap();
    assert_eq!(
        missing(mv(&mut scene, "worker", &case, "intervening", at(6 * HOUR))),
        Missing::ApprovedPlan
    );

    // The plan: drafted, submitted, returned by the chair, edited, submitted, approved.
    assert!(matches!(
        plan(&mut scene, "worker", &case, PlanMove::Submit, None, at(DAY)),
        Err(CaseError::Incomplete(Missing::Record(CaseStep::Plan)))
    ));
    save(
        &mut scene,
        "worker",
        &case,
        "plan",
        plan_record("2027-03-15"),
        at(DAY),
    )
    .unwrap();
    assert!(matches!(
        plan(&mut scene, "chair", &case, PlanMove::Approve, None, at(DAY)),
        Err(CaseError::PlanMove {
            from: Some(PlanState::Draft),
            to: PlanState::Approved
        })
    ));
    let submitted = plan(
        &mut scene,
        "worker",
        &case,
        PlanMove::Submit,
        None,
        at(DAY + HOUR),
    )
    .unwrap();
    assert_eq!(submitted.plan_state, Some(PlanState::Submitted));
    assert!(!submitted.editable, "a submitted plan is fixed");
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Plan, 1).state,
        DeadlineState::Met
    );
    assert_eq!(
        mails(&mut scene, "plan.submitted")[0].recipient,
        "chutich.thuanan@example.invalid"
    );
    assert!(matches!(
        save(
            &mut scene,
            "worker",
            &case,
            "plan",
            plan_record("2027-03-15"),
            at(DAY + HOUR)
        ),
        Err(CaseError::PlanLocked {
            state: PlanState::Submitted
        })
    ));
    // Only the chair decides, and a return says why.
    for user in ["worker", "sup"] {
        assert!(matches!(
            plan(
                &mut scene,
                user,
                &case,
                PlanMove::Approve,
                None,
                at(DAY + 2 * HOUR)
            ),
            Err(CaseError::MayNotApprove)
        ));
    }
    assert!(matches!(
        plan(
            &mut scene,
            "chair",
            &case,
            PlanMove::Return,
            Some("  "),
            at(DAY + 2 * HOUR)
        ),
        Err(CaseError::Invalid(_))
    ));
    let returned = plan(
        &mut scene,
        "chair",
        &case,
        PlanMove::Return,
        Some("Bổ sung hoạt động hỗ trợ học tập"),
        at(DAY + 2 * HOUR),
    )
    .unwrap();
    assert_eq!(returned.plan_state, Some(PlanState::Returned));
    assert_eq!(
        mails(&mut scene, "plan.returned")[0].recipient,
        "cp-19900@example.invalid"
    );
    save(
        &mut scene,
        "worker",
        &case,
        "plan",
        plan_record("2027-03-20"),
        at(2 * DAY),
    )
    .unwrap();
    plan(
        &mut scene,
        "worker",
        &case,
        PlanMove::Submit,
        None,
        at(2 * DAY),
    )
    .unwrap();
    let approved = plan(
        &mut scene,
        "chair",
        &case,
        PlanMove::Approve,
        None,
        at(3 * DAY),
    )
    .unwrap();
    let history: Vec<_> = approved
        .versions
        .iter()
        .map(|v| (v.version, v.plan_state.unwrap()))
        .collect();
    use PlanState::*;
    assert_eq!(
        history,
        [
            (1, Draft),
            (2, Submitted),
            (3, Returned),
            (4, Draft),
            (5, Submitted),
            (6, Approved)
        ]
    );
    assert_eq!(
        approved.versions[2].note.as_deref(),
        Some("Bổ sung hoạt động hỗ trợ học tập")
    );
    assert_eq!(approved.versions[5].recorded_by.as_deref(), Some("chair"));
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Approval, 1).state,
        DeadlineState::Met
    );
    // The first review is due by the end of the day the plan set (Vietnam time).
    let first_review = deadline(&mut scene, &case, DeadlineKind::Review, 1);
    assert_eq!(
        first_review.due_at,
        "2027-03-20T17:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );

    // Implementation and reviews.
    mv(&mut scene, "worker", &case, "intervening", at(3 * DAY)).unwrap();
    assert!(matches!(
        save(&mut scene, "worker", &case, "review", review("2027-03-18", "continue", None), at(17 * DAY)),
        Err(CaseError::Invalid(ref e)) if e[0].field == "next_review"
    ));
    save(
        &mut scene,
        "worker",
        &case,
        "review",
        review("2027-03-18", "continue", Some("2027-04-15")),
        at(17 * DAY),
    )
    .unwrap();
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Review, 1).state,
        DeadlineState::Met
    );
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Review, 2).state,
        DeadlineState::Pending
    );
    // The same date edits that review; an earlier date is refused.
    let edited = save(
        &mut scene,
        "worker",
        &case,
        "review",
        review("2027-03-18", "continue", Some("2027-04-20")),
        at(17 * DAY + HOUR),
    )
    .unwrap();
    assert_eq!((edited.round, edited.versions.len()), (1, 2));
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Review, 2).due_at,
        "2027-04-20T17:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert!(matches!(
        save(&mut scene, "worker", &case, "review", review("2027-03-10", "close", None), at(18 * DAY)),
        Err(CaseError::Invalid(ref e)) if e[0].field == "reviewed_on"
    ));
    mv(&mut scene, "worker", &case, "reviewing", at(48 * DAY)).unwrap();
    assert_eq!(
        missing(mv(&mut scene, "worker", &case, "closed", at(48 * DAY))),
        Missing::Decision(ReviewDecision::Close)
    );
    assert!(matches!(
        save(
            &mut scene,
            "worker",
            &case,
            "closure",
            json!({"reason": "safe", "summary": "An toàn"}),
            at(48 * DAY)
        ),
        Err(CaseError::Incomplete(Missing::Decision(
            ReviewDecision::Close
        )))
    ));
    let second = save(
        &mut scene,
        "worker",
        &case,
        "review",
        review("2027-04-17", "close", None),
        at(48 * DAY),
    )
    .unwrap();
    assert_eq!(second.round, 2);
    assert_eq!(
        deadline(&mut scene, &case, DeadlineKind::Review, 2).state,
        DeadlineState::Met
    );
    assert_eq!(
        missing(mv(&mut scene, "worker", &case, "closed", at(48 * DAY))),
        Missing::Record(CaseStep::Closure)
    );

    // Closure: the child moved to Dương Nỗ, which is told.
    let closure = json!({"reason": "moved_away", "new_commune_code": DUONG_NO,
                         "summary": "Trẻ chuyển về ở với bà ngoại tại phường Dương Nỗ."});
    save(
        &mut scene,
        "worker",
        &case,
        "closure",
        closure,
        at(48 * DAY),
    )
    .unwrap();
    assert_eq!(
        mv(&mut scene, "worker", &case, "closed", at(49 * DAY)).unwrap(),
        "closed"
    );
    let mut handed: Vec<String> = mails(&mut scene, "case.handed_over")
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    handed.sort();
    assert_eq!(
        handed,
        ["cp-19909@example.invalid", "hue-cpd@example.invalid"]
    );
    let payload: Value =
        serde_json::from_str(&mails(&mut scene, "case.handed_over")[0].payload).unwrap();
    assert_eq!(payload["to_commune"], "Phường Dương Nỗ");
    assert!(
        !payload.to_string().contains("Hoa"),
        "no child in a notice: {payload}"
    );
    assert!(deadlines(&mut scene, &case)
        .iter()
        .all(|d| d.state != DeadlineState::Pending));

    // Every record and version is kept and audited. (The department's officer no longer reads
    // the case: its referral ended with it; its supervisors follow the whole province.)
    let caller = scene.caller("sup");
    let steps = read_steps(&mut scene.conn, &caller, &case, Utc::now()).unwrap();
    let kinds: Vec<(CaseStep, i32, usize)> = steps
        .records
        .iter()
        .map(|r| (r.step, r.round, r.versions.len()))
        .collect();
    assert_eq!(
        kinds,
        [
            (CaseStep::Assessment, 1, 1),
            (CaseStep::Closure, 1, 1),
            (CaseStep::Plan, 1, 6),
            (CaseStep::Review, 1, 2),
            (CaseStep::Review, 2, 1),
            (CaseStep::Verification, 1, 1),
        ]
    );
    assert!(
        steps.records.iter().all(|r| !r.editable),
        "a closed case's records are fixed"
    );
    assert_eq!(audited(&mut scene, "case.step.save"), 8);
    assert_eq!(audited(&mut scene, "case.plan.approve"), 1);
    assert_eq!(audited(&mut scene, "case.steps.read"), 1);
}

#[test]
fn the_twelve_hour_clock_is_met_at_11h59_and_breached_at_12h01() {
    let mut scene = Scene::new();
    scene.set_email("chair", "chutich.thuanan@example.invalid");
    scene.set_email("sup", "lanhdao.so@example.invalid");
    let in_time = emergency_case(&mut scene, "Trần Văn An", at(0));
    let late = emergency_case(&mut scene, "Trần Văn Bình", at(0));

    let taken = at(11 * HOUR + 59);
    save(
        &mut scene,
        "worker",
        &in_time,
        "verification",
        verification(Some(taken)),
        taken,
    )
    .unwrap();
    assert_eq!(
        breach_due(&mut scene.conn, &scene.vault, at(12 * HOUR), 100).unwrap(),
        0,
        "not yet due"
    );
    assert_eq!(
        breach_due(&mut scene.conn, &scene.vault, at(12 * HOUR + 1), 100).unwrap(),
        1
    );
    assert_eq!(
        breach_due(&mut scene.conn, &scene.vault, at(13 * HOUR), 100).unwrap(),
        0,
        "once only"
    );

    let met = deadline(&mut scene, &in_time, DeadlineKind::EmergencyAction, 1);
    assert_eq!((met.state, met.met_at), (DeadlineState::Met, Some(taken)));
    let breached = deadline(&mut scene, &late, DeadlineKind::EmergencyAction, 1);
    assert_eq!(
        (breached.state, breached.breached_at),
        (DeadlineState::Breached, Some(at(12 * HOUR + 1)))
    );
    assert_eq!(breached.escalated_to, ["cp-19900", "hue-cpd"]);
    // The chair, the department and its supervisor hear of it; nothing about the child.
    let sent: Vec<OutboxRow> = mails(&mut scene, "deadline.breached");
    let mut to: Vec<&str> = sent.iter().map(|m| m.recipient.as_str()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "chutich.thuanan@example.invalid",
            "hue-cpd@example.invalid",
            "lanhdao.so@example.invalid"
        ]
    );
    assert!(sent
        .iter()
        .all(|m| m.case_id.as_deref() == Some(late.as_str())));
    assert!(sent.iter().all(|m| !m.payload.contains("Bình")));
    assert_eq!(audited(&mut scene, "deadline.breach"), 1);

    // An action taken at 12 h 01 is recorded, late: the breach stands.
    let taken_late = at(12 * HOUR + 1);
    save(
        &mut scene,
        "worker",
        &late,
        "verification",
        verification(Some(taken_late)),
        at(13 * HOUR),
    )
    .unwrap();
    let after = deadline(&mut scene, &late, DeadlineKind::EmergencyAction, 1);
    assert_eq!(
        (after.state, after.met_at),
        (DeadlineState::Breached, Some(taken_late))
    );
}

#[test]
fn ended_cases_owe_nothing_and_new_cycles_start_new_clocks() {
    let mut scene = Scene::new();
    let set_aside = emergency_case(&mut scene, "Hồ Thị Lan", at(0));
    mv(&mut scene, "op", &set_aside, "no_action", at(HOUR)).unwrap();
    let cancelled = deadline(&mut scene, &set_aside, DeadlineKind::EmergencyAction, 1);
    assert_eq!(cancelled.state, DeadlineState::Cancelled);
    assert_eq!(
        breach_due(&mut scene.conn, &scene.vault, at(2 * DAY), 100).unwrap(),
        0
    );

    // Reopened, the case's work starts a second cycle with its own plan clock.
    mv(&mut scene, "sup", &set_aside, "verifying", at(DAY)).unwrap();
    let plans: Vec<(Option<i32>, DeadlineState)> = deadlines(&mut scene, &set_aside)
        .into_iter()
        .filter(|d| d.kind == DeadlineKind::Plan)
        .map(|d| (d.cycle, d.state))
        .collect();
    assert_eq!(plans, [(Some(2), DeadlineState::Pending)]);
    // Its records belong to the new cycle.
    let v = save(
        &mut scene,
        "worker",
        &set_aside,
        "verification",
        verification(None),
        at(DAY),
    )
    .unwrap();
    assert_eq!(v.cycle, 2);
    // The plan clock of the new cycle is watched like the first.
    assert_eq!(
        breach_due(&mut scene.conn, &scene.vault, at(30 * DAY), 100).unwrap(),
        2,
        "plan and approval"
    );
}

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
    let kinds = |scene: &mut Scene, user: &str, now| -> Vec<(DeadlineKind, String, bool)> {
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
    assert!(worker.contains(&(DeadlineKind::EmergencyAction, urgent.clone(), true)));
    // Its group's referral of the emergency (acknowledge within hours) is overdue too.
    assert!(worker.contains(&(DeadlineKind::ReferralAck, urgent.clone(), true)));
    assert!(kinds(&mut scene, "worker", now)
        .iter()
        .all(|(_, c, _)| *c != elsewhere));
    // The referrals each agency has not answered, its own only.
    let police = kinds(&mut scene, "police", now);
    assert!(
        !police.is_empty()
            && police
                .iter()
                .all(|(k, _, _)| *k == DeadlineKind::ReferralAck)
    );
    // The chair decides emergencies; there is no plan to approve yet.
    assert_eq!(
        kinds(&mut scene, "chair", now),
        [(DeadlineKind::EmergencyAction, urgent.clone(), true)]
    );
    // Supervisors follow every overdue deadline in the province.
    let sup = kinds(&mut scene, "sup", now);
    assert!(sup.contains(&(DeadlineKind::EmergencyAction, urgent.clone(), true)));
    // ... and, of case work, only what is overdue (its department's referrals are its own).
    assert!(sup
        .iter()
        .all(|(kind, _, overdue)| *overdue || *kind == DeadlineKind::ReferralAck));
    assert!(matches!(
        tasks(&mut scene, "admin", now),
        Err(CaseError::NoCaseAccess)
    ));
    assert!(tasks(&mut scene, "op", now).unwrap().items.is_empty());

    // Day 3: the plan is due within the week; overdue ones come first.
    let now = at(2 * DAY);
    let worker = kinds(&mut scene, "worker", now);
    assert_eq!(worker.first().map(|t| t.2), Some(true));
    assert!(worker.contains(&(DeadlineKind::Plan, planned.clone(), false)));
    let due: Vec<bool> = worker.iter().map(|t| t.2).collect();
    assert!(
        due.windows(2).all(|w| w[0] >= w[1]),
        "overdue first: {due:?}"
    );

    // A plan submitted is the chair's to approve.
    mv(&mut scene, "worker", &planned, "assessing", at(2 * DAY)).unwrap_err();
    save(
        &mut scene,
        "worker",
        &planned,
        "verification",
        verification(None),
        at(2 * DAY),
    )
    .unwrap();
    mv(&mut scene, "worker", &planned, "assessing", at(2 * DAY)).unwrap();
    save(
        &mut scene,
        "worker",
        &planned,
        "assessment",
        assessment(),
        at(2 * DAY),
    )
    .unwrap();
    mv(&mut scene, "worker", &planned, "planning", at(2 * DAY)).unwrap();
    save(
        &mut scene,
        "worker",
        &planned,
        "plan",
        plan_record("2027-03-25"),
        at(2 * DAY),
    )
    .unwrap();
    assert!(!kinds(&mut scene, "chair", at(2 * DAY))
        .iter()
        .any(|t| t.0 == DeadlineKind::Approval));
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
        DeadlineKind::Approval,
        planned.clone(),
        false
    )));
    assert!(!kinds(&mut scene, "worker", at(2 * DAY))
        .iter()
        .any(|t| t.0 == DeadlineKind::Plan && t.1 == planned));
    assert!(audited(&mut scene, "task.list") > 5);
}

#[test]
fn the_case_file_shows_each_reader_only_what_it_may_see() {
    let mut scene = Scene::new();
    let case = emergency_case(&mut scene, "Đặng Thị Thu", at(0));
    save(
        &mut scene,
        "worker",
        &case,
        "verification",
        verification(Some(at(HOUR))),
        at(HOUR),
    )
    .unwrap();
    mv(&mut scene, "worker", &case, "verifying", at(HOUR)).unwrap();
    mv(&mut scene, "worker", &case, "assessing", at(HOUR)).unwrap();
    save(
        &mut scene,
        "worker",
        &case,
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
