//! Logging set-up. Log lines carry ids and codes, never a child's or informant's identity,
//! a phone number, a narrative or a token.

use tracing_subscriber::EnvFilter;

pub fn init(filter: &str, format: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests start many apps in one process) is harmless and ignored.
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
