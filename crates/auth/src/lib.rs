//! Authentication and the caller's identity: argon2id passwords, short-lived JWTs, signing
//! in with throttling (audited), the signed acknowledge links agencies are e-mailed, and the
//! principal every request acts as.

pub mod clients;
pub mod error;
pub mod links;
pub mod login;
pub mod password;
pub mod principal;
pub mod sign_in;
pub mod token;

pub use error::AuthError;
pub use login::{check_password, LockoutPolicy, Login, Verdict};
pub use principal::Principal;
pub use sign_in::{record, Attempt};
pub use token::{Claims, TokenService};
