//! The audit log for supervisors: query, verify, export and the access summary, as
//! operations ([`oversight`]) and as JSON endpoints ([`api`]). Every one of these reads is
//! itself audited.

pub mod api;
pub mod dashboard;
mod error;
pub mod oversight;

pub use api::{configure, AuditApi, VerifyGate};
pub use error::OversightError;
