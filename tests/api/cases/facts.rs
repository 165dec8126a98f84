//! The facts for the statistics: given at intake, completed in case work.

use super::*;

#[actix_web::test]
async fn the_facts_for_the_statistics_arrive_at_intake_and_are_completed_in_case_work() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let mut report = abuse_report(19900, "Lò Thị Mai");
    report["setting"] = json!("online");
    report["sexual_subtypes"] = json!(["grooming"]);
    report["children"][0]["ethnicity"] = json!("thai");
    report["perpetrators"] = json!([{"relation": "online_contact", "sex": "male"}]);
    let case = app.report(&op, &report).await;
    let path = case_path(&case);
    let read = app.get(&path, Some(&worker)).await;
    assert_eq!(read.body["indicators"]["setting"], "online");
    assert_eq!(
        read.body["indicators"]["sexual_subtypes"],
        json!(["grooming"])
    );
    assert_eq!(
        read.body["indicators"]["perpetrators"][0]["relation"],
        "online_contact"
    );
    assert_eq!(read.body["children"][0]["ethnicity"], "thai");
    let child = read.body["children"][0]["id"].as_str().unwrap().to_owned();

    // The group learns more: the child's date of birth, the perpetrator's age, the services.
    let indicators = format!("{path}/indicators");
    let patch = json!({
        "sexual_subtypes": ["grooming", "sextortion"],
        "children": [{"child_id": child, "birth_date": "2012-05-06", "disability": false}],
        "perpetrators": [{"relation": "online_contact", "sex": "male", "age_band": "30_44",
                          "known_to_police": true, "description": "Tài khoản Zalo giả danh CANARY-PERP"}],
        "services": [{"service": "psychological", "child_id": child, "provided_on": "2026-11-28",
                      "provider": "Trung tâm Công tác xã hội"},
                     {"service": "legal_aid", "provided_on": "2026-11-29"}],
    });
    let r = app.patch(&indicators, Some(&worker), &patch).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let i = &r.body["indicators"];
    assert_eq!(i["setting"], "online", "a field left out stays");
    assert_eq!(i["sexual_subtypes"], json!(["grooming", "sextortion"]));
    assert_eq!(i["perpetrators"].as_array().unwrap().len(), 1);
    assert_eq!(i["perpetrators"][0]["adult"], true, "from the age band");
    assert_eq!(i["services"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["children"][0]["birth_date"], "2012-05-06");
    assert_eq!(r.body["children"][0]["birth_year"], 2012);
    assert_eq!(
        r.body["children"][0]["ethnicity"], "thai",
        "left out, so kept"
    );

    // The police record the legal outcome; `null` clears the setting.
    let r = app
        .patch(
            &indicators,
            Some(&police),
            &json!({"legal_outcome": "criminal_case", "setting": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["indicators"]["legal_outcome"], "criminal_case");
    assert!(r.body["indicators"]["setting"].is_null());
    assert_eq!(
        r.body["indicators"]["services"].as_array().unwrap().len(),
        2
    );

    // Every bad field named at once, and nothing written.
    let bad = json!({
        "legal_outcome": "acquitted",
        "children": [{"child_id": "00000000-0000-0000-0000-000000000000", "ethnicity": "martian"}],
        "perpetrators": [{"relation": "peer", "age_band": "16_17", "adult": true}],
        "services": [{"service": "psychological", "provided_on": "2099-01-01"},
                     {"service": "shelter", "provided_on": "2026-11-01"}],
    });
    let r = app.patch(&indicators, Some(&worker), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_names(&r.body),
        vec![
            "legal_outcome",
            "children[0].child_id",
            "children[0].ethnicity",
            "perpetrators[0].adult",
            "services[0].provided_on",
            "services[1].provided_on",
        ]
    );
    let after = app.get(&path, Some(&worker)).await;
    assert_eq!(after.body["indicators"]["legal_outcome"], "criminal_case");
    assert_eq!(
        after.body["indicators"]["perpetrators"][0]["age_band"],
        "30_44"
    );

    // Who may: not the hotline that logged it; nobody outside the case's reach.
    let r = app.patch(&indicators, Some(&op), &patch).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let elsewhere = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    let r = app.patch(&indicators, Some(&elsewhere), &patch).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The timeline and the audit log say which fields changed, never what they hold.
    let events = app.events("indicators.updated");
    assert_eq!(events.len(), 2);
    let entries: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "case.indicators.update")
        .collect();
    assert_eq!(entries.len(), 2);
    for text in events
        .iter()
        .filter_map(|e| e.body.clone())
        .chain(entries.iter().map(|e| e.detail.clone()))
    {
        assert!(
            !text.contains("CANARY") && !text.contains("2012-05-06"),
            "{text}"
        );
    }
    assert!(entries[0].detail.contains("perpetrators"));

    // The printed case file shows them in Vietnamese.
    let page = app
        .send(
            app.request(
                awc::http::Method::GET,
                &format!("{path}/record"),
                Some(&worker),
            )
            .insert_header(("Accept", "text/html")),
            None,
        )
        .await;
    let html = page.body.as_str().unwrap();
    for text in [
        "Thông tin phục vụ thống kê",
        "Dụ dỗ, làm quen trên mạng nhằm xâm hại",
        "Đã khởi tố vụ án hình sự",
        "Người quen qua mạng",
        "Hỗ trợ tâm lý",
        "06/05/2012",
        "Thái",
        "Cập nhật thông tin thống kê",
    ] {
        assert!(html.contains(text), "{text} missing from the case file");
    }
}

#[actix_web::test]
async fn sexual_abuse_sub_types_belong_to_sexual_abuse_cases() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut report = abuse_report(19900, "Trẻ A");
    report["categories"] = json!(["neglect"]);
    report["sexual_subtypes"] = json!(["rape"]);
    let r = app.post("/api/v1/reports", Some(&op), &report).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&r.body), vec!["sexual_subtypes"]);
}
