//! Routing: triage and the rule engine (pure: `rules`, `deadlines`, `holidays`, `router`),
//! and what acts on the database: writing referrals with their outbox rows (`dispatch`), the
//! agencies' inboxes (`inbox`) and the deadline watcher that escalates (`watcher`).

pub mod deadlines;
pub mod dispatch;
mod error;
pub mod holidays;
pub mod inbox;
pub mod router;
pub mod rules;
pub mod views;
pub mod watcher;

pub use error::RoutingError;
pub use router::Router;
pub use rules::{CaseFacts, Decision};
pub use views::ReferralView;

/// The OpenAPI description of the referral endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        inbox::list_referrals,
        inbox::acknowledge,
        inbox::accept,
        inbox::decline,
        inbox::complete,
        inbox::add_referral
    ),
    components(schemas(
        views::ReferralView,
        views::InboxItem,
        views::Inbox,
        inbox::ReasonRequest,
        inbox::OutcomeRequest,
        inbox::NewReferralRequest,
    ))
)]
pub struct RoutingApi;
