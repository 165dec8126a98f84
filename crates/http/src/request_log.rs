//! One span per request with a request id, one log line per response, and the HTTP metrics.
//!
//! Only the route pattern is logged (`/api/v1/cases/{id}`), never the concrete path or query
//! string: a search term may be a child's name, and a public tracking code is a secret.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use crate::AppState;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = uuid::Uuid::new_v4().to_string();
    let method = req.method().to_string();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span =
        tracing::info_span!("request", request_id = %request_id, method = %method, route = %route);
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = match &result {
        Ok(res) => res.status().as_u16(),
        Err(e) => e.as_response_error().status_code().as_u16(),
    };
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "request done"
        );
    });
    if let Some(state) = state {
        let status_text = status.to_string();
        state
            .metrics
            .http_requests
            .with_label_values(&[&method, &route, &status_text])
            .inc();
        state
            .metrics
            .http_duration
            .with_label_values(&[&route])
            .observe(elapsed.as_secs_f64());
    }
    result.map(|mut res| {
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            res.headers_mut()
                .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
        }
        res
    })
}
