//! The key ring a server seals and opens with.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use hotline_store::queries::search_terms::TermKey;

use crate::envelope::{self, NONCE_BYTES};
use crate::keys::{DATA, INDEX};
use crate::{DataKey, Field, MasterKey, StoredKey, VaultError, VaultResult};

/// Reads every stored key again: a key added by another process (`keys reencrypt`) is found
/// the first time a value sealed under it is met.
pub type KeySource = Arc<dyn Fn() -> Result<Vec<StoredKey>, String> + Send + Sync>;

#[derive(Default)]
struct Ring {
    data: HashMap<i32, DataKey>,
    /// The newest data key: new values are sealed under it.
    active: i32,
}

pub struct Vault {
    master: MasterKey,
    ring: RwLock<Ring>,
    terms: TermKey,
    source: Option<KeySource>,
    /// Values written before sealing began may still be read in clear until they are moved.
    clear_allowed: AtomicBool,
    opened: AtomicU64,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

fn aad(field: Field, row_id: &str) -> Vec<u8> {
    let mut aad = field.column().as_bytes().to_vec();
    aad.push(0);
    aad.extend_from_slice(row_id.as_bytes());
    aad
}

impl Vault {
    /// The keys a new database starts with, wrapped under `master`: data key 1 and the
    /// search index's key.
    pub fn first_keys(master: &MasterKey, index_key: &[u8]) -> Vec<StoredKey> {
        vec![
            StoredKey {
                id: 0,
                purpose: INDEX.into(),
                wrapped: master.wrap(0, INDEX, index_key).0,
            },
            Self::new_data_key(master, 1),
        ]
    }

    /// A new random data key with id `id`, wrapped under `master`.
    pub fn new_data_key(master: &MasterKey, id: i32) -> StoredKey {
        StoredKey {
            id,
            purpose: DATA.into(),
            wrapped: master.wrap(id, DATA, DataKey::random().bytes()).0,
        }
    }

    /// `stored` re-wrapped under `to` (a new master key), or the first that `from` does
    /// not open.
    pub fn rewrap(
        from: &MasterKey,
        to: &MasterKey,
        stored: &[StoredKey],
    ) -> VaultResult<Vec<StoredKey>> {
        stored
            .iter()
            .map(|k| {
                let key = from.unwrap_key(k.id, &k.purpose, &k.wrapped)?;
                Ok(StoredKey {
                    id: k.id,
                    purpose: k.purpose.clone(),
                    wrapped: to.wrap(k.id, &k.purpose, &key).0,
                })
            })
            .collect()
    }

    /// A vault with fresh random keys kept nowhere: for tests and tools whose sealed values
    /// are never read back after the process ends.
    pub fn throwaway() -> Self {
        let mut ring = Ring::default();
        ring.data.insert(1, DataKey::random());
        ring.active = 1;
        let index_key = DataKey::random().bytes().to_vec();
        Vault {
            master: MasterKey(rand::random()),
            ring: RwLock::new(ring),
            terms: TermKey::new(index_key),
            source: None,
            clear_allowed: AtomicBool::new(false),
            opened: AtomicU64::new(0),
        }
    }

    /// The ring of `stored`, which must hold the index key and a data key, each opened by
    /// `master`.
    pub fn new(
        master: MasterKey,
        stored: &[StoredKey],
        source: Option<KeySource>,
    ) -> VaultResult<Self> {
        let index = stored
            .iter()
            .find(|k| k.purpose == INDEX)
            .ok_or(VaultError::UnknownKey(0))?;
        let index_key = master.unwrap_key(index.id, INDEX, &index.wrapped)?;
        let ring = Self::ring_of(&master, stored)?;
        if ring.data.is_empty() {
            return Err(VaultError::UnknownKey(1));
        }
        Ok(Vault {
            master,
            ring: RwLock::new(ring),
            terms: TermKey::new(index_key),
            source,
            clear_allowed: AtomicBool::new(false),
            opened: AtomicU64::new(0),
        })
    }

    fn ring_of(master: &MasterKey, stored: &[StoredKey]) -> VaultResult<Ring> {
        let mut ring = Ring::default();
        for key in stored.iter().filter(|k| k.purpose == DATA) {
            let bytes = master.unwrap_key(key.id, DATA, &key.wrapped)?;
            ring.data
                .insert(key.id, DataKey::from_slice(key.id, &bytes)?);
            ring.active = ring.active.max(key.id);
        }
        Ok(ring)
    }

    /// Read the stored keys again (a new data key becomes the one new values are sealed
    /// under). Returns the active key's id.
    pub fn refresh(&self) -> VaultResult<i32> {
        let Some(source) = &self.source else {
            return Ok(self.active_key());
        };
        let stored = source().map_err(VaultError::Source)?;
        let ring = Self::ring_of(&self.master, &stored)?;
        let active = ring.active;
        if let Ok(mut current) = self.ring.write() {
            *current = ring;
        }
        Ok(active)
    }

    /// The data key new values are sealed under.
    pub fn active_key(&self) -> i32 {
        self.ring.read().map(|r| r.active).unwrap_or_default()
    }

    /// The search index's and the duplicate check's keyed hashes.
    pub fn terms(&self) -> &TermKey {
        &self.terms
    }

    /// Let values stored in clear be read (while they are being moved to sealed values).
    pub fn allow_clear(&self, allowed: bool) {
        self.clear_allowed.store(allowed, Ordering::SeqCst);
    }

    /// How many values were opened since start: what a test reads to see that a refused
    /// read never decrypted anything.
    pub fn opened(&self) -> u64 {
        self.opened.load(Ordering::Relaxed)
    }

    /// `plain` sealed for `field` of row `row_id`, under the active data key. A ring that
    /// cannot say which key that is fails closed: nothing is sealed under a stand-in key.
    pub fn seal(&self, field: Field, row_id: &str, plain: &str) -> VaultResult<String> {
        let (id, key) = {
            let ring = self
                .ring
                .read()
                .map_err(|_| VaultError::Unusable("its lock is poisoned"))?;
            let key = ring
                .data
                .get(&ring.active)
                .cloned()
                .ok_or(VaultError::Unusable("it holds no active data key"))?;
            (ring.active, key)
        };
        let cipher = XChaCha20Poly1305::new(&key.0.into());
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let aad = aad(field, row_id);
        let ciphertext = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Unusable("encryption failed"))?;
        Ok(envelope::encode(id, &nonce, &ciphertext))
    }

    pub fn seal_opt(
        &self,
        field: Field,
        row_id: &str,
        plain: Option<&str>,
    ) -> VaultResult<Option<String>> {
        plain.map(|p| self.seal(field, row_id, p)).transpose()
    }

    fn key(&self, id: i32) -> VaultResult<DataKey> {
        let known = self.ring.read().ok().and_then(|r| r.data.get(&id).cloned());
        if let Some(key) = known {
            return Ok(key);
        }
        self.refresh()?;
        self.ring
            .read()
            .ok()
            .and_then(|r| r.data.get(&id).cloned())
            .ok_or(VaultError::UnknownKey(id))
    }

    /// The value `stored` holds for `field` of row `row_id`.
    pub fn open(&self, field: Field, row_id: &str, stored: &str) -> VaultResult<String> {
        let Some((id, body)) = envelope::parse(stored) else {
            if self.clear_allowed.load(Ordering::SeqCst) {
                return Ok(stored.to_owned());
            }
            return Err(VaultError::Clear {
                column: field.column(),
            });
        };
        let tampered = || VaultError::Tampered {
            column: field.column(),
        };
        let (nonce, ciphertext) = envelope::decode(body).ok_or_else(tampered)?;
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| tampered())?;
        let key = self.key(id)?;
        let cipher = XChaCha20Poly1305::new(&key.0.into());
        let aad = aad(field, row_id);
        let plain = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| tampered())?;
        self.opened.fetch_add(1, Ordering::Relaxed);
        String::from_utf8(plain).map_err(|_| tampered())
    }

    pub fn open_opt(
        &self,
        field: Field,
        row_id: &str,
        stored: Option<&str>,
    ) -> VaultResult<Option<String>> {
        stored.map(|s| self.open(field, row_id, s)).transpose()
    }

    /// `stored` sealed again under the active key, or `None` when it already is.
    pub fn reseal(&self, field: Field, row_id: &str, stored: &str) -> VaultResult<Option<String>> {
        if envelope::key_id_of(stored) == Some(self.active_key()) {
            return Ok(None);
        }
        let plain = self.open(field, row_id, stored)?;
        self.seal(field, row_id, &plain).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn master() -> MasterKey {
        MasterKey::from_secret(&[9; 32]).unwrap()
    }

    #[test]
    fn a_value_opens_only_in_its_row_and_column() {
        let keys = Vault::first_keys(&master(), &[1; 32]);
        let vault = Vault::new(master(), &keys, None).unwrap();
        let sealed = vault
            .seal(Field::ChildName, "row-1", "Nguyễn Văn A")
            .unwrap();
        assert!(!sealed.contains("Nguy"));
        assert_ne!(
            sealed,
            vault
                .seal(Field::ChildName, "row-1", "Nguyễn Văn A")
                .unwrap(),
            "fresh nonce"
        );
        assert_eq!(
            vault.open(Field::ChildName, "row-1", &sealed).unwrap(),
            "Nguyễn Văn A"
        );
        assert_eq!(vault.opened(), 1);
        assert!(matches!(
            vault.open(Field::ChildName, "row-2", &sealed),
            Err(VaultError::Tampered { .. })
        ));
        assert!(vault.open(Field::InformantName, "row-1", &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == 'A' { 'B' } else { 'A' });
        assert!(vault.open(Field::ChildName, "row-1", &flipped).is_err());
        assert_eq!(vault.opened(), 1, "failures open nothing");
    }

    #[test]
    fn clear_values_are_read_only_while_allowed() {
        let keys = Vault::first_keys(&master(), &[1; 32]);
        let vault = Vault::new(master(), &keys, None).unwrap();
        assert!(matches!(
            vault.open(Field::Narrative, "r", "in clear"),
            Err(VaultError::Clear { .. })
        ));
        vault.allow_clear(true);
        assert_eq!(
            vault.open(Field::Narrative, "r", "in clear").unwrap(),
            "in clear"
        );
    }

    #[test]
    fn a_new_data_key_is_found_and_used_after_a_refresh() {
        let stored = Arc::new(Mutex::new(Vault::first_keys(&master(), &[1; 32])));
        let source: KeySource = {
            let stored = stored.clone();
            Arc::new(move || Ok(stored.lock().unwrap().clone()))
        };
        let first = stored.lock().unwrap().clone();
        let reader = Vault::new(master(), &first, Some(source)).unwrap();
        let writer = Vault::new(master(), &first, None).unwrap();
        let old = writer.seal(Field::StepNote, "s", "ghi chú").unwrap();
        stored
            .lock()
            .unwrap()
            .push(Vault::new_data_key(&master(), 2));
        let second = stored.lock().unwrap().clone();
        let writer = Vault::new(master(), &second, None).unwrap();
        assert_eq!(writer.active_key(), 2);
        let moved = writer.reseal(Field::StepNote, "s", &old).unwrap().unwrap();
        assert_eq!(crate::key_id_of(&moved), Some(2));
        assert_eq!(writer.reseal(Field::StepNote, "s", &moved).unwrap(), None);
        // The reader has only key 1: it finds key 2 when it meets it.
        assert_eq!(reader.active_key(), 1);
        assert_eq!(
            reader.open(Field::StepNote, "s", &moved).unwrap(),
            "ghi chú"
        );
        assert_eq!(reader.active_key(), 2);
    }

    #[test]
    fn a_poisoned_ring_seals_nothing() {
        let keys = Vault::first_keys(&master(), &[1; 32]);
        let vault = Arc::new(Vault::new(master(), &keys, None).unwrap());
        let holder = vault.clone();
        let _ = std::thread::spawn(move || {
            let _guard = holder.ring.write().unwrap();
            panic!("a panic while the ring is held poisons its lock");
        })
        .join();
        assert!(vault.ring.is_poisoned());
        assert!(matches!(
            vault.seal(Field::Narrative, "r", "kể lại"),
            Err(VaultError::Unusable(_))
        ));
        assert!(matches!(
            vault.seal_opt(Field::Narrative, "r", Some("kể lại")),
            Err(VaultError::Unusable(_))
        ));
    }

    #[test]
    fn a_ring_without_its_active_key_seals_nothing() {
        let vault = Vault::throwaway();
        vault.ring.write().unwrap().active = 7;
        assert!(matches!(
            vault.seal(Field::StepNote, "s", "ghi chú"),
            Err(VaultError::Unusable(_))
        ));
    }

    #[test]
    fn rewrapped_keys_open_with_the_new_master_only() {
        let new = MasterKey::from_secret(&[10; 32]).unwrap();
        let keys = Vault::first_keys(&master(), &[1; 32]);
        let vault = Vault::new(master(), &keys, None).unwrap();
        let sealed = vault.seal(Field::Narrative, "r", "kể lại").unwrap();
        let rewrapped = Vault::rewrap(&master(), &new, &keys).unwrap();
        assert!(Vault::new(master(), &rewrapped, None).is_err());
        let after = Vault::new(new, &rewrapped, None).unwrap();
        assert_eq!(
            after.open(Field::Narrative, "r", &sealed).unwrap(),
            "kể lại"
        );
        assert_eq!(after.terms().bytes(), &[1; 32]);
    }
}
