//! Rows of a past register held for a place, in Chromium, by keyboard: Huế's department
//! officer finds the row (its old commune, its address, the communes that took a part) and
//! places it in one; the case is written there, the row leaves the list, and both the reading
//! and the placing are in the audit log. A row of another province is not shown. The page
//! passes axe-core and fits a 360 px phone; screenshots at 1280, 390 and 360 px.

use diesel::prelude::*;
use hotline_store::schema::{audit_entries, cases, import_holds};

use super::keys::{tab_to, type_keys, wait_for_text, ENTER, TAB};
use super::tour::{at_360, check_page, sign_in_as};
use crate::helpers::imports::held_row;
use crate::helpers::PASSWORD;

type Outcome = Result<(), fantoccini::error::CmdError>;

#[actix_web::test]
async fn the_department_places_a_held_row_by_keyboard() {
    let Some((_driver, port, axe, app)) = crate::browser::walk().await else {
        return;
    };
    let axe = axe.as_deref();
    let hold = held_row(&app, true, 1);
    let _elsewhere = held_row(&app, false, 2);
    app.create_user("hue-dept", "agency_officer", Some("hue-cpd"));
    let base = app.base.clone();
    let (browser, _profile) = crate::browser::open_browser(port).await;
    let b = &browser;
    let outcome: Outcome = async {
        sign_in_as(b, &base, "hue-dept", PASSWORD, "/console/imports").await?;
        let listed = wait_for_text(b, "main", "Xã Thử Nghiệm – Huyện Phú Vang").await?;
        assert!(listed.contains("Thôn Một"), "{listed}");
        assert!(listed.contains("vn-111-so-2024, số 1 (dòng 2)"), "{listed}");
        assert!(
            !listed.contains("Điện Biên"),
            "another province's row: {listed}"
        );
        check_page(b, axe, "imports-held").await?;
        at_360(b, "imports-held").await?;
        tab_to(b, &format!("#place-{hold}"), 100).await?;
        type_keys(b, "Phường Dương").await?;
        type_keys(b, &format!("{TAB}{ENTER}")).await?;
        let done = wait_for_text(b, "main", "đã được nhập vào xã, phường đã chọn").await?;
        assert!(done.contains("Không có dòng nào chờ xếp xã."), "{done}");
        check_page(b, axe, "imports-placed").await?;
        Ok(())
    }
    .await;
    browser.close().await.ok();
    outcome.unwrap();

    let (case_id, placed_by): (Option<String>, Option<String>) = import_holds::table
        .find(&hold)
        .select((import_holds::placed_case_id, import_holds::placed_by))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(placed_by, Some(app.user_id("hue-dept")));
    let (commune, number): (i32, String) = cases::table
        .find(case_id.unwrap())
        .select((cases::commune_code, cases::case_number))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(commune, 19909, "placed in Dương Nỗ");
    assert!(number.starts_with("46-2024-"), "{number}");
    let actions: Vec<String> = audit_entries::table
        .select(audit_entries::action)
        .load(&mut *app.conn())
        .unwrap();
    for action in ["import.held.read", "import.place", "case.import"] {
        assert!(actions.iter().any(|a| a == action), "{action} not audited");
    }
}
