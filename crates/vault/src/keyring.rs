//! The stored keys: created on a database's first start, read on every start.

use hotline_store::queries::vault_keys;
use hotline_store::{write_transaction, DbConnection, StoreError};

use crate::{KeySource, MasterKey, StoredKey, Vault, VaultResult};

/// Every stored key, as the vault reads them.
pub fn stored_keys(conn: &mut DbConnection) -> Result<Vec<StoredKey>, StoreError> {
    Ok(vault_keys::all(conn)?
        .into_iter()
        .map(|r| StoredKey {
            id: r.id,
            purpose: r.purpose,
            wrapped: r.wrapped,
        })
        .collect())
}

/// The vault of this database under `master`. A database with no keys yet gets its first:
/// a random data key, and as the search index's key what `index_key` gives (a database
/// indexed before keys were stored keeps the key its index was written with), or when it
/// gives nothing one derived from the master key.
pub fn open_keyring(
    conn: &mut DbConnection,
    master: MasterKey,
    index_key: impl FnOnce(&mut DbConnection) -> Result<Vec<u8>, StoreError>,
    source: Option<KeySource>,
    now: chrono::NaiveDateTime,
) -> VaultResult<Vault> {
    let mut stored = stored_keys(conn)?;
    if stored.is_empty() {
        let mut index = index_key(conn)?;
        if index.is_empty() {
            index = master.derive_index_key();
        }
        let first = Vault::first_keys(&master, &index);
        let rows: Vec<_> = first
            .iter()
            .map(|k| vault_keys::row(k.id, &k.purpose, k.wrapped.clone(), now))
            .collect();
        // Two servers starting together on one new database: one insert wins, the other
        // reads the winner's keys.
        match write_transaction(conn, |conn| vault_keys::insert(conn, &rows)) {
            Ok(()) => stored = first,
            Err(e) => {
                stored = stored_keys(conn)?;
                if stored.is_empty() {
                    return Err(e.into());
                }
            }
        }
    }
    Vault::new(master, &stored, source)
}
