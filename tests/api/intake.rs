use awc::http::StatusCode;
use diesel::prelude::*;
use hotline_store::schema::{cases, reports};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, field_names, TestApp};

#[actix_web::test]
async fn an_abuse_report_opens_a_numbered_case() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let body = app.report(&op, &abuse_report(19900, "Nguyễn Thị B")).await;
    assert_eq!(body["case_number"], "46-2026-000001");
    assert_eq!(body["status"], "new");
    assert_eq!(body["risk_level"], "high");
    assert_eq!(body["emergency"], false);
    assert!(body["referrals"].is_array() && body["possible_duplicates"].is_array());
    let second = app.report(&op, &abuse_report(19909, "Lê Văn C")).await;
    assert_eq!(second["case_number"], "46-2026-000002");

    let case = app
        .get(
            &format!("/api/v1/cases/{}", body["case_id"].as_str().unwrap()),
            Some(&op),
        )
        .await;
    assert_eq!(case.status, StatusCode::OK);
    assert_eq!(case.body["children"][0]["name"], "Nguyễn Thị B");
    assert_eq!(case.body["commune_name"], "Phường Thuận An");
    assert_eq!(
        case.body["reports"][0]["informant"]["name"],
        "Trần Văn Cường"
    );
    assert_eq!(case.body["timeline"][0]["kind"], "opened");
    assert_eq!(case.body["received_at"], "2026-11-28T01:15:00Z");
}

#[actix_web::test]
async fn other_contacts_are_counted_but_open_no_case() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    for kind in ["counselling", "information", "silent", "prank"] {
        let body = app
            .report(
                &op,
                &json!({"channel": "local_hotline", "contact_type": kind}),
            )
            .await;
        assert!(
            body["case_id"].is_null() && body["case_number"].is_null(),
            "{kind}: {body}"
        );
    }
    let mut conn = app.conn();
    assert_eq!(
        reports::table
            .count()
            .get_result::<i64>(&mut *conn)
            .unwrap(),
        4
    );
    assert_eq!(
        cases::table.count().get_result::<i64>(&mut *conn).unwrap(),
        0
    );
}

#[actix_web::test]
async fn without_consent_the_informant_is_never_stored() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut report = abuse_report(19900, "Nguyễn Thị B");
    report["informant"] = json!({"consent_to_store": false, "name": "Canary Informant", "phone": "0999 111 222", "relation": "neighbour"});
    let body = app.report(&op, &report).await;
    let (name, phone, consent): (Option<String>, Option<String>, bool) = reports::table
        .filter(reports::id.eq(body["report_id"].as_str().unwrap()))
        .select((
            reports::informant_name,
            reports::informant_phone,
            reports::informant_consent,
        ))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!((name, phone, consent), (None, None, false));
}

type Mutation = Box<dyn Fn(&mut Value)>;

/// Each mutation of a valid report, and the field the 422 must name.
#[actix_web::test]
async fn every_validation_error_names_its_field() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let cases: Vec<(&str, Mutation)> = vec![
        ("channel", Box::new(|r| r["channel"] = json!("fax"))),
        (
            "contact_type",
            Box::new(|r| r["contact_type"] = json!("complaint")),
        ),
        (
            "categories[0]",
            Box::new(|r| r["categories"] = json!(["burglary"])),
        ),
        ("categories", Box::new(|r| r["categories"] = json!([]))),
        (
            "categories[1]",
            Box::new(|r| r["categories"] = json!(["neglect", "neglect"])),
        ),
        (
            "risk_level",
            Box::new(|r| r["risk_level"] = json!("extreme")),
        ),
        (
            "received_at",
            Box::new(|r| r["received_at"] = json!("2999-01-01T00:00:00Z")),
        ),
        (
            "received_at",
            Box::new(|r| r["received_at"] = json!("yesterday")),
        ),
        (
            "place.commune_code",
            Box::new(|r| r["place"] = json!({"detail": "x"})),
        ),
        (
            "place.commune_code",
            Box::new(|r| r["place"]["commune_code"] = json!(99999)),
        ),
        (
            "place.commune_code",
            Box::new(|r| r["place"]["commune_code"] = json!(4)),
        ),
        (
            "place.commune_code",
            Box::new(|r| r["place"]["commune_code"] = json!("19900")),
        ),
        (
            "place.detail",
            Box::new(|r| r["place"]["detail"] = json!("x".repeat(501))),
        ),
        (
            "children",
            Box::new(|r| r["children"] = json!(vec![json!({"name": "A"}); 11])),
        ),
        (
            "children[0].birth_year",
            Box::new(|r| r["children"][0]["birth_year"] = json!(1990)),
        ),
        (
            "children[0].age_estimate",
            Box::new(|r| r["children"][0]["age_estimate"] = json!(25)),
        ),
        (
            "children[0].sex",
            Box::new(|r| r["children"][0]["sex"] = json!("x")),
        ),
        (
            "children[0].name",
            Box::new(|r| r["children"][0]["name"] = json!("x".repeat(201))),
        ),
        (
            "informant.phone",
            Box::new(|r| r["informant"]["phone"] = json!("call me maybe")),
        ),
        (
            "informant.consent_to_store",
            Box::new(|r| r["informant"] = json!({"name": "x"})),
        ),
        (
            "narrative",
            Box::new(|r| r["narrative"] = json!("x".repeat(20_001))),
        ),
        (
            "online.urls",
            Box::new(|r| r["online"]["urls"] = json!(vec!["https://example.org/"; 51])),
        ),
        (
            "online.urls[0]",
            Box::new(|r| r["online"]["urls"] = json!(["javascript:alert(1)"])),
        ),
        (
            "online.file_sha256[0]",
            Box::new(|r| r["online"]["file_sha256"] = json!(["abc"])),
        ),
        ("emergency", Box::new(|r| r["emergency"] = json!("yes"))),
        ("surprise", Box::new(|r| r["surprise"] = json!(1))),
    ];
    for (field, mutate) in cases {
        let mut report = abuse_report(19900, "Nguyễn Thị B");
        mutate(&mut report);
        let r = app.post("/api/v1/reports", Some(&op), &report).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {:?}",
            r.body
        );
        assert_eq!(
            r.headers.get("content-type").unwrap(),
            "application/problem+json"
        );
        assert!(
            field_names(&r.body).contains(&field.to_owned()),
            "expected {field} in {:?}",
            r.body
        );
    }
    assert_eq!(
        reports::table
            .count()
            .get_result::<i64>(&mut *app.conn())
            .unwrap(),
        0,
        "nothing half-written"
    );
}

#[actix_web::test]
async fn malformed_oversized_and_non_json_bodies_are_4xx() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let req = app
        .request(awc::http::Method::POST, "/api/v1/reports", Some(&op))
        .content_type("application/json");
    let r = app.send_raw(req, "{not json").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let req = app
        .request(awc::http::Method::POST, "/api/v1/reports", Some(&op))
        .content_type("text/plain");
    assert_eq!(
        app.send_raw(req, "hello").await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let mut huge = abuse_report(19900, "A");
    huge["narrative"] = json!("x".repeat(app.config.server.max_body_bytes + 1));
    let r = app.post("/api/v1/reports", Some(&op), &huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.body["status"], 413);
}

#[actix_web::test]
async fn only_operators_log_reports_and_only_in_their_province() {
    let app = TestApp::spawn().await;
    let supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let r = app
        .post(
            "/api/v1/reports",
            Some(&supervisor),
            &abuse_report(19900, "A"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let hue = app.operator().await;
    // Commune 4 is Phường Ba Đình, Hà Nội: outside the Huế hotline's province.
    let r = app
        .post("/api/v1/reports", Some(&hue), &abuse_report(4, "A"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&r.body), ["place.commune_code"]);
    let national = app.login_as("op-111", "operator", Some("vn-111")).await;
    let body = app.report(&national, &abuse_report(4, "A")).await;
    assert_eq!(body["case_number"], "01-2026-000001");
}

#[actix_web::test]
async fn idempotency_key_replays_the_first_response() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let report = abuse_report(19900, "Nguyễn Thị B");
    let app = &app;
    let send = |key: &'static str, body: Value| {
        let req = app
            .request(awc::http::Method::POST, "/api/v1/reports", Some(&op))
            .insert_header(("Idempotency-Key", key));
        async move { app.send(req, Some(&body)).await }
    };
    let first = send("k-1", report.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = send("k-1", report.clone()).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers.get("idempotent-replayed").unwrap(), "true");
    // The replay showed the case again: it is audited like a read of it.
    let replays: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "report.replay")
        .collect();
    assert_eq!(replays.len(), 1);
    assert_eq!(
        replays[0].entity_id.as_ref(),
        first.body["report_id"].as_str().map(str::to_owned).as_ref()
    );
    assert_eq!(
        reports::table
            .count()
            .get_result::<i64>(&mut *app.conn())
            .unwrap(),
        1
    );

    let mut other = report.clone();
    other["narrative"] = json!("khác");
    let reused = send("k-1", other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&reused.body), ["Idempotency-Key"]);

    // Concurrent first attempts with one key: exactly one report, everyone gets its answer.
    let attempts =
        futures_util::future::join_all((0..8).map(|_| send("k-2", report.clone()))).await;
    assert!(
        attempts.iter().all(|a| a.status == StatusCode::CREATED),
        "{:?}",
        attempts.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    assert!(attempts
        .iter()
        .all(|a| a.body["case_number"] == attempts[0].body["case_number"]));
    assert_eq!(
        reports::table
            .count()
            .get_result::<i64>(&mut *app.conn())
            .unwrap(),
        2
    );
}

#[actix_web::test]
async fn an_idempotency_key_keeps_no_plain_hash_of_the_call_and_lasts_a_day() {
    use hotline_store::schema::idempotency_keys;
    use sha2::{Digest, Sha256};

    let app = TestApp::spawn().await;
    let op = app.operator().await;
    // A silent call: little more than a phone number.
    let silent = |phone: &str| {
        json!({"channel": "hotline_111", "contact_type": "silent",
               "informant": {"consent_to_store": false, "phone": phone}})
    };
    let send = |body: Value| {
        let req = app
            .request(awc::http::Method::POST, "/api/v1/reports", Some(&op))
            .insert_header(("Idempotency-Key", "call-0815"));
        let app = &app;
        async move { app.send(req, Some(&body)).await }
    };
    let first = send(silent("0905 111 222")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let stored: String = idempotency_keys::table
        .select(idempotency_keys::request_hash)
        .first(&mut *app.conn())
        .unwrap();
    // Whoever reads the table and tries every number finds none: the hash is keyed.
    for phone in ["0905 111 222", "0905111222", "0905 111 221"] {
        for text in [
            silent(phone).to_string(),
            serde_json::to_string(&silent(phone)).unwrap(),
        ] {
            assert_ne!(stored, hex::encode(Sha256::digest(text.as_bytes())));
        }
    }
    // Within the day, the same key replays the first answer.
    let again = send(silent("0905 111 222")).await;
    assert_eq!(again.body["report_id"], first.body["report_id"]);
    // A day later the key is gone: the same key logs anew, and the hourly sweep drops
    // what is past its day.
    let day_ago = chrono::Utc::now().naive_utc() - chrono::Duration::hours(25);
    diesel::update(idempotency_keys::table)
        .set(idempotency_keys::created_at.eq(day_ago))
        .execute(&mut *app.conn())
        .unwrap();
    let later = send(silent("0905 111 222")).await;
    assert_eq!(later.status, StatusCode::CREATED);
    assert_ne!(later.body["report_id"], first.body["report_id"]);
    diesel::update(idempotency_keys::table)
        .set(idempotency_keys::created_at.eq(day_ago))
        .execute(&mut *app.conn())
        .unwrap();
    let cutoff = chrono::Utc::now().naive_utc() - chrono::Duration::hours(24);
    let expired = hotline_store::queries::idempotency::expire(&mut app.conn(), cutoff).unwrap();
    assert_eq!(expired, 1);
    assert_eq!(
        idempotency_keys::table
            .count()
            .get_result::<i64>(&mut *app.conn())
            .unwrap(),
        0
    );
}
