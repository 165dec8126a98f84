//! The console's stylesheet and its one script (htmx, vendored, 0BSD licence), built into
//! the binary: no CDN, nothing to deploy beside it. The script's name carries its version,
//! so browsers may keep it for a year; it is sent gzipped to browsers that take it.

use actix_web::http::header;
use actix_web::{get, HttpRequest, HttpResponse};

const CSS: &str = include_str!("../../static/console.css");
const HTMX: &[u8] = include_bytes!("../../static/htmx-2.0.11.min.js");
const HTMX_GZ: &[u8] = include_bytes!("../../static/htmx-2.0.11.min.js.gz");

/// Where pages load htmx from.
pub const HTMX_PATH: &str = "/console/static/htmx-2.0.11.min.js";

#[get("/console/static/console.css")]
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(CSS)
}

#[get("/console/static/htmx-2.0.11.min.js")]
pub async fn htmx(req: HttpRequest) -> HttpResponse {
    let gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(HTMX_GZ)
    } else {
        response.body(HTMX)
    }
}
