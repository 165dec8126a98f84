//! The acknowledge link, dead letters and their resending, and breached deadlines by mail.

use super::*;

#[actix_web::test]
async fn the_acknowledge_link_works_once_and_refuses_the_rest() {
    let sink = SmtpSink::up();
    let app = app_with(&sink.url(), |_| {}).await;
    let op = app.operator().await;
    let created = app.report(&op, &abuse_report(19900, "A")).await;
    let messages = sink.wait_for(4).await;
    let police = messages
        .iter()
        .find(|m| m["to"] == json!(["congan.hue@example.invalid"]))
        .unwrap();
    let text = police["text"].as_str().unwrap();
    let link = text
        .lines()
        .find_map(|l| {
            l.split_once("https://hotline.example.vn/ack/")
                .map(|(_, t)| t.trim().to_owned())
        })
        .unwrap();
    let path = format!("/ack/{link}");
    let page = |r: &crate::helpers::Response| r.body.as_str().unwrap_or_default().to_owned();

    let shown = app.get(&path, None).await;
    assert_eq!(shown.status, StatusCode::OK);
    let html = page(&shown);
    assert!(html.contains("Xác nhận đã nhận") && html.contains("<form method=\"post\""));
    assert!(
        !html.contains(created["case_number"].as_str().unwrap()),
        "no case details"
    );

    let done = app.post(&path, None, &json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", page(&done));
    assert!(page(&done).contains("Đã xác nhận"));
    let referral = app
        .referrals()
        .into_iter()
        .find(|r| {
            r.id == created["referrals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["agency_code"] == "hue-police")
                .unwrap()["id"]
        })
        .unwrap();
    assert_eq!(referral.status, "acknowledged");
    let entry = app
        .audit_entries()
        .into_iter()
        .find(|e| e.action == "referral.acknowledge")
        .unwrap();
    assert_eq!(entry.actor.as_deref(), Some("email-link:hue-police"));
    assert_eq!(entry.entity_id.as_deref(), Some(referral.id.as_str()));

    // Reuse, tampering, expiry.
    let again = app.post(&path, None, &json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(page(&again).contains("đã được sử dụng"));
    assert_eq!(app.get(&path, None).await.status, StatusCode::CONFLICT);
    let mut tampered = link.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == '0' { '1' } else { '0' });
    let forged = app
        .post(&format!("/ack/{tampered}"), None, &json!({}))
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(page(&forged).contains("không hợp lệ"));
    let other = app
        .outbox()
        .into_iter()
        .find(|o| o.recipient == "baovetreem.soyte.hue@example.invalid")
        .unwrap();
    let key = hotline::keys::signing_key(&app.config).unwrap();
    let link_key = hotline_audit::query::derive_key(&key, "hotline ack links v1");
    let expired = hotline_notifier::links::sign(
        &link_key,
        &other.id,
        chrono::Utc::now() - chrono::Duration::minutes(1),
    );
    let late = app.post(&format!("/ack/{expired}"), None, &json!({})).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(page(&late).contains("hết hạn"));
    let dept = app
        .referrals()
        .into_iter()
        .find(|r| r.id == other.referral_id.clone().unwrap())
        .unwrap();
    assert_eq!(dept.status, "pending", "refused links change nothing");
}

#[actix_web::test]
async fn dead_letters_are_listed_to_supervisors_and_can_be_resent() {
    let mut sink = SmtpSink::down();
    let app = app_with(&sink.url(), |c| {
        c.notify.max_attempts = 2;
        c.notify.backoff_base_ms = 50;
    })
    .await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "A")).await;
    for _ in 0..100 {
        if app.outbox().iter().all(|o| o.failed_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.failed_at.is_some() && o.attempts == 2));

    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let list = app
        .get("/api/v1/notifications?status=failed", Some(&sup))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items
        .iter()
        .all(|i| i["status"] == "failed" && i["last_error"].is_string()));
    assert_eq!(
        app.get("/api/v1/notifications", Some(&op)).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = app
        .get("/api/v1/notifications?status=lost", Some(&sup))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    sink.start();
    let id = items[0]["id"].as_str().unwrap();
    let resent = app
        .post(
            &format!("/api/v1/notifications/{id}/resend"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{:?}", resent.body);
    assert_eq!(resent.body["status"], "pending");
    let twice = app
        .post(
            &format!("/api/v1/notifications/{id}/resend"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let messages = sink.wait_for(1).await;
    assert_eq!(
        message_ids(&messages),
        [format!("<outbox.{id}@hotline.invalid>")]
    );
    actix_rt::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 1, "the other dead letters stay dead");
    let (_, metrics) = app.scrape(None).await;
    assert!(
        metrics.contains("hotline_mail_failures_total{outcome=\"dead\"} 4"),
        "{metrics}"
    );
    assert!(app
        .audit_entries()
        .iter()
        .any(|e| e.action == "notification.resend"));
}

#[actix_web::test]
async fn a_commune_supervisor_sees_and_resends_only_its_communes_mail() {
    // No SMTP server: every referral's mail waits in the outbox.
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let thuan_an = app.report(&op, &abuse_report(19900, "A")).await;
    let duong_no = app.report(&op, &abuse_report(19909, "B")).await;
    let commune_sup = app
        .login_as("sup-19900", "supervisor", Some("cp-19900"))
        .await;
    let province_sup = app.login_as("sup-hue", "supervisor", Some("hue-cpd")).await;
    let cases_of = |token: String| {
        let app = &app;
        async move {
            let r = app
                .get("/api/v1/notifications?status=pending", Some(&token))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["case_id"].as_str().unwrap().to_owned())
                .collect::<BTreeSet<_>>()
        }
    };
    let (a, b) = (
        thuan_an["case_id"].as_str().unwrap().to_owned(),
        duong_no["case_id"].as_str().unwrap().to_owned(),
    );
    assert_eq!(
        cases_of(commune_sup.clone()).await,
        BTreeSet::from([a.clone()])
    );
    assert_eq!(cases_of(province_sup).await, BTreeSet::from([a, b.clone()]));
    // Another commune's message is not found for it, whatever its state.
    let other = app
        .outbox()
        .into_iter()
        .find(|o| o.case_id.as_deref() == Some(b.as_str()))
        .unwrap();
    let resend = app
        .post(
            &format!("/api/v1/notifications/{}/resend", other.id),
            Some(&commune_sup),
            &json!({}),
        )
        .await;
    assert_eq!(resend.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_breached_deadline_is_mailed_to_those_who_must_act_without_the_child() {
    let sink = SmtpSink::up();
    let app = app_with(&sink.url(), |c| c.jobs.deadline_watch_interval_ms = 100).await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    app.create_user("ct", "commune_chair", Some("cp-19900"));
    app.exec("UPDATE users SET email = 'chutich.thuanan@example.invalid' WHERE username = 'ct'");
    let created = app.report(&op, &canary_report()).await;
    let number = created["case_number"].as_str().unwrap();
    let case_id = created["case_id"].as_str().unwrap().to_owned();
    app.plan_case(&case_id, &worker, None).await;
    crate::deadlines::approvals_overdue(&app, std::slice::from_ref(&case_id));

    // The breach goes to the chair and the department (the province has no supervisor with
    // an address here).
    let is_breach = |m: &&Value| m["subject"].as_str().unwrap().contains("[Quá hạn]");
    let waits = |m: &&Value| m["subject"].as_str().unwrap().contains("chờ phê duyệt");
    // Mails leave in no promised order: wait for both the breach and the plan's own mail.
    let mut messages = Vec::new();
    for _ in 0..200 {
        messages = sink.messages();
        if messages.iter().filter(is_breach).count() >= 2 && messages.iter().any(|m| waits(&m)) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    let breached: Vec<&Value> = messages.iter().filter(is_breach).collect();
    let to: BTreeSet<&str> = breached
        .iter()
        .map(|m| m["to"][0].as_str().unwrap())
        .collect();
    assert_eq!(
        to,
        BTreeSet::from([
            "chutich.thuanan@example.invalid",
            "baovetreem.soyte.hue@example.invalid"
        ])
    );
    for m in &messages {
        assert_no_canary(m);
    }
    for m in breached {
        let subject = m["subject"].as_str().unwrap();
        assert!(subject.contains(number) && subject.contains("Phê duyệt kế hoạch"));
        let text = m["text"].as_str().unwrap();
        assert!(text.contains("Nghị định 56/2017/NĐ-CP"), "{text}");
        assert!(text.contains("Thời hạn: ") && text.contains("(giờ Việt Nam)"));
        assert!(text.contains(&format!("https://hotline.example.vn/cases/{case_id}")));
        assert!(
            !text.contains("/ack/"),
            "a breach is not acknowledged by link"
        );
    }
    let chair = messages
        .iter()
        .find(waits)
        .expect("the chair hears that a plan waits");
    assert_eq!(chair["to"], json!(["chutich.thuanan@example.invalid"]));
}
