//! The audit log: who read or changed what, when and from where, tamper-evident.
//!
//! * [`append`] writes an entry inside the caller's transaction, so it commits with the change
//!   it records or not at all. Appends are plain inserts: nothing serialises requests.
//! * [`Sealer`] chains committed entries in batches: each seal holds the SHA-256 of its
//!   entries and of the previous seal. Several instances on one database produce one chain.
//! * [`verify`] recomputes the chain and names the first entry that does not match;
//!   [`verify_resuming`] starts after the seal the last verification reached ([`checkpoint`]).

pub mod chain;
pub mod checkpoint;
pub mod entry;
pub mod error;
pub mod query;
pub mod sealer;
pub mod verify;

pub use chain::SealKey;
pub use entry::{append, Actor, Entry};
pub use error::AuditError;
pub use sealer::Sealer;
pub use verify::{check_anchor, verify, verify_resuming, verify_with, VerifyReport};
