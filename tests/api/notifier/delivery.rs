//! What arrives and what never leaves; outages, a worker that dies, two workers.

use super::*;

#[actix_web::test]
async fn a_referral_mail_arrives_and_carries_no_personal_data() {
    let sink = SmtpSink::up();
    let (app, number, case_id) = canary_case(&sink).await;
    let (number, case_id) = (number.as_str(), case_id.as_str());
    let messages = sink.wait_for(4).await;
    assert_eq!(messages.len(), 4);

    let outbox = app.outbox();
    for m in &messages {
        assert_no_canary(m);
        assert!(
            m["subject"].as_str().unwrap().contains(number),
            "{}",
            m["subject"]
        );
        assert!(m["from"]
            .as_str()
            .unwrap()
            .contains("no-reply@hotline.invalid"));
        let text = m["text"].as_str().unwrap();
        assert!(text.contains(&format!("Mã vụ việc: {number}")), "{text}");
        assert!(text.contains("Loại xâm hại: Bóc lột tình dục trên mạng"));
        assert!(text.contains("Mức độ nguy cơ: Cao"));
        assert!(text.contains("Khẩn cấp: Không"));
        assert!(text.contains("(giờ Việt Nam)"));
        assert!(text.contains(&format!("https://hotline.example.vn/cases/{case_id}")));
        assert!(m["html"].as_str().unwrap().contains("<table>"));
        // The Message-ID is the outbox row's.
        let id = m["message_id"].as_str().unwrap();
        let row = outbox
            .iter()
            .find(|o| id == format!("<outbox.{}@hotline.invalid>", o.id))
            .unwrap_or_else(|| panic!("no outbox row for {id}"));
        assert_eq!(m["to"], json!([row.recipient]));
        assert!(
            text.contains("/ack/"),
            "the agency's own referral mail has an acknowledge link"
        );
    }
    let police = messages
        .iter()
        .find(|m| m["to"] == json!(["congan.hue@example.invalid"]))
        .unwrap();
    assert!(
        police["text"]
            .as_str()
            .unwrap()
            .starts_with("Kính gửi: Công an"),
        "{}",
        police["text"]
    );
    // Every row is marked sent; the metrics say so.
    for _ in 0..50 {
        if app.outbox().iter().all(|o| o.sent_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.sent_at.is_some() && o.attempts == 1));
    let (_, metrics) = app.scrape(None).await;
    assert!(metrics.contains("hotline_mail_sent_total 4"), "{metrics}");
    assert!(metrics.contains("hotline_outbox_depth 0"));
}

#[actix_web::test]
async fn smtp_down_then_up_delivers_everything_queued() {
    let mut sink = SmtpSink::down();
    let app = app_with(&sink.url(), |c| c.notify.max_attempts = 100).await;
    let op = app.operator().await;
    for i in 0..3 {
        app.report(&op, &abuse_report(19900, &format!("Trẻ {i}")))
            .await;
    }
    // The API works while SMTP is down, and the worker keeps trying.
    actix_rt::time::sleep(Duration::from_millis(600)).await;
    let waiting = app.outbox();
    assert_eq!(waiting.len(), 12);
    assert!(waiting
        .iter()
        .all(|o| o.sent_at.is_none() && o.failed_at.is_none()));
    assert!(waiting
        .iter()
        .any(|o| o.attempts >= 1 && o.last_error.is_some()));

    sink.start();
    let messages = sink.wait_for(12).await;
    let ids: BTreeSet<String> = message_ids(&messages).into_iter().collect();
    assert_eq!(ids.len(), 12, "each queued message arrived");
    for _ in 0..50 {
        if app.outbox().iter().all(|o| o.sent_at.is_some()) {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app.outbox().iter().all(|o| o.sent_at.is_some()));
}

#[actix_web::test]
async fn a_worker_that_dies_mid_batch_is_replaced_and_resends_the_same_message() {
    let sink = SmtpSink::up();
    let app = app_with("", |_| {}).await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "A")).await;
    let worker = notifier(&app, &sink, Duration::from_secs(3));

    // The first worker claims the batch, sends two messages and dies before marking them.
    let now = hotline_domain::time::now();
    let claimed = {
        let mut conn = app.conn();
        hotline_store::write_transaction(&mut conn, |c| {
            hotline_store::queries::outbox::claim_due(
                c,
                now.naive_utc(),
                (now + chrono::Duration::seconds(3)).naive_utc(),
                50,
            )
        })
        .unwrap()
    };
    assert_eq!(claimed.len(), 4);
    for row in &claimed[..2] {
        worker.deliver(&mut app.conn(), row).unwrap();
    }
    // While its lease holds, nobody else takes the rows.
    let round = worker
        .run_once(&app.pool, hotline_domain::time::now())
        .unwrap();
    assert_eq!(round.claimed, 0);
    // After it, another worker sends them all.
    actix_rt::time::sleep(Duration::from_millis(3100)).await;
    let round = worker
        .run_once(&app.pool, hotline_domain::time::now())
        .unwrap();
    assert_eq!((round.claimed, round.sent), (4, 4));

    let messages = sink.wait_for(6).await;
    let mut counts = BTreeMap::new();
    for id in message_ids(&messages) {
        *counts.entry(id).or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 4);
    for row in &claimed[..2] {
        let id = format!("<outbox.{}@hotline.invalid>", row.id);
        assert_eq!(counts[&id], 2, "resent as the same message");
    }
    assert!(app
        .outbox()
        .iter()
        .all(|o| o.sent_at.is_some() && o.attempts == 2));
}

#[actix_web::test]
async fn two_workers_never_send_a_row_twice() {
    let sink = SmtpSink::up();
    let app = app_with("", |_| {}).await;
    let op = app.operator().await;
    for i in 0..10 {
        app.report(&op, &abuse_report(19900, &format!("Trẻ {i}")))
            .await;
    }
    let (a, b) = (
        notifier(&app, &sink, Duration::from_secs(60)),
        notifier(&app, &sink, Duration::from_secs(60)),
    );
    let pool = app.pool.clone();
    let run = |n: &hotline_notifier::Notifier| {
        let mut total = 0;
        for _ in 0..20 {
            total += n.run_once(&pool, hotline_domain::time::now()).unwrap().sent;
        }
        total
    };
    let sent: usize = std::thread::scope(|s| {
        let ha = s.spawn(|| run(&a));
        let hb = s.spawn(|| run(&b));
        ha.join().unwrap() + hb.join().unwrap()
    });
    assert_eq!(sent, 40);
    let messages = sink.wait_for(40).await;
    actix_rt::time::sleep(Duration::from_millis(200)).await;
    let ids = message_ids(&sink.messages());
    let distinct: BTreeSet<_> = ids.iter().collect();
    assert_eq!(
        (ids.len(), distinct.len()),
        (40, 40),
        "{} received",
        messages.len()
    );
}

#[actix_web::test]
async fn a_new_manager_gets_one_mail_with_the_case_numbers_only() {
    let sink = SmtpSink::up();
    let (app, number, case_id) = canary_case(&sink).await;
    app.create_user("manager-1", "commune_worker", Some("cp-19900"));
    hotline_store::queries::users::set_email(
        &mut app.conn(),
        "manager-1",
        Some("manager1@example.invalid"),
    )
    .unwrap();
    let chair = app
        .login_as("chair-1", "commune_chair", Some("cp-19900"))
        .await;
    let body = json!({"user_id": app.user_id("manager-1"), "reason": "CANARY-NARRATIVE lý do"});
    let r = app
        .put(
            &format!("/api/v1/cases/{case_id}/manager"),
            Some(&chair),
            &body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["manager"]["username"], "manager-1");

    // The four referral mails, then the manager's.
    let messages = sink.wait_for(5).await;
    let mail = messages
        .iter()
        .find(|m| m["to"].to_string().contains("manager1@example.invalid"))
        .expect("the manager's mail");
    assert_eq!(mail["subject"], "Phân công quản lý 1 vụ việc");
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains(&format!("Mã vụ việc: {number}")), "{text}");
    assert!(text.contains("Kính gửi: manager-1"));
    assert_no_canary(mail);
}

#[actix_web::test]
async fn a_transfer_is_announced_to_the_receiving_commune_without_its_reason() {
    let sink = SmtpSink::up();
    let (app, number, case_id) = canary_case(&sink).await;
    let worker = app
        .login_as("worker-1", "commune_worker", Some("cp-19900"))
        .await;
    let body = json!({"to_commune_code": 19909, "reason": "CANARY-NARRATIVE về ở với bà"});
    let r = app
        .post(
            &format!("/api/v1/cases/{case_id}/transfers"),
            Some(&worker),
            &body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "proposed");

    // The four referral mails, then Dương Nỗ's group's and the department's.
    let messages = sink.wait_for(6).await;
    let told: Vec<&Value> = messages
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("Đề nghị chuyển"))
        .collect();
    assert_eq!(told.len(), 2, "{messages:#?}");
    for mail in told {
        let text = mail["text"].as_str().unwrap();
        assert!(text.contains(&format!("Mã vụ việc: {number}")), "{text}");
        assert!(text.contains("Phường Thuận An"), "{text}");
        assert!(text.contains("Phường Dương Nỗ"), "{text}");
        assert!(text.contains("Hạn trả lời"), "{text}");
        assert_no_canary(mail);
    }
}
