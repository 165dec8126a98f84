//! Tracking codes: what a member of the public keeps to ask how their report is going.
//! Twenty symbols of Crockford's base-32 alphabet (100 random bits), grouped by five;
//! only the SHA-256 of the code is stored, so the table alone leads to no report.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Crockford's alphabet: no I, L, O or U, so nothing reads as something else.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const SYMBOLS: usize = 20;
const GROUP: usize = 5;

/// A new random code, as shown: `7K2QH-M9XRD-0TB4F-ZC8WN`.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(SYMBOLS + SYMBOLS / GROUP);
    for i in 0..SYMBOLS {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    out
}

/// A code as typed back, in canonical form: upper case, without separators, with the
/// letters people confuse read as the digits they stand for. `None`: not a code.
pub fn canonical(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(SYMBOLS);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == SYMBOLS).then_some(out)
}

/// What is stored and looked up: SHA-256 of the canonical code, hex.
pub fn digest(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let code = generate();
        assert_eq!(code.len(), SYMBOLS + 3);
        let canon = canonical(&code).unwrap();
        assert_eq!(canonical(&code.to_lowercase()), Some(canon.clone()));
        assert_eq!(canonical(&code.replace('-', " ")), Some(canon.clone()));
        assert_eq!(
            canonical("o1lI0-00000-00000-00000"),
            Some("01110000000000000000".into())
        );
        assert_eq!(canonical("short"), None);
        assert_eq!(canonical("UUUUU-00000-00000-00000"), None);
        assert_eq!(canonical("ẞ0000-00000-00000-0000"), None);
    }

    #[test]
    fn codes_do_not_repeat() {
        let codes: std::collections::HashSet<String> = (0..10_000).map(|_| generate()).collect();
        assert_eq!(codes.len(), 10_000);
    }
}
