//! The daily counts kept current by every change, and folds beside writers.

use super::*;

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
