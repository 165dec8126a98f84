//! The hash chain. Each entry has a digest: SHA-256 of every field, each length-prefixed so
//! that no two different entries encode alike. A seal's hash covers the previous seal's hash,
//! the digests of its entries in seq order, and their count, and is keyed: HMAC-SHA256 under
//! a key the database never holds, so that whoever can write the database cannot forge a
//! chain over entries of their own. (Seals written before keys were used are plain SHA-256;
//! verify accepts them only before the first keyed seal.)

use hmac::{Hmac, KeyInit, Mac};
use hotline_store::models::AuditEntryRow;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const BATCH_DOMAIN: &[u8] = b"hotline-audit-v2";

/// SHA-256 of one entry's fields.
pub fn entry_digest(e: &AuditEntryRow) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(e.seq.to_be_bytes());
    h.update(e.at.and_utc().timestamp_micros().to_be_bytes());
    text(&mut h, e.actor_id.as_deref());
    text(&mut h, e.actor.as_deref());
    text(&mut h, e.role.as_deref());
    text(&mut h, Some(&e.action));
    text(&mut h, e.entity.as_deref());
    text(&mut h, e.entity_id.as_deref());
    number(&mut h, e.province_code);
    number(&mut h, e.commune_code);
    text(&mut h, e.ip.as_deref());
    text(&mut h, Some(&e.detail));
    h.finalize().into()
}

/// The key seals are made with, derived from the server's signing key.
#[derive(Clone)]
pub struct SealKey(Vec<u8>);

impl SealKey {
    /// The seal key that goes with a server's signing key (every instance derives the same).
    pub fn derive(signing_key: &[u8]) -> SealKey {
        SealKey(crate::query::derive_key(
            signing_key,
            "hotline audit seals v1",
        ))
    }
}

impl SealKey {
    /// A MAC of `data` under the seal key, hex-encoded.
    pub(crate) fn mac(&self, data: &[u8]) -> String {
        match <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) {
            Ok(mut mac) => {
                mac.update(data);
                hex::encode(mac.finalize().into_bytes())
            }
            // HMAC takes a key of any length: this arm is never taken.
            Err(_) => String::new(),
        }
    }
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(..)")
    }
}

/// How much of each entry digest a seal keeps to locate a changed entry.
pub const LOCATOR_BYTES: usize = 8;

pub struct BatchHasher {
    hasher: Sha256,
    count: i64,
    locators: String,
}

impl BatchHasher {
    pub fn new(prev_hash: &str) -> BatchHasher {
        let mut hasher = Sha256::new();
        hasher.update(BATCH_DOMAIN);
        hasher.update(prev_hash.as_bytes());
        BatchHasher {
            hasher,
            count: 0,
            locators: String::new(),
        }
    }

    pub fn add(&mut self, e: &AuditEntryRow) {
        self.add_digest(&entry_digest(e));
    }

    pub fn add_digest(&mut self, digest: &[u8]) {
        self.hasher.update(digest);
        self.locators
            .push_str(&hex::encode(&digest[..LOCATOR_BYTES.min(digest.len())]));
        self.count += 1;
    }

    /// The locators of the entries added so far (see `audit_seals.entry_digests`).
    pub fn locators(&self) -> &str {
        &self.locators
    }

    pub fn count(&self) -> i64 {
        self.count
    }

    /// The seal's hash: keyed (HMAC over the batch's digest) with `key`, plain without.
    pub fn finish(self, key: Option<&SealKey>) -> String {
        let mut h = self.hasher;
        h.update(self.count.to_be_bytes());
        let digest = h.finalize();
        match key.and_then(|k| <Hmac<Sha256> as KeyInit>::new_from_slice(&k.0).ok()) {
            Some(mut mac) => {
                mac.update(&digest);
                hex::encode(mac.finalize().into_bytes())
            }
            None => hex::encode(digest),
        }
    }
}

fn text(h: &mut Sha256, value: Option<&str>) {
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_be_bytes());
            h.update(v.as_bytes());
        }
    }
}

fn number(h: &mut Sha256, value: Option<i32>) {
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update(v.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn entry(seq: i64, actor: Option<&str>, entity_id: Option<&str>) -> AuditEntryRow {
        AuditEntryRow {
            seq,
            at: DateTime::from_timestamp(1_800_000_000, 0)
                .unwrap_or_default()
                .naive_utc(),
            actor_id: None,
            actor: actor.map(str::to_owned),
            role: None,
            action: "case.read".into(),
            entity: Some("case".into()),
            entity_id: entity_id.map(str::to_owned),
            province_code: Some(46),
            commune_code: None,
            ip: None,
            detail: "{}".into(),
        }
    }

    fn hash(entries: &[AuditEntryRow]) -> String {
        let mut h = BatchHasher::new(GENESIS);
        entries.iter().for_each(|e| h.add(e));
        h.finish(None)
    }

    #[test]
    fn a_keyed_seal_cannot_be_made_without_the_key() {
        let entries = [entry(1, Some("a"), Some("x"))];
        let keyed = |key: &SealKey| {
            let mut h = BatchHasher::new(GENESIS);
            entries.iter().for_each(|e| h.add(e));
            h.finish(Some(key))
        };
        let key = SealKey::derive(b"the server's signing key, 32 bytes");
        let other = SealKey::derive(b"another signing key of 32 bytes!!");
        assert_eq!(keyed(&key), keyed(&key));
        assert_ne!(keyed(&key), keyed(&other));
        assert_ne!(keyed(&key), hash(&entries), "keyed and plain never agree");
    }

    #[test]
    fn any_change_changes_the_hash() {
        let base = hash(&[
            entry(1, Some("a"), Some("x")),
            entry(2, Some("b"), Some("y")),
        ]);
        assert_eq!(
            base,
            hash(&[
                entry(1, Some("a"), Some("x")),
                entry(2, Some("b"), Some("y"))
            ])
        );
        assert_ne!(
            base,
            hash(&[
                entry(1, Some("a"), Some("x")),
                entry(2, Some("c"), Some("y"))
            ]),
            "edit"
        );
        assert_ne!(base, hash(&[entry(1, Some("a"), Some("x"))]), "delete");
        assert_ne!(
            base,
            hash(&[
                entry(2, Some("b"), Some("y")),
                entry(1, Some("a"), Some("x"))
            ]),
            "reorder"
        );
        // Moving text between fields must not collide.
        assert_ne!(
            hash(&[entry(1, Some("ab"), None)]),
            hash(&[entry(1, Some("a"), Some("b"))])
        );
        assert_ne!(
            hash(&[entry(1, None, Some("x"))]),
            hash(&[entry(1, Some(""), Some("x"))])
        );
    }
}
