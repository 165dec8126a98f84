//! Files sealed at rest, a chunk at a time. Each file has a key of its own, stored sealed
//! like any personal field (`Field::DocumentKey`, so `keys reencrypt` moves it to the newest
//! data key and `keys rotate` re-wraps what it is sealed under); destroying that one value
//! leaves the chunks unreadable. Each chunk is sealed alone (XChaCha20-Poly1305, a fresh
//! random nonce) with the file, its position and whether it is the last bound as associated
//! data, so chunks cannot be reordered, moved to another file, or cut off at the end unseen.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroize;

use crate::envelope::NONCE_BYTES;
use crate::{Field, Vault, VaultError, VaultResult};

/// How many bytes of a file each chunk holds (the last may hold fewer).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// What sealing adds to each chunk: its nonce and its tag.
pub const CHUNK_OVERHEAD: usize = NONCE_BYTES + 16;

/// The key one file's chunks are sealed under.
pub struct FileKey([u8; 32]);

impl Drop for FileKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl FileKey {
    pub fn random() -> Self {
        FileKey(rand::random())
    }

    /// This key sealed for document `id`, as the database stores it.
    pub fn sealed(&self, vault: &Vault, id: &str) -> VaultResult<String> {
        let mut hex = hex::encode(self.0);
        let sealed = vault.seal(Field::DocumentKey, id, &hex);
        hex.zeroize();
        sealed
    }

    /// The key of document `id` from its stored form.
    pub fn open(vault: &Vault, id: &str, stored: &str) -> VaultResult<Self> {
        let tampered = || VaultError::Tampered {
            column: Field::DocumentKey.column(),
        };
        let mut hex = vault.open(Field::DocumentKey, id, stored)?;
        let decoded = hex::decode(&hex).map_err(|_| tampered());
        hex.zeroize();
        let mut bytes = decoded?;
        let key: Result<[u8; 32], _> = bytes.as_slice().try_into();
        bytes.zeroize();
        key.map(FileKey).map_err(|_| tampered())
    }

    /// The sealer of document `id`'s chunks.
    pub fn chunks(&self, id: &str) -> ChunkSealer {
        ChunkSealer {
            cipher: XChaCha20Poly1305::new(&self.0.into()),
            id: id.to_owned(),
        }
    }
}

/// Seals and opens the chunks of one file.
pub struct ChunkSealer {
    cipher: XChaCha20Poly1305,
    id: String,
}

impl ChunkSealer {
    fn aad(&self, seq: u32, last: bool) -> Vec<u8> {
        let mut aad = b"hotline document chunk v1\0".to_vec();
        aad.extend_from_slice(self.id.as_bytes());
        aad.push(0);
        aad.extend_from_slice(&seq.to_be_bytes());
        aad.push(u8::from(last));
        aad
    }

    /// Chunk `seq` (from 0) of the file, `last` when no chunk follows: nonce, then
    /// ciphertext and tag.
    pub fn seal(&self, seq: u32, last: bool, plain: &[u8]) -> VaultResult<Vec<u8>> {
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let aad = self.aad(seq, last);
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| VaultError::Unusable("encryption failed"))?;
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The bytes chunk `seq` holds, if it was sealed for this file at this place.
    pub fn open(&self, seq: u32, last: bool, body: &[u8]) -> VaultResult<Vec<u8>> {
        let tampered = || VaultError::Tampered {
            column: "document_chunks.body",
        };
        if body.len() < CHUNK_OVERHEAD {
            return Err(tampered());
        }
        let (nonce, sealed) = body.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| tampered())?;
        let aad = self.aad(seq, last);
        self.cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| tampered())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_opens_only_in_its_file_at_its_place() {
        let vault = Vault::throwaway();
        let key = FileKey::random();
        let stored = key.sealed(&vault, "doc-1").unwrap();
        assert!(crate::is_sealed(&stored));
        let again = FileKey::open(&vault, "doc-1", &stored).unwrap();
        assert!(
            FileKey::open(&vault, "doc-2", &stored).is_err(),
            "another row"
        );

        let sealer = key.chunks("doc-1");
        let body = sealer.seal(0, false, b"%PDF-1.7 canary").unwrap();
        assert_eq!(body.len(), 15 + CHUNK_OVERHEAD);
        assert!(!body.windows(6).any(|w| w == b"canary"));
        assert_eq!(
            again.chunks("doc-1").open(0, false, &body).unwrap(),
            b"%PDF-1.7 canary"
        );
        assert!(sealer.open(1, false, &body).is_err(), "moved");
        assert!(sealer.open(0, true, &body).is_err(), "said to be the last");
        assert!(
            key.chunks("doc-2").open(0, false, &body).is_err(),
            "another file"
        );
        assert!(FileKey::random()
            .chunks("doc-1")
            .open(0, false, &body)
            .is_err());
        assert!(sealer.open(0, false, &body[..10]).is_err(), "cut short");
    }
}
