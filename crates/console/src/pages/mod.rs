//! The console's pages, each over the operation it shows.

pub mod admin;
pub mod calls;
pub mod case;
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
