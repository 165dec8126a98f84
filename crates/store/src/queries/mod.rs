pub mod agencies;
pub mod cases;
pub mod idempotency;
pub mod outbox;
pub mod places;
pub mod referrals;
pub mod users;
