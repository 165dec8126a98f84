//! Escalation by two instances, the working-day clock, and moves with bodies that are not theirs.

use super::*;

#[actix_web::test]
async fn overdue_referrals_escalate_exactly_once_with_two_instances() {
    let app = TestApp::spawn_with(|c| c.jobs.deadline_watch_interval_ms = 100).await;
    let _second = app.second_instance();
    let op = app.operator().await;
    app.create_user("sup", "supervisor", Some("hue-cpd"));
    app.exec("UPDATE users SET email = 'lanhdao.so@example.invalid' WHERE username = 'sup'");
    let mut cases = Vec::new();
    for i in 0..6 {
        cases.push(
            app.report(&op, &report(&["sexual_abuse"], false, None, None))
                .await,
        );
        let _ = i;
    }
    // Time passes for the police and commune referrals: their deadline is an hour gone.
    app.exec(&format!(
        "UPDATE referrals SET due_at = {}
         WHERE agency_id IN (SELECT id FROM agencies WHERE code IN ('hue-police', 'cp-19900'))",
        minutes_before("created_at", 60)
    ));
    let late = 12;
    let mut escalated = 0;
    for _ in 0..100 {
        escalated = app
            .referrals()
            .iter()
            .filter(|r| r.escalated_at.is_some())
            .count();
        if escalated >= late {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(escalated, late);
    // Let both watchers run a few more rounds: nothing is escalated twice.
    actix_rt::time::sleep(Duration::from_millis(600)).await;
    let referrals = app.referrals();
    let events = app.events("referral.escalated");
    let entries: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "referral.escalate")
        .collect();
    let mails: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|o| o.kind == "referral.escalated")
        .collect();
    for r in &referrals {
        let is_late = r.escalated_at.is_some();
        assert_eq!(r.status, if is_late { "overdue" } else { "pending" });
        let id = r.id.as_str();
        let n_events = events
            .iter()
            .filter(|e| e.body.as_deref().is_some_and(|b| b.contains(id)))
            .count();
        let n_entries = entries
            .iter()
            .filter(|e| e.entity_id.as_deref() == Some(id))
            .count();
        let to: BTreeSet<_> = mails
            .iter()
            .filter(|m| m.referral_id.as_deref() == Some(id))
            .map(|m| m.recipient.as_str())
            .collect();
        if is_late {
            assert_eq!((n_events, n_entries), (1, 1), "referral {id}");
            assert_eq!(
                to,
                BTreeSet::from([
                    "baovetreem.soyte.hue@example.invalid",
                    "lanhdao.so@example.invalid"
                ])
            );
        } else {
            assert_eq!((n_events, n_entries, to.len()), (0, 0, 0));
        }
    }
    assert_eq!(entries.len(), late);
    assert!(entries
        .iter()
        .all(|e| e.actor.as_deref() == Some("deadline-watcher")));

    // The inbox shows it overdue; a late answer is still taken.
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let inbox = app
        .get("/api/v1/referrals?status=overdue", Some(&police))
        .await;
    assert_eq!(inbox.body["total"], 6);
    assert_eq!(inbox.body["items"][0]["overdue"], true);
    let referral = &inbox.body["items"][0];
    let ack = act(&app, referral, "acknowledge", &police, &json!({})).await;
    assert_eq!(ack.status, StatusCode::OK);
    assert_eq!(ack.body["status"], "acknowledged");
    assert!(ack.body["escalated_at"].is_string());
}

#[actix_web::test]
async fn verification_starts_the_working_day_clock() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let created = app
        .report(&op, &report(&["neglect"], false, None, None))
        .await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let case = app.get(&case_path(&created), Some(&worker)).await;
    assert!(case.body["plan_due_at"].is_null());
    let moved = app
        .post(
            &format!("{}/transitions", case_path(&created)),
            Some(&worker),
            &json!({"to": "verifying"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    let started = time(&moved.body["timeline"].as_array().unwrap().last().unwrap()["at"]);
    let router = hotline::startup::load_router(&app.config).unwrap();
    let due = router.deadlines.plan_deadlines(&router.calendar, started);
    assert_eq!(time(&moved.body["plan_due_at"]), due.plan_due_at);
    assert_eq!(time(&moved.body["approval_due_at"]), due.approval_due_at);
    assert!(due.plan_due_at - started >= chrono::Duration::days(5));
}

#[actix_web::test]
async fn a_move_with_a_body_that_is_not_its_json_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phan Thị K")).await;
    let referral = referral_id(&case, "hue-police");
    let police = app.login_as("police", "police", Some("hue-police")).await;
    for action in ["acknowledge", "accept"] {
        let path = format!("/api/v1/referrals/{referral}/{action}");
        for (body, json) in [
            ("\u{0}", true),
            ("garbage{", true),
            (r#"{"bogus": 42}"#, true),
            ("{}", false),
        ] {
            let mut req = app.request(awc::http::Method::POST, &path, Some(&police));
            if json {
                req = req.insert_header(("Content-Type", "application/json"));
            }
            let r = app.send_raw(req, body).await;
            assert!(
                r.status.is_client_error(),
                "{action} with {body:?}: {}",
                r.status
            );
        }
    }
    assert!(app
        .referrals()
        .iter()
        .find(|r| r.id == referral)
        .is_some_and(|r| r.status == "pending"));
    // No body at all is a move without text.
    let req = app.request(
        awc::http::Method::POST,
        &format!("/api/v1/referrals/{referral}/acknowledge"),
        Some(&police),
    );
    assert_eq!(app.send_raw(req, "").await.status, StatusCode::OK);
}
