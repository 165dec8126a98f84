//! A paper on the case that is erased: its title and bytes carry canaries, it is sealed (so
//! found nowhere in clear even before the erasure), and a hold keeps it from erasure.

use awc::http::StatusCode;
use diesel::prelude::*;
use serde_json::json;

use super::{canary, ok, stored_bytes};
use crate::helpers::TestApp;

/// File the signed closure paper on case `id` as `worker`; check that no canary is stored
/// in clear and that a hold placed by `sup` keeps it from erasure (then lifted). Its id.
pub(super) async fn file_held_paper(
    app: &TestApp,
    (id, worker, sup): (&str, &str, &str),
) -> String {
    let case = format!("/api/v1/cases/{id}");
    let hold = format!("{case}/legal-hold");
    let closure = crate::helpers::documents::pdf(&canary("pdfcontent"));
    let title = canary("doctitle");
    let fields = [
        ("kind", "signed_form"),
        ("title", title.as_str()),
        ("dated", "2026-12-01"),
        ("step", "closure"),
    ];
    let filed = app
        .upload(id, worker, &fields, Some(("closure.pdf", &closure)))
        .await;
    ok(&filed, "file a paper");
    let stored = stored_bytes(app);
    assert!(
        !stored.contains(&canary("pdfcontent")) && !stored.contains(&title),
        "a paper in clear"
    );
    let held = json!({"reason": "Tòa án yêu cầu giữ hồ sơ"});
    ok(&app.post(&hold, Some(sup), &held).await, "hold again");
    let erase = json!({"reason": "subject_request", "note": "Đơn của mẹ cháu"});
    let refused = app
        .post(&format!("{case}/erasure"), Some(sup), &erase)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(parts(app), (1, 1), "held: the paper stays");
    let lift = app.request(awc::http::Method::DELETE, &hold, Some(sup));
    ok(&app.send(lift, None).await, "lift again");
    filed.body["id"].as_str().unwrap().to_owned()
}

/// How many papers still have a file key, and how many chunks are stored.
pub(super) fn parts(app: &TestApp) -> (i64, i64) {
    use hotline_store::schema::{case_documents, document_chunks};
    let mut conn = app.conn();
    (
        case_documents::table
            .filter(case_documents::file_key.is_not_null())
            .count()
            .get_result(&mut *conn)
            .unwrap(),
        document_chunks::table
            .count()
            .get_result(&mut *conn)
            .unwrap(),
    )
}
