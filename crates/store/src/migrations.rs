//! Migrations, embedded in the binary and applied by `hotline migrate` and at `serve` start.
//!
//! A server that connects as a role without DDL rights (see docs/OPERATING.md, "PostgreSQL roles")
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

/// What the server's own role may do on PostgreSQL, granted by the tables' owner after it has
/// migrated (`hotline grant-app`): read and write the data, but never change or remove an
/// audit entry, a seal or the audit index, nor the record of migrations. As it owns nothing,
/// it cannot disable the triggers that refuse those changes either.
pub const APP_ROLE_GRANTS: &str = "
    GRANT USAGE ON SCHEMA public TO {role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_seals, audit_entry_cases FROM {role};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON __diesel_schema_migrations FROM {role};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
";

/// Grant `role` what the server needs ([`APP_ROLE_GRANTS`]); run as the tables' owner, after
/// the migrations. PostgreSQL only (SQLite has no roles).
pub fn grant_app_role(conn: &mut DbConnection, role: &str) -> StoreResult<()> {
    use diesel::connection::SimpleConnection;
    let valid = !role.is_empty()
        && role.len() <= 63
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && role.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    if !valid {
        return Err(StoreError::BadUrl(format!(
            "role `{role}`: lower-case letters, digits and '_' only"
        )));
    }
    match conn {
        DbConnection::Pg(pg) => Ok(pg.batch_execute(&APP_ROLE_GRANTS.replace("{role}", role))?),
        DbConnection::Sqlite(_) => Err(StoreError::BadUrl(
            "roles are a PostgreSQL matter: SQLite has none".into(),
        )),
    }
}
