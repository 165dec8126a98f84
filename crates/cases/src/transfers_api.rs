//! The transfer endpoints: extract, call the operation, serialise.

use actix_web::{get, post, web, HttpResponse};
use hotline_domain::time;
use hotline_domain::transfer::TransferMove;
use hotline_http::{ApiError, AppState, Caller, OptionalJson, ValidJson};
use hotline_routing::Router;

use crate::transfers::{self, AnswerRequest, TransferRequest, TransferView, Transfers};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(propose)
        .service(list)
        .service(accept)
        .service(refuse)
        .service(cancel);
}

/// Propose to move a case to the commune where the child now lives (the sending side: the
/// commune's group or chair, or the province's department).
#[utoipa::path(
    tag = "case work",
    params(("id" = String, Path, description = "case id")),
    request_body = TransferRequest,
    responses(
        (status = 201, body = TransferView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "the case is closed or erased, or a transfer of it waits already"),
        (status = 422, body = hotline_http::Problem, description = "`to_commune_code` names no commune (or the case's own, or one nobody there can answer for), or `reason` is missing"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/transfers")]
pub async fn propose(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<TransferRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| transfers::propose(conn, &caller, &router, &path, &body.body, time::now()))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// The transfers coming to the caller's side and those that went from it, the waiting
/// first.
#[utoipa::path(
    tag = "case work",
    responses(
        (status = 200, body = Transfers),
        (status = 403, body = hotline_http::Problem),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/transfers")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let listed = state
        .db(move |conn| transfers::list(conn, &caller, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(listed))
}

/// One answer to a transfer, by the side `mv` belongs to.
async fn answer(
    (state, router): (web::Data<AppState>, web::Data<Router>),
    caller: Caller,
    (id, mv): (String, TransferMove),
    body: AnswerRequest,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .db(move |conn| transfers::answer(conn, &caller, &router, (&id, mv), &body, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// An answer to a transfer: the same path parameter, body and success for each, a path, a
/// move and the refusals of its own.
macro_rules! transfer_answer {
    ($(#[doc = $doc:literal])* $name:ident, $path:literal, $move:expr,
     $(($status:literal, $why:literal)),+) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = "case work",
            params(("id" = String, Path, description = "transfer id")),
            request_body = AnswerRequest,
            responses(
                (status = 200, body = TransferView),
                (status = 403, body = hotline_http::Problem),
                (status = 404, body = hotline_http::Problem),
                $((status = $status, body = hotline_http::Problem, description = $why),)+
            ),
            security(("bearer" = []))
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            router: web::Data<Router>,
            caller: Caller,
            path: web::Path<String>,
            body: OptionalJson<AnswerRequest>,
        ) -> Result<HttpResponse, ApiError> {
            let mv = (path.into_inner(), $move);
            answer((state, router), caller, mv, body.0.unwrap_or_default()).await
        }
    };
}

transfer_answer!(
    /// Take the case (the receiving side): it moves here, with its open referrals. The body,
    /// and its reason, may be left out.
    accept, "/api/v1/transfers/{id}/accept", TransferMove::Accept,
    (409, "answered or withdrawn already, or the case has ended")
);

transfer_answer!(
    /// Refuse the case, with a reason (the receiving side): it stays where it is.
    refuse, "/api/v1/transfers/{id}/refuse", TransferMove::Refuse,
    (409, "answered or withdrawn already"),
    (422, "`reason` is missing")
);

transfer_answer!(
    /// Withdraw a proposal still waiting (the sending side). The body may be left out.
    cancel, "/api/v1/transfers/{id}/cancel", TransferMove::Cancel,
    (409, "answered or withdrawn already")
);
