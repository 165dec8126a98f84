//! Shared application state, and the one way handlers reach the database.

use hotline_auth::{LockoutPolicy, TokenService};
use hotline_store::{DbConnection, Pool};

use crate::metrics::Metrics;
use crate::throttle::ClientAddress;
use crate::{ApiError, Failure};

/// Limits on what clients may send.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest paper filed on a case, in bytes.
    pub max_document_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 256 * 1024,
            max_document_bytes: 25 * 1024 * 1024,
        }
    }
}

pub struct AppState {
    pub pool: Pool,
    pub tokens: TokenService,
    pub lockout: LockoutPolicy,
    pub metrics: Metrics,
    pub limits: Limits,
    /// Key for the keyed hashes of search terms in the audit log.
    pub audit_key: Vec<u8>,
    /// Seals and opens personal fields; keys the case search index and the duplicate check.
    pub vault: std::sync::Arc<hotline_vault::Vault>,
    /// Rule of the access summary's anomaly flag.
    pub access_rule: hotline_audit::query::SummaryRule,
    /// Where clients are (the peer, or a trusted proxy's header).
    pub clients: ClientAddress,
    /// What a scraper of `/metrics` must present; `None`: whoever reaches its listener.
    pub metrics_token: Option<String>,
    /// The address of the metrics' own listener: `/metrics` answers there and nowhere
    /// else, and that listener answers nothing else. `None`: metrics are not served.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// The key of the audit log's seals (never stored in the database).
    pub seal_key: hotline_audit::SealKey,
    /// Requests per machine client (by its account), limited like a person's logins.
    pub client_requests: crate::throttle::Throttle<String>,
}

/// What one machine client may send: a steady rate per minute after a burst.
pub const CLIENT_REQUESTS_PER_MINUTE: u32 = 600;
pub const CLIENT_REQUEST_BURST: u32 = 120;

/// The throttle of machine clients' requests.
pub fn client_throttle() -> crate::throttle::Throttle<String> {
    crate::throttle::Throttle::new(crate::throttle::quota(
        CLIENT_REQUESTS_PER_MINUTE,
        std::time::Duration::from_secs(60),
        CLIENT_REQUEST_BURST,
    ))
}

impl AppState {
    /// Run `f` with a pooled connection on the blocking thread pool (diesel is synchronous):
    /// how a handler calls an operation. No connection within the pool's timeout is a 503,
    /// not a hang.
    pub async fn db<T, E, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        E: Into<ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool
                .get()
                .map_err(|e| ApiError::from(Failure::Unavailable(e.to_string())))?;
            f(&mut conn).map_err(Into::into)
        })
        .await?
    }
}
