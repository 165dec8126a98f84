//! End-to-end tests over HTTP against the real application, on SQLite, or on PostgreSQL
//! when HOTLINE_TEST_POSTGRES_URL is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod audit;
mod auth;
mod backup;
mod browser;
mod cases;
mod clients;
mod concurrency;
mod console;
mod deadlines;
mod documents;
mod erasure;
mod failover;
mod figures;
mod helpers;
mod import;
mod import_old;
mod intake;
mod logs;
mod notifier;
mod online;
mod ops;
mod permissions;
mod privacy;
mod public;
mod resilience;
mod rolling;
mod routing;
mod sealing;
mod startup;
mod tokens;
mod webhooks;
