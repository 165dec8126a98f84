//! The deadlines' clocks: met, breached, stopped by an ended case, restarted by a new cycle.

use super::*;

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
        ("worker", &in_time),
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
        ("worker", &late),
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
        ("worker", &set_aside),
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
