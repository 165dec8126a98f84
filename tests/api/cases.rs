use awc::http::StatusCode;
use serde_json::json;

use crate::helpers::{abuse_report, casework, field_names, TestApp};

mod facts;
mod lifecycle;

fn case_path(body: &serde_json::Value) -> String {
    format!("/api/v1/cases/{}", body["case_id"].as_str().unwrap())
}

fn numbers(list: &serde_json::Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_number"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn each_role_sees_only_its_own_cases() {
    let app = TestApp::spawn().await;
    let hue_op = app.operator().await;
    let in_thuan_an = app
        .report(&hue_op, &abuse_report(19900, "Nguyễn Thị B"))
        .await;
    let in_duong_no = app.report(&hue_op, &abuse_report(19909, "Lê Văn C")).await;
    let national_op = app.login_as("op-111", "operator", Some("vn-111")).await;
    let in_hanoi = app.report(&national_op, &abuse_report(4, "Phạm D")).await;

    let thuan_an_worker = app
        .login_as("cw-19900", "commune_worker", Some("cp-19900"))
        .await;
    let duong_no_worker = app
        .login_as("cw-19909", "commune_worker", Some("cp-19909"))
        .await;
    let police = app.login_as("police", "police", Some("hue-police")).await;
    let cpd_officer = app
        .login_as("officer", "agency_officer", Some("hue-cpd"))
        .await;
    let hue_supervisor = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let admin = app.login_as("root", "admin", None).await;

    // Operators: the province's hotline sees its province; the national line what it logged.
    let list = app.get("/api/v1/cases", Some(&hue_op)).await;
    assert_eq!(numbers(&list.body), ["46-2026-000002", "46-2026-000001"]);
    assert_eq!(
        numbers(&app.get("/api/v1/cases", Some(&national_op)).await.body),
        ["01-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&national_op))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&case_path(&in_hanoi), Some(&hue_op)).await.status,
        StatusCode::NOT_FOUND
    );

    // Commune workers: their commune only; another commune's case is 404, not 403.
    assert_eq!(
        numbers(&app.get("/api/v1/cases", Some(&thuan_an_worker)).await.body),
        ["46-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&thuan_an_worker))
            .await
            .status,
        StatusCode::OK
    );
    let other = app
        .get(&case_path(&in_thuan_an), Some(&duong_no_worker))
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let missing = app
        .get(
            &format!("/api/v1/cases/{}", uuid::Uuid::new_v4()),
            Some(&duong_no_worker),
        )
        .await;
    assert_eq!(
        other.body, missing.body,
        "a refusal must not reveal that the case exists"
    );
    assert_eq!(
        app.get(&case_path(&in_duong_no), Some(&duong_no_worker))
            .await
            .status,
        StatusCode::OK
    );

    // Police and agency officers: exactly what is referred to their agency. The police get
    // the sexual-exploitation cases, not a case of neglect; the department gets them all.
    let mut neglect = abuse_report(19900, "Hồ Thị E");
    neglect["categories"] = json!(["neglect"]);
    neglect["risk_level"] = json!("medium");
    neglect["online"] = serde_json::Value::Null;
    let neglected = app.report(&hue_op, &neglect).await;
    let police_list = app.get("/api/v1/cases", Some(&police)).await;
    assert_eq!(
        numbers(&police_list.body),
        ["46-2026-000002", "46-2026-000001"]
    );
    assert_eq!(
        app.get(&case_path(&neglected), Some(&police)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&police))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&cpd_officer)).await.body["total"],
        3
    );
    for token in [&police, &cpd_officer] {
        assert_eq!(
            app.get(&case_path(&in_hanoi), Some(token)).await.status,
            StatusCode::NOT_FOUND
        );
    }

    // The province's supervisor: everything in the province, nothing outside.
    assert_eq!(
        app.get("/api/v1/cases", Some(&hue_supervisor)).await.body["total"],
        3
    );
    assert_eq!(
        app.get(&case_path(&in_hanoi), Some(&hue_supervisor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Administrators read no case contents at all.
    assert_eq!(
        app.get("/api/v1/cases", Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&case_path(&in_thuan_an), Some(&admin)).await.status,
        StatusCode::FORBIDDEN
    );
    let note = app
        .post(
            &format!("{}/notes", case_path(&in_thuan_an)),
            Some(&admin),
            &json!({"text": "x"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::FORBIDDEN);
    // Out-of-scope writes are 404 like reads.
    let note = app
        .post(
            &format!("{}/notes", case_path(&in_thuan_an)),
            Some(&duong_no_worker),
            &json!({"text": "x"}),
        )
        .await;
    assert_eq!(note.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn search_ignores_case_and_diacritics() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    app.report(&op, &abuse_report(19900, "Nguyễn Văn An")).await;
    app.report(&op, &abuse_report(19909, "Đặng Thị Đào")).await;
    let mut third = abuse_report(20101, "Hồ Minh");
    third["place"]["detail"] = json!("Thôn Hương Sơn");
    app.report(&op, &third).await;

    let search = |q: &str| {
        let path = format!(
            "/api/v1/cases?q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        let op = op.clone();
        let app = &app;
        async move { numbers(&app.get(&path, Some(&op)).await.body) }
    };
    assert_eq!(search("nguyen van an").await, ["46-2026-000001"]);
    assert_eq!(search("NGUYỄN VĂN").await, ["46-2026-000001"]);
    assert_eq!(search("dang thi dao").await, ["46-2026-000002"]);
    assert_eq!(search("Đào").await, ["46-2026-000002"]);
    assert_eq!(
        search("huong son").await,
        ["46-2026-000003"],
        "place detail"
    );
    assert_eq!(search("a luoi 4").await, ["46-2026-000003"], "commune name");
    assert_eq!(
        search("46-2026-000002").await,
        ["46-2026-000002"],
        "case number"
    );
    assert!(
        search("100%").await.is_empty(),
        "LIKE wildcards are literal"
    );
    assert_eq!(search("").await.len(), 3);
}

#[actix_web::test]
async fn filters_and_paging() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let mut neglect = abuse_report(19909, "B");
    neglect["categories"] = json!(["neglect", "physical_violence"]);
    neglect["risk_level"] = json!("low");
    neglect["received_at"] = json!("2026-11-20T10:00:00+07:00");
    app.report(&op, &neglect).await;
    for _ in 0..4 {
        app.report(&op, &abuse_report(19900, "A")).await;
    }
    let get = |q: &'static str| {
        let op = op.clone();
        let app = &app;
        async move { app.get(&format!("/api/v1/cases?{q}"), Some(&op)).await }
    };
    assert_eq!(get("category=neglect").await.body["total"], 1);
    assert_eq!(
        get("category=online_sexual_exploitation").await.body["total"],
        4
    );
    assert_eq!(get("risk_level=low").await.body["total"], 1);
    assert_eq!(get("commune_code=19900").await.body["total"], 4);
    assert_eq!(get("status=new").await.body["total"], 5);
    assert_eq!(get("status=closed").await.body["total"], 0);
    assert_eq!(
        get("to=2026-11-20").await.body["total"],
        1,
        "a date `to` includes that day"
    );
    assert_eq!(get("from=2026-11-21").await.body["total"], 4);
    assert_eq!(
        get("from=2026-11-20T03:00:00Z&to=2026-11-20T03:00:01Z")
            .await
            .body["total"],
        1
    );
    let page = get("per_page=2&page=3").await;
    assert_eq!(
        (
            page.body["total"].as_i64(),
            page.body["items"].as_array().unwrap().len()
        ),
        (Some(5), 1)
    );
    let bad = get("status=lost&page=0&per_page=1000&from=yesterday&category=x&risk_level=y").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = crate::helpers::field_names(&bad.body);
    fields.sort();
    assert_eq!(
        fields,
        [
            "category",
            "from",
            "page",
            "per_page",
            "risk_level",
            "status"
        ]
    );
}
