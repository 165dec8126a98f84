//! The acknowledge link's pages (`/ack/{token}`): opening the link shows a confirmation page;
//! confirming acknowledges the referral, once, through the same referral move as the inbox,
//! for a caller that is the link itself (`email-link:<agency>`). The pages show no case
//! details: whoever holds the mail learns nothing more from them.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_auth::links::{self, LinkError, LinkKey};
use hotline_domain::referral::ReferralAction;
use hotline_domain::{time, CaseScope};
use hotline_http::{ApiError, AppState, Caller, ClientIp};
use hotline_store::queries::{agencies, cases, outbox};
use hotline_store::{write_transaction, DbConnection};
use hotline_vault::Vault;
use serde_json::json;

use crate::{moves, Router, RoutingError};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(confirm);
}

/// What a link resolves to before anything is changed.
enum Check {
    Refused(LinkError),
    Used,
    Ready {
        outbox_id: String,
        referral_id: String,
        agency_id: String,
    },
}

/// What confirming came to.
pub enum Confirmed {
    Refused(LinkError),
    Used,
    Acknowledged,
    /// The referral had already been answered: the link is spent, nothing else changed.
    AlreadyHandled,
}

fn check(conn: &mut DbConnection, key: &LinkKey, token: &str) -> Result<Check, RoutingError> {
    let outbox_id = match links::verify(&key.0, token, time::now()) {
        Ok(id) => id,
        Err(e) => return Ok(Check::Refused(e)),
    };
    let row = outbox::find(conn, &outbox_id)?;
    let Some((referral_id, agency_id)) = row
        .filter(|r| r.kind == "referral.created")
        .and_then(|r| Some((r.referral_id?, r.agency_id?)))
    else {
        return Ok(Check::Refused(LinkError::Invalid));
    };
    if outbox::link_used(conn, &outbox_id)? {
        return Ok(Check::Used);
    }
    Ok(Check::Ready {
        outbox_id,
        referral_id,
        agency_id,
    })
}

/// Acknowledge the referral a link was sent about, once, audited as the link.
pub fn confirm_link(
    conn: &mut DbConnection,
    key: &LinkKey,
    router: &Router,
    token: &str,
    (client_ip, vault): (Option<String>, Arc<Vault>),
    now: DateTime<Utc>,
) -> Result<Confirmed, RoutingError> {
    write_transaction(conn, |conn| {
        let (outbox_id, referral_id, agency_id) = match check(conn, key, token)? {
            Check::Refused(e) => return Ok(Confirmed::Refused(e)),
            Check::Used => return Ok(Confirmed::Used),
            Check::Ready {
                outbox_id,
                referral_id,
                agency_id,
            } => (outbox_id, referral_id, agency_id),
        };
        if !outbox::use_link(conn, &outbox_id, &referral_id, now.naive_utc())? {
            return Ok(Confirmed::Used);
        }
        let agency = agencies::by_id(conn, &agency_id)?.ok_or(RoutingError::NotFound)?;
        let agency = hotline_auth::principal::agency_ref(&agency)
            .map_err(|e| RoutingError::Store(hotline_store::StoreError::Corrupt(e.to_string())))?;
        let caller = Caller::email_link(agency, client_ip, vault.clone());
        let action = ReferralAction::Acknowledge;
        let (confirmed, mut entry) =
            match moves::apply(conn, &caller, router, &referral_id, action, None, now) {
                Ok((_, entry)) => (Confirmed::Acknowledged, entry),
                Err(RoutingError::ActionRefused { from, .. }) => (
                    Confirmed::AlreadyHandled,
                    unchanged(conn, &caller, &referral_id, from.code())?,
                ),
                Err(e) => return Err(e),
            };
        entry.detail["outbox_id"] = json!(outbox_id);
        entry.detail["changed"] = json!(matches!(confirmed, Confirmed::Acknowledged));
        caller.record(conn, entry, now)?;
        Ok(confirmed)
    })
}

/// The entry of a confirmation that found the referral already answered.
fn unchanged(
    conn: &mut DbConnection,
    caller: &Caller,
    referral_id: &str,
    from: &str,
) -> Result<Entry, RoutingError> {
    let referral = hotline_store::queries::referrals::find(conn, referral_id)?
        .ok_or(RoutingError::NotFound)?;
    let case = cases::visible(conn, CaseScope::All, &referral.case_id)?;
    let agency_code = caller.agency().map(|a| a.code.clone());
    Ok(Entry::new("referral.acknowledge")
        .on("referral", referral_id.to_owned())
        .cases([case.id.clone()])
        .place(Some(case.province_code), Some(case.commune_code))
        .detail(json!({
            "case_id": case.id, "agency_code": agency_code, "via": "email_link", "from": from,
        })))
}

fn page(status: StatusCode, title: &str, body: &str) -> HttpResponse {
    let html = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><meta name=\"referrer\" content=\"no-referrer\"><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .body(html)
}

fn refused(e: LinkError) -> HttpResponse {
    match e {
        LinkError::Invalid => page(
            StatusCode::NOT_FOUND,
            "Liên kết không hợp lệ",
            "<p>Liên kết này không đúng hoặc đã bị sửa đổi. Vui lòng dùng đúng liên kết trong thư, hoặc đăng nhập hệ thống để xác nhận.</p>",
        ),
        LinkError::Expired => page(
            StatusCode::GONE,
            "Liên kết đã hết hạn",
            "<p>Liên kết xác nhận này đã hết hạn. Vui lòng đăng nhập hệ thống để xác nhận chuyển tuyến.</p>",
        ),
    }
}

fn used() -> HttpResponse {
    page(
        StatusCode::CONFLICT,
        "Liên kết đã được sử dụng",
        "<p>Liên kết này đã được dùng để xác nhận. Mỗi liên kết chỉ dùng được một lần.</p>",
    )
}

/// The confirmation page.
#[get("/ack/{token}")]
pub async fn show(
    state: web::Data<AppState>,
    key: web::Data<LinkKey>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let form_token = token.clone();
    let checked = state.db(move |conn| check(conn, &key, &token)).await?;
    Ok(match checked {
        Check::Refused(e) => refused(e),
        Check::Used => used(),
        Check::Ready { .. } => page(
            StatusCode::OK,
            "Xác nhận đã nhận chuyển tuyến",
            &format!(
                "<p>Bấm nút dưới đây để xác nhận quý cơ quan đã nhận chuyển tuyến vụ việc. Chi tiết vụ việc chỉ xem được sau khi đăng nhập hệ thống.</p><form method=\"post\" action=\"/ack/{}\"><button type=\"submit\">Xác nhận đã nhận</button></form>",
                form_token.replace(['"', '<', '>', '&'], "")
            ),
        ),
    })
}

/// Confirming: acknowledges the referral, once, audited.
#[post("/ack/{token}")]
pub async fn confirm(
    state: web::Data<AppState>,
    key: web::Data<LinkKey>,
    router: web::Data<Router>,
    ip: ClientIp,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let vault = state.vault.clone();
    let confirmed = state
        .db(move |conn| confirm_link(conn, &key, &router, &token, (ip.0, vault), time::now()))
        .await?;
    Ok(match confirmed {
        Confirmed::Refused(e) => refused(e),
        Confirmed::Used => used(),
        Confirmed::Acknowledged => page(
            StatusCode::OK,
            "Đã xác nhận",
            "<p>Quý cơ quan đã xác nhận nhận chuyển tuyến. Cảm ơn quý cơ quan. Vui lòng đăng nhập hệ thống để tiếp nhận và xử lý vụ việc.</p>",
        ),
        Confirmed::AlreadyHandled => page(
            StatusCode::OK,
            "Chuyển tuyến đã được xử lý trước đó",
            "<p>Chuyển tuyến này đã được tiếp nhận hoặc xử lý trước đó; không có gì thay đổi.</p>",
        ),
    })
}
