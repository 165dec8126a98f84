//! The notifier: sends the outbox that routing fills, over SMTP, at least once and never with
//! a child's or informant's details.
//!
//! * [`settings`]: the SMTP URL, sender, links and retry policy, checked at start.
//! * [`message`]: the Vietnamese text and HTML of each kind of message.
//! * [`links`]: signed, expiring acknowledge links (signed here, checked where they are
//!   confirmed; the module lives in `hotline-auth`).
//! * [`worker`]: claims due rows with a lease, commits, sends, marks; backs off and
//!   dead-letters.
//! * [`notifications`] and [`api`]: what is waiting, sent or given up, for supervisors, and
//!   resending a dead letter.

pub mod api;
mod error;
pub use hotline_auth::links;
pub mod message;
pub mod notifications;
pub mod settings;
pub mod worker;

pub use error::NotifierError;
pub use settings::NotifierSettings;
pub use worker::Notifier;
