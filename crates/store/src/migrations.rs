//! Migrations, embedded in the binary and applied by `hotline migrate` and at `serve` start.

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::{DbConnection, StoreError, StoreResult};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Apply every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    let applied = match conn {
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES).map(versions),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(versions),
    };
    applied.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Whether every embedded migration has been applied (for `/readyz`).
pub fn all_applied(conn: &mut DbConnection) -> StoreResult<bool> {
    let pending = match conn {
        DbConnection::Pg(c) => c.has_pending_migration(POSTGRES),
        DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE),
    };
    pending
        .map(|p| !p)
        .map_err(|e| StoreError::Migration(e.to_string()))
}

fn versions(v: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    v.into_iter().map(|m| m.to_string()).collect()
}
