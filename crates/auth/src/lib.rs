//! Authentication and the caller's identity: argon2id passwords, short-lived JWTs, login
//! throttling, and the principal every request acts as.

pub mod error;
pub mod login;
pub mod password;
pub mod principal;
pub mod token;

pub use error::AuthError;
pub use login::{LockoutPolicy, Login, LoginOutcome};
pub use principal::Principal;
pub use token::{Claims, TokenService};
