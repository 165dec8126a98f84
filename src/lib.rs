//! The `hotline` server: configuration, start-up (`startup`: what the server and every command
//! prepare), the background jobs (`jobs`), and the wiring of the crates into one actix-web
//! application (`app`). `main.rs` holds only the command line; the commands (`*_cli`) depend
//! on start-up only.

pub mod app;
pub mod backup_cli;
pub mod config;
pub mod import_cli;
pub mod jobs;
pub mod keys;
pub mod keys_cli;
pub mod progress_cli;
pub mod recovery_cli;
pub mod retention_cli;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod users_cli;

use thiserror::Error;

/// Why the server or a command could not start; printed as one line.
#[derive(Debug, Error)]
pub enum StartError {
    #[error("configuration error: {0}")]
    Config(String),
    #[error("database: {0}")]
    Store(#[from] hotline_store::StoreError),
    #[error("{0}")]
    Other(String),
}

impl From<hotline_audit::AuditError> for StartError {
    fn from(e: hotline_audit::AuditError) -> Self {
        StartError::Other(e.to_string())
    }
}

/// Record in the audit log what a command-line tool did, as the system's `cli` actor.
pub fn audit_cli(
    conn: &mut hotline_store::DbConnection,
    entry: hotline_audit::Entry,
) -> Result<(), StartError> {
    let cli = hotline_audit::Actor::system("cli");
    Ok(hotline_audit::append(
        conn,
        &cli,
        entry,
        chrono::Utc::now(),
    )?)
}

impl From<hotline_store::DieselError> for StartError {
    fn from(e: hotline_store::DieselError) -> Self {
        StartError::Store(e.into())
    }
}
