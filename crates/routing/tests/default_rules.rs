//! The shipped rules (config/routing.toml) and holidays (config/holidays.toml), table-driven.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use hotline_domain::{AgencyKind, Category, ContactType, RiskLevel};
use hotline_routing::rules::{Level, RiskSource};
use hotline_routing::{CaseFacts, Router};

const ROUTING: &str = include_str!("../../../config/routing.toml");
const HOLIDAYS: &str = include_str!("../../../config/holidays.toml");

fn router() -> Router {
    Router::parse(ROUTING, HOLIDAYS).expect("the shipped configuration is valid")
}

fn facts(categories: &[Category], emergency: bool, still_online: bool) -> CaseFacts {
    CaseFacts {
        contact_type: ContactType::AbuseReport,
        categories: categories.to_vec(),
        risk: None,
        emergency,
        online_evidence: still_online,
        content_still_online: still_online,
        province: 46,
        commune: 19900,
    }
}

use AgencyKind::{ChildProtectionDept as Cpd, CommuneCpGroup as Commune, InfoDept as Info, Police};
use Category::*;

/// Categories, emergency, still online -> agencies, triaged risk.
type Row = (
    &'static [Category],
    bool,
    bool,
    &'static [AgencyKind],
    RiskLevel,
);

#[test]
fn every_category_goes_where_the_plan_says() {
    // (categories, emergency, still online) -> agencies, triaged risk
    #[rustfmt::skip]
    let table: &[Row] = &[
        (&[SexualAbuse], false, false, &[Commune, Cpd, Police], RiskLevel::High),
        (&[OnlineSexualExploitation], false, true, &[Commune, Cpd, Police, Info], RiskLevel::High),
        (&[OnlineSexualExploitation], false, false, &[Commune, Cpd, Police], RiskLevel::High),
        (&[Trafficking], false, false, &[Commune, Cpd, Police], RiskLevel::High),
        (&[PhysicalViolence], false, false, &[Commune, Cpd], RiskLevel::Medium),
        (&[PhysicalViolence], true, false, &[Commune, Cpd, Police], RiskLevel::High),
        (&[EmotionalViolence], true, false, &[Commune, Cpd, Police], RiskLevel::High),
        (&[EmotionalViolence], false, false, &[Commune, Cpd], RiskLevel::Medium),
        (&[Neglect], false, false, &[Commune, Cpd], RiskLevel::Medium),
        (&[Neglect], true, false, &[Commune, Cpd], RiskLevel::High),
        (&[Abandonment], true, false, &[Commune, Cpd], RiskLevel::High),
        (&[LabourExploitation], false, false, &[Commune, Cpd], RiskLevel::Medium),
        (&[Cyberbullying], false, false, &[Commune, Cpd], RiskLevel::Low),
        (&[Cyberbullying], false, true, &[Commune, Cpd, Info], RiskLevel::Low),
        (&[HarmfulContent], false, false, &[Commune, Cpd, Info], RiskLevel::Low),
        (&[HarmfulContent, SexualAbuse], false, true, &[Commune, Cpd, Police, Info], RiskLevel::High),
        (&[Other], false, false, &[Commune, Cpd], RiskLevel::Medium),
    ];
    let router = router();
    for (categories, emergency, online, agencies, risk) in table {
        let d = router.decide(&facts(categories, *emergency, *online));
        let kinds: Vec<AgencyKind> = d.referrals.iter().map(|r| r.kind).collect();
        assert_eq!(
            &kinds, agencies,
            "{categories:?} emergency={emergency} online={online}"
        );
        assert_eq!(d.risk, *risk, "{categories:?} emergency={emergency}");
        for r in &d.referrals {
            let level = if r.kind == Commune {
                Level::Commune
            } else {
                Level::Province
            };
            assert_eq!(r.level, level);
            assert!(!r.reason.is_empty() && !r.rules.is_empty());
        }
    }
}

#[test]
fn triage_explains_itself_and_never_overrides_the_operator() {
    let router = router();
    let mut f = facts(&[PhysicalViolence], true, false);
    let d = router.decide(&f);
    assert_eq!(d.risk, RiskLevel::High);
    assert!(matches!(&d.risk_source, RiskSource::Rule { rule, .. } if rule == "risk-emergency"));
    assert!(d
        .matched
        .iter()
        .any(|m| m.rule == "police-emergency-violence"));

    f.risk = Some(RiskLevel::Low);
    let d = router.decide(&f);
    assert_eq!(
        (d.risk, d.risk_source),
        (RiskLevel::Low, RiskSource::Operator)
    );

    let d = router.decide(&facts(&[Neglect], false, false));
    assert_eq!(d.risk_source, RiskSource::Default);
}

#[test]
fn contacts_that_are_not_abuse_reports_go_nowhere() {
    let router = router();
    for contact in [
        ContactType::Counselling,
        ContactType::Information,
        ContactType::Silent,
        ContactType::Prank,
    ] {
        let mut f = facts(&[SexualAbuse], true, true);
        f.contact_type = contact;
        assert!(router.decide(&f).referrals.is_empty(), "{contact}");
    }
}

#[test]
fn place_conditions_narrow_a_rule() {
    let routing = ROUTING.replace(
        "id = \"takedown-harmful-content\"",
        "id = \"takedown-harmful-content\"\n# only in Huế\n",
    ) + "\n[[rules]]\nid = \"hue-only\"\nreason = \"Thử\"\nwhen = { provinces = [46], communes = [19909] }\nrefer = [{ kind = \"hotline\", level = \"province\" }]\n";
    let router = Router::parse(&routing, HOLIDAYS).unwrap();
    let mut f = facts(&[Neglect], false, false);
    assert!(!router
        .decide(&f)
        .matched
        .iter()
        .any(|m| m.rule == "hue-only"));
    f.commune = 19909;
    assert!(router
        .decide(&f)
        .matched
        .iter()
        .any(|m| m.rule == "hue-only"));
    f.province = 1;
    assert!(!router
        .decide(&f)
        .matched
        .iter()
        .any(|m| m.rule == "hue-only"));
}

#[test]
fn a_bad_rules_file_is_refused_with_its_problems() {
    let unknown_kind = ROUTING.replace("kind = \"police\"", "kind = \"polic\"");
    let (file, problems) = Router::parse(&unknown_kind, HOLIDAYS).unwrap_err();
    assert_eq!(file, "routing_file");
    assert!(problems[0].contains("polic"), "{problems:?}");
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].contains('\n'));

    let duplicate = ROUTING.replace(
        "id = \"police-sexual-crime\"",
        "id = \"commune-and-province\"",
    );
    let (_, problems) = Router::parse(&duplicate, HOLIDAYS).unwrap_err();
    assert!(
        problems.iter().any(|p| p.contains("used twice")),
        "{problems:?}"
    );

    let zero = ROUTING.replace("acknowledge_hours = 24", "acknowledge_hours = 0");
    let (_, problems) = Router::parse(&zero, HOLIDAYS).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("deadlines.acknowledge_hours")),
        "{problems:?}"
    );

    let wrong_level = ROUTING.replace(
        "{ kind = \"commune_cp_group\", level = \"commune\" }",
        "{ kind = \"commune_cp_group\", level = \"province\" }",
    );
    assert!(Router::parse(&wrong_level, HOLIDAYS).is_err());

    let bad_date = HOLIDAYS.replace("2026-02-17", "2026-02-31");
    let (file, problems) = Router::parse(ROUTING, &bad_date).unwrap_err();
    assert_eq!(file, "holidays_file");
    assert!(problems[0].contains("2026-02-31"), "{problems:?}");
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_shipped_calendar_covers_2025_to_2027_with_tet() {
    let cal = router().calendar;
    for year in 2025..=2027 {
        assert!(cal.covers_year(year), "{year}");
    }
    // Tết Bính Ngọ: Monday 16 to Friday 20 February 2026 are off.
    for d in 16..=20 {
        assert!(!cal.is_working_day(day(2026, 2, d)), "2026-02-{d}");
    }
    assert!(cal.is_working_day(day(2026, 2, 23)));
    // The Saturday worked for 2 May 2025.
    assert!(cal.is_working_day(day(2025, 4, 26)));
    assert!(!cal.is_working_day(day(2025, 5, 2)));
}

#[test]
fn plan_deadlines_skip_tet_weekends_and_the_year_end() {
    let router = router();
    let vn =
        |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - chrono::Duration::hours(7);
    let end_of = |y, m, d| vn(y, m, d, 23) + chrono::Duration::seconds(59 * 60 + 59);
    // (verification starts, Vietnam time) -> plan due, approval due (ends of days)
    #[rustfmt::skip]
    let table = [
        // Wednesday 11 Feb 2026: Thu 12, Fri 13, [Tết 14-22], Mon 23, Tue 24, Wed 25; +2: Fri 27.
        (vn(2026, 2, 11, 9), end_of(2026, 2, 25), end_of(2026, 2, 27)),
        // Friday 6 March 2026, ordinary weeks: Mon 9..Fri 13; +2: Tue 17.
        (vn(2026, 3, 6, 16), end_of(2026, 3, 13), end_of(2026, 3, 17)),
        // Saturday 7 March 2026: the Monday is the first day counted.
        (vn(2026, 3, 7, 10), end_of(2026, 3, 13), end_of(2026, 3, 17)),
        // Tuesday 29 Dec 2026: Wed 30, Thu 31, (1 Jan off), Mon 4, Tue 5, Wed 6; +2: Fri 8.
        (vn(2026, 12, 29, 8), end_of(2027, 1, 6), end_of(2027, 1, 8)),
        // Thursday 23 April 2026: Fri 24, (Mon 27 for Giỗ Tổ), Tue 28, Wed 29, (30/4, 1/5),
        // Mon 4, Tue 5 May; +2: Thu 7.
        (vn(2026, 4, 23, 9), end_of(2026, 5, 5), end_of(2026, 5, 7)),
        // 23:30 on Monday 2 Feb 2026 in Vietnam is still Monday there.
        (vn(2026, 2, 2, 23) + chrono::Duration::minutes(30), end_of(2026, 2, 9), end_of(2026, 2, 11)),
    ];
    for (start, plan, approval) in table {
        let due = router.deadlines.plan_deadlines(&router.calendar, start);
        assert_eq!(
            (due.plan_due_at, due.approval_due_at),
            (plan, approval),
            "from {start}"
        );
    }
}

#[test]
fn hour_deadlines_run_around_the_clock() {
    let router = router();
    let received = Utc.with_ymd_and_hms(2026, 2, 16, 20, 0, 0).unwrap(); // Tết, at night
    assert_eq!(
        router.deadlines.emergency_action_due(received),
        received + chrono::Duration::hours(12)
    );
    assert_eq!(
        router.deadlines.acknowledge_due(received, true),
        received + chrono::Duration::hours(2)
    );
    assert_eq!(
        router.deadlines.acknowledge_due(received, false),
        received + chrono::Duration::hours(24)
    );
}
