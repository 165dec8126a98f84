//! Online reporting, evidence, duplicates and repeat contacts over HTTP: duplicates found by
//! each key and only inside the caller's reach, linking a duplicate, repeat contacts matched
//! by keyed hash without the number being kept, the evidence export, and the public API and
//! HTML form with their rate limit, honeypot and tracking codes.

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{abuse_report, TestApp};

mod contacts;
mod duplicates;

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// An abuse report in `commune` with no child, no informant and no online evidence.
fn bare(commune: u32, categories: &[&str]) -> Value {
    let mut r = abuse_report(commune, "x");
    r["categories"] = json!(categories);
    r["children"] = Value::Null;
    r["informant"] = Value::Null;
    r["online"] = Value::Null;
    r
}

fn with_online(mut r: Value, online: Value) -> Value {
    r["online"] = online;
    r
}

fn matched_on(created: &Value, case_number: &str) -> Option<Vec<String>> {
    created["duplicate_matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["case_number"] == case_number)
        .map(|m| {
            m["matched_on"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_owned())
                .collect()
        })
}
