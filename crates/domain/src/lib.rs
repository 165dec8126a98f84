//! The hotline's domain: codes, the case lifecycle, roles and their reach, case numbers and
//! Vietnamese text folding. No I/O lives here, so every rule is unit-tested without a database.

pub mod access;
pub mod calendar;
pub mod case_number;
pub mod casework;
pub mod client;
pub mod codes;
pub mod contact;
pub mod document;
pub mod error;
pub mod evidence;
pub mod indicators;
pub mod lifecycle;
pub mod progress;
pub mod referral;
pub mod session;
pub mod text;
pub mod time;
pub mod transfer;

pub use access::{AgencyRef, CaseScope, Jurisdiction};
pub use calendar::WorkCalendar;
pub use case_number::CaseNumber;
pub use codes::{
    AbuseSetting, AgeBand, Ethnicity, LegalOutcome, PerpetratorRelation, SexualSubtype,
};
pub use codes::{
    ActionStatus, CaseStep, ClosureReason, DeadlineKind, DeadlineState, EmergencyActionKind,
    NeedDomain, PlanState, ReviewDecision, ServiceType, TaskKind,
};
pub use codes::{ActivityKind, Audience, PlanItem};
pub use codes::{AgencyKind, Category, Channel, ContactType, RiskLevel, Role, Sex};
pub use codes::{CallerAgeBand, CallerType};
pub use codes::{CaseStatus, ErasureReason, ReferralStatus, TransferStatus};
pub use codes::{ClientPermission, DocumentKind, DocumentStep, WebhookEvent};
pub use error::DomainError;
pub use lifecycle::{MoveKind, TransitionCheck};
