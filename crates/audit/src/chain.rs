//! The hash chain. Each entry has a digest: SHA-256 of every field, each length-prefixed so
//! that no two different entries encode alike. A seal's hash covers the previous seal's hash,
//! the digests of its entries in seq order, and their count.

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

    pub fn finish(self) -> String {
        let mut h = self.hasher;
        h.update(self.count.to_be_bytes());
        hex::encode(h.finalize())
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
        h.finish()
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
