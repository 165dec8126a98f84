//! The public's door: the online reporting form the provincial plan asks for (a JSON API and
//! a plain Vietnamese HTML form that works without JavaScript), limited per client address,
//! guarded by a honeypot, answered with a tracking code. Reports enter intake like any other.

pub mod api;
pub mod door;
mod error;
pub mod form;
pub mod limits;
pub mod submit;
pub mod tracking;

use actix_web::web;

pub use error::PublicError;

/// Register the public endpoints; `max_body` bounds what one submission may weigh.
pub fn configure(cfg: &mut web::ServiceConfig, max_body: usize) {
    cfg.service(
        web::resource("/api/v1/public/reports")
            .app_data(web::PayloadConfig::new(max_body))
            .route(web::post().to(api::create_public_report)),
    )
    .service(
        web::resource("/api/v1/public/reports/{tracking_code}")
            .route(web::get().to(api::public_report_status)),
    )
    .service(
        web::resource("/report")
            .app_data(web::PayloadConfig::new(max_body))
            .route(web::get().to(form::show_form))
            .route(web::post().to(form::submit_form)),
    )
    .service(
        web::resource("/report/status")
            .app_data(web::PayloadConfig::new(4096))
            .route(web::get().to(form::show_status))
            .route(web::post().to(form::lookup_status)),
    );
}

/// The OpenAPI description of the public JSON endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::create_public_report, api::public_report_status),
    components(schemas(submit::PublicReportRequest, api::Accepted, api::PublicStatus))
)]
pub struct PublicApi;
