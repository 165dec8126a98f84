//! The server: the API's document, and the HTTP application over what start-up prepared,
//! with its background jobs started (`startup`, `jobs`).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, ErrorHandlers};
use actix_web::{web, App, HttpServer};
use hotline_auth::LockoutPolicy;
use hotline_http::metrics::Metrics;
use hotline_http::state::Limits;
use hotline_http::{ops, request_log, AppState};
use hotline_vault::Vault;
use utoipa::openapi::security::{
    ClientCredentials, Flow, Http, HttpAuthScheme, OAuth2, Scopes, SecurityScheme,
};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::jobs::Jobs;
use crate::{startup, StartError};

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
        // A machine client authenticates to the token endpoint by its id and secret...
        components.add_security_scheme(
            "client_basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
        // ...and gets a bearer token for the routes of its permissions.
        let scopes = hotline_domain::ClientPermission::ALL
            .iter()
            .map(|p| (p.code(), p.label_vi()));
        components.add_security_scheme(
            "client_credentials",
            SecurityScheme::OAuth2(OAuth2::new([Flow::ClientCredentials(
                ClientCredentials::new("/api/v1/oauth/token", Scopes::from_iter(scopes)),
            )])),
        );
    }
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = CoreApi::openapi();
    doc.merge(hotline_auth_api::AuthApi::openapi());
    doc.merge(hotline_audit_api::AuditApi::openapi());
    doc.merge(hotline_intake::IntakeApi::openapi());
    doc.merge(hotline_cases::CasesApi::openapi());
    doc.merge(hotline_documents::DocumentsApi::openapi());
    doc.merge(hotline_reports::api::ReportsApi::openapi());
    doc.merge(hotline_routing::RoutingApi::openapi());
    doc.merge(hotline_notifier::api::NotifierApi::openapi());
    doc.merge(hotline_webhooks::WebhooksApi::openapi());
    doc.merge(hotline_public::PublicApi::openapi());
    hotline_http::openapi::describe_failures(&mut doc);
    doc
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
        let prepared = startup::prepare(config)?;
        let key = prepared.signing_key;
        let vault = prepared.vault;
        let pool = prepared.pool;
        let tokens = prepared.tokens;
        let contact_key = prepared.contact_key;
        let first_admin_password = prepared.first_admin_password;
        let router = web::Data::new(prepared.router);
        let figure_settings = web::Data::new(prepared.figure_settings);
        let metrics_listener = match config.metrics.bind.trim() {
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
                free_attempts: config.login.free_attempts,
                first_lock_secs: config.login.first_lock_secs,
                max_lock_secs: config.login.max_lock_secs,
            },
            metrics: Metrics::new().map_err(|e| StartError::Other(e.to_string()))?,
            limits: Limits {
                max_body_bytes: config.server.max_body_bytes,
                max_document_bytes: config.documents.max_bytes,
            },
            audit_key: hotline_audit::query::derive_key(&key, "hotline audit search terms v1"),
            vault: vault.clone(),
            clients: hotline_http::throttle::ClientAddress {
                header: config.client_ip_header(),
            },
            metrics_token: config
                .metrics
                .token
                .clone()
                .filter(|t| !t.trim().is_empty()),
            metrics_addr,
            seal_key: hotline_audit::SealKey::derive(&key),
            client_requests: hotline_http::state::client_throttle(),
            access_rule: hotline_audit::query::SummaryRule {
                multiple: config.audit.anomaly_multiple,
                floor: config.audit.anomaly_floor,
                ..Default::default()
            },
        });
        let contact_key = web::Data::new(hotline_intake::contacts::ContactKey::new(contact_key));
        let public_limits = web::Data::new(hotline_public::limits::PublicLimits::new(
            &hotline_public::limits::LimitSettings {
                reports_per_hour: config.public.reports_per_hour,
                reports_burst: config.public.reports_burst,
                lookups_per_minute: config.public.lookups_per_minute,
            },
        ));
        let login_guard = web::Data::new(hotline_auth_api::LoginGuard::new(
            &hotline_auth_api::GuardSettings {
                address_per_minute: config.login.address_per_minute,
                address_burst: config.login.address_burst,
                name_per_hour: config.login.name_per_hour,
                name_burst: config.login.name_burst,
                hash_concurrency: config.login.hash_concurrency,
                hash_wait: Duration::from_millis(config.login.hash_wait_ms),
            },
            hotline_audit::query::derive_key(&key, "hotline login names v1"),
        ));
        let verify_gate = web::Data::new(hotline_audit_api::VerifyGate::default());
        let sessions = web::Data::new(hotline_console::SessionSettings {
            policy: hotline_domain::session::SessionPolicy::default(),
            secure_cookies: config.mail.public_base_url.starts_with("https://"),
        });
        let public_max_body = config.public.max_body_bytes;
        let webhooks = web::Data::new(config.webhooks.settings());
        let link_key = hotline_audit::query::derive_key(&key, "hotline ack links v1");
        let links = web::Data::new(hotline_auth::links::LinkKey(link_key.clone()));
        Jobs {
            config,
            pool: state.pool.clone(),
            vault: state.vault.clone(),
            seal_key: state.seal_key.clone(),
            figure_settings: figure_settings.get_ref().clone(),
            retention_policy: prepared.retention_policy,
            metrics: &state.metrics,
            link_key,
            sqlite: prepared.sqlite,
        }
        .start()?;
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
        let max_body = config.server.max_body_bytes;
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
                .app_data(webhooks.clone())
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
                .configure(hotline_documents::configure)
                .configure(hotline_reports::api::configure)
                .configure(hotline_routing::configure)
                .configure(hotline_notifier::api::configure)
                .configure(hotline_webhooks::api::configure)
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
        if config.server.workers > 0 {
            server = server.workers(config.server.workers);
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
