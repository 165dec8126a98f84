//! An emergency case from report to closure, with every record.

use super::*;

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
        ("worker", &case),
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
            (user, &case),
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
            ("worker", &case),
            "assessment",
            assessment(),
            at(2 * HOUR)
        ),
        Err(CaseError::StepNotCurrent { .. })
    ));
    assert!(matches!(
        save(
            &mut scene,
            ("worker", &case),
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
        ("worker", &case),
        "assessment",
        assessment(),
        at(5 * HOUR),
    )
    .unwrap();
    // The verification is fixed once the case moved past it.
    assert!(matches!(
        save(
            &mut scene,
            ("worker", &case),
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
        ("worker", &case),
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
            ("worker", &case),
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
        ("worker", &case),
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
        save(&mut scene, ("worker", &case), "review", review("2027-03-18", "continue", None), at(17 * DAY)),
        Err(CaseError::Invalid(ref e)) if e[0].field == "next_review"
    ));
    save(
        &mut scene,
        ("worker", &case),
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
        ("worker", &case),
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
        save(&mut scene, ("worker", &case), "review", review("2027-03-10", "close", None), at(18 * DAY)),
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
            ("worker", &case),
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
        ("worker", &case),
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

    // Closure. A child who moved to another commune is transferred there, not closed here.
    let moved = json!({"reason": "moved_away", "new_commune_code": DUONG_NO,
                       "summary": "Trẻ chuyển về ở với bà ngoại tại phường Dương Nỗ."});
    assert!(matches!(
        save(&mut scene, ("worker", &case), "closure", moved, at(48 * DAY)),
        Err(CaseError::Invalid(errors)) if errors[0].field == "new_commune_code"
    ));
    let closure = json!({"reason": "safe",
                         "summary": "Trẻ đã an toàn, gia đình tự chăm sóc được."});
    save(
        &mut scene,
        ("worker", &case),
        "closure",
        closure,
        at(48 * DAY),
    )
    .unwrap();
    assert_eq!(
        mv(&mut scene, "worker", &case, "closed", at(49 * DAY)).unwrap(),
        "closed"
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
