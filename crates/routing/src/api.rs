//! The referral endpoints: extract, call the operation, serialise.

use actix_web::{get, post, web, HttpResponse};
use hotline_domain::referral::ReferralAction;
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, OptionalJson, ValidJson};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::inbox::{list_inbox, InboxQuery};
use crate::moves::move_referral;
use crate::refer::{refer_case, NewReferralRequest};
use crate::views::{Inbox, ReferralView};
use crate::Router;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_referrals)
        .service(acknowledge)
        .service(accept)
        .service(decline)
        .service(complete)
        .service(add_referral);
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Why the agency declines (required for decline).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    /// What was done (required).
    pub outcome: Option<String>,
}

/// What a move's body carries.
trait MoveText {
    fn text(&self) -> Option<&str>;
}

impl MoveText for ReasonRequest {
    fn text(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

impl MoveText for OutcomeRequest {
    fn text(&self) -> Option<&str> {
        self.outcome.as_deref()
    }
}

/// The caller's agency inbox.
#[utoipa::path(
    tag = "referrals",
    params(InboxQuery),
    responses((status = 200, body = Inbox), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/referrals")]
pub async fn list_referrals(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let inbox = state
        .db(move |conn| list_inbox(conn, &caller, &query, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(inbox))
}

/// A move on a referral of the caller's agency, with the body's text (if any).
async fn act<B: MoveText + Send + 'static>(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    caller: Caller,
    id: String,
    action: ReferralAction,
    body: OptionalJson<B>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let view = state
        .db(move |conn| {
            let text = body.as_ref().and_then(MoveText::text);
            move_referral(conn, &caller, &router, &id, action, text, time::now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

macro_rules! referral_action {
    ($name:ident, $path:literal, $action:expr, $body:ty) => {
        #[doc = concat!("`", $path, "`: a move on a referral of the caller's agency.")]
        #[utoipa::path(
            tag = "referrals",
            params(("id" = String, Path, description = "referral id")),
            request_body = Option<$body>,
            responses((status = 200, body = ReferralView), (status = 403, body = hotline_http::Problem),
                      (status = 404, body = hotline_http::Problem), (status = 409, body = hotline_http::Problem),
                      (status = 422, body = hotline_http::Problem)),
            security(("bearer" = []))
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            router: web::Data<Router>,
            caller: Caller,
            path: web::Path<String>,
            body: OptionalJson<$body>,
        ) -> Result<HttpResponse, ApiError> {
            act(state, router, caller, path.into_inner(), $action, body).await
        }
    };
}

referral_action!(
    acknowledge,
    "/api/v1/referrals/{id}/acknowledge",
    ReferralAction::Acknowledge,
    ReasonRequest
);
referral_action!(
    accept,
    "/api/v1/referrals/{id}/accept",
    ReferralAction::Accept,
    ReasonRequest
);
referral_action!(
    decline,
    "/api/v1/referrals/{id}/decline",
    ReferralAction::Decline,
    ReasonRequest
);
referral_action!(
    complete,
    "/api/v1/referrals/{id}/complete",
    ReferralAction::Complete,
    OutcomeRequest
);

/// Add a referral to a case, or hand an open one to another agency (`replaces`).
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "case id")),
    request_body = NewReferralRequest,
    responses((status = 201, body = ReferralView), (status = 403, body = hotline_http::Problem),
              (status = 404, body = hotline_http::Problem), (status = 409, body = hotline_http::Problem),
              (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/referrals")]
pub async fn add_referral(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<NewReferralRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| refer_case(conn, &caller, &router, &path, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Created().json(view))
}
