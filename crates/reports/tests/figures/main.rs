//! The figures over a fixture built by hand, on the backend under test (SQLite, or
//! PostgreSQL with HOTLINE_TEST_POSTGRES_URL): every expected number below is counted from
//! the fixture's description, not from the code.
//!
//! Huế, November 2026 (Vietnam time), as the counting clock reads 5 December:
//! - R1 Thuận An, 1/11 00:00 (the first instant of the month): sexual abuse (molestation) at
//!   school, child A (born 2/11/2014: 11 on the day, Kinh, no disability), a school staff
//!   perpetrator aged 30–44; caller a girl of 11–15 about herself; legal outcome: criminal
//!   case; a psychological service on 15/11 and a medical one on 1/12.
//! - R2 Thuận An, 31/10 23:59:59: physical violence, child B. October: not counted.
//! - R3 Dương Nỗ, 10/11 09:00, emergency: physical violence and neglect in the family,
//!   children C (born 2020: 6) and D (about 16, disabled); a parent perpetrator; caller an
//!   adult father, on the local line.
//! - R4 Thuận An, 12/11: child A again (sexual abuse, a stranger): linked as a duplicate of
//!   R1's case, so neither A nor the stranger counts twice.
//! - R5 counselling on 20/11, no place (the Huế line's province), anonymous caller.
//! - R6 Hà Nội (Ba Đình), 5/11, by the national line: physical violence, child F.
//! - R7 Thuận An, 30/11 23:59: online sexual exploitation (sextortion, abuse images) on
//!   TikTok, still online, child E (nothing else known), by social media.
//! - R8 (1/7), R9 (15/9, closed 1/10), R10 (1/10): older Thuận An cases, for the open
//!   cases' ages. R11: counselling at 1/12 00:00, just after the month.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use hotline_domain::{CaseStatus, DeadlineKind};
use hotline_reports::export::{numbered, sheet_name, ExportFormat};
use hotline_reports::figures::Figures;
use hotline_reports::period::PeriodQuery;
use hotline_reports::read::{export_figures, read_figures};
use hotline_reports::table::{Cell, Table};
use hotline_reports::{FigureSettings, ReportsError};
use hotline_store::models::{DeadlineRow, ServiceRow};
use hotline_store::queries::{cases, casework, indicators, referrals};
use hotline_store::schema;
use hotline_store::DbConnection;
use hotline_test_db::fixture::{Scene, BA_DINH, DUONG_NO, THUAN_AN};
use serde_json::{json, Value};

mod counted;
mod daily;
mod exports;

fn settings() -> FigureSettings {
    FigureSettings::parse(include_str!("../../../../config/figures.toml")).unwrap()
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn counting_clock() -> DateTime<Utc> {
    at("2026-12-05T00:00:00Z")
}

fn november() -> PeriodQuery {
    PeriodQuery {
        preset: Some("month".into()),
        on: Some("2026-11-15".into()),
        ..PeriodQuery::default()
    }
}

/// A report received at `received` (Vietnam time), logged at that very instant.
fn log(scene: &mut Scene, user: &str, received: &str, body: Value) -> Option<String> {
    let mut body = body;
    body["received_at"] = json!(received);
    scene.log_at(user, body, at(received)).case_id
}

fn abuse(commune: i32, categories: &[&str], children: Value) -> Value {
    json!({
        "channel": "hotline_111",
        "contact_type": "abuse_report",
        "categories": categories,
        "place": {"commune_code": commune},
        "children": children,
    })
}

fn merge(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

struct Fixture {
    scene: Scene,
}

/// Set a referral's answer and state, by its agency's code.
fn answer(scene: &mut Scene, case: &str, agency: &str, set: impl Fn(NaiveDateTime) -> Answer) {
    let (row, _) = referrals::for_case(&mut scene.conn, case)
        .unwrap()
        .into_iter()
        .find(|(_, a)| a.code == agency)
        .unwrap_or_else(|| panic!("no referral to {agency}"));
    let a = set(row.created_at);
    use schema::referrals::dsl as r;
    diesel::update(r::referrals.filter(r::id.eq(&row.id)))
        .set((
            r::status.eq(a.status),
            r::acknowledged_at.eq(a.acknowledged),
            r::accepted_at.eq(a.accepted),
            r::completed_at.eq(a.completed),
            r::escalated_at.eq(a.escalated),
        ))
        .execute(&mut scene.conn)
        .unwrap();
}

struct Answer {
    status: &'static str,
    acknowledged: Option<NaiveDateTime>,
    accepted: Option<NaiveDateTime>,
    completed: Option<NaiveDateTime>,
    escalated: Option<NaiveDateTime>,
}

impl Answer {
    fn acknowledged(at: NaiveDateTime) -> Answer {
        Answer {
            status: "acknowledged",
            acknowledged: Some(at),
            accepted: None,
            completed: None,
            escalated: None,
        }
    }
}

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

fn build() -> Fixture {
    let mut scene = Scene::new();
    let s = &mut scene;
    let child_a = json!([{"name": "Nguyễn Thị A", "birth_date": "2014-11-02", "sex": "female",
                          "ethnicity": "kinh", "disability": false}]);
    let r1 = log(
        s,
        "op",
        "2026-11-01T00:00:00+07:00",
        merge(
            abuse(THUAN_AN, &["sexual_abuse"], child_a.clone()),
            json!({"setting": "school", "sexual_subtypes": ["molestation"],
               "perpetrators": [{"relation": "school_staff", "age_band": "30_44"}],
               "caller": {"type": "child_self", "sex": "female", "age_band": "11_15"}}),
        ),
    )
    .unwrap();
    log(
        s,
        "op",
        "2026-10-31T23:59:59+07:00",
        abuse(
            THUAN_AN,
            &["physical_violence"],
            json!([{"name": "Trần Văn B"}]),
        ),
    );
    let r3 = log(
        s,
        "op",
        "2026-11-10T09:00:00+07:00",
        merge(
            abuse(
                DUONG_NO,
                &["physical_violence", "neglect"],
                json!([
            {"name": "Lê Văn C", "birth_year": 2020, "sex": "male"},
            {"name": "Lê Thị D", "age_estimate": 16, "sex": "female", "disability": true}]),
            ),
            json!({"emergency": true, "channel": "local_hotline", "setting": "family",
               "perpetrators": [{"relation": "parent"}],
               "caller": {"type": "parent_carer", "sex": "male", "age_band": "adult"}}),
        ),
    )
    .unwrap();
    let r4 = log(
        s,
        "op",
        "2026-11-12T10:00:00+07:00",
        merge(
            abuse(THUAN_AN, &["sexual_abuse"], child_a),
            json!({"perpetrators": [{"relation": "stranger"}]}),
        ),
    )
    .unwrap();
    log(
        s,
        "op",
        "2026-11-20T14:00:00+07:00",
        json!({
        "channel": "hotline_111", "contact_type": "counselling", "caller": {"type": "anonymous"}}),
    );
    log(
        s,
        "op111",
        "2026-11-05T10:00:00+07:00",
        abuse(
            BA_DINH,
            &["physical_violence"],
            json!([{"name": "Phạm F", "sex": "male"}]),
        ),
    );
    let r7 = log(
        s,
        "op",
        "2026-11-30T23:59:00+07:00",
        merge(
            abuse(
                THUAN_AN,
                &["online_sexual_exploitation"],
                json!([{"name": "Trần E"}]),
            ),
            json!({"channel": "social_media", "setting": "online",
               "sexual_subtypes": ["sextortion", "abuse_images"],
               "online": {"platform": "tiktok", "urls": ["https://www.tiktok.com/@x/video/1"],
                          "still_online": true}}),
        ),
    )
    .unwrap();
    log(
        s,
        "op",
        "2026-07-01T08:00:00+07:00",
        abuse(THUAN_AN, &["neglect"], json!([{"name": "G"}])),
    );
    let r9 = log(
        s,
        "op",
        "2026-09-15T08:00:00+07:00",
        abuse(THUAN_AN, &["neglect"], json!([{"name": "H"}])),
    )
    .unwrap();
    log(
        s,
        "op",
        "2026-10-01T08:00:00+07:00",
        abuse(THUAN_AN, &["neglect"], json!([{"name": "I"}])),
    );
    log(
        s,
        "op",
        "2026-12-01T00:00:00+07:00",
        json!({"channel": "hotline_111", "contact_type": "counselling"}),
    );

    // R4 is R1 again.
    let linked = at("2026-11-12T11:00:00+07:00").naive_utc();
    cases::mark_duplicate(&mut s.conn, &r4, CaseStatus::New, &r1, linked).unwrap();
    // R9 was closed on 1 October.
    let closed = at("2026-10-01T09:00:00+07:00").naive_utc();
    cases::set_status(
        &mut s.conn,
        &r9,
        CaseStatus::New,
        CaseStatus::Closed,
        Some(closed),
        closed,
    )
    .unwrap();
    // R1's legal outcome and services.
    indicators::set_case_facts(&mut s.conn, &r1, Some("school"), Some("criminal_case")).unwrap();
    let service = |position: i32, service: &str, on: NaiveDate| ServiceRow {
        id: uuid_like(position),
        case_id: r1.clone(),
        position,
        child_id: None,
        service: service.into(),
        provided_on: on,
        provider: None,
        recorded_by: None,
        recorded_at: linked,
    };
    indicators::replace_services(
        &mut s.conn,
        &r1,
        &[
            service(
                0,
                "psychological",
                NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            ),
            service(1, "medical", NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
        ],
    )
    .unwrap();

    // Referrals: R1 acknowledged by the department in 30 minutes, by the police in 26 hours
    // (late: 24 are allowed), accepted by the commune in 10; R3 (emergency, 2 hours allowed)
    // acknowledged by the police in 60 minutes and the commune in 90, never by the department
    // (escalated); R7's takedown acknowledged in 20 minutes and done in 5 hours; the rest wait.
    answer(s, &r1, "hue-cpd", |c| Answer::acknowledged(c + minutes(30)));
    answer(s, &r1, "hue-police", |c| {
        Answer::acknowledged(c + minutes(26 * 60))
    });
    // An acceptance alone answers.
    answer(s, &r1, "cp-19900", |c| Answer {
        status: "accepted",
        acknowledged: None,
        accepted: Some(c + minutes(10)),
        completed: None,
        escalated: None,
    });
    answer(s, &r3, "hue-police", |c| {
        Answer::acknowledged(c + minutes(60))
    });
    answer(s, &r3, "cp-19909", |c| {
        Answer::acknowledged(c + minutes(90))
    });
    answer(s, &r3, "hue-cpd", |c| Answer {
        status: "overdue",
        acknowledged: None,
        accepted: None,
        completed: None,
        escalated: Some(c + minutes(121)),
    });
    answer(s, &r7, "hue-info", |c| Answer {
        status: "completed",
        acknowledged: Some(c + minutes(20)),
        accepted: None,
        completed: Some(c + minutes(300)),
        escalated: None,
    });

    // Deadlines: R3's 12 hours met in 5; R1's plan (due 8/11) missed and escalated; R1's
    // review cancelled; R7's approval due in December.
    {
        use schema::case_deadlines::dsl as d;
        let received3 = at("2026-11-10T09:00:00+07:00").naive_utc();
        diesel::update(d::case_deadlines.filter(d::case_id.eq(&r3)))
            .set((
                d::state.eq("met"),
                d::met_at.eq(Some(received3 + Duration::hours(5))),
            ))
            .execute(&mut s.conn)
            .unwrap();
        let due = |t: &str| at(t).naive_utc();
        let mut plan = DeadlineRow::pending(
            &r1,
            DeadlineKind::Plan,
            (1, 1),
            due("2026-11-08T10:00:00+07:00"),
            linked,
        );
        plan.state = hotline_domain::DeadlineState::Breached;
        plan.breached_at = Some(due("2026-11-08T10:00:00+07:00"));
        plan.escalated_to = Some("[\"hue-cpd\"]".into());
        let mut review = DeadlineRow::pending(
            &r1,
            DeadlineKind::Review,
            (1, 1),
            due("2026-11-20T10:00:00+07:00"),
            linked,
        );
        review.state = hotline_domain::DeadlineState::Cancelled;
        let approval = DeadlineRow::pending(
            &r7,
            DeadlineKind::Approval,
            (1, 1),
            due("2026-12-02T10:00:00+07:00"),
            linked,
        );
        casework::add_deadlines(&mut s.conn, &[plan, review, approval]).unwrap();
    }
    Fixture { scene }
}

fn uuid_like(n: i32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn figures_for(f: &mut Fixture, user: &str, query: &PeriodQuery) -> Result<Figures, ReportsError> {
    let caller = f.scene.caller(user);
    read_figures(
        &mut f.scene.conn,
        &caller,
        query,
        &settings(),
        counting_clock(),
    )
}

/// (code, count) of a breakdown's rows, zeros left out.
fn counts(table: &Table) -> Vec<(String, i64)> {
    table
        .rows
        .iter()
        .filter_map(|r| match (&r[0], &r[2]) {
            (Cell::Text(code), Cell::Count(n)) if *n > 0 => Some((code.clone(), *n)),
            _ => None,
        })
        .collect()
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
}

fn cell<'a>(table: &'a Table, code: &str, key: &str) -> &'a Cell {
    let at = table.columns.iter().position(|c| c.key == key).unwrap();
    let row = table
        .rows
        .iter()
        .find(|r| r[0] == Cell::Text(code.into()))
        .unwrap_or_else(|| panic!("no row {code} in {}", table.name));
    &row[at]
}

fn measure(table: &Table, code: &str, key: &str) -> Option<f64> {
    match cell(table, code, key) {
        Cell::Measure(m) => m.map(|v| (v * 10.0).round() / 10.0),
        other => panic!("{key} of {code} is {other:?}"),
    }
}

fn count(table: &Table, code: &str, key: &str) -> i64 {
    match cell(table, code, key) {
        Cell::Count(n) => *n,
        other => panic!("{key} of {code} is {other:?}"),
    }
}
