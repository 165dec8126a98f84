//! The lists and searches: merged scopes, pages and counts, keyed word search.

use super::*;

/// The case numbers of one page of `username`'s list, and the total.
fn page_of(scene: &mut Scene, username: &str, query: CaseQuery) -> (Vec<String>, i64) {
    let caller = scene.caller(username);
    let terms = scene.vault.terms().clone();
    let list = search_cases(&mut scene.conn, &caller, &query, keys(&terms), Utc::now()).unwrap();
    let numbers = list.items.into_iter().map(|c| c.case_number).collect();
    (numbers, list.total)
}

#[test]
fn a_commune_groups_list_merges_its_communes_cases_with_those_referred_from_elsewhere() {
    let mut scene = Scene::new();
    let start = Utc::now() - chrono::Duration::hours(1);
    // Received a minute apart: Thuận An, Dương Nỗ, Thuận An, Dương Nỗ, Thuận An, Dương Nỗ.
    let mut logged = Vec::new();
    for (i, commune) in [THUAN_AN, DUONG_NO, THUAN_AN, DUONG_NO, THUAN_AN, DUONG_NO]
        .into_iter()
        .enumerate()
    {
        let at = start + chrono::Duration::minutes(i as i64);
        let report = hotline_test_db::fixture::abuse_report(commune, &format!("Lê Thị {i}"));
        let created = scene.log_at("op", report, at);
        logged.push((id(&created), created.case_number.clone().unwrap()));
    }
    // The department refers the first two Dương Nỗ cases to Thuận An's group too.
    let cpd = scene.caller("cpd");
    let router = scene.router.clone();
    for (case, _) in [&logged[1], &logged[3]] {
        let request = hotline_routing::refer::NewReferralRequest {
            agency_code: "cp-19900".into(),
            reason: "Trẻ đang ở với bà ngoại tại Thuận An".into(),
            replaces: None,
            consent: None,
        };
        hotline_routing::refer::refer_case(
            &mut scene.conn,
            &cpd,
            &router,
            case,
            &request,
            Utc::now(),
        )
        .unwrap();
    }
    let number = |i: usize| logged[i].1.clone();
    let per_page = |page: &str| CaseQuery {
        page: Some(page.into()),
        per_page: Some("2".into()),
        ..CaseQuery::default()
    };
    // Newest first across both parts, page by page; the last Dương Nỗ case is not its own.
    assert_eq!(
        page_of(&mut scene, "worker", per_page("1")),
        (vec![number(4), number(3)], 5)
    );
    assert_eq!(
        page_of(&mut scene, "worker", per_page("2")),
        (vec![number(2), number(1)], 5)
    );
    assert_eq!(
        page_of(&mut scene, "worker", per_page("3")),
        (vec![number(0)], 5)
    );
    assert_eq!(page_of(&mut scene, "worker", per_page("4")), (vec![], 5));
    // Filters narrow both parts: a child's name, found in either.
    let named = |q: &str| CaseQuery {
        q: Some(q.into()),
        ..CaseQuery::default()
    };
    assert_eq!(
        page_of(&mut scene, "worker", named("le thi 3")),
        (vec![number(3)], 1)
    );
    assert_eq!(
        page_of(&mut scene, "worker", named("le thi 5")),
        (vec![], 0)
    );
    assert_eq!(
        page_of(&mut scene, "worker", named("le thi 4")),
        (vec![number(4)], 1)
    );
    // Dương Nỗ's own group sees its three, whatever Thuận An was sent.
    let (theirs, total) = page_of(&mut scene, "worker2", CaseQuery::default());
    assert_eq!((theirs, total), (vec![number(5), number(3), number(1)], 3));

    // Past what is counted exactly, a list says "more than", for the merged list and the
    // province's alike; a page further on counts at least to its end.
    for (user, all) in [("worker", 5), ("op", 6)] {
        let scope = scene.caller(user).case_scope().unwrap();
        let counted = |page: i64, per_page: i64, conn: &mut hotline_store::DbConnection| {
            let filter = hotline_store::queries::scope::CaseFilter {
                counted_up_to: Some(3),
                ..Default::default()
            };
            let (rows, total) =
                hotline_store::queries::cases::list(conn, scope, &filter, page, per_page).unwrap();
            (rows.len(), total.n, total.exact)
        };
        assert_eq!(counted(1, 2, &mut scene.conn), (2, 3, false), "{user}");
        assert_eq!(counted(2, 2, &mut scene.conn), (2, 4, false), "{user}");
        let last = usize::try_from(all - 4).unwrap();
        assert_eq!(counted(3, 2, &mut scene.conn), (last, all, true), "{user}");
    }
}

#[test]
fn a_search_pages_and_counts_in_the_lists_order_however_its_words_are_read() {
    let mut scene = Scene::new();
    // Twelve Hoa in Thuận An, three of them received in the same second (across the end of
    // page 2); every other one a Lan too; Hoa in Dương Nỗ, one newer and many older.
    let base = chrono::DateTime::parse_from_rfc3339("2026-03-01T08:00:00+07:00").unwrap();
    let log = |scene: &mut Scene, commune, name, at: chrono::DateTime<chrono::FixedOffset>| {
        let mut report = hotline_test_db::fixture::abuse_report(commune, name);
        report["received_at"] = serde_json::json!(at.to_rfc3339());
        scene
            .log_at("op", report, at.with_timezone(&Utc))
            .case_number
            .unwrap()
    };
    let mut thuan_an = Vec::new();
    for i in 0..12 {
        let minutes = if (3..6).contains(&i) { 3 } else { i };
        let name = if i % 2 == 0 {
            "Nguyễn Thị Hoa"
        } else {
            "Trần Thị Hoa Lan"
        };
        let at = base + chrono::Duration::minutes(minutes);
        thuan_an.push(log(&mut scene, THUAN_AN, name, at));
    }
    log(
        &mut scene,
        DUONG_NO,
        "Nguyễn Thị Hoa",
        base + chrono::Duration::hours(1),
    );
    let key = scene.vault.terms().clone();
    let scope = scene.caller("op").case_scope().unwrap();
    let list = |conn: &mut hotline_store::DbConnection, q: &str, page, chunk, cap| {
        let filter = hotline_store::queries::scope::CaseFilter {
            terms: hotline_store::queries::search_terms::query_terms(q)
                .iter()
                .map(|t| key.hash(t))
                .collect(),
            commune_code: Some(THUAN_AN),
            chunk,
            counted_up_to: Some(cap),
            ..Default::default()
        };
        let (rows, total) =
            hotline_store::queries::cases::list(conn, scope, &filter, page, 4).unwrap();
        let numbers: Vec<String> = rows.into_iter().map(|(c, _)| c.case_number).collect();
        (numbers, total.n, total.exact)
    };
    // The list's order: newest receipt first, then the later number.
    let newest: Vec<String> = thuan_an.iter().rev().cloned().collect();
    let lan: Vec<String> = newest.iter().step_by(2).cloned().collect();
    for chunk in [Some(1), Some(2), Some(3), None] {
        for page in 1..=4_i64 {
            let from = usize::try_from(page - 1).unwrap() * 4;
            let expected: Vec<String> = newest.iter().skip(from).take(4).cloned().collect();
            let (numbers, n, exact) = list(&mut scene.conn, "thi hoa", page, chunk, 9);
            assert_eq!(numbers, expected, "page {page}, chunk {chunk:?}");
            // Past 9, a count that reads more than one chunk stops: "9 or more"; a page
            // further on counts at least to its end. One case at a time, page 1 is full
            // at the 5th match (the first older than its 4th), and the two reads past it
            // stop the count at "7 or more" before the cap.
            let counted = match (chunk, page) {
                (None, _) | (_, 3..) => (12, true),
                (Some(1), 1) => (7, false),
                _ => (9, false),
            };
            assert_eq!((n, exact), counted, "page {page}, chunk {chunk:?}");
        }
        let (numbers, n, exact) = list(&mut scene.conn, "hoa lan", 1, chunk, 9);
        assert_eq!(
            (numbers, n, exact),
            (lan[..4].to_vec(), 6, true),
            "{chunk:?}"
        );
    }
    // Many older Hoa elsewhere: counting past the page stops after two more reads (the
    // page is full at the 5th Hoa of Thuận An; two more make 7) and says "7 or more",
    // unless the word's cases are read in one go.
    for day in 1..=25 {
        let at = base - chrono::Duration::days(day);
        log(&mut scene, DUONG_NO, "Nguyễn Thị Hoa", at);
    }
    assert_eq!(
        list(&mut scene.conn, "thi hoa", 1, Some(1), 100),
        (newest[..4].to_vec(), 7, false)
    );
    assert_eq!(
        list(&mut scene.conn, "thi hoa", 1, None, 100),
        (newest[..4].to_vec(), 12, true)
    );
}

#[test]
fn search_finds_words_by_their_beginnings_through_a_keyed_index() {
    let mut scene = Scene::new();
    let hoa = scene
        .case("op", THUAN_AN, "Nguyễn Thị Hoa")
        .case_number
        .unwrap();
    let binh = scene
        .case("op", DUONG_NO, "Nguyễn Văn Bình")
        .case_number
        .unwrap();
    let ha_noi = scene
        .case("op111", BA_DINH, "Nguyễn Thị Hoa")
        .case_number
        .unwrap();
    let q = |q: &str| CaseQuery {
        q: Some(q.into()),
        ..CaseQuery::default()
    };
    let found = |scene: &mut Scene, user: &str, query: &str| page_of(scene, user, q(query)).0;
    assert_eq!(
        found(&mut scene, "op", "ngu"),
        vec![binh.clone(), hoa.clone()]
    );
    assert_eq!(found(&mut scene, "op", "NGUYỄN thị"), vec![hoa.clone()]);
    assert_eq!(
        found(&mut scene, "op", "hoa nguy"),
        vec![hoa.clone()],
        "any order"
    );
    assert_eq!(found(&mut scene, "op", "binh thuan"), Vec::<String>::new());
    assert_eq!(
        found(&mut scene, "op", "duong no binh"),
        vec![binh.clone()],
        "commune and name"
    );
    assert_eq!(
        found(&mut scene, "op", &hoa),
        vec![hoa.clone()],
        "case number"
    );
    assert_eq!(
        found(&mut scene, "op", "guyen"),
        Vec::<String>::new(),
        "beginnings only"
    );
    // The same name in Hà Nội is found by Hà Nội's hotline only.
    assert_eq!(found(&mut scene, "op111", "nguyen thi hoa"), [ha_noi]);

    // Read a case at a time, whichever word leads: the same answers.
    let key = scene.vault.terms().clone();
    let scope = scene.caller("op").case_scope().unwrap();
    for (query, expected) in [
        ("nguyen thi", vec![hoa.clone()]),
        ("ngu", vec![binh.clone(), hoa.clone()]),
        ("binh thuan", vec![]),
    ] {
        let filter = hotline_store::queries::scope::CaseFilter {
            terms: hotline_store::queries::search_terms::query_terms(query)
                .iter()
                .map(|t| key.hash(t))
                .collect(),
            chunk: Some(1),
            ..Default::default()
        };
        let (rows, total) =
            hotline_store::queries::cases::list(&mut scene.conn, scope, &filter, 1, 20).unwrap();
        let numbers: Vec<String> = rows.into_iter().map(|(c, _)| c.case_number).collect();
        assert_eq!(
            (numbers, total.n, total.exact),
            (expected.clone(), expected.len() as i64, true),
            "{query}"
        );
    }

    // The index holds keyed hashes, never a word.
    use diesel::prelude::*;
    use hotline_store::schema::case_search_terms;
    let stored: Vec<Vec<u8>> = case_search_terms::table
        .select(case_search_terms::term)
        .load(&mut scene.conn)
        .unwrap();
    assert!(stored.len() > 50);
    assert!(stored.iter().all(|t| t.len() == 16));
    for word in ["nguyen", "hoa", "thuan"] {
        assert!(!stored
            .iter()
            .any(|t| t.windows(word.len()).any(|w| w == word.as_bytes())));
    }

    // A case written before the index existed is indexed at start, once, from the folded
    // text such a case kept.
    diesel::delete(case_search_terms::table)
        .execute(&mut scene.conn)
        .unwrap();
    diesel::update(
        hotline_store::schema::cases::table
            .filter(hotline_store::schema::cases::case_number.eq(&hoa)),
    )
    .set(hotline_store::schema::cases::search_text.eq(format!("{hoa} | nguyen thi hoa")))
    .execute(&mut scene.conn)
    .unwrap();
    assert_eq!(found(&mut scene, "op", "hoa"), Vec::<String>::new());
    let (count, last) =
        hotline_store::queries::search_terms::index_batch(&mut scene.conn, &key, None, 500)
            .unwrap();
    assert_eq!(count, 3);
    let again = hotline_store::queries::search_terms::index_batch(
        &mut scene.conn,
        &key,
        last.as_deref(),
        500,
    )
    .unwrap();
    assert_eq!(again, (0, None));
    assert_eq!(found(&mut scene, "op", "hoa"), [hoa]);
}
