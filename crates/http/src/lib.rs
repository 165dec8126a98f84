//! What every HTTP endpoint shares: the application state, problem+json errors (the one
//! place where every crate's error becomes a status code), the authenticated caller, request
//! ids and metrics, and the operational endpoints (`/healthz`, `/readyz`, `/metrics`, login).

pub mod access;
pub mod audit_ctx;
pub mod audit_routes;
pub mod auth_routes;
pub mod error;
pub mod extract;
pub mod json;
pub mod metrics;
pub mod ops;
pub mod params;
pub mod problem;
pub mod request_log;
pub mod state;

pub use error::{ApiError, FieldError};
pub use extract::{Authenticated, ClientIp};
pub use json::ValidJson;
pub use problem::Problem;
pub use state::AppState;
