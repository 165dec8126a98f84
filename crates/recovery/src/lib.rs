//! The keys' recovery kit: the master key and the signing keys, split by Shamir's scheme so
//! that any two of three named officials' shares recover them and one share alone tells
//! nothing, each share printed on paper with a checksum on every line.
//!
//! The keys are kept apart from the database by design: a backup without them is sealed
//! noise, and a backup kept beside them protects nothing. The kit is what lets a province
//! that has lost its server (and the key files with it) open its backups again.
//!
//! * [`KeySet`]: what is kept: the keys as the service reads them.
//! * [`split`] and [`join`]: the shares, and the keys again from any two.
//! * [`paper`]: a share as printed text, and read back (typed in from paper, or scanned).

pub mod paper;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;
use vsss_rs::Gf256;
use zeroize::Zeroize;

/// Shares in a kit, and how many recover it.
pub const SHARES: usize = 3;
pub const NEEDED: usize = 2;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RecoveryError {
    #[error("a kit needs {SHARES} holders, each named (got {0})")]
    Holders(usize),
    #[error("{0}")]
    Paper(String),
    #[error("the shares are of different kits ({0} and {1})")]
    MixedKits(String, String),
    #[error("share {0} was given twice: {NEEDED} different shares are needed")]
    SameShare(u8),
    #[error("{NEEDED} shares are needed, {0} given")]
    TooFew(usize),
    #[error("the shares do not join into the kit's keys: one of them is not as printed")]
    Mismatch,
    #[error("splitting: {0}")]
    Split(String),
}

/// The keys a kit keeps, as the service reads them (the text of their files or variables).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySet {
    /// The master key, which unwraps the data keys every personal field is sealed under.
    pub master: String,
    /// The key tokens and the audit log's seals are signed with.
    pub signing: String,
    /// The key repeat contacts are hashed under, when it is not derived from the signing key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// SQLCipher's key, when the database file itself is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}

impl Drop for KeySet {
    fn drop(&mut self) {
        self.master.zeroize();
        self.signing.zeroize();
        self.contact.zeroize();
        self.database.zeroize();
    }
}

/// One share of a kit: which kit (the first 4 bytes of the keys' SHA-256, in hex, so that a
/// join can tell it got the kit back), its number, its holder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub kit: String,
    pub number: u8,
    pub holder: String,
    pub made: String,
    pub bytes: Vec<u8>,
}

/// Split `keys` into one share for each of the three `holders`, any two of which recover
/// them. `made` is the date printed on each.
pub fn split(keys: &KeySet, holders: &[String], made: &str) -> Result<Vec<Share>, RecoveryError> {
    let named = holders.iter().filter(|h| !h.trim().is_empty()).count();
    if holders.len() != SHARES || named != SHARES {
        return Err(RecoveryError::Holders(named));
    }
    let mut secret = serde_json::to_vec(keys).map_err(|e| RecoveryError::Split(e.to_string()))?;
    let kit = fingerprint(&secret);
    let split = Gf256::split_bytes(NEEDED, SHARES, &secret, rand10::rng())
        .map_err(|e| RecoveryError::Split(format!("{e:?}")));
    secret.zeroize();
    let shares = split?
        .into_iter()
        .zip(holders)
        .map(|(bytes, holder)| Share {
            kit: kit.clone(),
            number: bytes.first().copied().unwrap_or_default(),
            holder: holder.trim().to_owned(),
            made: made.to_owned(),
            bytes,
        })
        .collect();
    Ok(shares)
}

/// The keys again from `shares`: at least two different shares of one kit.
pub fn join(shares: &[Share]) -> Result<KeySet, RecoveryError> {
    let Some(first) = shares.first() else {
        return Err(RecoveryError::TooFew(0));
    };
    if let Some(other) = shares.iter().find(|s| s.kit != first.kit) {
        return Err(RecoveryError::MixedKits(
            first.kit.clone(),
            other.kit.clone(),
        ));
    }
    let mut numbers: Vec<u8> = shares.iter().map(|s| s.number).collect();
    numbers.sort_unstable();
    if let Some(twice) = numbers.windows(2).find(|w| w[0] == w[1]) {
        return Err(RecoveryError::SameShare(twice[0]));
    }
    if shares.len() < NEEDED {
        return Err(RecoveryError::TooFew(shares.len()));
    }
    let bytes: Vec<Vec<u8>> = shares.iter().map(|s| s.bytes.clone()).collect();
    let mut secret = Gf256::combine_bytes(&bytes).map_err(|_| RecoveryError::Mismatch)?;
    let matches = fingerprint(&secret) == first.kit;
    let keys = serde_json::from_slice::<KeySet>(&secret).map_err(|_| RecoveryError::Mismatch);
    secret.zeroize();
    match (matches, keys) {
        (true, Ok(keys)) => Ok(keys),
        _ => Err(RecoveryError::Mismatch),
    }
}

fn fingerprint(secret: &[u8]) -> String {
    hex::encode(&Sha256::digest(secret)[..4])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> KeySet {
        KeySet {
            master: "m".repeat(64),
            signing: "s".repeat(64),
            contact: None,
            database: Some("d".repeat(32)),
        }
    }

    fn holders() -> Vec<String> {
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn any_two_shares_recover_the_keys_and_one_does_not() {
        let shares = split(&keys(), &holders(), "2026-12-07").unwrap();
        assert_eq!(shares.len(), 3);
        assert_eq!(shares[1].holder, "Trần Thị Bình");
        for pair in [[0, 1], [0, 2], [1, 2], [2, 0]] {
            let two = [shares[pair[0]].clone(), shares[pair[1]].clone()];
            assert_eq!(join(&two).unwrap(), keys(), "{pair:?}");
        }
        assert_eq!(join(&shares[..1]), Err(RecoveryError::TooFew(1)));
        assert_eq!(
            join(&[shares[0].clone(), shares[0].clone()]),
            Err(RecoveryError::SameShare(shares[0].number))
        );
        // One share alone holds none of the keys' text.
        let alone = String::from_utf8_lossy(&shares[0].bytes).to_string();
        assert!(
            !alone.contains("mmmm") && !alone.contains("ssss"),
            "{alone}"
        );
    }

    #[test]
    fn a_share_changed_or_of_another_kit_is_refused() {
        let shares = split(&keys(), &holders(), "2026-12-07").unwrap();
        let mut changed = shares[1].clone();
        changed.bytes[5] ^= 0x01;
        assert_eq!(
            join(&[shares[0].clone(), changed]),
            Err(RecoveryError::Mismatch)
        );
        let mut another = keys();
        another.master = "x".repeat(64);
        let other = split(&another, &holders(), "2026-12-07").unwrap();
        assert!(matches!(
            join(&[shares[0].clone(), other[1].clone()]),
            Err(RecoveryError::MixedKits(_, _))
        ));
        let two = holders()[..2].to_vec();
        assert_eq!(split(&keys(), &two, "x"), Err(RecoveryError::Holders(2)));
    }
}
