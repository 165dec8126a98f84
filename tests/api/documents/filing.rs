use awc::http::StatusCode;
use serde_json::json;

use super::case_with_worker;
use crate::helpers::documents::{on_step, pdf};
use crate::helpers::{referral_id, TestApp};

#[actix_web::test]
async fn a_paper_is_filed_listed_and_read_back_as_sent_by_those_who_may() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let (created, id, worker) = case_with_worker(&app, &op).await;
    let police = app.login_as("police1", "police", Some("hue-police")).await;
    let dept = app
        .login_as("dept1", "agency_officer", Some("hue-cpd"))
        .await;

    let scan = pdf("Biên bản xác minh, chữ ký và con dấu");
    let filed = app
        .upload(&id, &worker, &on_step("plan"), Some(("scan.pdf", &scan)))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let doc = filed.body["id"].as_str().unwrap().to_owned();
    assert_eq!(filed.body["kind"], "signed_form");
    assert_eq!(filed.body["title"], "Biên bản xác minh có chữ ký");
    assert_eq!(filed.body["dated"], "2026-12-01");
    assert_eq!(filed.body["step"], "plan");
    assert_eq!(filed.body["media_type"], "application/pdf");
    assert_eq!(filed.body["size"], json!(scan.len()));
    assert_eq!(filed.body["added_by"], "cw");

    // The police file their own paper on their referral.
    let referral = referral_id(&created, "hue-police");
    let police_paper = pdf("Công văn của công an");
    let theirs = app
        .upload(
            &id,
            &police,
            &[
                ("kind", "police_paper"),
                ("title", "Thông báo kết quả xác minh"),
                ("dated", "2026-12-02"),
                ("referral_id", &referral),
            ],
            Some(("cong-van.pdf", &police_paper)),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    let theirs = theirs.body["id"].as_str().unwrap().to_owned();

    // The group and the department read both; the police only their own.
    let listed = |token: String| {
        let app = &app;
        let path = format!("/api/v1/cases/{id}/documents");
        async move {
            let r = app.get(&path, Some(&token)).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(worker.clone()).await, [doc.clone(), theirs.clone()]);
    assert_eq!(listed(dept.clone()).await, [doc.clone(), theirs.clone()]);
    assert_eq!(listed(police.clone()).await, std::slice::from_ref(&theirs));

    // The case file lists them too, as far as the reader's reach goes.
    let record = format!("/api/v1/cases/{id}/record");
    let file = app.get(&record, Some(&worker)).await;
    assert_eq!(file.body["documents"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        file.body["documents"][0]["title"],
        "Biên bản xác minh có chữ ký"
    );
    let file = app.get(&record, Some(&police)).await;
    assert_eq!(file.body["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(file.body["documents"][0]["id"], theirs.as_str());
    let printed = app
        .send(
            app.request(awc::http::Method::GET, &record, Some(&worker))
                .insert_header(("Accept", "text/html")),
            None,
        )
        .await;
    let html = printed.body.as_str().unwrap_or_default();
    assert!(html.contains("V. Giấy tờ của hồ sơ") && html.contains("Thông báo kết quả xác minh"));

    let (status, headers, bytes) = app.download(&doc, &worker).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, scan, "read back as sent");
    let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"signed_form-2026-12-01.pdf\""
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").contains("sandbox"));
    assert_eq!(header("content-length"), scan.len().to_string());

    // The plan's paper is not the police's: 404, as for what does not exist.
    let (status, _, _) = app.download(&doc, &police).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, bytes) = app.download(&theirs, &police).await;
    assert_eq!((status, bytes), (StatusCode::OK, police_paper));
    // The police file nothing on a step record; operators handle no papers.
    let r = app
        .upload(&id, &police, &on_step("plan"), Some(("x.pdf", &scan)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .get(&format!("/api/v1/cases/{id}/documents"), Some(&op))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (status, _, _) = app.download(&doc, &op).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Every filing and every reading is audited, with no title in the log.
    let entries = app.audit_entries();
    let of = |action: &str| entries.iter().filter(|e| e.action == action).count();
    assert_eq!(of("document.add"), 2);
    assert_eq!(of("document.read"), 2, "the refused reading is not one");
    assert_eq!(of("document.list"), 3);
    assert_eq!(of("case.record.export"), 3);
    let add = entries.iter().find(|e| e.action == "document.add").unwrap();
    assert_eq!(add.entity_id.as_deref(), Some(doc.as_str()));
    assert!(!add.detail.contains("Biên bản"), "{}", add.detail);
    // Each is in the case's trail.
    let trail: Vec<i64> = {
        use diesel::prelude::*;
        use hotline_store::schema::audit_entry_cases as c;
        c::table
            .filter(c::case_id.eq(&id))
            .select(c::seq)
            .load(&mut *app.conn())
            .unwrap()
    };
    let in_trail = entries
        .iter()
        .filter(|e| e.action.starts_with("document.") && trail.contains(&e.seq))
        .count();
    assert_eq!(in_trail, 7);
}
