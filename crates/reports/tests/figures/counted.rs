//! The fixture's month counted by hand, seen from each place, and where periods end.

use super::*;

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
