//! The notifier: sends the outbox that routing fills, over SMTP, at least once and never with
//! a child's or informant's details.
//!
//! * [`settings`]: the SMTP URL, sender, links and retry policy, checked at start.
//! * [`message`]: the Vietnamese text and HTML of each kind of message.
//! * [`links`]: signed, expiring acknowledge links.
//! * [`worker`]: claims due rows with a lease, commits, sends, marks; backs off and
//!   dead-letters.
//! * [`pages`] and [`api`]: the acknowledge pages, and the dead letters for supervisors.

pub mod api;
mod error;
pub mod links;
pub mod message;
pub mod pages;
pub mod settings;
pub mod worker;

pub use error::NotifierError;
pub use settings::NotifierSettings;
pub use worker::Notifier;
