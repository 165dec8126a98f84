//! Linking duplicates, and what an ended case does to its referrals.

use super::*;

#[test]
fn linking_a_duplicate_refuses_what_would_lose_work() {
    let mut scene = Scene::new();
    let kept = id(&scene.case("op", THUAN_AN, "Phan Thị A"));
    let dup = id(&scene.case("op", THUAN_AN, "Phan Thị A"));
    let other = id(&scene.case("op", DUONG_NO, "Phan Thị B"));
    let ha_noi = scene.case("op111", BA_DINH, "Phan Thị C");

    assert_eq!(
        invalid_field(link(&mut scene, "op", &dup, &dup))[0].field,
        "of"
    );
    // A case the caller may not see is as good as absent, by id or by number.
    let ha_noi_number = ha_noi.case_number.clone().unwrap();
    for of in [id(&ha_noi), ha_noi_number] {
        assert_eq!(
            invalid_field(link(&mut scene, "op", &dup, &of))[0].field,
            "of"
        );
    }
    // Roles that never move cases, and roles that read none.
    assert!(matches!(
        link(&mut scene, "police", &dup, &kept),
        Err(CaseError::MayNotLink)
    ));
    assert!(matches!(
        link(&mut scene, "admin", &dup, &kept),
        Err(CaseError::NoCaseAccess)
    ));

    // The case kept must still be worked, and not be a duplicate itself.
    set_aside(&mut scene, &other);
    assert!(matches!(
        link(&mut scene, "op", &dup, &other),
        Err(CaseError::KeptClosed { .. })
    ));

    assert_eq!(link(&mut scene, "op", &dup, &kept).unwrap(), "duplicate");
    let third = id(&scene.case("op", THUAN_AN, "Phan Thị A"));
    assert!(matches!(
        link(&mut scene, "op", &third, &dup),
        Err(CaseError::KeptIsDuplicate { .. })
    ));
    // A duplicate is no longer new: the lifecycle refuses linking it again.
    match link(&mut scene, "op", &dup, &third) {
        Err(CaseError::Lifecycle { from, to, .. }) => {
            assert_eq!((from, to), (CaseStatus::Duplicate, CaseStatus::Duplicate))
        }
        other => panic!("a duplicate linked again: {other:?}"),
    }
}

#[test]
fn a_linked_duplicate_hands_over_its_open_referrals_and_evidence() {
    let mut scene = Scene::new();
    let kept = id(&scene.case("op", THUAN_AN, "Võ Thị A"));
    let dup = id(&scene.case("op", THUAN_AN, "Võ Thị B"));
    let open_before = referrals::for_case(&mut scene.conn, &kept).unwrap().len();

    assert_eq!(link(&mut scene, "op", &dup, &kept).unwrap(), "duplicate");
    // Every agency already had an open referral on the case kept: the duplicate's end as
    // reassigned, pointing at those, and the case kept gains none.
    let handed = referrals::for_case(&mut scene.conn, &dup).unwrap();
    assert!(!handed.is_empty());
    for (r, _) in &handed {
        assert_eq!(r.status, "reassigned");
        let target = referrals::find(&mut scene.conn, r.replaced_by.as_deref().unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(
            (target.case_id.as_str(), target.agency_id.as_str()),
            (kept.as_str(), r.agency_id.as_str())
        );
    }
    assert_eq!(
        referrals::for_case(&mut scene.conn, &kept).unwrap().len(),
        open_before
    );
    // The duplicate's URL now leads to the case kept (by its keyed hash: each copy is
    // sealed anew under its own row).
    let urls = |scene: &mut Scene, case: &str| -> Vec<String> {
        evidence::for_case(&mut scene.conn, case)
            .unwrap()
            .into_iter()
            .map(|e| {
                assert!(e.value.starts_with("hx1."), "{} is sealed", e.id);
                e.value_key.unwrap()
            })
            .collect()
    };
    let dup_urls = urls(&mut scene, &dup);
    let kept_urls = urls(&mut scene, &kept);
    assert!(
        dup_urls.iter().all(|u| kept_urls.contains(u)),
        "{dup_urls:?} in {kept_urls:?}"
    );
}

#[test]
fn a_duplicate_from_another_province_hands_its_work_only_to_agencies_of_the_kept_place() {
    let mut scene = Scene::new();
    // The national line took the same incident twice: once placed in Huế, once in Hà Nội.
    let hue = id(&scene.case("op111", THUAN_AN, "Đỗ Thị A"));
    let hanoi = id(&scene.case("op111", BA_DINH, "Đỗ Thị A"));
    let hanoi_before = referrals_of(&mut scene, &hanoi);
    assert!(
        hanoi_before.iter().all(|(a, _)| a.starts_with("hn-")),
        "{hanoi_before:?}"
    );

    assert_eq!(
        link(&mut scene, "op111", &hue, &hanoi).unwrap(),
        "duplicate"
    );
    // No Huế agency gets the Hà Nội case.
    let hanoi_after = referrals_of(&mut scene, &hanoi);
    assert!(
        hanoi_after.iter().all(|(a, _)| a.starts_with("hn-")),
        "{hanoi_after:?}"
    );
    // The Huế police's work went to the Hà Nội police's referral; the agencies Hà Nội has no
    // counterpart of (the commune group, the information department) ended with the case.
    let hue_after = referrals_of(&mut scene, &hue);
    for (agency, status) in &hue_after {
        let expected = match agency.as_str() {
            "hue-police" | "hue-cpd" => ReferralStatus::Reassigned,
            _ => ReferralStatus::ClosedWithCase,
        };
        assert_eq!(*status, expected, "{agency}");
    }
}

#[test]
fn a_case_that_ends_ends_its_referrals_and_its_unaccepted_agencies_lose_it() {
    let mut scene = Scene::new();
    let created = scene.case("op", THUAN_AN, "Huỳnh Thị A");
    let case = id(&created);
    let police = created
        .referrals
        .iter()
        .find(|r| r.agency_code == "hue-police")
        .unwrap()
        .id
        .clone();
    let info = created
        .referrals
        .iter()
        .find(|r| r.agency_code == "hue-info")
        .unwrap()
        .id
        .clone();
    let router = scene.router.clone();
    let caller = scene.caller("police");
    hotline_routing::moves::move_referral(
        &mut scene.conn,
        &caller,
        &router,
        &police,
        hotline_domain::referral::ReferralAction::Accept,
        None,
        Utc::now(),
    )
    .unwrap();

    set_aside(&mut scene, &case);
    for (agency, status) in referrals_of(&mut scene, &case) {
        assert_eq!(status, ReferralStatus::ClosedWithCase, "{agency}");
    }
    // Nothing is left for the watcher to escalate, even long after every deadline.
    let later = (Utc::now() + chrono::Duration::days(30)).naive_utc();
    assert!(referrals::due_for_escalation(&mut scene.conn, later, 100)
        .unwrap()
        .is_empty());
    // The police accepted the work and keep the record; the information department never
    // answered and no longer sees the case.
    assert!(read(&mut scene, "police", &case).is_ok());
    assert!(matches!(
        read(&mut scene, "info", &case),
        Err(CaseError::NotFound)
    ));
    assert_eq!(
        referrals::find(&mut scene.conn, &info)
            .unwrap()
            .unwrap()
            .status,
        ReferralStatus::ClosedWithCase
    );
}
