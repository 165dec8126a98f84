//! A referral's moves: acknowledged, accepted, declined, reassigned, completed; and what is refused.

use super::*;

#[actix_web::test]
async fn the_referral_lifecycle_with_its_refusals() {
    let app = TestApp::spawn().await;
    let (op, created) = sexual_abuse_case(&app).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let referral = referral_of(&created, "hue-police");

    // Only the agency it went to may act: the commune worker sees the case (403), a
    // stranger does not (404).
    let stranger = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    assert_eq!(
        act(&app, referral, "acknowledge", &worker, &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, referral, "acknowledge", &stranger, &json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        act(&app, referral, "acknowledge", &op, &json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let ack = act(&app, referral, "acknowledge", &police, &json!({})).await;
    assert_eq!(ack.status, StatusCode::OK, "{:?}", ack.body);
    assert_eq!(ack.body["status"], "acknowledged");
    assert!(ack.body["acknowledged_at"].is_string());
    let again = act(&app, referral, "acknowledge", &police, &json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["allowed"], json!(["accept", "decline"]));
    let early = act(
        &app,
        referral,
        "complete",
        &police,
        &json!({"outcome": "x"}),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    let accepted = act(&app, referral, "accept", &police, &json!({})).await;
    assert_eq!(accepted.body["status"], "accepted");
    let no_outcome = act(
        &app,
        referral,
        "complete",
        &police,
        &json!({"outcome": "  "}),
    )
    .await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&no_outcome.body), ["outcome"]);
    let done = act(
        &app,
        referral,
        "complete",
        &police,
        &json!({"outcome": "Đã khởi tố vụ án."}),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.body["status"], "completed");
    assert_eq!(done.body["outcome"], "Đã khởi tố vụ án.");

    // Each move is on the case's timeline and in the audit log.
    let case = app.get(&case_path(&created), Some(&police)).await;
    let kinds: Vec<&str> = case.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "routed",
            "referral.acknowledge",
            "referral.accept",
            "referral.complete"
        ]
    );
    let moves: Vec<String> = app
        .audit_entries()
        .into_iter()
        .filter(|e| {
            e.entity.as_deref() == Some("referral")
                && e.entity_id.as_deref() == referral["id"].as_str()
        })
        .map(|e| e.action)
        .collect();
    assert_eq!(
        moves,
        [
            "referral.acknowledge",
            "referral.accept",
            "referral.complete"
        ]
    );
    let missing = format!("/api/v1/referrals/{}/accept", uuid::Uuid::new_v4());
    assert_eq!(
        app.post(&missing, Some(&police), &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn decline_returns_the_case_to_the_department_and_reassignment_moves_it() {
    let app = TestApp::spawn().await;
    let (_, created) = sexual_abuse_case(&app).await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let cpd = app.login_as("cpd", "agency_officer", Some("hue-cpd")).await;
    let police_referral = referral_of(&created, "hue-police");
    let commune_referral = referral_of(&created, "cp-19900");
    let dept_referral = referral_of(&created, "hue-cpd");

    let no_reason = act(&app, police_referral, "decline", &police, &json!({})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&no_reason.body), ["reason"]);
    let declined = act(
        &app,
        police_referral,
        "decline",
        &police,
        &json!({"reason": "Không có dấu hiệu tội phạm."}),
    )
    .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    assert_eq!(declined.body["status"], "declined");
    assert_eq!(
        declined.body["decline_reason"],
        "Không có dấu hiệu tội phạm."
    );
    // The department is told, on its open referral; the police no longer see the case.
    let told: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|o| o.kind == "referral.declined")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].referral_id.as_deref(), dept_referral["id"].as_str());
    assert!(told[0].payload.contains("hue-police") && !told[0].payload.contains("dấu hiệu"));
    assert_eq!(
        app.get(&case_path(&created), Some(&police)).await.status,
        StatusCode::NOT_FOUND
    );
    // The department coordinates: it reassigns rather than declines.
    let refused = act(
        &app,
        dept_referral,
        "decline",
        &cpd,
        &json!({"reason": "x"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // Reassign the commune referral: the child now lives in Dương Nỗ.
    let path = format!("{}/referrals", case_path(&created));
    let body = json!({"agency_code": "cp-19909", "reason": "Trẻ đã chuyển về sống tại phường Dương Nỗ.",
                      "replaces": commune_referral["id"]});
    assert_eq!(
        app.post(&path, Some(&police), &body).await.status,
        StatusCode::FORBIDDEN
    );
    let moved = app.post(&path, Some(&cpd), &body).await;
    assert_eq!(moved.status, StatusCode::CREATED, "{:?}", moved.body);
    assert_eq!(moved.body["agency_code"], "cp-19909");
    assert_eq!(moved.body["rules"], json!(["manual"]));
    let again = app.post(&path, Some(&cpd), &body).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "the replaced referral is closed"
    );
    let duplicate = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "cp-19909", "reason": "x"}),
        )
        .await;
    assert_eq!(
        duplicate.status,
        StatusCode::CONFLICT,
        "one open referral per agency"
    );
    let unknown = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "nowhere", "reason": ""}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::field_names(&unknown.body), ["reason"]);
    let unknown = app
        .post(
            &path,
            Some(&cpd),
            &json!({"agency_code": "nowhere", "reason": "x"}),
        )
        .await;
    assert_eq!(crate::helpers::field_names(&unknown.body), ["agency_code"]);

    let case = app.get(&case_path(&created), Some(&cpd)).await;
    let old = case.body["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == commune_referral["id"])
        .unwrap();
    assert_eq!(old["status"], "reassigned");
    assert_eq!(old["replaced_by"], moved.body["id"]);
    // The new commune's group sees the case and has it in its inbox.
    let new_worker = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    assert_eq!(
        app.get(&case_path(&created), Some(&new_worker))
            .await
            .status,
        StatusCode::OK
    );
    let inbox = app.get("/api/v1/referrals", Some(&new_worker)).await;
    assert_eq!(inbox.body["total"], 1);
    let audit: Vec<String> = app.audit_entries().into_iter().map(|e| e.action).collect();
    assert!(
        audit.contains(&"referral.decline".to_owned())
            && audit.contains(&"referral.reassign".to_owned())
    );

    // With no open department referral left, a decline creates one for reassignment.
    let done = act(&app, dept_referral, "accept", &cpd, &json!({})).await;
    assert_eq!(done.status, StatusCode::OK);
    act(
        &app,
        dept_referral,
        "complete",
        &cpd,
        &json!({"outcome": "Đã phân công."}),
    )
    .await;
    let declined = app
        .post(
            &format!(
                "/api/v1/referrals/{}/decline",
                moved.body["id"].as_str().unwrap()
            ),
            Some(&new_worker),
            &json!({"reason": "Không đúng địa bàn."}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{:?}", declined.body);
    let case = app.get(&case_path(&created), Some(&cpd)).await;
    let reopened: Vec<_> = case.body["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["agency_code"] == "hue-cpd" && r["status"] == "pending")
        .collect();
    assert_eq!(reopened.len(), 1);
    assert_eq!(reopened[0]["rules"], json!(["declined"]));
}
