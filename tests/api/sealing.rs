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
    report
}

/// Every byte the database keeps: the SQLite file with its journal, or a `pg_dump`.
fn stored_bytes(app: &TestApp) -> Vec<u8> {
    let url = &app.config.database_url;
    if let Some(path) = url.strip_prefix("sqlite://") {
        let mut bytes = std::fs::read(path).unwrap();
        for suffix in ["-wal", "-journal"] {
            if let Ok(more) = std::fs::read(format!("{path}{suffix}")) {
                bytes.extend(more);
            }
        }
        bytes
    } else {
        let out = std::process::Command::new("pg_dump")
            .arg(url)
            .output()
            .expect("pg_dump runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

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
    {
        assert!(body.contains(canary), "{canary} is read back");
    }

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
    let bytes = stored_bytes(&app);
    assert!(contains(&bytes, "hx1."), "sealed values are there");
    for canary in CANARIES
        .iter()
        .chain(["perp-canary-55aa", "Xuxuvera", "xuxuvera"].iter())
    {
        assert!(!contains(&bytes, canary), "{canary} is stored in clear");
    }
}

#[actix_web::test]
async fn a_wrong_master_key_stops_the_start_with_one_line() {
    let app = TestApp::spawn_with(|c| {
        c.master_key = Some("the first master key, thirty-two bytes or more".into());
    })
    .await;
    let mut config = app.config.clone();
    config.master_key = Some("another master key, also thirty-two bytes long".into());
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

    config.master_key = None;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let message = match hotline::app::Application::build(&config, listener) {
        Ok(_) => panic!("the start went on with no key"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("master_key:"), "{message}");
}
