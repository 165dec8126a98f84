//! The case list page: the API's filters, scoped and audited as `case.list`.

use awc::http::StatusCode;

use super::{get, sign_in};
use crate::helpers::{abuse_report, TestApp};

#[actix_web::test]
async fn the_case_list_filters_like_the_api_within_the_persons_scope() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let here = app.report(&op, &abuse_report(19900, "Phạm Thị Hoa")).await;
    let there = app.report(&op, &abuse_report(19909, "Ngô Văn Nam")).await;
    let here_number = here["case_number"].as_str().unwrap();
    let there_number = there["case_number"].as_str().unwrap();

    // The commune group sees its own commune's case only.
    app.create_user("cw", "commune_worker", Some("cp-19900"));
    let mut cw = sign_in(&app, "cw").await;
    let page = get(&app, &mut cw, "/console/cases").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(here_number) && !page.html.contains(there_number));
    assert!(
        page.html.contains("href=\"/console/cases\">Vụ việc</a>"),
        "the menu links the list"
    );

    // The department sees both; a name typed without diacritics finds one.
    app.create_user("cpd", "agency_officer", Some("hue-cpd"));
    let mut cpd = sign_in(&app, "cpd").await;
    let before = app.count("audit_entries WHERE action = 'case.list'");
    let all = get(&app, &mut cpd, "/console/cases?q=&status=").await;
    assert!(all.html.contains(here_number) && all.html.contains(there_number));
    assert!(all.html.contains("2 vụ việc"), "{}", all.html);
    let found = get(&app, &mut cpd, "/console/cases?q=ngo+van+nam").await;
    assert!(found.html.contains(there_number) && !found.html.contains(here_number));
    assert!(
        found.html.contains("value=\"ngo van nam\""),
        "the search stays in its field"
    );
    let none = get(&app, &mut cpd, "/console/cases?status=closed").await;
    assert!(none.html.contains("0 vụ việc") && !none.html.contains(here_number));
    assert_eq!(
        app.count("audit_entries WHERE action = 'case.list'"),
        before + 3
    );

    // A filter that does not parse is said on the page, linked to its field.
    let bad = get(&app, &mut cpd, "/console/cases?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("href=\"#filter-from\""), "{}", bad.html);

    // The administrator reads no case.
    app.create_user("admin-web", "admin", None);
    let mut admin = sign_in(&app, "admin-web").await;
    let page = get(&app, &mut admin, "/console/cases").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}
