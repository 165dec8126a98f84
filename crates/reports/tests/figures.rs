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

fn settings() -> FigureSettings {
    FigureSettings::parse(include_str!("../../../config/figures.toml")).unwrap()
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

#[test]
fn the_province_s_november_counted_by_hand() {
    let mut f = build();
    let figures = figures_for(&mut f, "sup", &november()).unwrap();
    let t = |name: &str| {
        figures
            .table(name)
            .unwrap_or_else(|| panic!("no table {name}"))
    };
    assert_eq!(
        figures.period.from,
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    );
    assert_eq!(figures.area.code, Some(46));

    assert_eq!(
        counts(t("summary")),
        pairs(&[
            ("contacts", 5),
            ("cases_opened", 3),
            ("cases_merged", 1),
            ("children_abused", 4),
            ("perpetrators", 2),
            ("services", 1),
            ("referrals", 10),
        ])
    );

    // Contacts: R1, R3, R4, R5, R7 (R2 is October's, R11 December's, R6 Hà Nội's).
    assert_eq!(
        counts(t("contacts_by_type")),
        pairs(&[("abuse_report", 4), ("counselling", 1)])
    );
    assert_eq!(
        counts(t("contacts_by_channel")),
        pairs(&[
            ("hotline_111", 3),
            ("local_hotline", 1),
            ("social_media", 1)
        ])
    );
    assert_eq!(
        counts(t("contacts_by_caller_type")),
        pairs(&[
            ("child_self", 1),
            ("parent_carer", 1),
            ("anonymous", 1),
            ("not_recorded", 2)
        ])
    );
    assert_eq!(
        counts(t("contacts_by_caller_sex")),
        pairs(&[("female", 1), ("male", 1), ("not_recorded", 3)])
    );
    assert_eq!(
        counts(t("contacts_by_caller_age")),
        pairs(&[("11_15", 1), ("adult", 1), ("not_recorded", 3)])
    );

    // Children: A (R1), C and D (R3), E (R7); A's second report (R4) adds nobody.
    assert_eq!(
        counts(t("children_by_indicator_type")),
        pairs(&[
            ("violence", 2),
            ("sexual_abuse", 2),
            ("abandonment_neglect", 2)
        ])
    );
    assert_eq!(
        counts(t("children_by_abuse_type")),
        pairs(&[
            ("sexual_abuse", 1),
            ("online_sexual_exploitation", 1),
            ("physical_violence", 2),
            ("neglect", 2)
        ])
    );
    assert_eq!(
        counts(t("children_by_sexual_subtype")),
        pairs(&[("molestation", 1), ("abuse_images", 1), ("sextortion", 1)])
    );
    assert_eq!(
        counts(t("children_by_sex")),
        pairs(&[("female", 2), ("male", 1), ("not_recorded", 1)])
    );
    assert_eq!(
        counts(t("children_by_age_group")),
        pairs(&[("6_10", 1), ("11_14", 1), ("15_17", 1), ("not_recorded", 1)])
    );
    assert_eq!(
        counts(t("children_by_setting")),
        pairs(&[("family", 2), ("school", 1), ("online", 1)])
    );
    assert_eq!(
        counts(t("children_by_ethnicity")),
        pairs(&[("not_recorded", 3), ("kinh", 1)])
    );
    assert_eq!(
        counts(t("children_by_disability")),
        pairs(&[("yes", 1), ("no", 1), ("not_recorded", 2)])
    );
    let by_commune = counts(t("children_by_commune"));
    assert_eq!(by_commune.len(), 2);
    assert!(by_commune.contains(&(THUAN_AN.to_string(), 2)));
    assert!(by_commune.contains(&(DUONG_NO.to_string(), 2)));
    assert_eq!(
        counts(t("perpetrators_by_relation")),
        pairs(&[("parent", 1), ("school_staff", 1)])
    );
    assert_eq!(
        counts(t("perpetrators_by_age_band")),
        pairs(&[("30_44", 1), ("not_recorded", 1)])
    );
    assert_eq!(
        counts(t("services_by_type")),
        pairs(&[("psychological", 1)])
    );
    assert_eq!(
        counts(t("legal_outcomes")),
        pairs(&[("criminal_case", 1), ("not_recorded", 2)])
    );

    // Online: R7 on TikTok, still online; its takedown done in 5 hours.
    assert_eq!(counts(t("online_by_platform")), pairs(&[("tiktok", 1)]));
    assert_eq!(counts(t("online_still_online")), pairs(&[("yes", 1)]));
    let takedowns = t("takedowns");
    assert_eq!(
        takedowns.rows[0][..3],
        [Cell::Count(1), Cell::Count(1), Cell::Count(0)]
    );
    assert_eq!(takedowns.rows[0][3], Cell::Measure(Some(5.0)));

    // Referrals: R1 and R3 three each, R7 four.
    let by_agency = t("referrals_by_agency");
    assert_eq!(count(by_agency, "cp-19900", "accepted"), 1);
    assert_eq!(count(by_agency, "cp-19900", "pending"), 1);
    assert_eq!(count(by_agency, "cp-19909", "acknowledged"), 1);
    assert_eq!(count(by_agency, "hue-cpd", "acknowledged"), 1);
    assert_eq!(count(by_agency, "hue-cpd", "overdue"), 1);
    assert_eq!(count(by_agency, "hue-cpd", "pending"), 1);
    assert_eq!(count(by_agency, "hue-police", "acknowledged"), 2);
    assert_eq!(count(by_agency, "hue-police", "total"), 3);
    assert_eq!(count(by_agency, "hue-info", "completed"), 1);
    assert_eq!(by_agency.rows.len(), 5);

    let ack = t("acknowledgement_by_agency");
    let row = |code: &str| {
        [
            "referrals",
            "due",
            "in_time",
            "late",
            "unacknowledged",
            "escalated",
        ]
        .map(|k| count(ack, code, k))
    };
    assert_eq!(row("cp-19900"), [2, 2, 1, 0, 1, 0]);
    assert_eq!(row("cp-19909"), [1, 1, 1, 0, 0, 0]);
    assert_eq!(row("hue-cpd"), [3, 3, 1, 0, 2, 1]);
    assert_eq!(row("hue-police"), [3, 3, 1, 1, 1, 0]);
    assert_eq!(row("hue-info"), [1, 1, 1, 0, 0, 0]);
    assert_eq!(row("all"), [10, 10, 5, 1, 4, 1]);
    assert_eq!(measure(ack, "hue-cpd", "in_time_percent"), Some(33.3));
    assert_eq!(measure(ack, "cp-19900", "median_minutes"), Some(10.0));
    // The police: 1,560 and 60 minutes.
    assert_eq!(measure(ack, "hue-police", "median_minutes"), Some(810.0));
    assert_eq!(measure(ack, "hue-police", "p90_minutes"), Some(1410.0));
    // All answers: 10, 20, 30, 60, 90, 1,560 minutes.
    assert_eq!(measure(ack, "all", "in_time_percent"), Some(50.0));
    assert_eq!(measure(ack, "all", "median_minutes"), Some(45.0));
    assert_eq!(measure(ack, "all", "p90_minutes"), Some(825.0));

    let deadlines = t("deadline_compliance");
    let kept = |kind: &str| {
        ["due", "in_time", "late", "missed", "escalated"].map(|k| count(deadlines, kind, k))
    };
    assert_eq!(kept("emergency_action"), [1, 1, 0, 0, 0]);
    assert_eq!(
        measure(deadlines, "emergency_action", "in_time_percent"),
        Some(100.0)
    );
    assert_eq!(kept("plan"), [1, 0, 0, 1, 1]);
    assert_eq!(kept("approval"), [0, 0, 0, 0, 0]);
    assert_eq!(measure(deadlines, "approval", "in_time_percent"), None);
    assert_eq!(kept("review"), [0, 0, 0, 0, 0]);
    assert_eq!(kept("referral_ack"), [10, 5, 1, 4, 1]);

    // Open at the month's end (1/12 00:00): R7 (hours old), R1 (exactly 30 days), R2 (30
    // days and a second), R3; R10 (61 days); R8 (153 days). R9 was closed, R4 merged.
    assert_eq!(
        counts(t("open_cases_by_age")),
        pairs(&[("0_7", 1), ("8_30", 3), ("31_90", 1), ("over_90", 1)])
    );
}

#[test]
fn a_commune_sees_its_commune_and_the_nation_everything() {
    let mut f = build();
    let commune = figures_for(&mut f, "worker", &november()).unwrap();
    assert_eq!(commune.area.code, Some(THUAN_AN));
    let summary = commune.table("summary").unwrap();
    // R1, R4 and R7 happened in Thuận An; R5 has no commune.
    assert_eq!(summary.count("contacts", "count"), Some(3));
    assert_eq!(summary.count("children_abused", "count"), Some(2));
    assert_eq!(summary.count("referrals", "count"), Some(7));
    assert_eq!(
        counts(commune.table("children_by_commune").unwrap()),
        vec![(THUAN_AN.to_string(), 2)]
    );
    assert_eq!(
        counts(commune.table("open_cases_by_age").unwrap()),
        pairs(&[("0_7", 1), ("8_30", 2), ("31_90", 1), ("over_90", 1)])
    );
    // The chair of the same commune reads the same.
    let chair = figures_for(&mut f, "chair", &november()).unwrap();
    assert_eq!(chair.table("summary"), commune.table("summary"));

    let nation = figures_for(&mut f, "op111", &november()).unwrap();
    assert_eq!(nation.area.level, "nation");
    let summary = nation.table("summary").unwrap();
    assert_eq!(summary.count("contacts", "count"), Some(6));
    assert_eq!(summary.count("children_abused", "count"), Some(5));

    // An administrator reads no figures.
    assert!(matches!(
        figures_for(&mut f, "admin", &november()),
        Err(ReportsError::NoFigures)
    ));
}

#[test]
fn periods_end_at_vietnam_midnight() {
    let mut f = build();
    let days = |from: &str, to: &str| PeriodQuery {
        from: Some(from.into()),
        to: Some(to.into()),
        ..PeriodQuery::default()
    };
    let contacts = |f: &mut Fixture, q: PeriodQuery| {
        figures_for(f, "sup", &q)
            .unwrap()
            .table("summary")
            .unwrap()
            .count("contacts", "count")
    };
    // 31 October holds R2 (23:59:59) only; 1 November starts with R1 at 00:00.
    assert_eq!(contacts(&mut f, days("2026-10-31", "2026-10-31")), Some(1));
    assert_eq!(contacts(&mut f, days("2026-11-01", "2026-11-01")), Some(1));
    // 30 November holds R7 (23:59); 1 December starts with R11 at 00:00.
    assert_eq!(contacts(&mut f, days("2026-11-30", "2026-11-30")), Some(1));
    assert_eq!(contacts(&mut f, days("2026-12-01", "2026-12-01")), Some(1));
    // The year holds everything of Huế's: R1–R5, R7–R11.
    let year = PeriodQuery {
        preset: Some("year".into()),
        on: Some("2026-06-01".into()),
        ..PeriodQuery::default()
    };
    assert_eq!(contacts(&mut f, year.clone()), Some(10));
    let by_month = figures_for(&mut f, "sup", &year).unwrap();
    let by_month = by_month.table("contacts_by_month").unwrap();
    assert_eq!(by_month.rows.len(), 12);
    assert_eq!(
        counts(by_month),
        pairs(&[
            ("2026-07", 1),
            ("2026-09", 1),
            ("2026-10", 2),
            ("2026-11", 5),
            ("2026-12", 1)
        ])
    );
    // Bad periods are refused by field.
    match figures_for(&mut f, "sup", &days("2026-11-30", "2026-11-01")) {
        Err(ReportsError::Invalid(errors)) => assert_eq!(errors[0].field, "to"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn exports_suppress_small_counts_and_are_audited() {
    let mut f = build();
    let caller = f.scene.caller("sup");
    let csv = export_figures(
        &mut f.scene.conn,
        &caller,
        &november(),
        ExportFormat::Csv,
        &settings(),
        counting_clock(),
    )
    .unwrap();
    assert_eq!(csv.file_name, "so-lieu_46_2026-11-01_2026-11-30.csv");
    assert!(
        csv.bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel"
    );
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    // 4 children, 2 girls: "< 5" in the file; 5 contacts and 10 referrals shown.
    assert!(
        text.contains("children_abused,Trẻ em bị xâm hại (chỉ tiêu 0101),< 5"),
        "{text}"
    );
    assert!(text.contains("female,Nữ,< 5"));
    assert!(text.contains("contacts,\"Tổng số cuộc gọi, tin báo tiếp nhận\",5"));
    assert!(text.contains("referrals,Lượt chuyển tuyến,10"));
    assert!(text.contains("Thành phố Huế"));
    // No count between 1 and 4 is printed anywhere as a count.
    for line in text.lines() {
        let last = line.rsplit(',').next().unwrap_or("");
        assert!(
            !matches!(last, "1" | "2" | "3" | "4"),
            "a small count in: {line}"
        );
    }

    let xlsx = export_figures(
        &mut f.scene.conn,
        &caller,
        &november(),
        ExportFormat::Xlsx,
        &settings(),
        counting_clock(),
    )
    .unwrap();
    let path = f.scene.db.dir.path().join("figures.xlsx");
    std::fs::write(&path, &xlsx.bytes).unwrap();
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let figures = figures_for(&mut f, "sup", &november()).unwrap();
    let mut expected = vec!["Thông tin".to_owned()];
    expected.extend(numbered(&figures).iter().map(|(n, t)| sheet_name(n, t)));
    assert_eq!(book.sheet_names(), expected);
    assert_eq!(expected[1], "1.1 Số liệu chính");
    let summary = book.worksheet_range("1.1 Số liệu chính").unwrap();
    // Title, a blank row, the headers, then the rows in order.
    assert_eq!(
        summary.get_value((2, 1)),
        Some(&Data::String("Nội dung".into()))
    );
    assert_eq!(
        summary.get_value((3, 0)),
        Some(&Data::String("contacts".into()))
    );
    assert_eq!(summary.get_value((3, 2)), Some(&Data::Float(5.0)));
    assert_eq!(summary.get_value((6, 2)), Some(&Data::String("< 5".into())));
    assert_eq!(summary.get_value((9, 2)), Some(&Data::Float(10.0)));
    let info = book.worksheet_range("Thông tin").unwrap();
    assert_eq!(
        info.get_value((1, 1)),
        Some(&Data::String("Thành phố Huế".into()))
    );

    let actions: Vec<String> = {
        use schema::audit_entries::dsl as a;
        a::audit_entries
            .select(a::action)
            .filter(a::action.like("figures.%"))
            .order(a::seq)
            .load(&mut f.scene.conn)
            .unwrap()
    };
    assert_eq!(
        actions,
        vec!["figures.export", "figures.export", "figures.read"]
    );
}

/// The id of the case received at `received` (Vietnam time).
fn case_at(f: &mut Fixture, received: &str) -> String {
    use schema::cases::dsl as c;
    c::cases
        .filter(c::received_at.eq(at(received).naive_utc()))
        .select(c::id)
        .first(&mut f.scene.conn)
        .unwrap()
}

#[test]
fn daily_counts_follow_every_change_and_equal_a_recount() {
    let mut f = build();
    let readers = ["sup", "worker", "op111"];
    let before: Vec<Figures> = readers
        .iter()
        .map(|u| figures_for(&mut f, u, &november()).unwrap())
        .collect();
    let r1 = case_at(&mut f, "2026-11-01T00:00:00+07:00");
    let r3 = case_at(&mut f, "2026-11-10T09:00:00+07:00");
    let r7 = case_at(&mut f, "2026-11-30T23:59:00+07:00");
    let r10 = case_at(&mut f, "2026-10-01T08:00:00+07:00");
    let r6 = case_at(&mut f, "2026-11-05T10:00:00+07:00");
    let conn = &mut f.scene.conn;
    {
        // Changes as any writer makes them, straight in the tables: the triggers, not the
        // operations, are under test.
        use schema::{
            case_children as ch, case_deadlines as d, case_perpetrators as p, case_services as s,
            case_sexual_subtypes as st, cases as c, reports as r,
        };
        // R3 merged into R1: its children, referrals and deadlines stop counting.
        diesel::update(c::table.find(&r3))
            .set((c::status.eq("duplicate"), c::duplicate_of.eq(Some(&r1))))
            .execute(conn)
            .unwrap();
        // R10 (October) closed in November: no longer open at the month's end.
        let closed = at("2026-11-15T10:00:00+07:00").naive_utc();
        diesel::update(c::table.find(&r10))
            .set((c::status.eq("closed"), c::closed_at.eq(Some(closed))))
            .execute(conn)
            .unwrap();
        // R1's medical service moved from 1 December into November.
        diesel::update(s::table.filter(s::service.eq("medical")))
            .set(s::provided_on.eq(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()))
            .execute(conn)
            .unwrap();
        // E's sex learnt; one of R7's sub-types withdrawn; R1's perpetrator's age corrected.
        diesel::update(ch::table.filter(ch::case_id.eq(&r7)))
            .set(ch::sex.eq(Some("female")))
            .execute(conn)
            .unwrap();
        diesel::delete(
            st::table
                .filter(st::case_id.eq(&r7))
                .filter(st::subtype.eq("abuse_images")),
        )
        .execute(conn)
        .unwrap();
        diesel::update(p::table.filter(p::case_id.eq(&r1)))
            .set(p::age_band.eq(Some("18_29")))
            .execute(conn)
            .unwrap();
        // R6's legal outcome (Hà Nội: no other change marks its day).
        diesel::update(c::table.find(&r6))
            .set(c::legal_outcome.eq(Some("administrative_penalty")))
            .execute(conn)
            .unwrap();
        // R1's missed plan met after all, late.
        diesel::update(
            d::table
                .filter(d::case_id.eq(&r1))
                .filter(d::kind.eq("plan")),
        )
        .set(d::met_at.eq(Some(at("2026-11-09T10:00:00+07:00").naive_utc())))
        .execute(conn)
        .unwrap();
        // The counselling call of 20/11 re-filed as a local line's.
        diesel::update(r::table.filter(r::contact_type.eq("counselling")))
            .set(r::channel.eq("local_hotline"))
            .execute(conn)
            .unwrap();
    }
    let after: Vec<Figures> = readers
        .iter()
        .map(|u| figures_for(&mut f, u, &november()).unwrap())
        .collect();

    // What changed, read incrementally.
    let summary = |f: &Figures, row: &str| f.table("summary").unwrap().count(row, "count");
    let n = |o: Option<i64>| o.unwrap();
    assert_eq!(
        n(summary(&after[0], "children_abused")),
        n(summary(&before[0], "children_abused")) - 2,
        "C and D went with R3"
    );
    assert_eq!(
        n(summary(&after[0], "services")),
        n(summary(&before[0], "services")) + 1
    );
    assert_eq!(
        n(summary(&after[0], "referrals")),
        n(summary(&before[0], "referrals")) - 3,
        "R3's three referrals"
    );
    let open = |f: &Figures| counts(f.table("open_cases_by_age").unwrap());
    assert_eq!(
        open(&after[1]),
        pairs(&[("0_7", 1), ("8_30", 2), ("over_90", 1)]),
        "R10 closed"
    );
    let plan = |f: &Figures| {
        let t = f.table("deadline_compliance").unwrap();
        ["in_time", "late", "missed"].map(|k| count(t, "plan", k))
    };
    assert_eq!(plan(&after[0]), [0, 1, 0]);
    assert_eq!(
        counts(after[0].table("children_by_sexual_subtype").unwrap()),
        pairs(&[("molestation", 1), ("sextortion", 1)])
    );
    let outcomes = |f: &Figures| counts(f.table("legal_outcomes").unwrap());
    assert!(!outcomes(&before[2]).contains(&("administrative_penalty".to_owned(), 1)));
    assert!(
        outcomes(&after[2]).contains(&("administrative_penalty".to_owned(), 1)),
        "{:?}",
        outcomes(&after[2])
    );
    assert_ne!(
        before[2].table("contacts_by_channel"),
        after[2].table("contacts_by_channel")
    );

    // The same as counting everything again from the cases.
    hotline_reports::daily::rebuild(&mut f.scene.conn).unwrap();
    for (reader, incremental) in readers.iter().zip(&after) {
        let recounted = figures_for(&mut f, reader, &november()).unwrap();
        assert_eq!(recounted.tables, incremental.tables, "{reader}");
    }
}

#[test]
fn folds_beside_a_writer_lose_no_change() {
    let mut f = build();
    let r1 = case_at(&mut f, "2026-11-01T00:00:00+07:00");
    let services_of = |f: &mut Fixture| {
        figures_for(f, "sup", &november())
            .unwrap()
            .table("summary")
            .unwrap()
            .count("services", "count")
            .unwrap()
    };
    let before = services_of(&mut f);
    // A writer gives 60 services on November's days, one transaction each, while this
    // thread folds as fast as it can: every mark made while a fold works must survive it.
    let mut writer = DbConnection::open(&f.scene.db.database_url()).unwrap();
    let case = r1.clone();
    let written = std::thread::spawn(move || {
        for i in 0..60u32 {
            let row = ServiceRow {
                id: uuid_like(1000 + i as i32),
                case_id: case.clone(),
                position: 10 + i as i32,
                child_id: None,
                service: "legal_aid".into(),
                provided_on: NaiveDate::from_ymd_opt(2026, 11, 1 + i % 30).unwrap(),
                provider: None,
                recorded_by: None,
                recorded_at: at("2026-11-30T10:00:00+07:00").naive_utc(),
            };
            diesel::insert_into(schema::case_services::table)
                .values(&row)
                .execute(&mut writer)
                .unwrap();
        }
    });
    let mut folds = 0;
    while !written.is_finished() {
        folds += hotline_reports::daily::fold(&mut f.scene.conn).unwrap();
    }
    written.join().unwrap();
    assert!(folds > 0, "the folds ran beside the writer");
    assert_eq!(services_of(&mut f), before + 60);
    hotline_reports::daily::rebuild(&mut f.scene.conn).unwrap();
    assert_eq!(services_of(&mut f), before + 60);
}
