//! The console's pages, each over the operation it shows.

pub mod admin;
pub mod calls;
pub mod case;
pub mod case_links;
pub mod cases;
pub mod inbox;
pub mod oversight;
pub mod sign_in;
pub mod static_files;
pub mod steps;
pub mod tasks;

use chrono::{DateTime, Utc};

/// A time as people read it: in Vietnam, to the minute.
pub(crate) fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&hotline_domain::time::vietnam())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// What a possible duplicate shares with the report, in words.
pub(crate) fn matched_on_vi(kinds: &[String]) -> String {
    kinds
        .iter()
        .map(|k| match k.as_str() {
            "url" => "đường dẫn",
            "file_sha256" => "tệp (SHA-256)",
            "handle" => "tài khoản đối tượng",
            "child" => "trẻ (họ tên, năm sinh, xã)",
            _ => "thông tin khác",
        })
        .collect::<Vec<_>>()
        .join(", ")
}
