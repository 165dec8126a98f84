//! A paper on the case that is erased: its title and bytes carry canaries, it is sealed (so
//! found nowhere in clear even before the erasure), and a hold keeps it from erasure.

use awc::http::StatusCode;
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
    let stored = app.stored_papers();
    assert_eq!(
        (stored.keyed, stored.chunks),
        (1, 1),
        "held: the paper stays"
    );
    let lift = app.request(awc::http::Method::DELETE, &hold, Some(sup));
    ok(&app.send(lift, None).await, "lift again");
    filed.body["id"].as_str().unwrap().to_owned()
}
