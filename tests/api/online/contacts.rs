//! Linking a duplicate, repeat contacts by keyed hash, and the evidence export.

use super::*;

#[actix_web::test]
async fn linking_a_duplicate_hands_over_its_referrals_and_keeps_both_timelines() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    // Kept: a neglect case (commune group and department). Duplicate: online exploitation
    // still online (also police and information department).
    let kept = app.report(&op, &bare(19900, &["neglect"])).await;
    let mut dup = with_online(
        bare(19900, &["online_sexual_exploitation"]),
        json!({"urls": ["https://www.facebook.com/groups/123"], "still_online": true}),
    );
    dup["children"] = json!([{"name": "Đỗ Văn K", "birth_year": 2014}]);
    let dup = app.report(&op, &dup).await;
    let kept_id = kept["case_id"].as_str().unwrap();
    let dup_id = dup["case_id"].as_str().unwrap();
    let link = format!("/api/v1/cases/{dup_id}/duplicate-of");

    // Refusals first: itself, a case the caller cannot name, a role that does not triage.
    let r = app.post(&link, Some(&op), &json!({"of": dup_id})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["field"], "of");
    let r = app
        .post(&link, Some(&op), &json!({"of": "46-2026-999999"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let r = app
        .post(&link, Some(&police), &json!({"of": kept_id}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = app
        .post(
            &link,
            Some(&op),
            &json!({"of": kept["case_number"], "note": "Cùng một nhóm Facebook"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "duplicate");
    assert_eq!(r.body["duplicate_of"]["case_id"], kept_id);

    // Police and the information department had nothing on the kept case: theirs moved.
    // The commune group and the department had: the duplicate's end, pointing at theirs.
    let referrals = app.referrals();
    let on = |case: &str| {
        referrals
            .iter()
            .filter(|r| r.case_id == case)
            .collect::<Vec<_>>()
    };
    let moved: Vec<&str> = dup["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["agency_code"] == "hue-police" || r["agency_code"] == "hue-info")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(moved.len(), 2);
    for id in &moved {
        assert!(on(kept_id).iter().any(|r| r.id == *id), "{id} moved");
    }
    let left = on(dup_id);
    assert_eq!(left.len(), 2);
    for r in left {
        assert_eq!(r.status, "reassigned");
        let replacement = r.replaced_by.as_deref().unwrap();
        assert!(on(kept_id)
            .iter()
            .any(|k| k.id == replacement && k.agency_id == r.agency_id));
    }
    // The police officer now finds the work on the kept case.
    let r = app
        .get(&format!("/api/v1/cases/{kept_id}"), Some(&police))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Both timelines record it; the kept case carries the duplicate's evidence.
    let kept_view = app
        .get(&format!("/api/v1/cases/{kept_id}"), Some(&op))
        .await
        .body;
    let kinds: Vec<&str> = kept_view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"duplicate_received"), "{kinds:?}");
    assert_eq!(
        kept_view["evidence"][0]["value"],
        "https://facebook.com/groups/123"
    );
    let dup_view = app
        .get(&format!("/api/v1/cases/{dup_id}"), Some(&op))
        .await
        .body;
    let linked = dup_view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "duplicate_linked")
        .unwrap();
    assert_eq!(linked["to_status"], "duplicate");
    assert!(linked["text"]
        .as_str()
        .unwrap()
        .contains("Cùng một nhóm Facebook"));
    app.wait_sealed().await;
    let audited = app
        .audit_entries()
        .into_iter()
        .find(|e| e.action == "case.link_duplicate")
        .unwrap();
    assert_eq!(audited.entity_id.as_deref(), Some(dup_id));

    // A duplicate cannot be linked again, nor receive duplicates itself.
    let r = app.post(&link, Some(&op), &json!({"of": kept_id})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let third = app.report(&op, &bare(19900, &["neglect"])).await;
    let r = app
        .post(
            &format!(
                "/api/v1/cases/{}/duplicate-of",
                third["case_id"].as_str().unwrap()
            ),
            Some(&op),
            &json!({"of": dup_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // A later report about the duplicate's child is offered the case that is kept.
    let mut later = bare(19900, &["neglect"]);
    later["children"] = json!([{"name": "do van k", "birth_year": 2014}]);
    let later = app.report(&op, &later).await;
    assert_eq!(later["possible_duplicates"], json!([kept["case_number"]]));

    // Moving a case to `duplicate` is a link: without the case kept it is refused.
    let third_path = format!(
        "/api/v1/cases/{}/transitions",
        third["case_id"].as_str().unwrap()
    );
    let r = app
        .post(&third_path, Some(&op), &json!({"to": "duplicate"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["field"], "duplicate_of");
    let r = app
        .post(
            &third_path,
            Some(&op),
            &json!({"to": "duplicate", "duplicate_of": kept_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["duplicate_of"]["case_number"], kept["case_number"]);
    assert!(app
        .referrals()
        .iter()
        .filter(|r| r.case_id == third["case_id"].as_str().unwrap())
        .all(|r| r.status == "reassigned"));
}

#[actix_web::test]
async fn repeat_contacts_are_recognised_by_keyed_hash_without_keeping_the_number() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut first = abuse_report(19900, "Lê Văn E");
    first["informant"] =
        json!({"consent_to_store": false, "name": "Ẩn danh", "phone": "0905 123 456"});
    let first = app.report(&op, &first).await;
    assert_eq!(first["earlier_contacts"], json!([]));

    // The same number written another way, on a call that opens no case.
    let second = app
        .report(
            &op,
            &json!({"channel": "hotline_111", "contact_type": "counselling",
                    "informant": {"consent_to_store": false, "phone": "+84 905-123-456"}}),
        )
        .await;
    let earlier = second["earlier_contacts"].as_array().unwrap();
    assert_eq!(earlier.len(), 1, "{second}");
    assert_eq!(earlier[0]["report_id"], first["report_id"]);
    assert_eq!(earlier[0]["case_number"], first["case_number"]);

    // Neither number was kept: only digests that are not a plain hash of it.
    use diesel::prelude::*;
    use hotline_store::schema::{contact_fingerprints, reports};
    let mut conn = app.conn();
    let phones: Vec<Option<String>> = reports::table
        .select(reports::informant_phone)
        .load(&mut *conn)
        .unwrap();
    assert!(phones.iter().all(Option::is_none), "{phones:?}");
    let digests: Vec<String> = contact_fingerprints::table
        .select(contact_fingerprints::digest)
        .load(&mut *conn)
        .unwrap();
    drop(conn);
    assert_eq!(digests.len(), 2);
    assert_eq!(digests[0], digests[1]);
    use sha2::Digest;
    for plain in ["0905123456", "+84905123456", "phone\u{0}0905123456"] {
        assert_ne!(
            digests[0],
            hex::encode(sha2::Sha256::digest(plain.as_bytes()))
        );
    }
    assert!(!digests[0].contains("905123456"));

    // The operator on a call asks before logging; a handle is matched the same way.
    let third = app
        .report(
            &op,
            &json!({"channel": "social_media", "contact_type": "information",
                    "informant": {"consent_to_store": false, "handle": "@Be.Na"}}),
        )
        .await;
    assert_eq!(third["earlier_contacts"], json!([]));
    let look = |body: Value| {
        let (app, op) = (&app, op.clone());
        async move { app.post("/api/v1/contacts/lookup", Some(&op), &body).await }
    };
    let r = look(json!({"phone": "0905.123.456"})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["items"][0]["report_id"], second["report_id"]);
    let r = look(json!({"handle": "be.na"})).await;
    assert_eq!(r.body["items"][0]["report_id"], third["report_id"]);
    let r = look(json!({"phone": "0905 999 999"})).await;
    assert_eq!(r.body["items"], json!([]));
    let r = look(json!({"phone": "+84 905 123 456"})).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    let r = look(json!({"phone": "gọi lại sau"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["field"], "phone");

    // Only operators look contacts up.
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let r = app
        .post(
            "/api/v1/contacts/lookup",
            Some(&police),
            &json!({"phone": "0905123456"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The audit log records the lookups, never the number.
    app.wait_sealed().await;
    let lookups: Vec<_> = app
        .audit_entries()
        .into_iter()
        .filter(|e| e.action == "contact.lookup")
        .collect();
    assert_eq!(lookups.len(), 4);
    let mut digests = Vec::new();
    for e in lookups {
        let mut detail: Value = serde_json::from_str(&e.detail).unwrap();
        digests.push(detail["digests"].as_array().unwrap().clone());
        // The digests are hex, where "905" turns up by chance: the rest holds no number
        // (ids may hold any digits, so the number's whole tail is looked for).
        detail["digests"] = Value::Null;
        let rest = detail.to_string();
        assert!(
            !["123456", "123 456", "123.456", "999 999", "be.na"]
                .iter()
                .any(|number| rest.contains(number)),
            "{rest}"
        );
        let hex = digests.last().unwrap().iter().all(|d| {
            d.as_str()
                .is_some_and(|d| d.len() == 32 && d.chars().all(|c| c.is_ascii_hexdigit()))
        });
        assert!(hex, "{:?}", digests.last());
    }
    // What was looked up is traceable: the same number, however typed, leaves the same
    // keyed digest, and another number another one.
    assert_eq!(digests[0], digests[3]);
    assert_ne!(digests[0], digests[2]);
    assert_eq!(digests[1].len(), 1);
    assert!(digests[0][0].as_str().is_some_and(|d| d.len() == 32));
}

#[actix_web::test]
async fn evidence_exports_for_the_hotline_networks_without_identities() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut report = abuse_report(19900, "Hoàng Thị F");
    report["online"] = json!({"platform": "Facebook",
        "urls": ["HTTPS://WWW.Facebook.com:443/some.profile/?utm_source=x#top", "https://youtu.be/abc123?si=zz"],
        "offender_handles": ["@Ke.Xau"], "content_types": ["Image", "video"], "still_online": true,
        "file_sha256": [HASH]});
    let created = app.report(&op, &report).await;
    let case_id = created["case_id"].as_str().unwrap();
    let r = app
        .get(&format!("/api/v1/cases/{case_id}/evidence"), Some(&op))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let doc = &r.body;
    assert_eq!(doc["format"], "hotline-evidence/1");
    assert_eq!(doc["case_number"], created["case_number"]);
    assert_eq!(doc["incident"]["country"], "VN");
    assert_eq!(doc["incident"]["still_online"], true);
    let urls: Vec<&str> = doc["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        vec![
            "https://facebook.com/some.profile",
            "https://youtube.com/watch?v=abc123"
        ]
    );
    assert_eq!(doc["urls"][1]["platform"], "youtube");
    assert_eq!(
        doc["files"],
        json!([{"hash_type": "SHA256", "hash": HASH, "first_reported_at": doc["files"][0]["first_reported_at"]}])
    );
    assert_eq!(
        doc["offender_accounts"],
        json!([{"handle": "ke.xau", "platform": "facebook"}])
    );
    assert_eq!(doc["content_types"], json!(["image", "video"]));
    assert_eq!(doc["children"][0]["birth_year"], 2012);
    // Names, phones and the narrative never leave in an export.
    let text = doc.to_string();
    for private in ["Hoàng", "0905", "Trần Văn", "dụ dỗ"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    // Scoped and audited.
    let info = app
        .login_as("info", "agency_officer", Some("hue-info"))
        .await;
    let r = app
        .get(&format!("/api/v1/cases/{case_id}/evidence"), Some(&info))
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the information department was referred"
    );
    let other = bare(19900, &["neglect"]);
    let other = app.report(&op, &other).await;
    let r = app
        .get(
            &format!(
                "/api/v1/cases/{}/evidence",
                other["case_id"].as_str().unwrap()
            ),
            Some(&info),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    app.wait_sealed().await;
    assert!(app
        .audit_entries()
        .iter()
        .any(|e| e.action == "case.evidence_export" && e.entity_id.as_deref() == Some(case_id)));

    // Content types are codes; an unknown one names its field.
    let mut bad = abuse_report(19900, "x");
    bad["online"] = json!({"content_types": ["ảnh"]});
    let r = app.post("/api/v1/reports", Some(&op), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["field"], "online.content_types[0]");
}
