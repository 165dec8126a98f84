//! The acknowledge link's pages (`/ack/{token}`): opening the link shows a confirmation page;
//! confirming acknowledges the referral for the agency it was sent to, once. The pages show
//! no case details: whoever holds the mail learns nothing more from them.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use hotline_audit::{append, Actor};
use hotline_domain::{referral, time, ReferralStatus};
use hotline_http::{ApiError, AppState, ClientIp};
use hotline_store::models::CaseEventRow;
use hotline_store::queries::{agencies, cases, outbox, referrals};
use hotline_store::write_transaction;
use serde_json::json;

use crate::links::{self, LinkError};

/// The key acknowledge links are signed with.
pub struct LinkKey(pub Vec<u8>);

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(confirm);
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

/// What a link resolves to before anything is changed.
enum Check {
    Refused(LinkError),
    Used,
    Ready {
        outbox_id: String,
        referral_id: String,
    },
}

fn check(
    conn: &mut hotline_store::DbConnection,
    key: &[u8],
    token: &str,
) -> Result<Check, ApiError> {
    let outbox_id = match links::verify(key, token, time::now()) {
        Ok(id) => id,
        Err(e) => return Ok(Check::Refused(e)),
    };
    let row = outbox::find(conn, &outbox_id)?;
    let Some(referral_id) = row
        .filter(|r| r.kind == "referral.created")
        .and_then(|r| r.referral_id)
    else {
        return Ok(Check::Refused(LinkError::Invalid));
    };
    if outbox::link_used(conn, &outbox_id)? {
        return Ok(Check::Used);
    }
    Ok(Check::Ready {
        outbox_id,
        referral_id,
    })
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
    let checked = state.db(move |conn| check(conn, &key.0, &token)).await?;
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
    ip: ClientIp,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let now = time::now();
    let outcome = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (outbox_id, referral_id) = match check(conn, &key.0, &token)? {
                    Check::Refused(e) => return Ok(Outcome::Refused(e)),
                    Check::Used => return Ok(Outcome::Used),
                    Check::Ready {
                        outbox_id,
                        referral_id,
                    } => (outbox_id, referral_id),
                };
                if !outbox::use_link(conn, &outbox_id, &referral_id, now.naive_utc())? {
                    return Ok(Outcome::Used);
                }
                let row = referrals::find(conn, &referral_id)?.ok_or(ApiError::NotFound)?;
                let agency = agencies::by_id(conn, &row.agency_id)?.ok_or(ApiError::NotFound)?;
                let case = cases::visible(conn, hotline_domain::CaseScope::All, &row.case_id)?;
                let from: ReferralStatus = row
                    .status
                    .parse()
                    .map_err(|_| ApiError::Internal("a referral has a bad status".into()))?;
                let acknowledged = referral::awaits_answer(from);
                if acknowledged {
                    referrals::apply(
                        conn,
                        &row.id,
                        from.code(),
                        &referrals::Move {
                            status: Some(ReferralStatus::Acknowledged.code().to_owned()),
                            acknowledged_at: Some(now.naive_utc()),
                            updated_at: Some(now.naive_utc()),
                            ..Default::default()
                        },
                    )?;
                    cases::insert_event(
                        conn,
                        &CaseEventRow::new(&case.id, None, "referral.acknowledge", now.naive_utc())
                            .with_text(Some(
                                json!({"referral_id": row.id, "agency_code": agency.code, "via": "email_link"})
                                    .to_string(),
                            )),
                    )?;
                }
                let who = Actor {
                    name: Some(format!("email-link:{}", agency.code)),
                    ip: ip.0.clone(),
                    ..Actor::default()
                };
                append(
                    conn,
                    &who,
                    hotline_audit::Entry::new("referral.acknowledge")
                        .on("referral", row.id.clone())
                        .place(Some(case.province_code), Some(case.commune_code))
                        .detail(json!({
                            "case_id": case.id, "agency_code": agency.code, "via": "email_link",
                            "outbox_id": outbox_id, "from": from.code(), "changed": acknowledged,
                        })),
                    now,
                )?;
                Ok::<_, ApiError>(if acknowledged {
                    Outcome::Acknowledged
                } else {
                    Outcome::AlreadyHandled
                })
            })
        })
        .await?;
    Ok(match outcome {
        Outcome::Refused(e) => refused(e),
        Outcome::Used => used(),
        Outcome::Acknowledged => page(
            StatusCode::OK,
            "Đã xác nhận",
            "<p>Quý cơ quan đã xác nhận nhận chuyển tuyến. Cảm ơn quý cơ quan. Vui lòng đăng nhập hệ thống để tiếp nhận và xử lý vụ việc.</p>",
        ),
        Outcome::AlreadyHandled => page(
            StatusCode::OK,
            "Chuyển tuyến đã được xử lý trước đó",
            "<p>Chuyển tuyến này đã được tiếp nhận hoặc xử lý trước đó; không có gì thay đổi.</p>",
        ),
    })
}

/// What confirming came to (pages are built outside the database thread).
enum Outcome {
    Refused(LinkError),
    Used,
    Acknowledged,
    AlreadyHandled,
}
