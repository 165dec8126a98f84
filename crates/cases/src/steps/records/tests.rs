#![allow(clippy::unwrap_used)]

use super::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn review(decision: ReviewDecision, next: Option<&str>) -> ReviewRecord {
    ReviewRecord {
        reviewed_on: date("2026-12-01"),
        actions: vec![ActionReview {
            action: 1,
            status: ActionStatus::Done,
            note: Some("  ".into()),
        }],
        situation: " ổn định ".into(),
        risk_now: RiskLevel::Low,
        decision,
        next_review: next.map(date),
        note: None,
    }
}

fn fields(result: Result<(), Vec<FieldError>>) -> Vec<String> {
    result
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn a_review_that_continues_names_the_next_one_and_no_other_does() {
    let today = date("2026-12-02");
    let mut ok = review(ReviewDecision::Continue, Some("2027-01-01"));
    assert_eq!(fields(ok.check(today, 1)), Vec::<String>::new());
    assert_eq!(ok.situation, "ổn định");
    assert_eq!(ok.actions[0].note, None, "blank text is dropped");
    let mut missing = review(ReviewDecision::Continue, None);
    assert_eq!(fields(missing.check(today, 1)), ["next_review"]);
    let mut before = review(ReviewDecision::Continue, Some("2026-12-01"));
    assert_eq!(fields(before.check(today, 1)), ["next_review"]);
    let mut closing = review(ReviewDecision::Close, Some("2027-01-01"));
    assert_eq!(fields(closing.check(today, 1)), ["next_review"]);
    let mut future = review(ReviewDecision::Close, None);
    assert_eq!(fields(future.check(date("2026-11-30"), 1)), ["reviewed_on"]);
}

#[test]
fn a_review_speaks_only_of_the_plans_actions() {
    let mut r = review(ReviewDecision::Close, None);
    r.actions.push(ActionReview {
        action: 1,
        status: ActionStatus::NotDone,
        note: None,
    });
    r.actions.push(ActionReview {
        action: 3,
        status: ActionStatus::Done,
        note: None,
    });
    assert_eq!(
        fields(r.check(date("2026-12-02"), 2)),
        ["actions[1].action", "actions[2].action"]
    );
}

#[test]
fn a_child_who_moved_to_another_commune_is_transferred_not_closed() {
    let closure = |reason, code| ClosureRecord {
        reason,
        new_commune_code: code,
        summary: "Trẻ đã chuyển đến ở với bà ngoại.".into(),
    };
    // Abroad, or nobody knows where: the case ends here.
    assert!(closure(ClosureReason::MovedAway, None).check().is_ok());
    for reason in [ClosureReason::MovedAway, ClosureReason::Safe] {
        assert_eq!(
            fields(closure(reason, Some(19909)).check()),
            ["new_commune_code"]
        );
    }
}

#[test]
fn an_emergency_action_is_already_taken() {
    let now = "2026-12-01T05:00:00Z".parse::<DateTime<Utc>>().unwrap();
    let criterion = || Criterion {
        level: RiskLevel::High,
        note: "có căn cứ".into(),
    };
    let mut record = VerificationRecord {
        confirmed: true,
        child_safety: "Trẻ đang ở nhà bà ngoại.".into(),
        contacts: vec![],
        criteria: RiskCriteria {
            harm: criterion(),
            abuser_access: criterion(),
            care_environment: criterion(),
            self_protection: Criterion {
                level: RiskLevel::High,
                note: " ".into(),
            },
        },
        initial_risk: RiskLevel::High,
        emergency_action: Some(EmergencyAction {
            kind: EmergencyActionKind::SafePlacement,
            taken_at: now + chrono::Duration::hours(1),
            taken_by: "Công an phường".into(),
            note: None,
        }),
        note: None,
    };
    assert_eq!(
        fields(record.check(now)),
        ["criteria.self_protection.note", "emergency_action.taken_at"]
    );
}
