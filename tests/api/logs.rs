//! What the real binary writes to its log: a request id on request lines, and never a
//! child's or informant's identity, a phone number, a narrative or a token.

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{abuse_report, PASSWORD};

#[actix_web::test]
async fn logs_carry_request_ids_and_no_personal_data() {
    let db = hotline_test_db::TestDb::new();
    let data_dir = db.dir.path().join("data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let env = [
        ("HOTLINE_DATABASE_URL", db.url.as_str()),
        ("HOTLINE_DATA_DIR", data_dir.to_str().unwrap()),
        ("HOTLINE_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ("HOTLINE_MASTER_KEY", "0123456789abcdef0123456789abcdef"),
        ("HOTLINE_LOG_FILTER", "debug"),
        ("HOTLINE_LOG_FORMAT", "json"),
    ];
    let command = |args: &[&str]| crate::helpers::hotline_command(args, &env);
    let added = command(&[
        "user",
        "add",
        "--username",
        "op",
        "--role",
        "operator",
        "--agency",
        "hue-hotline",
    ])
    .env("HOTLINE_PASSWORD", PASSWORD)
    .output()
    .unwrap();
    assert!(added.status.success());
    let mut server = command(&["serve", "--bind", &bind])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let client = awc::Client::default();
    let base = format!("http://{bind}");
    let mut token = String::new();
    for _ in 0..100 {
        if let Ok(mut r) = client
            .post(format!("{base}/api/v1/auth/token"))
            .send_json(&json!({"username": "op", "password": PASSWORD}))
            .await
        {
            token = r.json::<serde_json::Value>().await.unwrap()["access_token"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!token.is_empty(), "server did not come up");

    let mut report = abuse_report(19900, "Canarychild Nguyễn");
    report["informant"] =
        json!({"consent_to_store": true, "name": "Canaryinformant", "phone": "0912 345 678"});
    report["narrative"] = json!("Canarynarrative happened");
    let created = client
        .post(format!("{base}/api/v1/reports"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send_json(&report)
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let searched = client
        .get(format!("{base}/api/v1/cases?q=Canarychild"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(searched.status().as_u16(), 200);
    let mut invalid = abuse_report(19900, "Canarychild Nguyễn");
    invalid["children"][0]["birth_year"] = json!("Canarybadvalue");
    let _ = client
        .post(format!("{base}/api/v1/reports"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send_json(&invalid)
        .await
        .unwrap();

    server.kill().unwrap();
    server.wait().unwrap();
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    for secret in ["Canary", "0912 345 678", PASSWORD, &token] {
        assert!(!log.contains(secret), "the log leaks `{secret}`:\n{log}");
    }
    let request_lines: Vec<&str> = log.lines().filter(|l| l.contains("request done")).collect();
    assert_eq!(request_lines.len(), 4, "{log}");
    for line in request_lines {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            entry["span"]["request_id"]
                .as_str()
                .is_some_and(|id| id.len() == 36),
            "{line}"
        );
    }
}
