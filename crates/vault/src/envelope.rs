//! The stored form of a sealed value: `hx1.<data key id>.<base64 of nonce and ciphertext>`.
//! Text, so that the columns keep their type on both databases, and recognisable, so that
//! values written before sealing began can be told apart while they are moved.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

const PREFIX: &str = "hx1.";
pub(crate) const NONCE_BYTES: usize = 24;

/// Whether `stored` is a sealed value (rather than one written in clear before sealing).
pub fn is_sealed(stored: &str) -> bool {
    parse(stored).is_some()
}

/// The data key a sealed value was written under.
pub fn key_id_of(stored: &str) -> Option<i32> {
    parse(stored).map(|(id, _)| id)
}

pub(crate) fn parse(stored: &str) -> Option<(i32, &str)> {
    let rest = stored.strip_prefix(PREFIX)?;
    let (id, body) = rest.split_once('.')?;
    Some((id.parse().ok()?, body))
}

pub(crate) fn encode(key_id: i32, nonce: &[u8], ciphertext: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(nonce.len() + ciphertext.len());
    bytes.extend_from_slice(nonce);
    bytes.extend_from_slice(ciphertext);
    format!("{PREFIX}{key_id}.{}", STANDARD_NO_PAD.encode(bytes))
}

/// Nonce and ciphertext of a body, or `None` when it is not one.
pub(crate) fn decode(body: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut bytes = STANDARD_NO_PAD.decode(body).ok()?;
    if bytes.len() < NONCE_BYTES {
        return None;
    }
    let ciphertext = bytes.split_off(NONCE_BYTES);
    Some((bytes, ciphertext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_parse_back() {
        let stored = encode(7, &[1; NONCE_BYTES], b"abc");
        assert!(stored.starts_with("hx1.7."));
        assert_eq!(key_id_of(&stored), Some(7));
        let (id, body) = parse(&stored).unwrap_or_default();
        assert_eq!(id, 7);
        assert_eq!(decode(body), Some((vec![1; NONCE_BYTES], b"abc".to_vec())));
        for clear in ["Nguyễn Văn A", "hx1.", "hx1.x.AAAA", "hx1.7"] {
            assert!(!is_sealed(clear), "{clear}");
        }
    }
}
