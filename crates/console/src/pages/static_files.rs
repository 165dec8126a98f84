//! The console's stylesheet, built into the binary (no CDN, nothing to deploy beside it).

use actix_web::http::header;
use actix_web::{get, HttpResponse};

const CSS: &str = include_str!("../../static/console.css");

#[get("/static/console.css")]
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(CSS)
}
