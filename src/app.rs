//! Building and running the HTTP application.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, ErrorHandlers};
use actix_web::{web, App, HttpServer};
use hotline_auth::{LockoutPolicy, TokenService};
use hotline_http::metrics::Metrics;
use hotline_http::state::Limits;
use hotline_http::{ops, request_log, AppState};
use hotline_store::queries::search_terms::TermKey;
use hotline_store::{build_pool, migrations, Pool, PoolOptions};
use hotline_vault::{moving, Vault};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::{keys, seed, StartError};

#[derive(OpenApi)]
#[openapi(
    info(title = "hotline", description = "Child-protection hotline case management (Vietnam)"),
    paths(ops::healthz, ops::readyz),
    components(schemas(hotline_http::Problem, hotline_http::FieldError)),
    modifiers(&BearerAuth)
)]
struct CoreApi;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = CoreApi::openapi();
    doc.merge(hotline_auth_api::AuthApi::openapi());
    doc.merge(hotline_audit_api::AuditApi::openapi());
    doc.merge(hotline_intake::IntakeApi::openapi());
    doc.merge(hotline_cases::CasesApi::openapi());
    doc.merge(hotline_reports::api::ReportsApi::openapi());
    doc.merge(hotline_routing::RoutingApi::openapi());
    doc.merge(hotline_notifier::api::NotifierApi::openapi());
    doc.merge(hotline_public::PublicApi::openapi());
    hotline_http::openapi::describe_failures(&mut doc);
    doc
}

/// The routing rules and holiday calendar in force.
pub fn load_router(config: &Config) -> Result<hotline_routing::Router, StartError> {
    hotline_routing::Router::load(&config.routing_file, &config.holidays_file)
        .map_err(|e| StartError::Config(e.to_string()))
}

/// The figures' age groups and reporting periods.
pub fn load_figure_settings(
    config: &Config,
) -> Result<hotline_reports::FigureSettings, StartError> {
    hotline_reports::FigureSettings::load(&config.figures_file)
        .map_err(|e| StartError::Config(format!("figures_file: {e}")))
}

/// Open the pool, apply migrations and load reference data.
pub fn prepare_database(config: &Config) -> Result<Pool, StartError> {
    let url = config.database()?;
    let pool = build_pool(
        &url,
        PoolOptions {
            max_size: config.pool_size(),
            connect_timeout: Duration::from_secs(config.database_connect_timeout_secs),
        },
    )
    .map_err(|e| StartError::Other(format!("{} ({})", e, url.redacted())))?;
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    let applied = migrations::run_pending(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(backend = url.backend_name(), migrations = ?applied, "migrations applied");
    }
    let (provinces, communes) = seed::read_admin_units(&config.admin_units_file)?;
    let agencies = seed::read_agencies(&config.agencies_file, &communes)?;
    seed::load_reference_data(
        &mut conn,
        &provinces,
        &communes,
        &agencies,
        &config.digest(),
    )?;
    Ok(pool)
}

/// Run `job` every `interval` on the blocking pool, from the server's runtime (so it stops
/// with the server). A failure is logged and the job runs again at the next tick.
fn every<F>(interval: Duration, task: &'static str, job: F)
where
    F: Fn() -> Result<(), String> + Send + Sync + 'static,
{
    let job = std::sync::Arc::new(job);
    actix_web::rt::spawn(async move {
        let mut ticker = actix_web::rt::time::interval(interval);
        loop {
            ticker.tick().await;
            let job = job.clone();
            match web::block(move || job()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    tracing::warn!(task, error = %e, "background task failed; will retry")
                }
                Err(e) => tracing::warn!(task, error = %e, "background task could not run"),
            }
        }
    });
}

/// Seal the audit log every `interval`. Each instance runs one; the database makes sure they
/// produce a single chain.
fn spawn_sealer(pool: Pool, interval: Duration, key: hotline_audit::SealKey) {
    let instance = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let sealer = std::sync::Mutex::new(hotline_audit::Sealer::new(instance, key));
    every(interval, "audit sealer", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let mut sealer = sealer.lock().map_err(|e| e.to_string())?;
        let sealed = sealer
            .tick(&mut conn, chrono::Utc::now())
            .map_err(|e| e.to_string())?;
        if let Some(seal) = sealed {
            tracing::debug!(
                seal_no = seal.seal_no,
                through = seal.last_seq,
                "audit sealed"
            );
        }
        Ok(())
    });
}

/// Escalate overdue referrals and breached case-work deadlines every `interval`. Every
/// instance runs one; the conditional claims in the store let exactly one act on each.
fn spawn_deadline_watcher(pool: Pool, vault: Arc<Vault>, interval: Duration) {
    const BATCH: i64 = 200;
    every(interval, "deadline watcher", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let now = hotline_domain::time::now();
        let escalated = hotline_routing::watcher::escalate_due(&mut conn, &vault, now, BATCH)
            .map_err(|e| e.to_string())?;
        if escalated > 0 {
            tracing::info!(escalated, "overdue referrals escalated");
        }
        let breached = hotline_cases::deadlines::watch::breach_due(&mut conn, &vault, now, BATCH)
            .map_err(|e| e.to_string())?;
        if breached > 0 {
            tracing::info!(breached, "case-work deadlines breached and escalated");
        }
        Ok(())
    });
}

/// Queue the e-mail reminders of the plan's reports a week before each is due (hourly by
/// default: often enough for a date); each reminder is queued once, whichever instance
/// gets there.
fn spawn_report_reminders(
    pool: Pool,
    settings: hotline_reports::FigureSettings,
    interval: Duration,
) {
    every(interval, "report reminders", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        hotline_reports::due::queue_reminders(&mut conn, &settings, hotline_domain::time::now())
            .map_err(|e| e.to_string())?;
        Ok(())
    });
}

/// Erase what the retention policy says is due, every `interval` (daily by default). Any
/// number of servers may run it: each erasure claims its record, so it happens once.
fn spawn_retention(
    pool: Pool,
    vault: Arc<Vault>,
    policy: hotline_cases::privacy::RetentionPolicy,
    interval: Duration,
) {
    every(interval, "retention", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let swept =
            hotline_cases::privacy::retention::run(&mut conn, &vault, &policy, chrono::Utc::now())
                .map_err(|e| e.to_string())?;
        if swept.cases + swept.contacts > 0 {
            tracing::info!(
                cases = swept.cases,
                contacts = swept.contacts,
                "retention: personal details erased"
            );
        }
        Ok(())
    });
}

/// Drop the idempotency keys past their day, every hour: a key and the hash of its request
/// are kept no longer than a retry needs.
fn spawn_idempotency_expiry(pool: Pool) {
    every(Duration::from_secs(3600), "idempotency expiry", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let kept_since = (chrono::Utc::now() - hotline_intake::idempotency::KEPT_FOR).naive_utc();
        hotline_store::queries::idempotency::expire(&mut conn, kept_since)
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
}

/// Refresh SQLite's planner statistics at start and every hour (see
/// `hotline_store::refresh_planner_statistics`).
fn spawn_statistics_upkeep(pool: Pool) {
    every(Duration::from_secs(3600), "planner statistics", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        hotline_store::refresh_planner_statistics(&mut conn).map_err(|e| e.to_string())
    });
}

/// Fold the days changed since into the figures' daily counts, so a read rarely has any to
/// fold and the first fold after a migration runs before anyone asks.
fn spawn_figure_folder(pool: Pool, interval: Duration) {
    every(interval, "figure folder", move || {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        let days = hotline_reports::daily::fold(&mut conn).map_err(|e| e.to_string())?;
        if days > 10 {
            tracing::info!(days, "figures: days recounted");
        }
        Ok(())
    });
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

/// Values written in clear before sealing began are sealed in the background, in batches,
/// while the server serves (and reads them in clear until they are); once, recorded as done.
fn spawn_sealing_move(pool: Pool, vault: Arc<Vault>) -> Result<(), StartError> {
    let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
    if hotline_store::queries::search_terms::backfill_done(&mut conn, moving::CLEAR_MOVE)? {
        return Ok(());
    }
    vault.allow_clear(true);
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let result = moving::seal_clear_values(&mut conn, &vault, 500).and_then(|moved| {
            hotline_store::queries::search_terms::mark_backfill_done(
                &mut conn,
                moving::CLEAR_MOVE,
                chrono::Utc::now().naive_utc(),
            )?;
            Ok(moved)
        });
        match result {
            Ok(moved) => {
                vault.allow_clear(false);
                tracing::info!(
                    values = moved.values,
                    children = moved.children,
                    search_texts = moved.search_texts,
                    secs = started.elapsed().as_secs(),
                    "sealed the personal fields written in clear"
                );
            }
            // Values in clear stay readable; the next start resumes the move.
            Err(e) => tracing::error!(error = %e, "sealing the fields written in clear stopped"),
        }
    });
    Ok(())
}

/// A bound, ready-to-run server.
pub struct Application {
    server: Server,
    port: u16,
    /// The metrics' own listener's port, when metrics are served.
    metrics_port: Option<u16>,
    /// The first admin's password, when this start created it.
    pub first_admin_password: Option<String>,
    /// The database's key ring (tests read how many values it opened).
    pub vault: Arc<Vault>,
}

impl Application {
    pub fn build(config: &Config, listener: TcpListener) -> Result<Application, StartError> {
        let router = web::Data::new(load_router(config)?);
        let figure_settings = web::Data::new(load_figure_settings(config)?);
        let retention_policy = crate::retention_cli::load_policy(config)?;
        let pool = prepare_database(config)?;
        let mut conn = pool.get().map_err(hotline_store::StoreError::from)?;
        let first_admin_password = seed::first_admin(&mut conn)?;
        drop(conn);
        let key = keys::signing_key(config)?;
        let tokens = TokenService::new(&key, config.token_ttl_secs)
            .map_err(|e| StartError::Config(e.to_string()))?;
        let contact_key = keys::contact_key(config, &key)?;
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
        drop(conn);
        spawn_sealing_move(pool.clone(), vault.clone())?;
        let metrics_listener = match config.metrics_bind.trim() {
            "" => None,
            bind => Some(TcpListener::bind(bind).map_err(|e| {
                StartError::Config(format!("metrics_bind: cannot listen on {bind}: {e}"))
            })?),
        };
        let metrics_addr = metrics_listener
            .as_ref()
            .map(TcpListener::local_addr)
            .transpose()
            .map_err(|e| StartError::Other(e.to_string()))?;
        let state = web::Data::new(AppState {
            pool,
            tokens,
            lockout: LockoutPolicy {
                free_attempts: config.login_free_attempts,
                first_lock_secs: config.login_first_lock_secs,
                max_lock_secs: config.login_max_lock_secs,
            },
            metrics: Metrics::new().map_err(|e| StartError::Other(e.to_string()))?,
            limits: Limits {
                max_body_bytes: config.max_body_bytes,
            },
            audit_key: hotline_audit::query::derive_key(&key, "hotline audit search terms v1"),
            vault: vault.clone(),
            clients: hotline_http::throttle::ClientAddress {
                header: config.client_ip_header(),
            },
            metrics_token: config
                .metrics_token
                .clone()
                .filter(|t| !t.trim().is_empty()),
            metrics_addr,
            seal_key: hotline_audit::SealKey::derive(&key),
            access_rule: hotline_audit::query::SummaryRule {
                multiple: config.audit_anomaly_multiple,
                floor: config.audit_anomaly_floor,
                ..Default::default()
            },
        });
        let contact_key = web::Data::new(hotline_intake::contacts::ContactKey::new(contact_key));
        let public_limits = web::Data::new(hotline_public::limits::PublicLimits::new(
            &hotline_public::limits::LimitSettings {
                reports_per_hour: config.public_reports_per_hour,
                reports_burst: config.public_reports_burst,
                lookups_per_minute: config.public_lookups_per_minute,
            },
        ));
        let login_guard = web::Data::new(hotline_auth_api::LoginGuard::new(
            &hotline_auth_api::GuardSettings {
                address_per_minute: config.login_address_per_minute,
                address_burst: config.login_address_burst,
                name_per_hour: config.login_name_per_hour,
                name_burst: config.login_name_burst,
                hash_concurrency: config.login_hash_concurrency,
                hash_wait: Duration::from_millis(config.login_hash_wait_ms),
            },
            hotline_audit::query::derive_key(&key, "hotline login names v1"),
        ));
        let verify_gate = web::Data::new(hotline_audit_api::VerifyGate::default());
        let sessions = web::Data::new(hotline_console::SessionSettings {
            policy: hotline_domain::session::SessionPolicy::default(),
            secure_cookies: config.public_base_url.starts_with("https://"),
        });
        let public_max_body = config.public_max_body_bytes;
        let link_key = hotline_audit::query::derive_key(&key, "hotline ack links v1");
        let links = web::Data::new(hotline_auth::links::LinkKey(link_key.clone()));
        if config.smtp_url.is_empty() {
            tracing::warn!("smtp_url is not set: referral e-mails wait in the outbox until it is");
        } else {
            let settings = config
                .notifier_settings(link_key)
                .map_err(|e| StartError::Config(e.to_string()))?;
            let metrics = hotline_notifier::worker::MailMetrics::from(&state.metrics);
            let notifier = hotline_notifier::Notifier::new(settings, Some(metrics))
                .map_err(|e| StartError::Config(e.to_string()))?;
            hotline_notifier::worker::spawn(
                notifier,
                state.pool.clone(),
                Duration::from_millis(config.notify_interval_ms),
            );
        }
        // A data key added by `hotline keys reencrypt` becomes the one new values are sealed
        // under within a minute.
        let ring = state.vault.clone();
        every(Duration::from_secs(60), "key ring", move || {
            ring.refresh().map(|_| ()).map_err(|e| e.to_string())
        });
        spawn_deadline_watcher(
            state.pool.clone(),
            state.vault.clone(),
            Duration::from_millis(config.deadline_watch_interval_ms),
        );
        if config.report_reminder_interval_secs > 0 {
            spawn_report_reminders(
                state.pool.clone(),
                figure_settings.get_ref().clone(),
                Duration::from_secs(config.report_reminder_interval_secs),
            );
        }
        if config.figures_fold_interval_secs > 0 {
            spawn_figure_folder(
                state.pool.clone(),
                Duration::from_secs(config.figures_fold_interval_secs),
            );
        }
        if config.retention_interval_secs > 0 {
            spawn_retention(
                state.pool.clone(),
                state.vault.clone(),
                retention_policy,
                Duration::from_secs(config.retention_interval_secs),
            );
        }
        if sqlite {
            spawn_statistics_upkeep(state.pool.clone());
        }
        spawn_idempotency_expiry(state.pool.clone());
        spawn_sealer(
            state.pool.clone(),
            Duration::from_millis(config.audit_seal_interval_ms),
            state.seal_key.clone(),
        );
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Other(e.to_string()))?
            .port();
        let spec = openapi();
        let pages: &[(&str, &[&'static str])] = &[
            ("/report", &["GET", "POST"]),
            ("/report/status", &["GET", "POST"]),
            ("/ack/{token}", &["GET", "POST"]),
            ("/api-docs/openapi.json", &["GET"]),
        ];
        let routes = web::Data::new(ops::Routes::new(
            &spec,
            &[pages, hotline_console::PAGES].concat(),
        ));
        let max_body = config.max_body_bytes;
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(router.clone())
                .app_data(figure_settings.clone())
                .app_data(links.clone())
                .app_data(contact_key.clone())
                .app_data(public_limits.clone())
                .app_data(login_guard.clone())
                .app_data(verify_gate.clone())
                .app_data(sessions.clone())
                .app_data(routes.clone())
                .app_data(web::PayloadConfig::new(max_body))
                .wrap(ErrorHandlers::new().default_handler(ops::problem_fallback))
                .wrap(from_fn(ops::metrics_listener_only))
                .wrap(from_fn(request_log::log_requests))
                .service(ops::healthz)
                .service(ops::readyz)
                .service(ops::metrics)
                .configure(hotline_auth_api::configure)
                .configure(hotline_audit_api::configure)
                .configure(hotline_intake::configure)
                .configure(hotline_cases::configure)
                .configure(hotline_reports::api::configure)
                .configure(hotline_routing::configure)
                .configure(hotline_notifier::api::configure)
                .configure(|cfg| hotline_public::configure(cfg, public_max_body))
                .configure(hotline_console::configure)
                .service(
                    SwaggerUi::new("/swagger-ui/{_:.*}")
                        .url("/api-docs/openapi.json", spec.clone()),
                )
                .default_service(web::to(ops::not_found))
        })
        .listen(listener)
        .map_err(|e| StartError::Other(format!("cannot listen: {e}")))?;
        if let Some(metrics) = metrics_listener {
            server = server
                .listen(metrics)
                .map_err(|e| StartError::Other(format!("metrics_bind: cannot listen: {e}")))?;
        }
        if config.workers > 0 {
            server = server.workers(config.workers);
        }
        Ok(Application {
            server: server.run(),
            port,
            metrics_port: metrics_addr.map(|a| a.port()),
            first_admin_password,
            vault,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
