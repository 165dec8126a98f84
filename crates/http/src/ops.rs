//! Operational endpoints and the fallbacks that keep every error problem+json.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::middleware::Next;
use actix_web::{get, web, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::problem::CONTENT_TYPE;
use crate::{ApiError, AppState, Failure};

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers and every migration is applied.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health), (status = 503, body = crate::Problem)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let applied = state
        .db(|conn| {
            hotline_store::migrations::all_applied(conn)
                .map_err(|e| Failure::Unavailable(e.to_string()))
        })
        .await?;
    if applied {
        Ok(HttpResponse::Ok().json(Health { status: "ready" }))
    } else {
        Err(Failure::Unavailable("migrations pending".into()).into())
    }
}

/// Prometheus metrics in the text exposition format, on the metrics' own listener only
/// (`metrics_bind`), for a scraper that reaches it (and presents the token, when one is
/// configured). Not in the API's document: the public address does not serve it.
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if !on_metrics_listener(&state, &req) {
        return Err(ApiError::not_found());
    }
    if !may_scrape(&state, &req) {
        return Err(Failure::Unauthenticated.into());
    }
    let pool = state.pool.state();
    state
        .metrics
        .db_pool_connections
        .set(i64::from(pool.connections));
    state
        .metrics
        .db_pool_idle
        .set(i64::from(pool.idle_connections));
    // What an operator must know first, from the database (a few indexed reads).
    let now = chrono::Utc::now().naive_utc();
    let window = (chrono::Duration::hours(1), chrono::Duration::minutes(15));
    let health = state
        .db(move |conn| hotline_store::queries::health::read(conn, now, window))
        .await?;
    state.metrics.health.set(&health, now);
    let body = state
        .metrics
        .render()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}

/// Whether `req` came in on the metrics' own listener. Which listener took a connection is
/// the server's own knowledge: no header and no peer address can say otherwise (a reverse
/// proxy on the same host makes every public request come from loopback).
fn on_metrics_listener(state: &AppState, req: &HttpRequest) -> bool {
    state.metrics_addr == Some(req.app_config().local_addr())
}

/// With a token configured, only a scraper that presents it; without, whoever reaches the
/// metrics' listener (loopback unless configured otherwise, and then a token is required).
fn may_scrape(state: &AppState, req: &HttpRequest) -> bool {
    use sha2::{Digest, Sha256};
    match &state.metrics_token {
        Some(token) => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            // Compared as digests, so the time taken says nothing about the token.
            .is_some_and(|given| Sha256::digest(given.trim()) == Sha256::digest(token)),
        None => true,
    }
}

/// The metrics' listener serves `/metrics` and nothing else: any other path there is not
/// found, before any handler, extractor or body is touched.
pub async fn metrics_listener_only<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let metrics_addr = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.metrics_addr);
    let on_metrics = metrics_addr == Some(req.app_config().local_addr());
    if on_metrics && req.path() != "/metrics" {
        let response = ApiError::not_found().error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The methods each path answers, so that a client using another one is told which
/// (405 with `Allow`) rather than that nothing is there.
#[derive(Debug, Default)]
pub struct Routes(Vec<(Vec<String>, Vec<&'static str>)>);

impl Routes {
    /// The paths of the API document, and `pages` (path templates and their methods).
    pub fn new(doc: &utoipa::openapi::OpenApi, pages: &[(&str, &[&'static str])]) -> Routes {
        let mut routes = Vec::new();
        for (path, item) in &doc.paths.paths {
            let methods: Vec<&'static str> = [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter_map(|(m, present)| present.then_some(m))
            .collect();
            routes.push((segments(path), methods));
        }
        for (path, methods) in pages {
            routes.push((segments(path), methods.to_vec()));
        }
        Routes(routes)
    }

    /// The methods `path` answers; none when no route has that shape. Where a path fits both
    /// a literal route and one with a parameter there (`/cases/reassign`, `/cases/{id}`), the
    /// more literal one is the path's.
    pub fn allowed(&self, path: &str) -> Vec<&'static str> {
        let asked = segments(path);
        let fitting: Vec<(usize, &Vec<&'static str>)> = self
            .0
            .iter()
            .filter(|(template, _)| {
                template.len() == asked.len()
                    && template
                        .iter()
                        .zip(&asked)
                        .all(|(t, a)| (t.starts_with('{') && !a.is_empty()) || t == a)
            })
            .map(|(template, m)| (template.iter().filter(|t| !t.starts_with('{')).count(), m))
            .collect();
        let most_literal = fitting.iter().map(|(n, _)| *n).max().unwrap_or(0);
        let mut methods: Vec<&'static str> = fitting
            .into_iter()
            .filter(|(n, _)| *n == most_literal)
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Why a request matched nothing: a known path asked with another method, or no such path.
fn unmatched(req: &HttpRequest) -> ApiError {
    let allowed = req
        .app_data::<web::Data<Routes>>()
        .map(|r| r.allowed(req.path()))
        .unwrap_or_default();
    if allowed.is_empty() {
        ApiError::not_found()
    } else {
        ApiError::MethodNotAllowed(allowed)
    }
}

/// Any request no route takes.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(unmatched(&req))
}

/// Turn any error response that is not already problem+json (actix's own 404/405/413 and
/// extractor errors) into one, so that clients never see HTML or plain text.
pub fn problem_fallback<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // Problems are left as they are, and so are the pages meant for people (the
    // acknowledge link's refusals are HTML on purpose).
    let already_answered = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(CONTENT_TYPE) || v.starts_with("text/html"));
    if already_answered {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = match status.as_u16() {
        405 => match unmatched(res.request()) {
            ApiError::MethodNotAllowed(allowed) => ApiError::MethodNotAllowed(allowed),
            _ => ApiError::MethodNotAllowed(Vec::new()),
        },
        400 => ApiError::BadRequest("Yêu cầu không hợp lệ.".into()),
        401 => Failure::Unauthenticated.into(),
        403 => Failure::Forbidden("Không có quyền.".into()).into(),
        404 => ApiError::not_found(),
        413 => ApiError::PayloadTooLarge,
        415 => ApiError::UnsupportedMediaType,
        s if (400..500).contains(&s) => ApiError::BadRequest(format!("Yêu cầu bị từ chối ({s}).")),
        _ => ApiError::internal(format!("unhandled {status} response")),
    };
    let mut problem: HttpResponse<BoxBody> = error.error_response();
    // Keep the original status (405 stays 405) while giving it a problem body.
    *problem.status_mut() = status;
    let (req, _) = res.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, problem).map_into_right_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::Routes;

    #[test]
    fn a_literal_path_answers_its_own_methods_not_those_of_a_parameter_beside_it() {
        let routes = Routes(vec![
            (super::segments("/api/v1/cases/{id}"), vec!["GET"]),
            (super::segments("/api/v1/cases/reassign"), vec!["POST"]),
            (super::segments("/api/v1/cases/{id}/notes"), vec!["POST"]),
        ]);
        assert_eq!(routes.allowed("/api/v1/cases/reassign"), ["POST"]);
        assert_eq!(routes.allowed("/api/v1/cases/6f1c"), ["GET"]);
        assert_eq!(routes.allowed("/api/v1/cases/6f1c/notes"), ["POST"]);
        assert!(routes.allowed("/api/v1/nothing").is_empty());
    }
}
