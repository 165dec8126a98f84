//! The generated province: its places and agencies, and years of cases in the shape of the
//! 111 line's (types, ages, referrals, contacts), written in batches.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use hotline_bench::{insert_all, pick, random_id};
use hotline_domain::{CaseStatus, ReferralStatus};
use hotline_store::models::{
    CaseCategoryRow, CaseRow, ChildRow, DeadlineRow, PerpetratorRow, ReferralRow, ReportRow,
};
use hotline_store::queries::{agencies, places};
use hotline_store::schema::{
    case_categories, case_children, case_deadlines, case_perpetrators, cases, referrals, reports,
};
use hotline_store::{write_transaction, DbConnection, StoreError};
use rand::rngs::StdRng;
use rand::Rng;

/// The abuse types, as the 111 line's intervention cases split (violence 44 %, sexual abuse
/// 26 %, exploitation 8 % ...).
const TYPES: &[(&[&str], u32)] = &[
    (&["physical_violence"], 30),
    (&["emotional_violence"], 9),
    (&["physical_violence", "emotional_violence"], 5),
    (&["sexual_abuse"], 16),
    (&["online_sexual_exploitation"], 10),
    (&["labour_exploitation"], 8),
    (&["neglect"], 8),
    (&["abandonment"], 3),
    (&["trafficking"], 2),
    (&["cyberbullying"], 4),
    (&["other"], 5),
];

struct Place {
    commune: i32,
    group: String,
}

pub(super) struct World {
    places: Vec<Place>,
    department: String,
    police: String,
    info: String,
    user: String,
}

pub(super) fn world(conn: &mut DbConnection, province: i32) -> Result<World, String> {
    let err = |e: StoreError| e.to_string();
    let communes = places::communes_in(conn, province).map_err(err)?;
    let all = agencies::all(conn).map_err(err)?;
    let find = |kind: &str, commune: Option<i32>| {
        all.iter()
            .find(|a| {
                a.kind == kind && a.province_code == Some(province) && a.commune_code == commune
            })
            .map(|a| a.id.clone())
    };
    let places: Vec<Place> = communes
        .iter()
        .filter_map(|c| {
            find("commune_cp_group", Some(c.code)).map(|group| Place {
                commune: c.code,
                group,
            })
        })
        .collect();
    if places.is_empty() {
        return Err(format!(
            "no commune groups in province {province}: run `hotline migrate`"
        ));
    }
    let user: String = hotline_store::schema::users::table
        .select(hotline_store::schema::users::id)
        .first(conn)
        .map_err(|e| format!("no user yet (start the server once): {e}"))?;
    Ok(World {
        places,
        department: find("child_protection_dept", None).ok_or("no department")?,
        police: find("police", None).ok_or("no police")?,
        info: find("info_dept", None).ok_or("no information department")?,
        user,
    })
}

/// The rows of one batch.
#[derive(Default)]
pub(super) struct Batch {
    cases: Vec<CaseRow>,
    categories: Vec<CaseCategoryRow>,
    children: Vec<ChildRow>,
    perpetrators: Vec<PerpetratorRow>,
    reports: Vec<ReportRow>,
    referrals: Vec<ReferralRow>,
    deadlines: Vec<DeadlineRow>,
}

fn contact(
    rng: &mut StdRng,
    w: &World,
    received: NaiveDateTime,
    case: Option<(&str, i32, i32)>,
) -> ReportRow {
    let contact_type = match case {
        Some(_) => "abuse_report",
        None => *pick(
            rng,
            &[
                ("counselling", 60),
                ("information", 25),
                ("silent", 10),
                ("prank", 5),
            ],
        ),
    };
    let caller_type = *pick(
        rng,
        &[
            (Some("child_self"), 48),
            (Some("parent_carer"), 17),
            (Some("relative"), 8),
            (Some("school"), 5),
            (Some("community"), 10),
            (Some("professional"), 4),
            (None, 8),
        ],
    );
    ReportRow {
        id: random_id(rng),
        case_id: case.map(|c| c.0.to_owned()),
        channel: (*pick(
            rng,
            &[
                ("hotline_111", 70),
                ("local_hotline", 15),
                ("online_form", 5),
                ("social_media", 10),
            ],
        ))
        .into(),
        contact_type: contact_type.into(),
        received_at: received,
        recorded_at: received,
        recorded_by: Some(w.user.clone()),
        agency_id: None,
        province_code: case.map(|c| c.1).or(Some(46)),
        commune_code: case.map(|c| c.2),
        place_detail: None,
        categories: "[]".into(),
        emergency: false,
        risk_level: None,
        informant_consent: false,
        informant_name: None,
        informant_phone: None,
        informant_relation: None,
        narrative: None,
        online: None,
        online_sealed: None,
        informant_handle: None,
        caller_type: caller_type.map(str::to_owned),
        caller_sex: (*pick(rng, &[(Some("female"), 55), (Some("male"), 40), (None, 5)]))
            .map(str::to_owned),
        caller_age_band: (*pick(
            rng,
            &[
                (Some("under_11"), 10),
                (Some("11_15"), 30),
                (Some("16_17"), 15),
                (Some("adult"), 40),
                (None, 5),
            ],
        ))
        .map(str::to_owned),
    }
}

fn referral(
    rng: &mut StdRng,
    case: &CaseRow,
    agency: &str,
    reported: NaiveDateTime,
) -> ReferralRow {
    let allowed = if case.emergency { 2 } else { 24 };
    let due = reported + Duration::hours(allowed);
    // Most agencies answer within the hour; some late; some never.
    let answer = *pick(
        rng,
        &[
            (Some(20), 40),
            (Some(90), 30),
            (Some(600), 15),
            (Some(60 * 40), 10),
            (None, 5),
        ],
    );
    let acknowledged = answer.map(|m: i64| reported + Duration::minutes(rng.random_range(1..=m)));
    let escalated = (acknowledged.is_none_or(|a| a > due)).then_some(due + Duration::minutes(1));
    let status = match acknowledged {
        Some(_) if case.status == CaseStatus::Closed => ReferralStatus::ClosedWithCase,
        Some(_) => ReferralStatus::Accepted,
        None => ReferralStatus::Overdue,
    };
    ReferralRow {
        id: random_id(rng),
        case_id: case.id.clone(),
        case_province_code: case.province_code,
        case_commune_code: case.commune_code,
        agency_id: agency.to_owned(),
        status,
        reason: "bench".into(),
        rules: "[]".into(),
        emergency: case.emergency,
        created_at: reported,
        created_by: None,
        due_at: due,
        acknowledged_at: acknowledged,
        accepted_at: acknowledged,
        declined_at: None,
        decline_reason: None,
        completed_at: None,
        outcome: None,
        replaced_by: None,
        escalated_at: escalated,
        updated_at: reported,
        consent: None,
    }
}

pub(super) fn case_rows(
    rng: &mut StdRng,
    w: &World,
    n: i64,
    year: i32,
    province: i32,
    b: &mut Batch,
) {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let day = start + Duration::days(rng.random_range(0..330));
    let received = day.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(7)
        + Duration::seconds(rng.random_range(0..86_400));
    let place = &w.places[rng.random_range(0..w.places.len())];
    let types = *pick(rng, TYPES);
    let emergency = rng.random_bool(0.1);
    let status = *pick(rng, hotline_bench::STATUS_SPREAD);
    let case_id = random_id(rng);
    let ended = matches!(
        status,
        CaseStatus::Closed | CaseStatus::NoAction | CaseStatus::Duplicate
    );
    let closed_at = ended.then(|| received + Duration::days(rng.random_range(1..120)));
    let online = types.contains(&"online_sexual_exploitation") || types.contains(&"cyberbullying");
    let case = CaseRow {
        id: case_id.clone(),
        case_number: format!("{province:02}-{year}-B{n:07}"),
        province_code: province,
        commune_code: place.commune,
        place_detail: None,
        status,
        risk_level: Some((*pick(rng, &[("high", 30), ("medium", 50), ("low", 20)])).into()),
        emergency,
        received_at: received,
        opened_by: w.user.clone(),
        opened_by_agency: w.department.clone(),
        search_text: String::new(),
        created_at: received,
        updated_at: received,
        closed_at,
        routing: None,
        action_due_at: emergency.then(|| received + Duration::hours(12)),
        plan_due_at: None,
        approval_due_at: None,
        duplicate_of: None,
        plan_cycle: 1,
        abuse_setting: (*pick(
            rng,
            &[
                (Some("family"), 45),
                (Some("school"), 15),
                (Some("community"), 15),
                (Some("online"), 15),
                (None, 10),
            ],
        ))
        .map(str::to_owned),
        legal_outcome: (*pick(
            rng,
            &[
                (Some("criminal_case"), 10),
                (Some("administrative_penalty"), 10),
                (Some("pending"), 10),
                (None, 70),
            ],
        ))
        .map(str::to_owned),
        erased_at: None,
        manager_id: None,
        received_province_code: province,
        received_commune_code: place.commune,
    };
    for category in types {
        b.categories.push(CaseCategoryRow {
            case_id: case_id.clone(),
            category: (*category).into(),
        });
    }
    let children = *pick(rng, &[(1, 85), (2, 12), (3, 3)]);
    for position in 0..children {
        let age = rng.random_range(0..18);
        b.children.push(ChildRow {
            id: random_id(rng),
            case_id: case_id.clone(),
            position,
            name: None,
            birth_year: rng.random_bool(0.8).then_some(year - age),
            age_estimate: Some(age),
            sex: (*pick(rng, &[(Some("female"), 55), (Some("male"), 42), (None, 3)]))
                .map(str::to_owned),
            current_location: None,
            name_folded: None,
            ethnicity: (*pick(
                rng,
                &[
                    (Some("kinh"), 85),
                    (Some("ta_oi"), 4),
                    (Some("co_tu"), 4),
                    (Some("bru_van_kieu"), 2),
                    (None, 5),
                ],
            ))
            .map(str::to_owned),
            disability: *pick(rng, &[(Some(false), 80), (Some(true), 3), (None, 17)]),
            birth_date: None,
            birth_date_sealed: None,
            age_on_receipt: None,
            name_key: None,
        });
    }
    if rng.random_bool(0.6) {
        b.perpetrators.push(PerpetratorRow {
            id: random_id(rng),
            case_id: case_id.clone(),
            position: 0,
            relation: (*pick(
                rng,
                &[
                    ("parent", 30),
                    ("step_parent", 8),
                    ("relative", 12),
                    ("acquaintance", 20),
                    ("online_contact", 8),
                    ("peer", 8),
                    ("stranger", 8),
                    ("school_staff", 6),
                ],
            ))
            .into(),
            sex: Some("male".into()),
            age_band: (*pick(
                rng,
                &[
                    (Some("18_29"), 25),
                    (Some("30_44"), 35),
                    (Some("45_59"), 20),
                    (Some("under_16"), 5),
                    (None, 15),
                ],
            ))
            .map(str::to_owned),
            adult: None,
            known_to_police: None,
            description: None,
            recorded_by: None,
            recorded_at: received,
        });
    }
    let mut report = contact(rng, w, received, Some((&case_id, province, place.commune)));
    if online {
        report.online = Some(format!(
            "{{\"platform\":\"{}\",\"still_online\":{}}}",
            pick(
                rng,
                &[
                    ("facebook", 50),
                    ("tiktok", 25),
                    ("zalo", 15),
                    ("youtube", 10)
                ]
            ),
            rng.random_bool(0.6)
        ));
    }
    b.reports.push(report);
    // One contact in two that opens no case.
    if rng.random_bool(0.5) {
        let other = received + Duration::minutes(rng.random_range(1..600));
        b.reports.push(contact(rng, w, other, None));
    }
    let reported = received + Duration::minutes(rng.random_range(1..30));
    b.referrals
        .push(referral(rng, &case, &place.group, reported));
    b.referrals
        .push(referral(rng, &case, &w.department, reported));
    let crime = types.iter().any(|t| {
        matches!(
            *t,
            "sexual_abuse" | "online_sexual_exploitation" | "trafficking"
        )
    });
    if crime || emergency {
        b.referrals.push(referral(rng, &case, &w.police, reported));
    }
    if online && rng.random_bool(0.5) {
        let mut takedown = referral(rng, &case, &w.info, reported);
        takedown.completed_at = takedown
            .acknowledged_at
            .map(|a| a + Duration::hours(rng.random_range(1..72)));
        b.referrals.push(takedown);
    }
    let deadline = |kind, due: NaiveDateTime, met: Option<NaiveDateTime>, rng: &mut StdRng| {
        let mut d = DeadlineRow::pending(&case_id, kind, (1, 1), due, received);
        d.id = random_id(rng);
        d.met_at = met;
        d.state = match met {
            Some(m) if m <= due => hotline_domain::DeadlineState::Met,
            _ => hotline_domain::DeadlineState::Breached,
        };
        d.breached_at = met.is_none_or(|m| m > due).then_some(due);
        d
    };
    if emergency {
        let met = (*pick(rng, &[(Some(6), 80), (Some(20), 12), (None, 8)]))
            .map(|h: i64| received + Duration::hours(h));
        b.deadlines.push(deadline(
            hotline_domain::DeadlineKind::EmergencyAction,
            received + Duration::hours(12),
            met,
            rng,
        ));
    }
    if !matches!(
        status,
        CaseStatus::New | CaseStatus::Verifying | CaseStatus::NoAction | CaseStatus::Duplicate
    ) {
        let due = received + Duration::days(7);
        let met = (*pick(rng, &[(Some(5), 70), (Some(10), 20), (None, 10)]))
            .map(|d: i64| received + Duration::days(d));
        b.deadlines
            .push(deadline(hotline_domain::DeadlineKind::Plan, due, met, rng));
        let met = met.map(|m| m + Duration::days(*pick(rng, &[(1, 80), (4, 20)])));
        b.deadlines.push(deadline(
            hotline_domain::DeadlineKind::Approval,
            due + Duration::days(2),
            met,
            rng,
        ));
    }
    b.cases.push(case);
}

pub(super) fn write(conn: &mut DbConnection, b: &Batch) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        insert_all!(conn, cases::table, &b.cases);
        insert_all!(conn, case_categories::table, &b.categories);
        insert_all!(conn, case_children::table, &b.children);
        insert_all!(conn, case_perpetrators::table, &b.perpetrators);
        insert_all!(conn, reports::table, &b.reports);
        insert_all!(conn, referrals::table, &b.referrals);
        insert_all!(conn, case_deadlines::table, &b.deadlines);
        Ok::<_, StoreError>(())
    })
}
