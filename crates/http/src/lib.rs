//! The shared HTTP layer every face stands on: the application state, the caller of an
//! operation and its extractor, failures and their problem+json rendering (the one place
//! where any crate's error becomes a status code), JSON bodies and query parameters, request
//! ids and metrics, and the operational endpoints (`/healthz`, `/readyz`, `/metrics`).
//! No business rule lives here.

pub mod caller;
pub mod error;
pub mod extract;
pub mod failure;
pub mod form;
pub mod json;
pub mod metrics;
pub mod openapi;
pub mod ops;
pub mod params;
pub mod problem;
pub mod request_log;
pub mod state;
pub mod throttle;

pub use caller::{Acting, Caller};
pub use error::ApiError;
pub use extract::ClientIp;
pub use failure::{Fails, Failure, FieldError};
pub use json::{OptionalJson, ValidJson};
pub use problem::Problem;
pub use state::AppState;
