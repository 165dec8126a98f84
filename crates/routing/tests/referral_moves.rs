//! Who may move a referral, and what the lifecycle refuses: the referral operations on the
//! backend under test (SQLite, or PostgreSQL with HOTLINE_TEST_POSTGRES_URL), without HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use hotline_audit::query::{self, AuditFilter, AuditScope};
use hotline_domain::referral::ReferralAction::{self, *};
use hotline_domain::ReferralStatus;
use hotline_http::Caller;
use hotline_intake::dto::ReportCreated;
use hotline_routing::consent::Consent;
use hotline_routing::moves::move_referral;
use hotline_routing::refer::{refer_case, NewReferralRequest};
use hotline_routing::{ReferralView, RoutingError};
use hotline_store::queries::{agencies, outbox, referrals};
use hotline_test_db::fixture::{Scene, THUAN_AN};

fn referral_of<'a>(created: &'a ReportCreated, agency: &str) -> &'a str {
    &created
        .referrals
        .iter()
        .find(|r| r.agency_code == agency)
        .unwrap_or_else(|| panic!("no referral to {agency}"))
        .id
}

fn act(
    scene: &mut Scene,
    caller: &Caller,
    id: &str,
    action: ReferralAction,
    text: Option<&str>,
) -> Result<ReferralView, RoutingError> {
    let router = scene.router.clone();
    move_referral(
        &mut scene.conn,
        caller,
        &router,
        id,
        action,
        text,
        Utc::now(),
    )
}

fn as_user(
    scene: &mut Scene,
    username: &str,
    id: &str,
    action: ReferralAction,
    text: Option<&str>,
) -> Result<ReferralView, RoutingError> {
    let caller = scene.caller(username);
    act(scene, &caller, id, action, text)
}

fn audit_entries(scene: &mut Scene) -> i64 {
    query::list(
        &mut scene.conn,
        AuditScope::All,
        &AuditFilter::default(),
        1,
        1,
    )
    .unwrap()
    .1
    .n
}

fn status(scene: &mut Scene, id: &str) -> ReferralStatus {
    referrals::find(&mut scene.conn, id)
        .unwrap()
        .unwrap()
        .status
}

#[test]
fn only_the_referrals_own_agency_moves_it() {
    let mut scene = Scene::new();
    let case = scene.case("op", THUAN_AN, "Lê Thị A");
    let police = referral_of(&case, "hue-police").to_owned();
    let before = audit_entries(&mut scene);

    // The information department sees the case (it was referred there too): 403.
    assert!(matches!(
        as_user(&mut scene, "info", &police, Acknowledge, None),
        Err(RoutingError::OtherAgency)
    ));
    // Another commune's group does not see it at all: not found.
    assert!(matches!(
        as_user(&mut scene, "worker2", &police, Acknowledge, None),
        Err(RoutingError::NotFound)
    ));
    // Operators and administrators work no inbox.
    for username in ["op", "admin"] {
        assert!(matches!(
            as_user(&mut scene, username, &police, Acknowledge, None),
            Err(RoutingError::NoInbox)
        ));
    }
    assert!(matches!(
        as_user(&mut scene, "police", "not-a-uuid", Acknowledge, None),
        Err(RoutingError::NotFound)
    ));
    assert_eq!(audit_entries(&mut scene), before, "refusals write nothing");
    assert_eq!(status(&mut scene, &police), ReferralStatus::Pending);

    let view = as_user(&mut scene, "police", &police, Acknowledge, None).unwrap();
    assert_eq!(view.status, "acknowledged");
    assert_eq!(audit_entries(&mut scene), before + 1, "the move is audited");
}

#[test]
fn the_lifecycle_refuses_out_of_order_moves_and_the_department_never_declines() {
    let mut scene = Scene::new();
    let case = scene.case("op", THUAN_AN, "Lê Thị B");
    let police = referral_of(&case, "hue-police").to_owned();
    let cpd = referral_of(&case, "hue-cpd").to_owned();

    assert!(matches!(
        as_user(&mut scene, "police", &police, Complete, Some("xong")),
        Err(RoutingError::ActionRefused {
            from: ReferralStatus::Pending,
            action: Complete,
            ..
        })
    ));
    as_user(&mut scene, "police", &police, Acknowledge, None).unwrap();
    match as_user(&mut scene, "police", &police, Acknowledge, None) {
        Err(RoutingError::ActionRefused { allowed, .. }) => assert_eq!(allowed, [Accept, Decline]),
        other => panic!("acknowledged twice: {other:?}"),
    }
    match as_user(&mut scene, "police", &police, Decline, Some("  ")) {
        Err(RoutingError::Invalid(errors)) => assert_eq!(errors[0].field, "reason"),
        other => panic!("a decline without a reason: {other:?}"),
    }
    match as_user(
        &mut scene,
        "cpd",
        &cpd,
        Decline,
        Some("không phải việc của sở"),
    ) {
        Err(RoutingError::DepartmentMayNotDecline { allowed }) => {
            assert!(!allowed.contains(&Decline) && allowed.contains(&Accept))
        }
        other => panic!("the department declined: {other:?}"),
    }

    // A decline with its reason goes back to the department, which is told by e-mail.
    let declined = as_user(
        &mut scene,
        "police",
        &police,
        Decline,
        Some("ngoài thẩm quyền"),
    )
    .unwrap();
    assert_eq!(declined.status, "declined");
    let cpd_id = agencies::by_code(&mut scene.conn, "hue-cpd")
        .unwrap()
        .unwrap()
        .id;
    let told = outbox::list(
        &mut scene.conn,
        "pending",
        hotline_domain::CaseScope::Province(46),
        100,
    )
    .unwrap()
    .into_iter()
    .filter(|m| m.kind == "referral.declined" && m.agency_id.as_deref() == Some(&cpd_id))
    .count();
    assert_eq!(told, 1);
}

#[test]
fn an_email_link_acknowledges_its_agencys_referral_and_nothing_else() {
    let mut scene = Scene::new();
    let case = scene.case("op", THUAN_AN, "Lê Thị C");
    let police = referral_of(&case, "hue-police").to_owned();
    let info = referral_of(&case, "hue-info").to_owned();
    let row = agencies::by_code(&mut scene.conn, "hue-police")
        .unwrap()
        .unwrap();
    let link = Caller::email_link(
        hotline_auth::principal::agency_ref(&row).unwrap(),
        None,
        scene.vault.clone(),
    );

    assert!(matches!(
        act(&mut scene, &link, &police, Accept, None),
        Err(RoutingError::LinkAcknowledgesOnly)
    ));
    assert!(matches!(
        act(&mut scene, &link, &info, Acknowledge, None),
        Err(RoutingError::NotFound)
    ));
    let view = act(&mut scene, &link, &police, Acknowledge, None).unwrap();
    assert_eq!(view.status, "acknowledged");
    let (entries, _) = query::list(
        &mut scene.conn,
        AuditScope::All,
        &AuditFilter {
            action: Some("referral.acknowledge".into()),
            ..AuditFilter::default()
        },
        1,
        10,
    )
    .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor.as_deref(), Some("email-link:hue-police"));
    assert_eq!(entries[0].actor_id, None, "a link is nobody's account");
}

#[test]
fn only_officers_and_supervisors_refer_and_never_outside_the_province() {
    let mut scene = Scene::new();
    let case = scene.case("op", THUAN_AN, "Lê Thị D");
    let request = |agency: &str| NewReferralRequest {
        agency_code: agency.into(),
        reason: "cần phối hợp".into(),
        replaces: None,
        consent: None,
    };
    let router = scene.router.clone();
    let refer = |scene: &mut Scene, username: &str, agency: &str| {
        let caller = scene.caller(username);
        refer_case(
            &mut scene.conn,
            &caller,
            &router,
            &case.case_id.clone().unwrap(),
            &request(agency),
            Utc::now(),
        )
    };
    for username in ["op", "worker", "police"] {
        assert!(matches!(
            refer(&mut scene, username, "cp-19909"),
            Err(RoutingError::MayNotRefer)
        ));
    }
    assert!(matches!(
        refer(&mut scene, "cpd", "hue-police"),
        Err(RoutingError::AlreadyReferred { .. })
    ));
    for (agency, why) in [
        ("nowhere", "an unknown agency"),
        ("vn-111", "an agency outside Huế"),
    ] {
        match refer(&mut scene, "sup", agency) {
            Err(RoutingError::Invalid(errors)) => {
                assert_eq!(errors[0].field, "agency_code", "{why}")
            }
            other => panic!("{why}: {other:?}"),
        }
    }
    let added = refer(&mut scene, "sup", "cp-19909").unwrap();
    assert_eq!(
        (added.agency_code.as_str(), added.status.as_str()),
        ("cp-19909", "pending")
    );
}

#[test]
fn only_the_department_a_supervisor_or_its_own_agency_hands_a_referral_on() {
    let mut scene = Scene::new();
    let case = scene.case("op", THUAN_AN, "Lê Thị E");
    let case_id = case.case_id.clone().unwrap();
    let police = referral_of(&case, "hue-police").to_owned();
    let router = scene.router.clone();
    let hand_on = |scene: &mut Scene, username: &str, agency: &str| {
        let caller = scene.caller(username);
        let request = NewReferralRequest {
            agency_code: agency.into(),
            reason: "chuyển cho cơ quan phù hợp".into(),
            replaces: Some(police.clone()),
            consent: None,
        };
        refer_case(
            &mut scene.conn,
            &caller,
            &router,
            &case_id,
            &request,
            Utc::now(),
        )
    };
    // The information department works the same case, but may not take the police's
    // referral away.
    assert!(matches!(
        hand_on(&mut scene, "info", "cp-19909"),
        Err(RoutingError::MayNotReplace)
    ));
    assert_eq!(status(&mut scene, &police), ReferralStatus::Pending);
    // The province's department coordinates: it may.
    let new = hand_on(&mut scene, "cpd", "cp-19909").unwrap();
    assert_eq!(status(&mut scene, &police), ReferralStatus::Reassigned);
    let replaced = referrals::find(&mut scene.conn, &police).unwrap().unwrap();
    assert_eq!(replaced.replaced_by.as_deref(), Some(new.id.as_str()));
}

#[test]
fn a_service_referral_needs_consent_or_the_reason_to_act_without_it() {
    let mut scene = Scene::new();
    let spec = agencies::AgencySpec {
        code: "hue-health".into(),
        kind: "health_service".into(),
        name: "Bệnh viện Trung ương Huế".into(),
        province_code: Some(46),
        commune_code: None,
        email: None,
    };
    agencies::upsert(&mut scene.conn, &[spec], Utc::now().naive_utc()).unwrap();
    // The child was born in 2012: old enough to be asked.
    let case = scene
        .case("op", THUAN_AN, "Nguyễn Thị Mai")
        .case_id
        .unwrap();
    let cpd = scene.caller("cpd");
    let router = scene.router.clone();
    let mut refer = |consent: Option<Consent>| {
        let request = NewReferralRequest {
            agency_code: "hue-health".into(),
            reason: "Khám và điều trị".into(),
            replaces: None,
            consent,
        };
        refer_case(&mut scene.conn, &cpd, &router, &case, &request, Utc::now())
    };
    let refused_field = |result: Result<ReferralView, RoutingError>| match result {
        Err(RoutingError::Invalid(errors)) => errors[0].field.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    };

    // Without consent, with the caregiver's alone (the child is 14), or with the boxes left
    // empty: refused, naming `consent`, and nothing written.
    assert_eq!(refused_field(refer(None)), "consent");
    let caregiver_only = Consent {
        caregiver: Some(true),
        child: Some(false),
        override_reason: Some("  ".into()),
    };
    assert_eq!(refused_field(refer(Some(caregiver_only))), "consent");
    assert_eq!(refused_field(refer(Some(Consent::default()))), "consent");

    // With the reason the law gives to act without it: accepted, and the reason kept.
    let urgent = Consent {
        caregiver: Some(false),
        child: Some(false),
        override_reason: Some("Trẻ cần cấp cứu; cha mẹ là người xâm hại".into()),
    };
    let referral = refer(Some(urgent.clone())).unwrap();
    assert_eq!(referral.consent, Some(urgent));
    let stored = referrals::find(&mut scene.conn, &referral.id)
        .unwrap()
        .unwrap();
    let sealed = stored.consent.unwrap();
    assert!(!sealed.contains("cấp cứu"), "the consent is sealed at rest");

    // The police need no consent: a duty, and nothing recorded.
    let request = NewReferralRequest {
        agency_code: "hue-police".into(),
        reason: "Tin báo tội phạm".into(),
        replaces: None,
        consent: None,
    };
    let sup = scene.caller("sup");
    let police = refer_case(&mut scene.conn, &sup, &router, &case, &request, Utc::now());
    // (The case was referred to the police as it was logged: a second one is refused for
    // that, never for consent.)
    assert!(
        !matches!(police, Err(RoutingError::Invalid(_))),
        "{police:?}"
    );
}
