use awc::http::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::case_with_worker;
use crate::helpers::documents::{on_step, pdf};
use crate::helpers::{abuse_report, field_names, TestApp};

fn file_reason(body: &Value) -> String {
    assert_eq!(field_names(body), ["file"], "{body}");
    body["errors"][0]["message"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn what_is_not_a_paper_is_refused_with_its_reason_and_nothing_is_kept() {
    let app = TestApp::spawn_with(|c| c.documents.max_bytes = 65_536).await;
    let op = app.operator().await;
    let (_, id, worker) = case_with_worker(&app, &op).await;
    let step = on_step("verification");

    // Known by the bytes, not the name.
    let html = b"<html><body><script>alert(1)</script>%PDF-1.4</body></html>";
    let r = app
        .upload(&id, &worker, &step, Some(("scan.pdf", html)))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(file_reason(&r.body).contains("PDF, JPEG hoặc PNG"));
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let r = app
        .upload(&id, &worker, &step, Some(("scan.png", svg)))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    file_reason(&r.body);
    let r = app
        .upload(
            &id,
            &worker,
            &step,
            Some(("scan.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(file_reason(&r.body).contains("JPEG"), "a picture cut short");

    // Over the limit: 413, naming the file.
    let mut big = pdf("lớn");
    big.resize(70_000, b' ');
    let r = app
        .upload(&id, &worker, &step, Some(("big.pdf", &big)))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(file_reason(&r.body).contains("MB"));

    // Every missing field at once; a field the form does not have; two files.
    let r = app.upload(&id, &worker, &[], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&r.body), ["kind", "title", "dated", "file"]);
    let r = app
        .upload(&id, &worker, &[("owner", "x")], Some(("a.pdf", &pdf("a"))))
        .await;
    assert_eq!(field_names(&r.body), ["owner"]);

    // A referral of another case.
    let other = app.report(&op, &abuse_report(19900, "Lê Văn Khác")).await;
    let foreign = other["referrals"][0]["id"].as_str().unwrap();
    let fields = [
        ("kind", "other"),
        ("title", "Giấy tờ"),
        ("dated", "2026-12-01"),
        ("referral_id", foreign),
    ];
    let r = app
        .upload(&id, &worker, &fields, Some(("a.pdf", &pdf("a"))))
        .await;
    assert_eq!(field_names(&r.body), ["referral_id"]);

    // Not multipart at all, and a case out of reach (checked before the body is read).
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/documents"),
            Some(&worker),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let stranger = app
        .login_as("cw2", "commune_worker", Some("cp-19909"))
        .await;
    let r = app
        .upload(&id, &stranger, &step, Some(("a.pdf", &pdf("a"))))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let stored = app.stored_papers();
    assert_eq!(
        (stored.rows, stored.chunks),
        (0, 0),
        "nothing refused is kept"
    );
}

#[actix_web::test]
async fn abuse_material_is_never_held() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    // A file recorded as evidence on one case is refused as a paper on any case.
    let material = pdf("recorded as evidence");
    let hash = hex::encode(Sha256::digest(&material));
    let mut report = abuse_report(19900, "Phạm Thị Chứng");
    report["online"]["file_sha256"] = serde_json::json!([hash]);
    app.report(&op, &report).await;
    let (_, id, worker) = case_with_worker(&app, &op).await;
    let r = app
        .upload(
            &id,
            &worker,
            &on_step("verification"),
            Some(("a.pdf", &material)),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(file_reason(&r.body).contains("bằng chứng"));

    // On a case of online sexual exploitation a picture is taken only as a paper's scan.
    let photo = std::fs::read("tests/fixtures/documents/photo-with-gps.jpg").unwrap();
    let fields = on_step("verification");
    let r = app
        .upload(&id, &worker, &fields, Some(("p.jpg", &photo)))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_names(&r.body), ["scanned_paper"]);
    let mut declared = fields.clone();
    declared.push(("scanned_paper", "true"));
    let r = app
        .upload(&id, &worker, &declared, Some(("p.jpg", &photo)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["scanned_paper"], true);
    assert_eq!(app.stored_papers().rows, 1);
}
