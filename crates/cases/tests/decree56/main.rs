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

use hotline_cases::transitions::transition_case;
use hotline_cases::CaseError;
use hotline_domain::casework::Missing;
use hotline_domain::{CaseStep, DeadlineKind, DeadlineState, PlanState, ReviewDecision};
use hotline_store::models::OutboxRow;
use hotline_store::queries::outbox;
use hotline_test_db::fixture::{abuse_report, Scene, DUONG_NO, THUAN_AN};
use serde_json::{json, Value};

mod clocks;
mod journey;
mod tasks;

/// The shipped settings of the figures (the reports due join the tasks).
fn figures() -> hotline_reports::FigureSettings {
    hotline_reports::FigureSettings::parse(include_str!("../../../../config/figures.toml")).unwrap()
}

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
    (user, case): (&str, &str),
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
