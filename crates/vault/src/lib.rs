//! Personal fields sealed at rest. Each value is encrypted alone (XChaCha20-Poly1305, a fresh
//! random nonce, the row id and column bound as associated data) under a data key; the data
//! keys, and the key of the search index's hashes, are stored wrapped by a master key that
//! never enters the database. A value copied to another row or column fails to open. Files
//! are sealed a chunk at a time under a key of their own, itself sealed like a value (`file`).

mod envelope;
mod error;
mod field;
mod file;
mod keyring;
mod keys;
pub mod moving;
mod vault;

pub use envelope::{is_sealed, key_id_of};
pub use error::{VaultError, VaultResult};
pub use field::Field;
pub use file::{ChunkSealer, FileKey, CHUNK_BYTES, CHUNK_OVERHEAD};
pub use keyring::{open_keyring, stored_keys};
pub use keys::{DataKey, MasterKey, StoredKey, WrappedKey, MIN_MASTER_KEY_BYTES};
pub use vault::{KeySource, Vault};

/// Rows whose free text is sealed as they are built.
pub trait SealText: Sized {
    /// The row with `text` sealed into it.
    fn sealed_text(self, vault: &Vault, text: Option<String>) -> VaultResult<Self>;
}

impl SealText for hotline_store::models::CaseEventRow {
    fn sealed_text(self, vault: &Vault, text: Option<String>) -> VaultResult<Self> {
        let stored = vault.seal_opt(Field::EventBody, &self.id, text.as_deref())?;
        Ok(self.with_stored_text(stored))
    }
}
