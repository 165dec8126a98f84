//! Migrations, embedded in the binary and applied by `hotline migrate` and at `serve` start.
//!
//! A server that connects as a role without DDL rights (see README, "PostgreSQL roles")
//! must still start when nothing is pending, so what is applied is read with a plain SELECT
//! and the migration harness, which creates its table first, runs only when needed.

use std::collections::HashSet;

use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::{DbConnection, StoreError, StoreResult};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

diesel::table! {
    __diesel_schema_migrations (version) {
        version -> Text,
    }
}

fn embedded_versions(conn: &DbConnection) -> StoreResult<Vec<String>> {
    let source = match conn {
        DbConnection::Pg(_) => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES),
        DbConnection::Sqlite(_) => {
            return MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE)
                .map(|m| m.iter().map(|m| m.name().version().to_string()).collect())
                .map_err(|e| StoreError::Migration(e.to_string()))
        }
    };
    source
        .map(|m| m.iter().map(|m| m.name().version().to_string()).collect())
        .map_err(|e| StoreError::Migration(e.to_string()))
}

/// The embedded migrations not yet applied, read without any DDL.
pub fn pending(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    let applied: HashSet<String> = match __diesel_schema_migrations::table
        .select(__diesel_schema_migrations::version)
        .load::<String>(conn)
    {
        Ok(v) => v.into_iter().collect(),
        // No migration table yet: a fresh database, everything is pending.
        Err(_) => HashSet::new(),
    };
    Ok(embedded_versions(conn)?
        .into_iter()
        .filter(|v| !applied.contains(v))
        .collect())
}

/// Apply every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    if pending(conn)?.is_empty() {
        return Ok(Vec::new());
    }
    let applied = match conn {
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES).map(versions),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(versions),
    };
    applied.map_err(|e| {
        StoreError::Migration(format!(
            "{e} (apply them with `hotline migrate` as the database owner)"
        ))
    })
}

/// Whether every embedded migration has been applied (for `/readyz`).
pub fn all_applied(conn: &mut DbConnection) -> StoreResult<bool> {
    Ok(pending(conn)?.is_empty())
}

fn versions(v: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    v.into_iter().map(|m| m.to_string()).collect()
}
