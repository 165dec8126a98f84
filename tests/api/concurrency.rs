use std::collections::BTreeSet;

use crate::helpers::{abuse_report, TestApp};

/// Case numbers are unique and gap-free however many intakes race.
#[actix_web::test]
async fn two_hundred_concurrent_intakes_get_two_hundred_consecutive_numbers() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let report = abuse_report(19900, "Nguyễn Thị B");
    let responses = futures_util::future::join_all((0..200).map(|_| {
        let req = app.request(awc::http::Method::POST, "/api/v1/reports", Some(&op));
        app.send(req, Some(&report))
    }))
    .await;
    let mut numbers = BTreeSet::new();
    for r in &responses {
        assert_eq!(r.status, awc::http::StatusCode::CREATED, "{:?}", r.body);
        numbers.insert(r.body["case_number"].as_str().unwrap().to_owned());
    }
    let expected: BTreeSet<String> = (1..=200).map(|n| format!("46-2026-{n:06}")).collect();
    assert_eq!(numbers, expected);
}
