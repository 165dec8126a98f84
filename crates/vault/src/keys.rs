//! The master key and the keys it wraps. The master key comes from the environment or a key
//! file and is never stored in the database; what is stored is each data key (and the search
//! index's key) encrypted under a key derived from it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

use crate::envelope::{self, NONCE_BYTES};
use crate::{VaultError, VaultResult};

/// A master key must hold at least this many bytes (as given: a passphrase or hex).
pub const MIN_MASTER_KEY_BYTES: usize = 32;

/// What a stored key is for.
pub(crate) const DATA: &str = "data";
pub(crate) const INDEX: &str = "index";

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key) {
        mac.update(data);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// The key that wraps the stored keys, derived from the configured secret.
#[derive(Clone)]
pub struct MasterKey(pub(crate) [u8; 32]);

impl Drop for MasterKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    pub fn from_secret(secret: &[u8]) -> VaultResult<Self> {
        if secret.len() < MIN_MASTER_KEY_BYTES {
            return Err(VaultError::ShortMasterKey(MIN_MASTER_KEY_BYTES));
        }
        Ok(MasterKey(hmac(secret, b"hotline master key v1")))
    }

    /// The search index key a new database starts with: derived, so that it needs no
    /// randomness, and stored wrapped like the data keys, so that a new master key does not
    /// change it (the index would otherwise have to be rebuilt).
    pub fn derive_index_key(&self) -> Vec<u8> {
        hmac(&self.0, b"hotline blind index v1").to_vec()
    }

    fn aad(id: i32, purpose: &str) -> Vec<u8> {
        format!("hotline stored key {id} {purpose}").into_bytes()
    }

    /// `key` encrypted under this master key, bound to its id and purpose.
    pub fn wrap(&self, id: i32, purpose: &str, key: &[u8]) -> WrappedKey {
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let aad = Self::aad(id, purpose);
        // Encryption into a Vec only fails past the cipher's length limit (256 GiB).
        let ciphertext = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: key,
                    aad: &aad,
                },
            )
            .unwrap_or_default();
        WrappedKey(envelope::encode(0, &nonce, &ciphertext))
    }

    /// The key `wrapped` holds, or [`VaultError::WrongMasterKey`].
    pub fn unwrap_key(&self, id: i32, purpose: &str, wrapped: &str) -> VaultResult<Vec<u8>> {
        let (_, body) = envelope::parse(wrapped).ok_or(VaultError::WrongMasterKey(id))?;
        let (nonce, ciphertext) = envelope::decode(body).ok_or(VaultError::WrongMasterKey(id))?;
        let cipher = XChaCha20Poly1305::new(&self.0.into());
        let nonce: [u8; NONCE_BYTES] = nonce
            .try_into()
            .map_err(|_| VaultError::WrongMasterKey(id))?;
        let aad = Self::aad(id, purpose);
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::WrongMasterKey(id))
    }
}

/// A stored key, as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey(pub String);

/// A row of the stored keys.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub id: i32,
    /// `data` or `index`.
    pub purpose: String,
    pub wrapped: String,
}

/// A key values are sealed under.
#[derive(Clone)]
pub struct DataKey(pub(crate) [u8; 32]);

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl DataKey {
    pub fn random() -> Self {
        DataKey(rand::random())
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn from_slice(id: i32, bytes: &[u8]) -> VaultResult<Self> {
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| VaultError::WrongMasterKey(id))?;
        Ok(DataKey(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_key_opens_only_with_its_master_id_and_purpose() {
        let master = MasterKey::from_secret(&[7; 32]).unwrap();
        let other = MasterKey::from_secret(&[8; 32]).unwrap();
        let key = DataKey::random();
        let wrapped = master.wrap(3, DATA, key.bytes());
        assert_eq!(master.unwrap_key(3, DATA, &wrapped.0).unwrap(), key.bytes());
        assert!(matches!(
            other.unwrap_key(3, DATA, &wrapped.0),
            Err(VaultError::WrongMasterKey(3))
        ));
        assert!(
            master.unwrap_key(4, DATA, &wrapped.0).is_err(),
            "another id"
        );
        assert!(
            master.unwrap_key(3, INDEX, &wrapped.0).is_err(),
            "another purpose"
        );
        assert!(master.unwrap_key(3, DATA, "garbage").is_err());
    }

    #[test]
    fn a_short_secret_is_refused() {
        assert!(matches!(
            MasterKey::from_secret(b"short"),
            Err(VaultError::ShortMasterKey(32))
        ));
        assert_ne!(
            MasterKey::from_secret(&[1; 32]).unwrap().derive_index_key(),
            MasterKey::from_secret(&[2; 32]).unwrap().derive_index_key()
        );
    }
}
