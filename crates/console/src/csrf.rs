//! Form tokens. A signed-in page's forms carry the session's token; the sign-in form, which
//! has no session yet, carries a token that must match its own short-lived cookie (double
//! submit). Either way another site cannot make a browser post a form that passes.

use actix_web::cookie::{time::Duration as CookieAge, Cookie, SameSite};
use sha2::{Digest, Sha256};

/// The cookie of the sign-in form's token.
pub const SIGN_IN_COOKIE: &str = "hotline_signin";

/// Whether a form's token is the expected one. Both are hashed first, so the comparison's
/// time says nothing about the token.
pub fn matches(sent: Option<&str>, expected: &str) -> bool {
    match sent {
        Some(sent) if !sent.is_empty() && !expected.is_empty() => {
            Sha256::digest(sent.as_bytes()) == Sha256::digest(expected.as_bytes())
        }
        _ => false,
    }
}

pub fn sign_in_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SIGN_IN_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieAge::hours(1))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_non_empty_token_matches() {
        assert!(matches(Some("abc"), "abc"));
        assert!(!matches(Some("abd"), "abc"));
        assert!(!matches(None, "abc"));
        assert!(!matches(Some(""), ""));
    }
}
