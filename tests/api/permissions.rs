//! The permission matrix in docs/PERMISSIONS.md, made into requests: every row, as every
//! user, for a case of their own jurisdiction and one outside it, checked against the status
//! the table gives.

use awc::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::console::{sign_in, visit, Jar};
use crate::helpers::{abuse_report, casework, referral_id, TestApp};

mod console;
mod world;

use world::World;

const TABLE: &str = include_str!("../../docs/PERMISSIONS.md");

/// The table's columns: username, role, agency.
const USERS: [(&str, &str, Option<&str>); 9] = [
    ("operator", "operator", Some("hue-hotline")),
    ("operator 111", "operator", Some("vn-111")),
    ("commune", "commune_worker", Some("cp-19900")),
    ("police", "police", Some("hue-police")),
    ("information", "agency_officer", Some("hue-info")),
    ("department", "agency_officer", Some("hue-cpd")),
    ("supervisor", "supervisor", Some("hue-cpd")),
    ("admin", "admin", None),
    ("chair", "commune_chair", Some("cp-19900")),
];

/// One row of the table: the request, then per user the status for own and other.
struct Row {
    request: String,
    expected: Vec<(u16, u16)>,
}

/// The API's table.
fn rows() -> Vec<Row> {
    table("| request |")
}

/// The table whose header starts with `first`, up to its last row.
fn table(first: &str) -> Vec<Row> {
    let mut lines = TABLE
        .lines()
        .skip_while(|l| !l.starts_with(first))
        .take_while(|l| l.starts_with('|'));
    let header: Vec<&str> = lines
        .next()
        .map(|h| {
            h.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        header[1..],
        USERS.map(|u| u.0),
        "the table's columns are the users this test knows"
    );
    lines
        .filter(|l| !l.starts_with("|---"))
        .map(|line| {
            let cells: Vec<&str> = line
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            let status = |s: &str| {
                s.trim()
                    .parse::<u16>()
                    .unwrap_or_else(|_| panic!("bad cell {s:?} in {line}"))
            };
            Row {
                request: cells[0].replace('`', ""),
                expected: cells[1..]
                    .iter()
                    .map(|c| match c.split_once('/') {
                        Some((own, other)) => (status(own), status(other)),
                        None => (status(c), status(c)),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Another worker of Thuận An's group, who takes the cases a reassignment moves.
const SECOND_WORKER: &str = "commune-2";

/// Whether a column's own (or other) case is the Huế one: the 111 operator's own is Hà Nội's.
fn in_hue(column: &str, own: bool) -> bool {
    let national = column == "operator 111";
    own != national
}

/// The agency whose referral is "own" for a column, and another's.
fn referral_agencies(column: &str) -> (&'static str, &'static str) {
    match column {
        "commune" | "chair" => ("cp-19900", "hue-police"),
        "police" => ("hue-police", "hue-info"),
        "information" => ("hue-info", "hue-police"),
        "department" | "supervisor" => ("hue-cpd", "hue-police"),
        _ => ("hue-police", "hue-police"),
    }
}

/// The request a row stands for, as `column`, own or other.
async fn request(w: &World, row: &str, column: &str, own: bool) -> (Method, String, Option<Value>) {
    let id = |case: &Value| case["case_id"].as_str().unwrap().to_owned();
    let note = json!({"text": "Đã gọi điện cho gia đình."});
    match row {
        "POST /api/v1/reports" => {
            let commune = match (column, own) {
                ("operator", false) => 4,
                ("operator 111", _) => 4,
                _ => 19900,
            };
            (
                Method::POST,
                "/api/v1/reports".into(),
                Some(abuse_report(commune, "Trẻ mới")),
            )
        }
        "POST /api/v1/contacts/lookup" => (
            Method::POST,
            "/api/v1/contacts/lookup".into(),
            Some(json!({"phone": "0905 123 456"})),
        ),
        "GET /api/v1/cases" => (Method::GET, "/api/v1/cases".into(), None),
        "GET /api/v1/cases/{case}" => {
            let case = w.case_for(column, own).await;
            (Method::GET, format!("/api/v1/cases/{}", id(&case)), None)
        }
        "POST /api/v1/cases/{case}/notes" => {
            let case = w.case_for(column, own).await;
            (
                Method::POST,
                format!("/api/v1/cases/{}/notes", id(&case)),
                Some(note),
            )
        }
        "GET /api/v1/cases/{case}/evidence" => {
            let case = w.case_for(column, own).await;
            (
                Method::GET,
                format!("/api/v1/cases/{}/evidence", id(&case)),
                None,
            )
        }
        "POST /api/v1/cases/{case}/transitions to verifying"
        | "POST /api/v1/cases/{case}/transitions to no_action" => {
            let to = row.rsplit(' ').next().unwrap_or_default();
            let case = w.case_for(column, own).await;
            let path = format!("/api/v1/cases/{}/transitions", id(&case));
            (Method::POST, path, Some(json!({"to": to})))
        }
        "POST /api/v1/cases/{case}/duplicate-of" => {
            let dup = w.case_for(column, own).await;
            let kept = w.case_for(column, true).await;
            let path = format!("/api/v1/cases/{}/duplicate-of", id(&dup));
            (Method::POST, path, Some(json!({"of": kept["case_number"]})))
        }
        "POST /api/v1/cases/{case}/referrals" => {
            let case = w.case_for(column, own).await;
            let path = format!("/api/v1/cases/{}/referrals", id(&case));
            (
                Method::POST,
                path,
                Some(json!({"agency_code": "cp-19909", "reason": "Gia đình chuyển đến Dương Nỗ."})),
            )
        }
        "GET /api/v1/referrals" => (Method::GET, "/api/v1/referrals".into(), None),
        "GET /api/v1/cases/{case}/steps"
        | "GET /api/v1/cases/{case}/deadlines"
        | "GET /api/v1/cases/{case}/record" => {
            let case = w.case_for(column, own).await;
            let tail = row.rsplit('/').next().unwrap_or_default();
            (
                Method::GET,
                format!("/api/v1/cases/{}/{tail}", id(&case)),
                None,
            )
        }
        "PUT /api/v1/cases/{case}/steps/verification" => {
            let case = w.case_for(column, own).await;
            (
                Method::PUT,
                format!("/api/v1/cases/{}/steps/verification", id(&case)),
                Some(casework::verification()),
            )
        }
        "POST /api/v1/cases/{case}/plan/submit" | "POST /api/v1/cases/{case}/plan/approve" => {
            let submit = row.ends_with("submit");
            let case = w.planned_case_for(column, own, !submit).await;
            let path = format!(
                "/api/v1/cases/{case}/plan/{}",
                if submit { "submit" } else { "approve" }
            );
            (Method::POST, path, Some(json!({})))
        }
        "GET /api/v1/tasks" => (Method::GET, "/api/v1/tasks".into(), None),
        "GET /api/v1/caseloads" => (Method::GET, "/api/v1/caseloads".into(), None),
        "PUT /api/v1/cases/{case}/manager" => {
            let case = w.case_for(column, own).await;
            let body = json!({"user_id": w.user_id("commune"), "reason": "Phụ trách địa bàn."});
            let path = format!("/api/v1/cases/{}/manager", id(&case));
            (Method::PUT, path, Some(body))
        }
        "POST /api/v1/cases/reassign" => {
            let body = json!({"from_user_id": w.user_id("commune"),
                              "to_user_id": w.app.user_id(SECOND_WORKER), "reason": "Nghỉ việc."});
            (Method::POST, "/api/v1/cases/reassign".into(), Some(body))
        }
        "POST /api/v1/cases/{case}/transfers" => {
            let case = w.case_for(column, own).await;
            let body = json!({"to_commune_code": 19909, "reason": "Trẻ chuyển nơi ở."});
            let path = format!("/api/v1/cases/{}/transfers", id(&case));
            (Method::POST, path, Some(body))
        }
        "GET /api/v1/transfers" => (Method::GET, "/api/v1/transfers".into(), None),
        "POST /api/v1/transfers/{transfer}/accept"
        | "POST /api/v1/transfers/{transfer}/refuse"
        | "POST /api/v1/transfers/{transfer}/cancel" => {
            let action = row.rsplit('/').next().unwrap_or_default();
            let (from, to) = match (action, own) {
                ("cancel", true) => (19900, 19909),
                ("cancel", false) => (19909, 19777),
                (_, true) => (19909, 19900),
                (_, false) => (19909, 19777),
            };
            let transfer = w.transfer((from, to)).await;
            // Only a refusal needs a body (its reason): the others are sent without one.
            let body = (action == "refuse").then(|| json!({"reason": "Gia đình không ở địa bàn."}));
            let path = format!("/api/v1/transfers/{transfer}/{action}");
            (Method::POST, path, body)
        }
        "PATCH /api/v1/cases/{case}/indicators" => {
            let case = w.case_for(column, own).await;
            (
                Method::PATCH,
                format!("/api/v1/cases/{}/indicators", id(&case)),
                Some(json!({"setting": "online", "legal_outcome": "pending"})),
            )
        }
        "POST /api/v1/referrals/{referral}/acknowledge"
        | "POST /api/v1/referrals/{referral}/decline" => {
            let action = row.rsplit('/').next().unwrap_or_default();
            let case = w.case(true).await;
            let (mine, theirs) = referral_agencies(column);
            let referral = referral_id(&case, if own { mine } else { theirs });
            let body = (action == "decline").then(|| json!({"reason": "Không thuộc thẩm quyền."}));
            (
                Method::POST,
                format!("/api/v1/referrals/{referral}/{action}"),
                body,
            )
        }
        "POST /api/v1/cases/{case}/documents" | "GET /api/v1/cases/{case}/documents" => {
            let case = w.case_for(column, own).await;
            let method = if row.starts_with("POST") {
                Method::POST
            } else {
                Method::GET
            };
            let path = format!("/api/v1/cases/{}/documents", id(&case));
            (method, path, None)
        }
        "GET /api/v1/documents/{document}" => {
            let paper = w.paper_for(column, own).await;
            (Method::GET, format!("/api/v1/documents/{paper}"), None)
        }
        "GET /api/v1/reports/{report}/status" => {
            // Own: a report the column's user logged (operators only); other: the Huế
            // operator's (for the 111 operator, who logs its own, that is the other).
            let logs = column.starts_with("operator");
            let case = match (logs && own, column) {
                (true, _) => w.case_for(column, true).await,
                (false, "operator") => w.case(false).await,
                (false, _) => w.case(true).await,
            };
            let report = case["report_id"].as_str().unwrap().to_owned();
            (
                Method::GET,
                format!("/api/v1/reports/{report}/status"),
                None,
            )
        }
        "POST /api/v1/admin/clients" => {
            w.made.set(w.made.get() + 1);
            let name = format!("Ứng dụng {}", w.made.get());
            let body = json!({"name": name, "agency_code": "hue-hotline",
                              "permissions": ["reports.create"]});
            (Method::POST, "/api/v1/admin/clients".into(), Some(body))
        }
        "POST /api/v1/webhooks" => {
            let client = w.client().await;
            let body = json!({"url": "https://hooks.example.vn/111", "events": ["case.created"],
                              "client_id": client});
            (Method::POST, "/api/v1/webhooks".into(), Some(body))
        }
        "GET /api/v1/webhooks" => (Method::GET, "/api/v1/webhooks".into(), None),
        "DELETE /api/v1/webhooks/{webhook}" => {
            let webhook = w.webhook().await;
            (Method::DELETE, format!("/api/v1/webhooks/{webhook}"), None)
        }
        "GET /api/v1/webhooks/dead-letters" => {
            (Method::GET, "/api/v1/webhooks/dead-letters".into(), None)
        }
        "POST /api/v1/webhooks/dead-letters/{delivery}/replay" => (
            Method::POST,
            "/api/v1/webhooks/dead-letters/msg_none/replay".into(),
            Some(json!({})),
        ),
        "GET /api/v1/stats" => (Method::GET, "/api/v1/stats".into(), None),
        "GET /api/v1/stats/export" => (Method::GET, "/api/v1/stats/export?format=csv".into(), None),
        "GET /api/v1/plan-activities" => (Method::GET, "/api/v1/plan-activities".into(), None),
        "POST /api/v1/plan-activities" => (
            Method::POST,
            "/api/v1/plan-activities".into(),
            Some(
                json!({"item": "II.1", "kind": "awareness_session", "held_on": "2026-11-01",
                        "title": "Sinh hoạt ngoại khóa về an toàn trên mạng"}),
            ),
        ),
        path @ ("GET /api/v1/audit"
        | "GET /api/v1/audit/verify"
        | "GET /api/v1/audit/export"
        | "GET /api/v1/audit/summary"
        | "GET /api/v1/notifications") => (Method::GET, path[4..].to_owned(), None),
        other => panic!("the table has a request this test cannot make: {other}"),
    }
}

/// What a request of the table came to.
struct Answer {
    status: StatusCode,
    body: Value,
}

/// A signed form filed on the verification step, as `column`, through `path`.
async fn upload(w: &World, path: &str, column: &str) -> (StatusCode, Value) {
    let case = path
        .trim_start_matches("/api/v1/cases/")
        .trim_end_matches("/documents");
    let scan = crate::helpers::documents::pdf("Biên bản xác minh");
    let r = w
        .app
        .upload(
            case,
            w.token(column),
            &crate::helpers::documents::on_step("verification"),
            Some(("scan.pdf", &scan)),
        )
        .await;
    (r.status, r.body)
}

#[actix_web::test]
async fn every_user_gets_exactly_what_the_permission_table_says() {
    let app = TestApp::spawn().await;
    let mut tokens = Vec::new();
    for (i, (_, role, agency)) in USERS.iter().enumerate() {
        tokens.push(app.login_as(&format!("user{i}"), role, *agency).await);
    }
    app.create_user(SECOND_WORKER, "commune_worker", Some("cp-19900"));
    let national = app.login_as("national", "supervisor", Some("vn-111")).await;
    let world = World::new(app, tokens, national);
    let mut tried = 0;
    let mut wrong = Vec::new();
    for row in rows() {
        for ((column, _, _), (own, other)) in USERS.iter().zip(&row.expected) {
            for (mine, expected) in [(true, *own), (false, *other)] {
                let (method, path, body) = request(&world, &row.request, column, mine).await;
                let status = if method == Method::POST && path.ends_with("/documents") {
                    upload(&world, &path, column).await
                } else {
                    let req = world.app.request(method, &path, Some(world.token(column)));
                    let r = world.app.send(req, body.as_ref()).await;
                    (r.status, r.body)
                };
                let r = Answer {
                    status: status.0,
                    body: status.1,
                };
                tried += 1;
                if r.status != StatusCode::from_u16(expected).unwrap() {
                    let whose = if mine { "own" } else { "other" };
                    wrong.push(format!(
                        "{} as {column} ({whose}): {} instead of {expected}: {}",
                        row.request, r.status, r.body
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {tried} requests disagree with the table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(tried >= 250, "{tried}");
}
