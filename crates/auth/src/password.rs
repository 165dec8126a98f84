//! Passwords hashed with argon2id (the crate's defaults follow OWASP's recommendation).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::AuthError;

pub fn hash(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hashing(e.to_string()))
}

/// Whether `password` matches `stored`; a malformed stored hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spend the same time as a real check, so an unknown username cannot be told apart by timing.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(stored) = DUMMY.get_or_init(|| hash("not-a-real-password").ok()) {
        let _ = verify(stored, password);
    }
}

/// Minimum rules for a password set through the CLI.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < 12 {
        return Err("password must have at least 12 characters".into());
    }
    Ok(())
}

/// A random password for the first administrator, printed once.
pub fn generate() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse battery").unwrap_or_default();
        let b = hash("correct horse battery").unwrap_or_default();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify(&a, "correct horse battery"));
        assert!(!verify(&a, "correct horse battery!"));
        assert!(!verify("garbage", "x"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough password").is_ok());
        assert_eq!(generate().len(), 24);
    }
}
