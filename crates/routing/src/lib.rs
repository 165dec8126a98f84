//! Routing: triage and the rule engine (pure: `rules`, `deadlines`, `holidays`, `router`),
//! writing referrals with their outbox rows (`dispatch`), and the referral operations: an
//! agency's inbox (`inbox`), the moves its staff make (`moves`), referring a case by hand
//! (`refer`), the acknowledge link (`ack_link`) and the deadline watcher that escalates
//! (`watcher`). `api` holds the JSON endpoints over them.

pub mod ack_link;
pub mod api;
pub mod consent;
pub mod deadlines;
pub mod dispatch;
mod error;
pub mod holidays;
pub mod inbox;
pub mod moves;
pub mod refer;
pub mod router;
pub mod rules;
pub mod views;
pub mod watcher;

pub use error::RoutingError;
pub use router::Router;
pub use rules::{CaseFacts, Decision};
pub use views::ReferralView;

/// Register the referral endpoints and the acknowledge link's pages.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    api::configure(cfg);
    ack_link::configure(cfg);
}

/// The OpenAPI description of the referral endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list_referrals,
        api::acknowledge,
        api::accept,
        api::decline,
        api::complete,
        api::add_referral
    ),
    components(schemas(
        views::ReferralView,
        views::InboxItem,
        views::Inbox,
        api::ReasonRequest,
        api::OutcomeRequest,
        refer::NewReferralRequest,
    ))
)]
pub struct RoutingApi;
