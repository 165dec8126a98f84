//! Webhooks: status back to the machine clients that logged reports. The events are queued
//! in the store as they happen (in the event's own transaction); here they are delivered.
//!
//! * [`signature`]: the Standard Webhooks secret and signature.
//! * [`address`]: where a webhook may go (public HTTPS unless configured otherwise).
//! * [`deliver`] and [`worker`]: claim in order per case, send, retry with backoff for a
//!   day, then give up (a dead letter).
//! * [`subscriptions`] and [`api`]: subscribing, and the dead letters an administrator sees
//!   and replays.

pub mod address;
pub mod api;
pub mod deliver;
mod error;
pub mod settings;
pub mod signature;
pub mod subscriptions;
pub mod worker;

pub use error::WebhookError;
pub use settings::WebhookSettings;

/// The OpenAPI description of the webhook endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::subscribe, api::list, api::remove, api::dead_letters, api::replay,),
    components(schemas(
        subscriptions::NewSubscription,
        subscriptions::SubscriptionCreated,
        subscriptions::SubscriptionView,
        subscriptions::Subscriptions,
        subscriptions::DeliveryView,
        subscriptions::DeadLetters,
        hotline_domain::WebhookEvent,
    ))
)]
pub struct WebhooksApi;
