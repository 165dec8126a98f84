//! Machine clients' secrets: 256 random bits, shown once and kept as their SHA-256 (a secret
//! that long needs no slow hash: nobody guesses it), and the client-credentials check.

use chrono::NaiveDateTime;
use hotline_store::queries::clients::{self, ClientRow, SecretRow};
use hotline_store::DbConnection;
use sha2::{Digest, Sha256};

use crate::AuthError;

/// How a secret starts, so that one found in a log or a repository is recognised.
const PREFIX: &str = "hcs_";

/// A new secret of client `client_id`: what is shown once, and the row that keeps its hash.
pub fn new_secret(client_id: &str, now: NaiveDateTime) -> (String, SecretRow) {
    let bytes: [u8; 32] = rand::random();
    let plain = format!("{PREFIX}{}", hex::encode(bytes));
    let row = SecretRow {
        id: uuid::Uuid::new_v4().to_string(),
        client_id: client_id.to_owned(),
        hash: hash_of(&plain),
        created_at: now,
        revoked_at: None,
    };
    (plain, row)
}

/// The password hash of a client's account: of 256 random bits nobody keeps, so the
/// account signs in only by the client's secret.
pub fn unknowable_password() -> Result<String, AuthError> {
    crate::password::hash(&hex::encode(rand::random::<[u8; 32]>()))
}

fn hash_of(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The client `client_id` names, if it is enabled and `secret` is one of its live secrets.
/// Every refusal is the same: no such client, disabled, a wrong or revoked secret.
pub fn authenticate(
    conn: &mut DbConnection,
    client_id: &str,
    secret: &str,
) -> Result<ClientRow, AuthError> {
    let id = uuid::Uuid::parse_str(client_id).map_err(|_| AuthError::InvalidCredentials)?;
    let client = clients::find(conn, &id.to_string())?
        .filter(|c| c.disabled_at.is_none())
        .ok_or(AuthError::InvalidCredentials)?;
    let sent = hash_of(secret);
    let matches = clients::live_secrets(conn, &client.id)?
        .iter()
        .any(|s| same(&s.hash, &sent));
    match matches {
        true => Ok(client),
        false => Err(AuthError::InvalidCredentials),
    }
}

/// Equal strings, compared in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_kept_only_as_its_hash() {
        let (plain, row) = new_secret("c", NaiveDateTime::default());
        assert!(plain.starts_with(PREFIX) && plain.len() == PREFIX.len() + 64);
        assert!(!row.hash.contains(&plain[PREFIX.len()..]));
        assert!(same(&row.hash, &hash_of(&plain)));
        assert!(!same(&row.hash, &hash_of("hcs_other")));
        let (again, _) = new_secret("c", NaiveDateTime::default());
        assert_ne!(plain, again);
    }
}
