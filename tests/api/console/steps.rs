//! The Decree 56 step forms on the case page: the commune worker records the verification,
//! the assessment and the plan, sends the plan for approval, and the chair approves it.

use awc::http::{Method, StatusCode};
use chrono::{Duration, Utc};

use super::{get, sign_in, visit, Jar, Page};
use crate::helpers::{abuse_report, TestApp};

async fn post(app: &TestApp, jar: &mut Jar, path: &str, form: &[(&str, &str)]) -> Page {
    visit(app, jar, Method::POST, path, Some(form)).await
}

#[actix_web::test]
async fn the_worker_records_each_step_on_the_case_page_and_the_chair_approves_the_plan() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let case = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let id = case["case_id"].as_str().unwrap();
    let path = format!("/cases/{id}");
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, &path).await;
    // A new case opens on its verification form (Mẫu 02).
    assert!(
        page.html.contains("id=\"step-verification\""),
        "{}",
        page.html
    );
    assert!(!page.html.contains("id=\"step-plan\""));
    let csrf = page.csrf();
    let csrf = csrf.as_str();
    let verify = format!("/console/cases/{id}/steps/verification");

    // Half a form: every missing answer is named and linked, and what was typed stays.
    let half = post(
        &app,
        &mut cw,
        &verify,
        &[("csrf", csrf), ("child_safety", "Trẻ ở nhà bà ngoại.")],
    )
    .await;
    assert_eq!(
        half.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        half.html
    );
    assert!(half.html.contains("href=\"#verification-"), "{}", half.html);
    assert!(half.html.contains("Trẻ ở nhà bà ngoại."));

    let criteria: Vec<(String, &str)> = [
        "harm",
        "abuser_access",
        "care_environment",
        "self_protection",
    ]
    .iter()
    .flat_map(|c| {
        [
            (format!("criteria.{c}.level"), "medium"),
            (format!("criteria.{c}.note"), "Theo lời kể."),
        ]
    })
    .collect();
    let mut form = vec![
        ("csrf", csrf),
        ("confirmed", "true"),
        ("child_safety", "Trẻ ở nhà bà ngoại, an toàn tạm thời."),
        ("initial_risk", "high"),
        ("contacts.0.who", "Mẹ của trẻ"),
        ("contacts.0.summary", "Xác nhận sự việc"),
        ("contacts.1.who", ""),
        ("emergency_action.kind", ""),
        ("emergency_action.taken_at@", ""),
    ];
    form.extend(criteria.iter().map(|(k, v)| (k.as_str(), *v)));
    let saved = post(&app, &mut cw, &verify, &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(saved.location(), format!("{path}?done=step"));
    let again = get(&app, &mut cw, saved.location()).await;
    // The saved record fills the form again.
    assert!(
        again.html.contains("value=\"Mẹ của trẻ\""),
        "{}",
        again.html
    );
    assert_eq!(
        app.count(&format!(
            "case_steps WHERE case_id = '{id}' AND step = 'verification'"
        )),
        1
    );

    // On to the assessment (Mẫu 03), then the plan (Mẫu 04).
    let mv = format!("/console/cases/{id}/move");
    for to in ["verifying", "assessing"] {
        let moved = post(&app, &mut cw, &mv, &[("csrf", csrf), ("to", to)]).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{to}: {}", moved.html);
    }
    let assessed = post(
        &app,
        &mut cw,
        &format!("/console/cases/{id}/steps/assessment"),
        &[
            ("csrf", csrf),
            ("physical_state", "Không có thương tích."),
            ("psychological_state", "Lo âu."),
            ("caregivers", "Bà ngoại."),
            ("caregivers_can_protect", "true"),
            ("needs.0.domain", "psychological"),
            ("needs.0.description", "Tư vấn tâm lý"),
            ("risk", "medium"),
        ],
    )
    .await;
    assert_eq!(assessed.status, StatusCode::SEE_OTHER, "{}", assessed.html);
    let moved = post(&app, &mut cw, &mv, &[("csrf", csrf), ("to", "planning")]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    let today = (Utc::now() + Duration::hours(7)).date_naive();
    let due = (today + Duration::days(30)).to_string();
    let review = (today + Duration::days(14)).to_string();
    let planned = post(
        &app,
        &mut cw,
        &format!("/console/cases/{id}/steps/plan"),
        &[
            ("csrf", csrf),
            ("action", "submit"),
            ("goals[]", "Trẻ an toàn trên mạng\r\nỔn định tâm lý"),
            ("actions.0.description", "Tư vấn tâm lý 4 buổi"),
            ("actions.0.responsible", "Trung tâm CTXH"),
            ("actions.0.service", "psychological"),
            ("actions.0.due", &due),
            ("next_review", &review),
        ],
    )
    .await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.html);
    assert_eq!(planned.location(), format!("{path}?done=submitted"));

    // The chair sees it waiting and approves it.
    app.create_user("chair", "commune_chair", Some("cp-19900"));
    let mut chair = sign_in(&app, "chair").await;
    let page = get(&app, &mut chair, &path).await;
    assert!(page.html.contains("Ổn định tâm lý") && page.html.contains("Phê duyệt kế hoạch"));
    assert!(
        !page.html.contains("id=\"step-plan\""),
        "the chair writes no step record"
    );
    let ok = post(
        &app,
        &mut chair,
        &format!("/console/cases/{id}/plan/approve"),
        &[("csrf", page.csrf().as_str())],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "case_steps WHERE case_id = '{id}' AND step = 'plan' AND plan_state = 'approved'"
        )),
        1
    );
}
