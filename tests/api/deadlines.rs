//! The case-work deadline watcher as the service runs it: two servers on one database, plans
//! left waiting past their approval deadline, each breach recorded and escalated exactly once.

use std::collections::BTreeSet;
use std::time::Duration;

use awc::http::StatusCode;
use hotline_domain::{DeadlineKind, DeadlineState};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, minutes_before, TestApp};

const CHAIR_MAIL: &str = "chutich.thuanan@example.invalid";
const DEPARTMENT_MAIL: &str = "baovetreem.soyte.hue@example.invalid";
const SUPERVISOR_MAIL: &str = "lanhdao.so@example.invalid";

/// Move the pending approval deadlines of `cases` an hour into the past.
pub(crate) fn approvals_overdue(app: &TestApp, cases: &[String]) {
    let an_hour_ago = minutes_before("created_at", 60);
    let ids = cases
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    app.exec(&format!(
        "UPDATE case_deadlines SET due_at = {an_hour_ago}
         WHERE kind = 'approval' AND state = 'pending' AND case_id IN ({ids})"
    ));
}

fn approval_of(app: &TestApp, case: &str) -> hotline_store::models::DeadlineRow {
    app.deadlines()
        .into_iter()
        .find(|d| d.case_id == case && d.kind == DeadlineKind::Approval)
        .unwrap_or_else(|| panic!("no approval deadline for {case}"))
}

#[actix_web::test]
async fn breached_deadlines_escalate_exactly_once_with_two_instances() {
    let app = TestApp::spawn_with(|c| c.jobs.deadline_watch_interval_ms = 100).await;
    let _second = app.second_instance();
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let chair = app.login_as("ct", "commune_chair", Some("cp-19900")).await;
    let supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    app.exec(&format!(
        "UPDATE users SET email = '{CHAIR_MAIL}' WHERE username = 'ct'"
    ));
    app.exec(&format!(
        "UPDATE users SET email = '{SUPERVISOR_MAIL}' WHERE username = 'sup'"
    ));
    let mut cases = Vec::new();
    for i in 0..4 {
        let case = app
            .report(&op, &abuse_report(19900, &format!("Trẻ số {i}")))
            .await;
        let id = case["case_id"].as_str().unwrap().to_owned();
        app.plan_case(&id, &worker, None).await;
        cases.push(id);
    }
    // The chair let three plans wait past their two working days; the fourth is still in time.
    let (late, in_time) = cases.split_at(3);
    approvals_overdue(&app, late);

    let mut breached = 0;
    for _ in 0..100 {
        breached = late
            .iter()
            .filter(|c| approval_of(&app, c).state == DeadlineState::Breached)
            .count();
        if breached == late.len() {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(breached, late.len());
    // Both watchers run a few more rounds: nothing is breached or escalated twice.
    actix_rt::time::sleep(Duration::from_millis(600)).await;

    let events = app.events("deadline.breached");
    let entries: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "deadline.breach")
        .collect();
    let mails: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|o| o.kind == "deadline.breached")
        .collect();
    for case in late {
        let deadline = approval_of(&app, case);
        assert!(deadline.breached_at.is_some() && deadline.met_at.is_none());
        let escalated: Vec<String> =
            serde_json::from_str(deadline.escalated_to.as_deref().unwrap()).unwrap();
        assert_eq!(
            escalated
                .iter()
                .map(String::as_str)
                .collect::<BTreeSet<_>>(),
            BTreeSet::from(["cp-19900", "hue-cpd"])
        );
        assert_eq!(events.iter().filter(|e| e.case_id == *case).count(), 1);
        let entry: Vec<_> = entries
            .iter()
            .filter(|e| e.entity_id.as_deref() == Some(deadline.id.as_str()))
            .collect();
        assert_eq!(entry.len(), 1, "deadline {}", deadline.id);
        assert_eq!(entry[0].actor.as_deref(), Some("deadline-watcher"));
        let to: Vec<&str> = mails
            .iter()
            .filter(|m| m.case_id.as_deref() == Some(case.as_str()))
            .map(|m| m.recipient.as_str())
            .collect();
        assert_eq!(to.len(), 3, "one mail per recipient: {to:?}");
        assert_eq!(
            to.into_iter().collect::<BTreeSet<_>>(),
            BTreeSet::from([CHAIR_MAIL, DEPARTMENT_MAIL, SUPERVISOR_MAIL])
        );
    }
    for case in in_time {
        assert_eq!(approval_of(&app, case).state, DeadlineState::Pending);
        assert!(!mails
            .iter()
            .any(|m| m.case_id.as_deref() == Some(case.as_str())));
    }
    assert_eq!(events.len(), late.len());

    // The supervisor's tasks lead with the breaches nobody has made good.
    let tasks = app.get("/api/v1/tasks", Some(&supervisor)).await;
    assert_eq!(tasks.status, StatusCode::OK);
    let overdue: BTreeSet<&str> = tasks.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["overdue"] == true && t["kind"] == "approval")
        .map(|t| t["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, late.iter().map(String::as_str).collect());

    // Approving late is still approving: the deadline stays breached, with when it was met.
    let path = format!("/api/v1/cases/{}/plan/approve", late[0]);
    let r = app.post(&path, Some(&chair), &json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let deadlines = app
        .get(
            &format!("/api/v1/cases/{}/deadlines", late[0]),
            Some(&chair),
        )
        .await;
    let approval: &Value = deadlines
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "approval")
        .unwrap();
    assert_eq!(approval["state"], "breached");
    assert!(approval["met_at"].is_string(), "{approval}");
    assert_eq!(app.events("deadline.breached").len(), late.len());
}
