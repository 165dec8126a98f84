//! A register kept before the 2025 reform names communes that no longer exist: one that went
//! whole into a 2025 commune is imported there; one that was divided is held, sealed, for the
//! department of its province to place; a name that repeats is asked for its district; a
//! second run adds nothing. On either database.

use diesel::prelude::*;
use hotline_store::schema::{case_imports, cases, import_holds};

use crate::helpers::imports::import_old;
use crate::helpers::TestApp;

/// The 2025 commune of the case imported from row `key`.
fn commune_of(app: &TestApp, key: &str) -> i32 {
    case_imports::table
        .inner_join(cases::table)
        .filter(case_imports::source_key.eq(format!("vn-111-so-2024:{key}")))
        .select(cases::commune_code)
        .first(&mut *app.conn())
        .unwrap()
}

#[actix_web::test]
async fn old_communes_are_placed_where_they_went_and_divided_ones_wait_for_a_person() {
    let app = TestApp::spawn().await;
    let rows = "1,05/03/2024,Phường Gia Hội,,Kiệt 12 Chi Lăng,Sao nhãng,Trẻ Một\n\
                2,06/03/2024,Quán Thánh,Ba Đình,,Sao nhãng,Trẻ Hai\n\
                3,07/03/2024,Phường Điện Biên,Quận Ba Đình,Số 1 phố Điện Biên Phủ,Xâm hại tình dục,Trẻ Ba\n\
                4,08/03/2024,Phường Điện Biên,Quận Đống Đa,,Sao nhãng,Trẻ Bốn\n\
                5,09/03/2024,Xã Thử Nghiệm,Huyện Phú Vang,Thôn Một,Sao nhãng,Trẻ Năm\n\
                6,02/01/2026,Phường Vỹ Dạ,,,Sao nhãng,Trẻ Sáu\n";
    let (outcome, clean) = import_old(&app, rows, false);
    assert!(!clean);
    // Row 4 names a district where no Điện Biên was: said, and nothing written.
    assert_eq!((outcome.invalid, outcome.written, outcome.held), (1, 0, 0));
    assert_eq!(outcome.problems[0].row, 5);
    assert_eq!(outcome.problems[0].column, "Xã/phường");

    let (outcome, _) = import_old(&app, rows, true);
    assert_eq!((outcome.new, outcome.written, outcome.held), (5, 3, 2));
    assert_eq!(commune_of(&app, "1"), 19768, "Gia Hội went into Phú Xuân");
    assert_eq!(commune_of(&app, "2"), 4, "Quán Thánh went into Ba Đình");
    assert_eq!(
        commune_of(&app, "6"),
        19777,
        "a 2026 row names a 2025 commune"
    );

    // The divided ones wait, each with the communes that took a part, the row sealed.
    let held: Vec<(String, i32, String, String)> = import_holds::table
        .order(import_holds::row_number)
        .select((
            import_holds::source_key,
            import_holds::province_code,
            import_holds::among,
            import_holds::payload,
        ))
        .load(&mut *app.conn())
        .unwrap();
    assert_eq!(held.len(), 2);
    assert_eq!((held[0].1, held[0].2.as_str()), (1, "4,70,190,196"));
    assert_eq!((held[1].1, held[1].2.as_str()), (46, "19900,19909"));
    for (_, _, _, payload) in &held {
        assert!(!payload.contains("Trẻ"), "the row is sealed: {payload}");
        assert!(!payload.contains("Điện Biên Phủ"), "{payload}");
    }
    let cases: i64 = cases::table.count().get_result(&mut *app.conn()).unwrap();
    assert_eq!(cases, 3);

    // A second run adds nothing: neither the cases nor the rows held.
    let (again, _) = import_old(&app, rows, true);
    assert_eq!((again.new, again.already, again.held), (0, 5, 0));
    let holds: i64 = import_holds::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(holds, 2);
}
