//! Personal fields sealed at rest: no child's name, informant's phone or narrative in the
//! database's own files or in a dump; read back in scope, never opened out of it; found by
//! the keyed word index; a wrong master key stops the start.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{abuse_report, TestApp};

/// Values no other test writes, so that finding one anywhere means it leaked.
const CANARIES: [&str; 7] = [
    "Xuxuvera Quolantha",
    "Canarrowie Informer",
    "0912 777 313",
    "@canary.handle.313",
    "narrative-canary-7c1f",
    "place-canary-41b2",
    "note-canary-93d0",
];

fn canary_report() -> serde_json::Value {
    let mut report = abuse_report(19900, CANARIES[0]);
    report["informant"] = json!({"consent_to_store": true, "name": CANARIES[1], "phone": CANARIES[2],
        "handle": CANARIES[3], "relation": "parent"});
    report["narrative"] = json!(format!("Kể lại: {}", CANARIES[4]));
    report["place"]["detail"] = json!(CANARIES[5]);
    report["children"][0]["birth_date"] = json!("2012-03-04");
    report["perpetrators"] =
        json!([{"relation": "online_contact", "description": "perp-canary-55aa"}]);
    report["categories"] = json!(["online_sexual_exploitation"]);
    report["online"] = json!({"platform": "facebook", "still_online": true,
        "urls": [format!("https://www.facebook.com/{}", ONLINE_CANARIES[0])],
        "offender_handles": [format!("@{}", ONLINE_CANARIES[1])],
        "file_sha256": [ONLINE_CANARIES[2]]});
    report
}

/// Online evidence: a profile's address, an offender's handle, a file's hash.
const ONLINE_CANARIES: [&str; 3] = [
    "url.canary.profile.5d7e",
    "offender_canary_88",
    "cafe0123456789abcdefcafe0123456789abcdefcafe0123456789abcdef4d2c",
];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[actix_web::test]
async fn personal_fields_are_sealed_at_rest_and_read_only_in_scope() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let created = app.report(&op, &canary_report()).await;
    let case = format!("/api/v1/cases/{}", created["case_id"].as_str().unwrap());
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let note = app
        .post(
            &format!("{case}/notes"),
            Some(&sup),
            &json!({"text": CANARIES[6]}),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);

    // In scope: every value reads back as written.
    let read = app.get(&case, Some(&sup)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let body = read.body.to_string();
    for canary in CANARIES
        .iter()
        .chain(["perp-canary-55aa", "2012-03-04"].iter())
        .chain(ONLINE_CANARIES.iter())
    {
        assert!(body.contains(canary), "{canary} is read back");
    }
    assert_eq!(
        read.body["evidence"].as_array().map(Vec::len),
        Some(3),
        "{}",
        read.body["evidence"]
    );
    let export = app.get(&format!("{case}/evidence"), Some(&sup)).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert_eq!(
        export.body["urls"][0]["url"],
        format!("https://facebook.com/{}", ONLINE_CANARIES[0])
    );
    assert_eq!(
        export.body["offender_accounts"][0]["handle"],
        ONLINE_CANARIES[1]
    );
    assert_eq!(export.body["incident"]["still_online"], true);

    // The same address reported again finds the case, by its keyed hash.
    let mut again = abuse_report(19900, "Một em khác");
    again["categories"] = json!(["online_sexual_exploitation"]);
    again["online"] = json!({"urls": [format!("https://facebook.com/{}", ONLINE_CANARIES[0])]});
    let second = app.report(&op, &again).await;
    assert_eq!(
        second["duplicate_matches"][0]["case_id"], created["case_id"],
        "{second}"
    );
    assert_eq!(second["duplicate_matches"][0]["matched_on"], json!(["url"]));

    // Out of scope: not found, and not one value opened.
    let national = app.login_as("op-111", "operator", Some("vn-111")).await;
    let opened = app.vault.opened();
    assert_eq!(
        app.get(&case, Some(&national)).await.status,
        StatusCode::NOT_FOUND
    );
    let list = app.get("/api/v1/cases?q=xuxuvera", Some(&national)).await;
    assert_eq!(
        list.body["items"].as_array().map(Vec::len),
        Some(0),
        "{}",
        list.body
    );
    assert_eq!(app.vault.opened(), opened, "a refused read opens nothing");

    // Found by name, by a beginning, without diacritics, in scope.
    for q in ["Xuxuvera Quolantha", "xuxu", "quol xuxuv", "XUXUVERA"] {
        let found = app
            .get(
                &format!("/api/v1/cases?q={}", q.replace(' ', "%20")),
                Some(&sup),
            )
            .await;
        assert_eq!(
            found.body["items"].as_array().map(Vec::len),
            Some(1),
            "{q}: {}",
            found.body
        );
    }

    // At rest: none of it, in the file or the dump.
    let bytes = app.stored_bytes();
    assert!(contains(&bytes, "hx1."), "sealed values are there");
    for canary in CANARIES
        .iter()
        .chain(["perp-canary-55aa", "Xuxuvera", "xuxuvera"].iter())
        .chain(ONLINE_CANARIES.iter())
    {
        assert!(!contains(&bytes, canary), "{canary} is stored in clear");
    }
}

#[actix_web::test]
async fn a_wrong_master_key_stops_the_start_with_one_line() {
    let app = TestApp::spawn_with(|c| {
        c.master.key = Some("the first master key, thirty-two bytes or more".into());
    })
    .await;
    let mut config = app.config.clone();
    config.master.key = Some("another master key, also thirty-two bytes long".into());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = hotline::app::Application::build(&config, listener);
    let message = match refused {
        Ok(_) => panic!("the start went on with the wrong key"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("master_key:"), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        !message.contains("also thirty-two"),
        "the key is not echoed: {message}"
    );

    config.master.key = None;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let message = match hotline::app::Application::build(&config, listener) {
        Ok(_) => panic!("the start went on with no key"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("master_key:"), "{message}");
}

/// The data key in force and how many values are sealed under another, as a fresh reader of
/// the stored keys sees them with master key `master`.
fn key_and_left(app: &TestApp, master: &str) -> (i32, usize) {
    let mut conn = app.conn();
    let stored = hotline_vault::stored_keys(&mut conn).unwrap();
    let master = hotline_vault::MasterKey::from_secret(master.as_bytes()).unwrap();
    let vault = hotline_vault::Vault::new(master, &stored, None).unwrap();
    let left = hotline_vault::moving::left_to_move(&mut conn, &vault).unwrap();
    (vault.active_key(), left)
}

async fn child_name(app: &TestApp, token: &str, case: &serde_json::Value) -> String {
    let id = case["case_id"].as_str().unwrap();
    let r = app.get(&format!("/api/v1/cases/{id}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["children"][0]["name"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn keys_move_while_the_server_runs_and_a_stopped_reencryption_resumes() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let sup = app.login_as("sup-hue", "supervisor", Some("hue-cpd")).await;
    let master = app.config.master.key.clone().unwrap();
    let first = app
        .report(&op, &abuse_report(19900, "Trương Thị Trước"))
        .await;
    let (key_before, _) = key_and_left(&app, &master);
    // A paper: its file's key is sealed like any value, and moves with them.
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let scan = crate::helpers::documents::pdf("Biên bản xác minh");
    let filed = app
        .upload(
            first["case_id"].as_str().unwrap(),
            &worker,
            &crate::helpers::documents::on_step("verification"),
            Some(("scan.pdf", &scan)),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let paper = filed.body["id"].as_str().unwrap().to_owned();
    let file_key_id = || {
        use diesel::prelude::*;
        use hotline_store::schema::case_documents;
        let stored: Option<String> = case_documents::table
            .select(case_documents::file_key)
            .first(&mut *app.conn())
            .unwrap();
        hotline_vault::key_id_of(&stored.unwrap())
    };
    assert_eq!(file_key_id(), Some(key_before));

    // A re-encryption, stopped while it waits for the servers to see its new key.
    let mut run = app
        .cli(&["keys", "reencrypt", "--settle-secs", "600"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while key_and_left(&app, &master) != (key_before + 1, 0) {
        assert!(
            std::time::Instant::now() < deadline,
            "the first pass never ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The server has not read the new key yet: what it writes now is sealed under the old.
    let second = app
        .report(&op, &abuse_report(19900, "Trương Thị Sau"))
        .await;
    let (_, stranded) = key_and_left(&app, &master);
    assert!(stranded > 0, "the server wrote under the new key already");
    run.kill().unwrap();
    run.wait().unwrap();

    let (ok, out) = app.run_cli(
        &["keys", "reencrypt", "--resume", "--settle-secs", "0"],
        &[],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("under data key {}; 0 left", key_before + 1)),
        "{out}"
    );
    assert_eq!(key_and_left(&app, &master), (key_before + 1, 0));
    // The server reads both, under a key it learns of when it meets it.
    assert_eq!(child_name(&app, &sup, &first).await, "Trương Thị Trước");
    assert_eq!(child_name(&app, &sup, &second).await, "Trương Thị Sau");
    assert_eq!(file_key_id(), Some(key_before + 1));
    assert_eq!(app.download(&paper, &worker).await.2, scan);

    // A new master key while the server runs: it keeps the keys it holds; the old master
    // key no longer opens the stored ones, the new one does.
    let new_master = "a new master key for this test, long enough to use";
    let (ok, out) = app.run_cli(
        &["keys", "rotate"],
        &[("HOTLINE_NEW_MASTER_KEY", new_master)],
    );
    assert!(ok, "{out}");
    assert_eq!(child_name(&app, &sup, &first).await, "Trương Thị Trước");
    let resume = ["keys", "reencrypt", "--resume", "--settle-secs", "0"];
    let (ok, out) = app.run_cli(&resume, &[]);
    assert!(!ok, "{out}");
    assert_eq!(out.trim().lines().count(), 1, "{out}");
    assert!(out.contains("master"), "{out}");
    let (ok, out) = app.run_cli(&resume, &[("HOTLINE_MASTER_KEY", new_master)]);
    assert!(ok, "{out}");
    assert_eq!(key_and_left(&app, new_master), (key_before + 1, 0));
    assert_eq!(app.download(&paper, &worker).await.2, scan);
}

#[actix_web::test]
async fn free_texts_sealed_since_are_read_in_clear_until_the_move_seals_them() {
    use diesel::prelude::*;
    use hotline_store::schema::{case_services, referrals, reports};

    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let created = app.report(&op, &abuse_report(19900, "Đỗ Thị Cũ")).await;
    let id = created["case_id"].as_str().unwrap().to_owned();
    let case = format!("/api/v1/cases/{id}");
    let child = app.get(&case, Some(&sup)).await.body["children"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let patch = json!({"services": [{"service": "psychological", "child_id": child,
                                     "provided_on": "2026-11-29", "provider": "Trung tâm mới"}]});
    let r = app
        .patch(&format!("{case}/indicators"), Some(&worker), &patch)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // As a database from before these were sealed holds them: in clear.
    app.exec(
        "UPDATE referrals SET reason = 'Lý do cũ', decline_reason = 'Từ chối cũ', outcome = 'Kết quả cũ'; \
         UPDATE reports SET informant_relation = 'mẹ ruột'; \
         UPDATE case_services SET provider = 'Trung tâm cũ'",
    );
    let expect = |body: &serde_json::Value| {
        assert_eq!(body["referrals"][0]["reason"], "Lý do cũ", "{body}");
        assert_eq!(body["referrals"][0]["outcome"], "Kết quả cũ");
        assert_eq!(body["referrals"][0]["decline_reason"], "Từ chối cũ");
        assert_eq!(body["reports"][0]["informant"]["relation"], "mẹ ruột");
        assert_eq!(
            body["indicators"]["services"][0]["provider"],
            "Trung tâm cũ"
        );
    };
    // While the move runs, they read as they are; then it seals them, and they read the same.
    app.vault.allow_clear(true);
    expect(&app.get(&case, Some(&sup)).await.body);
    let moved = hotline_vault::moving::seal_clear_values(&mut app.conn(), &app.vault, 2).unwrap();
    app.vault.allow_clear(false);
    let referrals_n = created["referrals"].as_array().unwrap().len();
    assert_eq!(moved.values, 3 * referrals_n + 2, "{moved:?}");
    expect(&app.get(&case, Some(&sup)).await.body);
    let mut conn = app.conn();
    let stored: Vec<String> = referrals::table
        .select(referrals::reason)
        .load::<String>(&mut *conn)
        .unwrap()
        .into_iter()
        .chain(
            reports::table
                .select(reports::informant_relation.assume_not_null())
                .load::<String>(&mut *conn)
                .unwrap(),
        )
        .chain(
            case_services::table
                .select(case_services::provider.assume_not_null())
                .load::<String>(&mut *conn)
                .unwrap(),
        )
        .collect();
    assert!(stored.iter().all(|v| v.starts_with("hx1.")), "{stored:?}");
}
