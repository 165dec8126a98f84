//! Possible duplicates by each key and only within reach; values sealed by the move.

use super::*;

#[actix_web::test]
async fn possible_duplicates_are_found_by_each_key() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let first = app.report(&op, &abuse_report(19900, "Nguyễn Thị B")).await;
    let number = first["case_number"].as_str().unwrap();
    assert_eq!(first["possible_duplicates"], json!([]));

    let cases = [
        // The same page, as a phone shares it.
        (
            with_online(
                bare(19768, &["online_sexual_exploitation"]),
                json!({"urls": ["http://m.facebook.com/some.profile/?fbclid=IwAR0&mibextid=Zb"]}),
            ),
            "url",
        ),
        (
            with_online(
                bare(19768, &["online_sexual_exploitation"]),
                json!({"file_sha256": [HASH.to_uppercase()]}),
            ),
            "file_sha256",
        ),
        (
            with_online(
                bare(19768, &["online_sexual_exploitation"]),
                json!({"offender_handles": ["@Some.Profile"]}),
            ),
            "handle",
        ),
        // The same child, written without diacritics, in the same commune.
        (
            {
                let mut r = bare(19900, &["neglect"]);
                r["children"] = json!([{"name": "nguyen thi b", "birth_year": 2012}]);
                r
            },
            "child",
        ),
    ];
    for (report, key) in cases {
        let created = app.report(&op, &report).await;
        assert_eq!(
            matched_on(&created, number),
            Some(vec![key.to_owned()]),
            "{key}: {created}"
        );
        assert!(created["possible_duplicates"]
            .as_array()
            .unwrap()
            .contains(&json!(number)));
    }

    // The same name and year in another commune, or another year, is another child.
    for (commune, year) in [(19768, 2012), (19900, 2013)] {
        let mut r = bare(commune, &["neglect"]);
        r["children"] = json!([{"name": "Nguyễn Thị B", "birth_year": year}]);
        let created = app.report(&op, &r).await;
        assert_eq!(matched_on(&created, number), None, "{commune} {year}");
    }
    // Nothing shared, nothing offered.
    let unrelated = with_online(
        bare(19768, &["cyberbullying"]),
        json!({"urls": ["https://www.tiktok.com/@someone.else"]}),
    );
    assert_eq!(
        app.report(&op, &unrelated).await["possible_duplicates"],
        json!([])
    );

    // The case itself shows its evidence in comparable form and its possible duplicates.
    let case = app
        .get(
            &format!("/api/v1/cases/{}", first["case_id"].as_str().unwrap()),
            Some(&op),
        )
        .await
        .body;
    let evidence: Vec<(String, String)> = case["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        evidence.len(),
        3,
        "url, file hash and handle, each once: {evidence:?}"
    );
    assert!(evidence.contains(&("url".into(), "https://facebook.com/some.profile".into())));
    assert_eq!(case["possible_duplicates"].as_array().unwrap().len(), 4);

    // A case that is no longer open is not offered.
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let r = app
        .post(
            &format!(
                "/api/v1/cases/{}/transitions",
                first["case_id"].as_str().unwrap()
            ),
            Some(&sup),
            &json!({"to": "no_action"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let again = app.report(&op, &abuse_report(19900, "Nguyễn Thị B")).await;
    assert_eq!(matched_on(&again, number), None);
}

#[actix_web::test]
async fn values_written_in_clear_are_sealed_and_children_hashed_by_the_move() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let first = app.report(&op, &abuse_report(19900, "Phan Thị Mỹ")).await;
    let case_id = first["case_id"].as_str().unwrap();
    // As a database from before sealing holds them: in clear, with a folded name only.
    app.exec(
        "UPDATE case_children SET name = 'Phan Thị Mỹ', name_folded = 'phan thi my', \
         name_key = NULL, current_location = 'Nhà bà ngoại'",
    );
    app.exec("UPDATE reports SET narrative = 'Lời kể trong sáng', informant_name = NULL");
    let mut again = bare(19900, &["neglect"]);
    again["children"] = json!([{"name": "phan thi my", "birth_year": 2012}]);
    let number = first["case_number"].as_str().unwrap();
    assert_eq!(matched_on(&app.report(&op, &again).await, number), None);

    // What the start after an upgrade runs in the background.
    app.vault.allow_clear(true);
    let moved = hotline_vault::moving::seal_clear_values(&mut app.conn(), &app.vault, 1).unwrap();
    app.vault.allow_clear(false);
    assert_eq!(moved.children, 1, "only the child written in clear");
    assert!(moved.values >= 3, "{moved:?}");
    let again_moved =
        hotline_vault::moving::seal_clear_values(&mut app.conn(), &app.vault, 1).unwrap();
    assert_eq!(again_moved, Default::default(), "nothing is left to move");

    let third = app.report(&op, &again).await;
    assert_eq!(matched_on(&third, number), Some(vec!["child".to_owned()]));
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let case = app
        .get(&format!("/api/v1/cases/{case_id}"), Some(&sup))
        .await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.body);
    assert_eq!(case.body["children"][0]["name"], "Phan Thị Mỹ");
    assert_eq!(case.body["children"][0]["current_location"], "Nhà bà ngoại");
    assert_eq!(case.body["reports"][0]["narrative"], "Lời kể trong sáng");
    let mut conn = app.conn();
    let raw: Vec<String> = {
        use diesel::prelude::*;
        use hotline_store::schema::reports;
        reports::table
            .select(reports::narrative.assume_not_null())
            .filter(reports::narrative.is_not_null())
            .load(&mut conn)
            .unwrap()
    };
    assert!(raw.iter().all(|n| n.starts_with("hx1.")), "{raw:?}");
}

#[actix_web::test]
async fn online_evidence_written_in_clear_is_keyed_at_start_and_sealed_by_the_move() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let url = "https://facebook.com/old.profile.7a";
    let online = json!({"platform": "facebook", "urls": [url], "still_online": true});
    let report = with_online(bare(19900, &["online_sexual_exploitation"]), online.clone());
    let first = app.report(&op, &report).await;
    let case_id = first["case_id"].as_str().unwrap();
    let number = first["case_number"].as_str().unwrap();
    // As a database from before evidence was sealed holds it: the value in clear with no
    // keyed hash, and the report's whole online document in clear.
    let doc = serde_json::to_string(&online).unwrap();
    app.exec(&format!(
        "UPDATE case_evidence SET value = '{url}', value_key = NULL; \
         UPDATE reports SET online = '{doc}', online_sealed = NULL"
    ));
    assert_eq!(matched_on(&app.report(&op, &report).await, number), None);

    // What the start after an upgrade runs before it serves...
    let keyed = hotline_vault::moving::key_evidence(&mut app.conn(), &app.vault, 1).unwrap();
    assert_eq!(keyed, 1, "only the evidence written without a key");
    assert_eq!(
        matched_on(&app.report(&op, &report).await, number),
        Some(vec!["url".to_owned()]),
        "found by the key while the value is still in clear"
    );
    // ... and in the background.
    app.vault.allow_clear(true);
    let moved = hotline_vault::moving::seal_clear_values(&mut app.conn(), &app.vault, 1).unwrap();
    app.vault.allow_clear(false);
    assert_eq!(
        moved.values, 2,
        "the evidence value and the online document: {moved:?}"
    );
    let again = hotline_vault::moving::seal_clear_values(&mut app.conn(), &app.vault, 1).unwrap();
    assert_eq!(again, Default::default(), "nothing is left to move");

    assert_eq!(
        matched_on(&app.report(&op, &report).await, number),
        Some(vec!["url".to_owned()])
    );
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let case = app
        .get(&format!("/api/v1/cases/{case_id}"), Some(&sup))
        .await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.body);
    assert_eq!(case.body["evidence"][0]["value"], url);
    assert_eq!(case.body["reports"][0]["online"]["urls"], json!([url]));
    assert_eq!(case.body["reports"][0]["online"]["still_online"], true);

    use diesel::prelude::*;
    use hotline_store::schema::{case_evidence, reports};
    let mut conn = app.conn();
    let values: Vec<String> = case_evidence::table
        .filter(case_evidence::case_id.eq(case_id))
        .select(case_evidence::value)
        .load(&mut conn)
        .unwrap();
    assert!(values.iter().all(|v| v.starts_with("hx1.")), "{values:?}");
    let (clear, sealed): (Option<String>, Option<String>) = reports::table
        .filter(reports::case_id.eq(case_id))
        .select((reports::online, reports::online_sealed))
        .first(&mut conn)
        .unwrap();
    let clear = clear.unwrap();
    assert!(!clear.contains("http"), "{clear}");
    assert!(
        clear.contains("facebook"),
        "the platform stays counted: {clear}"
    );
    assert!(sealed.unwrap().starts_with("hx1."));
}

#[actix_web::test]
async fn no_duplicate_is_shown_across_provinces_the_caller_cannot_see() {
    let app = TestApp::spawn().await;
    let hue = app.operator().await;
    let national = app.login_as("op-111", "operator", Some("vn-111")).await;
    let online =
        json!({"urls": ["https://t.me/bad_channel/12"], "offender_handles": ["bad_channel"]});
    // Hà Nội (commune 4), logged by the national line.
    let in_hanoi = app
        .report(
            &national,
            &with_online(bare(4, &["online_sexual_exploitation"]), online.clone()),
        )
        .await;
    // Huế's line cannot see Hà Nội's cases: nothing is offered, not even a number.
    let in_hue = app
        .report(
            &hue,
            &with_online(bare(19900, &["online_sexual_exploitation"]), online.clone()),
        )
        .await;
    assert_eq!(in_hue["possible_duplicates"], json!([]));
    assert_eq!(in_hue["duplicate_matches"], json!([]));
    // The national line sees what it logged, not Huế's case.
    let again = app
        .report(
            &national,
            &with_online(bare(4, &["online_sexual_exploitation"]), online),
        )
        .await;
    assert_eq!(
        again["possible_duplicates"],
        json!([in_hanoi["case_number"]])
    );
    // Nor does the case view offer what lies outside the reader's reach.
    let case = app
        .get(
            &format!("/api/v1/cases/{}", in_hue["case_id"].as_str().unwrap()),
            Some(&hue),
        )
        .await
        .body;
    assert_eq!(case["possible_duplicates"], json!([]));
}
