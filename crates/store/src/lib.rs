//! Storage for the hotline: one connection type over PostgreSQL and SQLite (diesel
//! `MultiConnection`), its pool, the embedded migrations and every query.

pub mod backup;
pub mod connection;
pub mod error;
pub mod migrations;
pub mod models;
pub mod queries;
pub mod schema;
pub mod url;
pub mod wal;

pub use connection::{
    build_pool, each_claimed, read_transaction, refresh_planner_statistics, write_transaction,
    DbConnection, MultiBackend, Pool, PoolOptions, PooledConnection,
};
pub use error::{StoreError, StoreResult};
pub use url::{DatabaseUrl, SqliteKey};

/// So that crates above the store convert diesel errors without depending on diesel.
pub use diesel::result::Error as DieselError;
