//! Start-up: what a server, and every command that touches the database, prepares before it
//! serves or acts: the configuration's files, the migrated database with its reference data,
//! the keys, the vault, and the one-off work on data written before a change.

use std::sync::Arc;
use std::time::Duration;

use hotline_auth::TokenService;
use hotline_cases::privacy::RetentionPolicy;
use hotline_store::queries::search_terms::TermKey;
use hotline_store::{build_pool, migrations, Pool, PoolOptions};
use hotline_vault::{moving, Vault};

use crate::config::Config;
use crate::{keys, seed, StartError};

/// The routing rules and holiday calendar in force.
pub fn load_router(config: &Config) -> Result<hotline_routing::Router, StartError> {
    hotline_routing::Router::load(&config.files.routing_file, &config.files.holidays_file)
        .map_err(|e| StartError::Config(e.to_string()))
}

/// The figures' age groups and reporting periods.
pub fn load_figure_settings(
    config: &Config,
) -> Result<hotline_reports::FigureSettings, StartError> {
    hotline_reports::FigureSettings::load(&config.files.figures_file)
        .map_err(|e| StartError::Config(format!("figures_file: {e}")))
}

/// The retention policy in force.
pub fn load_policy(config: &Config) -> Result<RetentionPolicy, StartError> {
    RetentionPolicy::load(&config.files.retention_file)
        .map_err(|e| StartError::Config(format!("retention_file: {e}")))
}

/// Open the pool, apply migrations and load reference data.
pub fn prepare_database(config: &Config) -> Result<Pool, StartError> {
    let url = config.database()?;
    let pool = build_pool(
        &url,
        PoolOptions {
            max_size: config.pool_size(),
            connect_timeout: Duration::from_secs(config.database.connect_timeout_secs),
        },
    )
    .map_err(|e| StartError::Other(format!("{} ({})", e, url.redacted())))?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let applied = migrations::run_pending(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(backend = url.backend_name(), migrations = ?applied, "migrations applied");
    }
    let (provinces, communes) = seed::read_admin_units(&config.files.admin_units_file)?;
    let agencies = seed::read_agencies(&config.files.agencies_file, &communes)?;
    seed::load_reference_data(
        &mut conn,
        &provinces,
        &communes,
        &agencies,
        &config.digest(),
    )?;
    Ok(pool)
}

/// The vault of this database: its stored keys opened with the master key (a new database,
/// or one from before sealing, gets its first keys). A master key that does not open them
/// stops the start.
pub fn open_vault(
    config: &Config,
    pool: &Pool,
    contact_key: &[u8],
) -> Result<Arc<Vault>, StartError> {
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let has_keys = !hotline_vault::stored_keys(&mut conn)?.is_empty();
    let master = keys::master_key(config, !has_keys)?;
    let source_pool = pool.clone();
    let source: hotline_vault::KeySource = Arc::new(move || {
        let mut conn = source_pool.get().map_err(|e| e.to_string())?;
        hotline_vault::stored_keys(&mut conn).map_err(|e| e.to_string())
    });
    // A database indexed for search before keys were stored keeps the key its index was
    // written with; a new one derives its own from the master key.
    let legacy_terms = TermKey::derive(contact_key);
    let vault = hotline_vault::open_keyring(
        &mut conn,
        master,
        |conn| {
            Ok(if hotline_store::queries::search_terms::any_indexed(conn)? {
                legacy_terms.bytes().to_vec()
            } else {
                Vec::new()
            })
        },
        Some(source),
        chrono::Utc::now().naive_utc(),
    )
    .map_err(|e| match e {
        hotline_vault::VaultError::Store(e) => StartError::from(e),
        other => StartError::Config(format!(
            "master_key: {other} (the database's personal fields are sealed under another master key)"
        )),
    })?;
    Ok(Arc::new(vault))
}

/// What a server starts from.
pub struct Prepared {
    pub pool: Pool,
    pub vault: Arc<Vault>,
    pub router: hotline_routing::Router,
    pub figure_settings: hotline_reports::FigureSettings,
    pub retention_policy: RetentionPolicy,
    /// The token signing key, which the other keys of the server are derived from.
    pub signing_key: Vec<u8>,
    pub tokens: TokenService,
    /// The key repeat contacts are hashed under.
    pub contact_key: Vec<u8>,
    /// The first admin's password, when this start created it.
    pub first_admin_password: Option<String>,
    pub sqlite: bool,
}

/// Everything a server needs before it serves: the files, the database (migrated, reference
/// data loaded, the first admin), the keys and the vault, and the start-up work that must be
/// done before the first request (the search index, the evidence's keyed hashes).
pub fn prepare(config: &Config) -> Result<Prepared, StartError> {
    let router = load_router(config)?;
    let figure_settings = load_figure_settings(config)?;
    let retention_policy = load_policy(config)?;
    let pool = prepare_database(config)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let first_admin_password = seed::first_admin(&mut conn)?;
    drop(conn);
    let signing_key = keys::signing_key(config)?;
    let tokens = TokenService::new(&signing_key, config.token.ttl_secs)
        .map_err(|e| StartError::Config(e.to_string()))?;
    let contact_key = keys::contact_key(config, &signing_key)?;
    let vault = open_vault(config, &pool, &contact_key)?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let started = std::time::Instant::now();
    let indexed = seed::index_case_search(&mut conn, vault.terms())?;
    if indexed > 0 {
        tracing::info!(
            cases = indexed,
            secs = started.elapsed().as_secs(),
            "indexed the cases for search"
        );
    }
    let started = std::time::Instant::now();
    let keyed = moving::key_evidence(&mut conn, &vault, 500)
        .map_err(|e| StartError::Other(format!("keying the online evidence: {e}")))?;
    if keyed > 0 {
        tracing::info!(
            evidence = keyed,
            secs = started.elapsed().as_secs(),
            "keyed the online evidence for the duplicate check"
        );
    }
    let sqlite = !conn.is_postgres();
    Ok(Prepared {
        pool,
        vault,
        router,
        figure_settings,
        retention_policy,
        signing_key,
        tokens,
        contact_key,
        first_admin_password,
        sqlite,
    })
}
