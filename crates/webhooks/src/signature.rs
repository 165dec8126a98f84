//! Webhook signatures as the Standard Webhooks convention gives them: a secret `whsec_` +
//! base64 of its bytes, and for each delivery the headers `webhook-id`, `webhook-timestamp`
//! and `webhook-signature` = `v1,` + base64 of HMAC-SHA-256 over `id.timestamp.body`, so a
//! receiver checks who sent it and that it is fresh with any Standard Webhooks library.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// How a webhook secret starts.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new webhook secret: 32 random bytes, as the convention writes them.
pub fn new_secret() -> String {
    format!(
        "{SECRET_PREFIX}{}",
        STANDARD.encode(rand::random::<[u8; 32]>())
    )
}

/// The `webhook-signature` header of delivery `id` at `timestamp` (Unix seconds) with
/// `body`, signed with `secret`; `None` when the secret is not one.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let key = STANDARD
        .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
        .ok()?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).ok()?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The convention's own example (standard-webhooks, spec/standard-webhooks.md).
    #[test]
    fn the_conventions_example_signs_as_published() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_ne!(
            signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_331, body),
            signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
            "the time is signed"
        );
        assert_eq!(signature("whsec_not base64!", "m", 1, b""), None);
        let fresh = new_secret();
        assert!(fresh.starts_with(SECRET_PREFIX) && signature(&fresh, "m", 1, b"{}").is_some());
    }
}
