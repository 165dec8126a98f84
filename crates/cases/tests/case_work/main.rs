//! Case work on the backend under test (SQLite, or PostgreSQL with
//! HOTLINE_TEST_POSTGRES_URL), without HTTP: who reads which case, what linking a duplicate
//! refuses and what it hands over.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use hotline_cases::dto::{CaseQuery, TransitionRequest};
use hotline_cases::duplicates::link_duplicate;
use hotline_cases::search::{search_cases, SearchKeys};
use hotline_cases::transitions::transition_case;
use hotline_cases::view::read_case;
use hotline_cases::CaseError;
use hotline_domain::{CaseStatus, ReferralStatus};
use hotline_http::FieldError;
use hotline_intake::dto::ReportCreated;
use hotline_store::queries::search_terms::TermKey;
use hotline_store::queries::{evidence, referrals};
use hotline_test_db::fixture::{Scene, BA_DINH, DUONG_NO, THUAN_AN};

mod duplicates;
mod lists;
mod managers;
mod transfer_steps;
mod transfers;

const AUDIT_KEY: &[u8] = b"case work test audit key";

fn keys(terms: &TermKey) -> SearchKeys<'_> {
    SearchKeys {
        audit: AUDIT_KEY,
        terms,
    }
}

fn id(created: &ReportCreated) -> String {
    created.case_id.clone().expect("the report opened a case")
}

fn read(scene: &mut Scene, username: &str, case: &str) -> Result<String, CaseError> {
    let caller = scene.caller(username);
    read_case(&mut scene.conn, &caller, case, Utc::now()).map(|v| v.case_number)
}

fn link(scene: &mut Scene, username: &str, dup: &str, of: &str) -> Result<String, CaseError> {
    let caller = scene.caller(username);
    let router = scene.router.clone();
    let note = Some("cùng một vụ");
    link_duplicate(&mut scene.conn, &caller, &router, dup, of, note, Utc::now()).map(|v| v.status)
}

/// `username` moves `case` on to the status `to`.
fn move_case(scene: &mut Scene, username: &str, case: &str, to: &str) {
    let caller = scene.caller(username);
    let router = scene.router.clone();
    let request = TransitionRequest {
        to: to.into(),
        note: None,
        duplicate_of: None,
    };
    transition_case(
        &mut scene.conn,
        &caller,
        &router,
        case,
        &request,
        Utc::now(),
    )
    .unwrap();
}

/// The hotline operator sets `case` aside (`no_action`): the case ends.
fn set_aside(scene: &mut Scene, case: &str) {
    move_case(scene, "op", case, "no_action");
}

/// The referrals of a case: agency code and status.
fn referrals_of(scene: &mut Scene, case: &str) -> Vec<(String, ReferralStatus)> {
    referrals::for_case(&mut scene.conn, case)
        .unwrap()
        .into_iter()
        .map(|(r, a)| (a.code, r.status))
        .collect()
}

fn invalid_field(result: Result<String, CaseError>) -> Vec<FieldError> {
    match result {
        Err(CaseError::Invalid(errors)) => errors,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[test]
fn each_role_reads_exactly_its_cases() {
    let mut scene = Scene::new();
    let thuan_an = id(&scene.case("op", THUAN_AN, "Trần Thị A"));
    let duong_no = id(&scene.case("op", DUONG_NO, "Trần Thị B"));
    let ha_noi = id(&scene.case("op111", BA_DINH, "Trần Thị C"));

    let sees = |scene: &mut Scene, username: &str, case: &str| match read(scene, username, case) {
        Ok(_) => true,
        Err(CaseError::NotFound) => false,
        Err(e) => panic!("{username}: {e:?}"),
    };
    // username, then whether it reads the Thuận An, Dương Nỗ and Hà Nội cases.
    let table = [
        ("op", [true, true, false]),
        ("op111", [false, false, true]),
        ("worker", [true, false, false]),
        ("worker2", [false, true, false]),
        ("police", [true, true, false]),
        ("sup", [true, true, false]),
    ];
    for (username, expected) in table {
        let got = [&thuan_an, &duong_no, &ha_noi].map(|c| sees(&mut scene, username, c));
        assert_eq!(got, expected, "{username}");
    }
    assert!(matches!(
        read(&mut scene, "admin", &thuan_an),
        Err(CaseError::NoCaseAccess)
    ));
    assert!(matches!(
        read(&mut scene, "sup", "46-2026-000001"),
        Err(CaseError::NotFound)
    ));

    // The list holds what the reader may read, and nothing else.
    let caller = scene.caller("worker2");
    let terms = scene.vault.terms().clone();
    let list = search_cases(
        &mut scene.conn,
        &caller,
        &CaseQuery::default(),
        keys(&terms),
        Utc::now(),
    )
    .unwrap();
    assert_eq!(
        list.items.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [duong_no.as_str()]
    );
    let bad = CaseQuery {
        status: Some("teleported".into()),
        ..CaseQuery::default()
    };
    match search_cases(&mut scene.conn, &caller, &bad, keys(&terms), Utc::now()) {
        Err(CaseError::Invalid(errors)) => assert_eq!(errors[0].field, "status"),
        other => panic!("an unknown status filter: {other:?}"),
    }
}
