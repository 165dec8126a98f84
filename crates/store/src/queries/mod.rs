pub mod agencies;
pub mod cases;
pub mod idempotency;
pub mod places;
pub mod users;
