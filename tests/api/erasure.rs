//! Erasure leaves nothing: a distinct canary in every free-text and identifying field a case
//! can hold (intake, the informant, online evidence, notes, every step record, indicators,
//! referral reasons and outcomes, a hold, a correction), the case taken through its whole
//! life and erased, then the database itself searched for every canary: the SQLite file
//! with its write-ahead log, or a `pg_dump` of the PostgreSQL database. None may be found in
//! clear, and none may be left in a sealed field either.

use awc::http::StatusCode;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use hotline_vault::Field;
use serde_json::{json, Value};

use crate::helpers::{referral_id, Response, TestApp};

mod papers;

/// A word no other field holds: what the database is searched for.
fn canary(field: &str) -> String {
    format!("zqcanary{field}")
}

/// Every canary written, as searched for (lower case: the search folds the bytes read).
fn canaries() -> Vec<String> {
    let mut all: Vec<String> = [
        "placedetail",
        "childname",
        "childlocation",
        "informantname",
        "informanthandle",
        "informantrelation",
        "narrative",
        "url",
        "offenderhandle",
        "intakeperpetrator",
        "note",
        "perpetrator",
        "provider",
        "childsafety",
        "criterion",
        "contactwho",
        "contactsummary",
        "takenby",
        "emergencynote",
        "verificationnote",
        "physical",
        "psychological",
        "caregivers",
        "need",
        "assessmentnote",
        "goal",
        "actiondescription",
        "responsible",
        "plannote",
        "returnreason",
        "movenote",
        "situation",
        "actionnote",
        "reviewnote",
        "closuresummary",
        "closenote",
        "outcome",
        "referralreason",
        "declinereason",
        "holdreason",
        "correctedlocation",
        "correctionreason",
        "doctitle",
        "pdfcontent",
    ]
    .iter()
    .map(|f| canary(f))
    .collect();
    all.extend([
        PHONE.to_owned(),
        BIRTH_DATE.to_owned(),
        FILE_SHA256.to_owned(),
    ]);
    all
}

const PHONE: &str = "0905777123";
const BIRTH_DATE: &str = "2013-07-19";
const FILE_SHA256: &str = "c0ffee5eed00c0ffee5eed00c0ffee5eed00c0ffee5eed00c0ffee5eed00c0ff";

fn ok(r: &Response, what: &str) {
    assert!(r.status.is_success(), "{what}: {} {}", r.status, r.body);
}

fn today() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// The case, logged with a canary in every field intake takes.
async fn intake(app: &TestApp, op: &str) -> Value {
    let report = json!({
        "channel": "hotline_111",
        "contact_type": "abuse_report",
        "categories": ["online_sexual_exploitation"],
        "risk_level": "high",
        "place": {"commune_code": 19900, "detail": canary("placedetail")},
        "children": [{"name": canary("childname"), "birth_date": BIRTH_DATE, "sex": "female",
                      "current_location": canary("childlocation")}],
        "informant": {"consent_to_store": true, "name": canary("informantname"),
                      "phone": "0905 777 123", "handle": canary("informanthandle"),
                      "relation": canary("informantrelation")},
        "narrative": canary("narrative"),
        "online": {"platform": "facebook", "urls": [format!("https://www.facebook.com/{}", canary("url"))],
                   "offender_handles": [canary("offenderhandle")], "content_types": ["image"],
                   "still_online": true, "file_sha256": [FILE_SHA256]},
        "perpetrators": [{"relation": "online_contact", "description": canary("intakeperpetrator")}],
    });
    let r = app
        .send(
            app.request(awc::http::Method::POST, "/api/v1/reports", Some(op))
                .insert_header(("Idempotency-Key", "canary-intake-1")),
            Some(&report),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

/// The Decree 56 records, each with a canary in every text it holds, to the case's close.
async fn case_work(app: &TestApp, id: &str, worker: &str, chair: &str) {
    let case = format!("/api/v1/cases/{id}");
    let step = |name: &str| format!("{case}/steps/{name}");
    let mv = |to: &str, note: Option<String>| json!({"to": to, "note": note});
    let c = |level: &str| json!({"level": level, "note": canary("criterion")});
    let verification = json!({
        "confirmed": true,
        "child_safety": canary("childsafety"),
        "contacts": [{"who": canary("contactwho"), "summary": canary("contactsummary")}],
        "criteria": {"harm": c("high"), "abuser_access": c("medium"),
                     "care_environment": c("medium"), "self_protection": c("high")},
        "initial_risk": "high",
        "emergency_action": {"kind": "safe_placement", "taken_at": Utc::now() - Duration::minutes(30),
                             "taken_by": canary("takenby"), "note": canary("emergencynote")},
        "note": canary("verificationnote"),
    });
    ok(
        &app.put(&step("verification"), Some(worker), &verification)
            .await,
        "verification",
    );
    for to in ["verifying", "assessing"] {
        ok(
            &app.post(&format!("{case}/transitions"), Some(worker), &mv(to, None))
                .await,
            to,
        );
    }
    let assessment = json!({
        "physical_state": canary("physical"),
        "psychological_state": canary("psychological"),
        "caregivers": canary("caregivers"),
        "caregivers_can_protect": true,
        "needs": [{"domain": "psychological", "description": canary("need")}],
        "risk": "medium",
        "note": canary("assessmentnote"),
    });
    ok(
        &app.put(&step("assessment"), Some(worker), &assessment)
            .await,
        "assessment",
    );
    ok(
        &app.post(
            &format!("{case}/transitions"),
            Some(worker),
            &mv("planning", None),
        )
        .await,
        "planning",
    );
    let plan = json!({
        "goals": [canary("goal")],
        "actions": [{"description": canary("actiondescription"), "responsible": canary("responsible"),
                     "service": "psychological", "due": (today() + Duration::days(30)).to_string()}],
        "next_review": (today() + Duration::days(14)).to_string(),
        "note": canary("plannote"),
    });
    ok(&app.put(&step("plan"), Some(worker), &plan).await, "plan");
    let submit = format!("{case}/plan/submit");
    ok(&app.post(&submit, Some(worker), &json!({})).await, "submit");
    ok(
        &app.post(
            &format!("{case}/plan/return"),
            Some(chair),
            &json!({"reason": canary("returnreason")}),
        )
        .await,
        "return",
    );
    ok(
        &app.put(&step("plan"), Some(worker), &plan).await,
        "plan again",
    );
    ok(
        &app.post(&submit, Some(worker), &json!({})).await,
        "submit again",
    );
    ok(
        &app.post(&format!("{case}/plan/approve"), Some(chair), &json!({}))
            .await,
        "approve",
    );
    ok(
        &app.post(
            &format!("{case}/transitions"),
            Some(worker),
            &mv("intervening", Some(canary("movenote"))),
        )
        .await,
        "intervening",
    );
    let review = json!({
        "reviewed_on": today().to_string(),
        "actions": [{"action": 1, "status": "done", "note": canary("actionnote")}],
        "situation": canary("situation"),
        "risk_now": "low",
        "decision": "close",
        "note": canary("reviewnote"),
    });
    ok(
        &app.put(&step("review"), Some(worker), &review).await,
        "review",
    );
    ok(
        &app.post(
            &format!("{case}/transitions"),
            Some(worker),
            &mv("reviewing", None),
        )
        .await,
        "reviewing",
    );
    let closure = json!({"reason": "safe", "summary": canary("closuresummary")});
    ok(
        &app.put(&step("closure"), Some(worker), &closure).await,
        "closure",
    );
    ok(
        &app.post(
            &format!("{case}/transitions"),
            Some(worker),
            &mv("closed", Some(canary("closenote"))),
        )
        .await,
        "closed",
    );
}

/// Everything stored in the database, lower case (so a folded copy is found too).
fn stored_bytes(app: &TestApp) -> String {
    String::from_utf8_lossy(&app.stored_bytes()).to_lowercase()
}

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    value: String,
}

/// Every sealed value left in the database, opened.
fn opened_values(app: &TestApp) -> Vec<(Field, String)> {
    let mut conn = app.conn();
    let mut opened = Vec::new();
    for field in Field::ALL {
        let (table, column) = field.column().split_once('.').unwrap();
        let rows: Vec<Stored> = diesel::sql_query(format!(
            "SELECT id, {column} AS value FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''"
        ))
        .load(&mut *conn)
        .unwrap();
        for row in rows {
            let value = app.vault.open(field, &row.id, &row.value).unwrap();
            opened.push((field, value.to_lowercase()));
        }
    }
    opened
}

#[actix_web::test]
async fn an_erased_case_leaves_no_canary_in_the_database_in_clear_or_sealed() {
    let app = TestApp::spawn().await;
    let op = app.operator().await;
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    let chair = app
        .login_as("chair", "commune_chair", Some("cp-19900"))
        .await;
    let sup = app.login_as("sup", "supervisor", Some("hue-cpd")).await;
    let police = app.login_as("police1", "police", Some("hue-police")).await;
    let justice = app
        .login_as("justice1", "agency_officer", Some("hue-justice"))
        .await;

    let created = intake(&app, &op).await;
    let id = created["case_id"].as_str().unwrap().to_owned();
    let case = format!("/api/v1/cases/{id}");
    let child = app.get(&case, Some(&sup)).await.body["children"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &app.post(
            &format!("{case}/notes"),
            Some(&worker),
            &json!({"text": canary("note")}),
        )
        .await,
        "note",
    );
    let patch = json!({
        "perpetrators": [{"relation": "online_contact", "sex": "male", "description": canary("perpetrator")}],
        "services": [{"service": "psychological", "child_id": child,
                      "provided_on": today().to_string(), "provider": canary("provider")}],
    });
    let r = app
        .patch(&format!("{case}/indicators"), Some(&worker), &patch)
        .await;
    ok(&r, "indicators");

    // The police take the case and report what they did; the department adds the justice
    // department, which declines.
    let police_referral = referral_id(&created, "hue-police");
    ok(
        &app.post(
            &format!("/api/v1/referrals/{police_referral}/accept"),
            Some(&police),
            &json!({}),
        )
        .await,
        "accept",
    );
    ok(
        &app.post(
            &format!("/api/v1/referrals/{police_referral}/complete"),
            Some(&police),
            &json!({"outcome": canary("outcome")}),
        )
        .await,
        "complete",
    );
    let added = app
        .post(
            &format!("{case}/referrals"),
            Some(&sup),
            &json!({"agency_code": "hue-justice", "reason": canary("referralreason")}),
        )
        .await;
    ok(&added, "refer");
    let justice_referral = added.body["id"].as_str().unwrap().to_owned();
    ok(
        &app.post(
            &format!("/api/v1/referrals/{justice_referral}/decline"),
            Some(&justice),
            &json!({"reason": canary("declinereason")}),
        )
        .await,
        "decline",
    );

    // A hold placed and lifted, a correction, and the case's whole work to its close.
    let hold = format!("{case}/legal-hold");
    ok(
        &app.post(&hold, Some(&sup), &json!({"reason": canary("holdreason")}))
            .await,
        "hold",
    );
    ok(
        &app.send(
            app.request(awc::http::Method::DELETE, &hold, Some(&sup)),
            None,
        )
        .await,
        "lift",
    );
    ok(
        &app.post(
            &format!("{case}/corrections"),
            Some(&sup),
            &json!({"child_id": child, "field": "current_location",
                    "value": canary("correctedlocation"), "reason": canary("correctionreason")}),
        )
        .await,
        "correct",
    );
    case_work(&app, &id, &worker, &chair).await;

    // Every canary is in the case as read: the test writes where it means to.
    let read = app
        .get(&case, Some(&sup))
        .await
        .body
        .to_string()
        .to_lowercase();
    for c in [
        "placedetail",
        "informantrelation",
        "outcome",
        "declinereason",
        "provider",
    ] {
        assert!(read.contains(&canary(c)), "{c} not written");
    }

    // The signed closure paper, with a canary in its title and in the file itself.
    let paper = papers::file_held_paper(&app, (&id, &worker, &sup)).await;

    let erased = app
        .post(
            &format!("{case}/erasure"),
            Some(&sup),
            &json!({"reason": "subject_request", "note": "Đơn của mẹ cháu ngày 01/12/2026"}),
        )
        .await;
    ok(&erased, "erase");
    // On SQLite the file and its write-ahead log are read as they stand: the log still holds
    // the pages as they were before the erasure, so a value ever written in clear is found.
    let stored = stored_bytes(&app);
    let all = canaries();
    let found: Vec<&String> = all.iter().filter(|c| stored.contains(c.as_str())).collect();
    assert!(found.is_empty(), "in clear after erasure: {found:?}");
    let opened = opened_values(&app);
    let sealed: Vec<(Field, &String)> = all
        .iter()
        .flat_map(|c| {
            opened
                .iter()
                .filter(move |(_, v)| v.contains(c.as_str()))
                .map(move |(f, _)| (*f, c))
        })
        .collect();
    assert!(
        sealed.is_empty(),
        "sealed and kept after erasure: {sealed:?}"
    );

    let stored = app.stored_papers();
    assert_eq!(
        (stored.keyed, stored.chunks),
        (0, 0),
        "no file key and no chunk left"
    );
    let (status, _, _) = app.download(&paper, &sup).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The case still counts: its codes and dates are there.
    let after = app.get(&case, Some(&sup)).await;
    assert_eq!(after.body["status"], "closed");
    assert_eq!(after.body["children"][0]["name"], Value::Null);
}
