//! Papers on a case: filed through the API as a multipart form, listed and read back as
//! sent, within the reach of what they hang on; refused when they are not papers; pictures
//! without their metadata.

use serde_json::Value;

use crate::helpers::{abuse_report, TestApp};

mod filing;
mod pictures;
mod refusals;

/// A case in a Huế commune (online sexual exploitation, referred to the police) logged by
/// operator `op`: the case as created, its id, and a token of its commune worker.
async fn case_with_worker(app: &TestApp, op: &str) -> (Value, String, String) {
    let created = app
        .report(op, &abuse_report(19900, "Nguyễn Thị Giấy"))
        .await;
    let id = created["case_id"].as_str().unwrap().to_owned();
    let worker = app.login_as("cw", "commune_worker", Some("cp-19900")).await;
    (created, id, worker)
}
