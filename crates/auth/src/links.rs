//! Acknowledge links: `<outbox id>.<expiry, unix seconds>.<HMAC-SHA256, 128 bits, hex>`. The
//! link names the message it came in, not the referral, and carries nothing else; the
//! signature is checked in constant time.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const MAC_BYTES: usize = 16;

/// The key acknowledge links are signed with (derived from the server's signing key).
#[derive(Clone)]
pub struct LinkKey(pub Vec<u8>);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(..)")
    }
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Malformed or not signed by us.
    Invalid,
    Expired,
}

fn mac(key: &[u8], outbox_id: &str, expires: i64) -> Result<Hmac<Sha256>, LinkError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| LinkError::Invalid)?;
    mac.update(b"hotline ack link v1|");
    mac.update(outbox_id.as_bytes());
    mac.update(b"|");
    mac.update(expires.to_string().as_bytes());
    Ok(mac)
}

/// The token for a message, valid until `expires`.
pub fn sign(key: &[u8], outbox_id: &str, expires: DateTime<Utc>) -> String {
    let exp = expires.timestamp();
    let tag = mac(key, outbox_id, exp)
        .map(|m| hex::encode(&m.finalize().into_bytes()[..MAC_BYTES]))
        .unwrap_or_default();
    format!("{outbox_id}.{exp}.{tag}")
}

/// The outbox id a token was signed for, if it is ours and not expired at `now`.
pub fn verify(key: &[u8], token: &str, now: DateTime<Utc>) -> Result<String, LinkError> {
    let mut parts = token.rsplitn(3, '.');
    let (Some(tag), Some(exp), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(LinkError::Invalid);
    };
    let exp: i64 = exp.parse().map_err(|_| LinkError::Invalid)?;
    let tag = hex::decode(tag).map_err(|_| LinkError::Invalid)?;
    if tag.len() != MAC_BYTES || uuid::Uuid::parse_str(id).is_err() {
        return Err(LinkError::Invalid);
    }
    mac(key, id, exp)?
        .verify_truncated_left(&tag)
        .map_err(|_| LinkError::Invalid)?;
    if now.timestamp() > exp {
        return Err(LinkError::Expired);
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_link_holds_until_it_expires_and_not_after_any_change() {
        let key = [9u8; 32];
        let id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let token = sign(&key, &id, now + Duration::hours(1));
        assert_eq!(verify(&key, &token, now), Ok(id.clone()));
        assert_eq!(
            verify(&key, &token, now + Duration::hours(2)),
            Err(LinkError::Expired)
        );
        assert_eq!(verify(&[8u8; 32], &token, now), Err(LinkError::Invalid));
        // Any changed character: the id, the expiry or the signature.
        for i in 0..token.len() {
            let mut bytes = token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' };
            let changed = String::from_utf8(bytes).unwrap();
            if changed != token {
                assert!(verify(&key, &changed, now).is_err(), "{changed}");
            }
        }
        assert_eq!(verify(&key, "nonsense", now), Err(LinkError::Invalid));
    }
}
