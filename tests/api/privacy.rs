//! Legal holds, erasure on request, corrections and the data subject's export over HTTP, and
//! the retention run from the command line against the server's own database.

use awc::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{abuse_report, TestApp};

const THUAN_AN: u32 = 19900;

async fn supervisor(app: &TestApp) -> String {
    app.login_as("sup-hue", "supervisor", Some("hue-cpd")).await
}

async fn delete(app: &TestApp, path: &str, token: &str) -> crate::helpers::Response {
    app.send(app.request(Method::DELETE, path, Some(token)), None)
        .await
}

fn actions(app: &TestApp, action: &str) -> usize {
    app.audit_entries()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

#[actix_rt::test]
async fn a_supervisor_holds_erases_corrects_and_exports_and_nobody_else_may() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let sup = supervisor(&app).await;
    let case = app
        .report(&op, &abuse_report(THUAN_AN, "Hoàng Thị Riêng Tư"))
        .await;
    let id = case["case_id"].as_str().unwrap().to_owned();
    let hold = format!("/api/v1/cases/{id}/legal-hold");

    // Only a supervisor, with a reason.
    let r = app
        .post(&hold, Some(&op), &json!({"reason": "điều tra"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = app.post(&hold, Some(&sup), &json!({"reason": "  "})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "reason", "{:?}", r.body);
    let r = app
        .post(
            &hold,
            Some(&sup),
            &json!({"reason": "Công an đề nghị giữ hồ sơ"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["legal_hold"]["reason"], "Công an đề nghị giữ hồ sơ");
    assert_eq!(r.body["legal_hold"]["placed_by"], "sup-hue");
    let r = app
        .post(&hold, Some(&sup), &json!({"reason": "lần hai"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    // Everyone who reads the case sees that it is held; why, only supervisors and the
    // department: the reason can name the proceedings or a person.
    for (who, role, agency, reads) in [
        ("police-h", "police", "hue-police", false),
        ("op-h", "operator", "hue-hotline", false),
        ("cw-h", "commune_worker", "cp-19900", false),
        ("dept-h", "agency_officer", "hue-cpd", true),
    ] {
        let token = app.login_as(who, role, Some(agency)).await;
        let read = app.get(&format!("/api/v1/cases/{id}"), Some(&token)).await;
        assert_eq!(read.status, StatusCode::OK, "{who}: {:?}", read.body);
        assert_eq!(read.body["legal_hold"]["placed_by"], "sup-hue", "{who}");
        let reason = read.body["legal_hold"]["reason"].as_str().unwrap();
        match reads {
            true => assert_eq!(reason, "Công an đề nghị giữ hồ sơ", "{who}"),
            false => assert_eq!(reason, "", "{who}"),
        }
        assert!(
            !read.body.to_string().contains("Công an đề nghị") || reads,
            "{who}"
        );
    }

    // A held or open case is not erased.
    let erase = format!("/api/v1/cases/{id}/erasure");
    let ask = json!({"reason": "subject_request", "note": "Đơn của mẹ cháu ngày 20/11/2026"});
    let r = app.post(&erase, Some(&sup), &ask).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    let r = delete(&app, &hold, &sup).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["legal_hold"], Value::Null);
    let r = delete(&app, &hold, &sup).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    let r = app.post(&erase, Some(&sup), &ask).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("đang được xử lý"));

    // A correction, kept as a version; then the export, with the old name among them.
    let child = app
        .get(&format!("/api/v1/cases/{id}"), Some(&sup))
        .await
        .body["children"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let correct = format!("/api/v1/cases/{id}/corrections");
    let fix = json!({"child_id": child, "field": "name", "value": "Hoàng Thị Đúng", "reason": "Giấy khai sinh"});
    let r = app.post(&correct, Some(&op), &fix).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = app
        .post(
            &correct,
            Some(&sup),
            &json!({"field": "name", "value": "x", "reason": "y"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "field");
    let r = app.post(&correct, Some(&sup), &fix).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["children"][0]["name"], "Hoàng Thị Đúng");
    // A paper filed on the case comes with the copy, to be downloaded on its own.
    let scan = crate::helpers::documents::pdf("Quyết định hỗ trợ");
    let filed = app
        .upload(
            &id,
            &sup,
            &[
                ("kind", "decision"),
                ("title", "Quyết định hỗ trợ khẩn cấp"),
                ("dated", "2026-12-01"),
            ],
            Some(("qd.pdf", &scan)),
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let export = format!("/api/v1/cases/{id}/children/{child}/export");
    let r = app.get(&export, Some(&op)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = app.get(&export, Some(&sup)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let disposition = r
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(r.body["subject"]["name"], "Hoàng Thị Đúng");
    assert_eq!(
        r.body["cases"][0]["corrections"][0]["previous"],
        "Hoàng Thị Riêng Tư"
    );
    assert_eq!(
        r.body["cases"][0]["case"]["reports"][0]["informant"],
        Value::Null
    );
    assert!(!r.body.to_string().contains("0905 123 456"));
    let paper = &r.body["cases"][0]["documents"][0];
    assert_eq!(paper["title"], "Quyết định hỗ trợ khẩn cấp", "{}", r.body);
    assert_eq!(paper["kind"], "decision");
    let download = paper["download"].as_str().unwrap();
    assert_eq!(
        download,
        format!("/api/v1/documents/{}", filed.body["id"].as_str().unwrap())
    );
    let (_, _, bytes) = app.download(paper["id"].as_str().unwrap(), &sup).await;
    assert_eq!(bytes, scan);

    // Ended, then erased on request: codes and dates stay, names go.
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transitions"),
            Some(&sup),
            &json!({"to": "no_action", "note": "không có căn cứ"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = app
        .post(&erase, Some(&sup), &json!({"reason": "whim", "note": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.body["errors"][0]["field"], "reason");
    let r = app.post(&erase, Some(&sup), &ask).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["erased_at"].is_string());
    assert_eq!(r.body["children"][0]["name"], Value::Null);
    assert_eq!(r.body["children"][0]["birth_year"], 2012);
    assert_eq!(r.body["categories"], json!(["online_sexual_exploitation"]));
    let r = app.post(&erase, Some(&sup), &ask).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);

    for action in [
        "case.hold.place",
        "case.hold.lift",
        "case.correct",
        "child.export",
        "case.erase",
    ] {
        assert_eq!(actions(&app, action), 1, "{action}");
    }
}

#[actix_rt::test]
async fn retention_run_lists_then_erases_a_contact_past_its_time_while_the_server_runs() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let three_years_ago = (chrono::Utc::now() - chrono::Duration::days(3 * 366)).to_rfc3339();
    let old = app
        .report(
            &op,
            &json!({
                "channel": "hotline_111", "contact_type": "counselling",
                "received_at": three_years_ago,
                "place": {"commune_code": THUAN_AN},
                "informant": {"consent_to_store": true, "name": "Người Hỏi Cũ", "phone": "0912345678"},
                "narrative": "Hỏi về cách bảo vệ con trên mạng.",
            }),
        )
        .await;
    let recent = app
        .report(
            &op,
            &json!({"channel": "hotline_111", "contact_type": "counselling",
                    "place": {"commune_code": THUAN_AN}, "narrative": "Hỏi hôm nay."}),
        )
        .await;
    let old_id = old["report_id"].as_str().unwrap();
    let recent_id = recent["report_id"].as_str().unwrap();

    let (ok, out) = app.run_cli(&["retention", "run", "--dry-run"], &[]);
    assert!(ok, "{out}");
    assert!(out.contains(old_id), "{out}");
    assert!(!out.contains(recent_id), "{out}");
    assert!(out.contains("1 records would be erased"), "{out}");
    assert_eq!(actions(&app, "report.erase"), 0);

    let (ok, out) = app.run_cli(&["retention", "run"], &[]);
    assert!(ok, "{out}");
    assert!(out.contains("0 cases, 1 contacts"), "{out}");
    assert_eq!(actions(&app, "report.erase"), 1);
    assert!(!app.informant_names().iter().any(|n| n == "Người Hỏi Cũ"));
    // The server still serves, and a second run has nothing to do.
    let r = app.get("/api/v1/cases", Some(&op)).await;
    assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let (ok, out) = app.run_cli(&["retention", "run"], &[]);
    assert!(ok && out.contains("0 cases, 0 contacts"), "{out}");
}
