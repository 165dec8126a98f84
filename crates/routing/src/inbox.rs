//! Referral endpoints: an agency's inbox, the moves its staff make on a referral, and adding
//! or reassigning a referral on a case. Each write commits with its timeline event, audit
//! entry and outbox rows; each read of the inbox is audited.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use hotline_audit::{append, Entry};
use hotline_auth::Principal;
use hotline_domain::referral::{self, ReferralAction};
use hotline_domain::{time, AgencyKind, ReferralStatus};
use hotline_http::access::{case_scope, path_id};
use hotline_http::audit_ctx::{actor, place_of};
use hotline_http::params::{self, integer};
use hotline_http::{ApiError, AppState, Authenticated, ClientIp, FieldError, ValidJson};
use hotline_store::models::{AgencyRow, CaseEventRow, CaseRow, ReferralRow};
use hotline_store::queries::{agencies, cases, outbox, referrals};
use hotline_store::{write_transaction, DbConnection};
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::dispatch::{self, By};
use crate::views::{Inbox, InboxItem, ReferralView};
use crate::Router;

pub const MAX_REASON_CHARS: usize = 2_000;
const MAX_PER_PAGE: i64 = 100;
const DEFAULT_PER_PAGE: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_referrals)
        .service(acknowledge)
        .service(accept)
        .service(decline)
        .service(complete)
        .service(add_referral);
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only referrals in this status.
    pub status: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
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

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReferralRequest {
    /// The agency to refer to.
    pub agency_code: String,
    /// Why, in Vietnamese.
    pub reason: String,
    /// The id of an open referral of this case that the new one replaces (reassignment).
    pub replaces: Option<String>,
}

/// The caller's agency, for a role that works an inbox.
fn inbox_agency(principal: &Principal) -> Result<uuid::Uuid, ApiError> {
    if !referral::role_works_referrals(principal.role) {
        return Err(ApiError::Forbidden(
            "Vai trò này không tiếp nhận chuyển tuyến.".into(),
        ));
    }
    principal
        .agency
        .as_ref()
        .map(|a| a.id)
        .ok_or_else(|| ApiError::Forbidden("Tài khoản không thuộc cơ quan nào.".into()))
}

/// Required free text: trimmed, not empty, not too long.
fn required_text(field: &str, value: Option<&str>) -> Result<String, ApiError> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(ApiError::field(field, "bắt buộc"));
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(ApiError::field(
            field,
            format!("dài quá {MAX_REASON_CHARS} ký tự"),
        ));
    }
    Ok(text.to_owned())
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
    auth: Authenticated,
    ip: ClientIp,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let agency_id = inbox_agency(&principal)?.to_string();
    let mut errors = Vec::new();
    let status = params::text(query.status.as_deref());
    if status
        .as_deref()
        .is_some_and(|s| s.parse::<ReferralStatus>().is_err())
    {
        errors.push(FieldError::new("status", "mã không hợp lệ"));
    }
    let page = integer(&mut errors, "page", query.page.as_deref(), 1, 1_000_000, 1);
    let per_page = integer(
        &mut errors,
        "per_page",
        query.per_page.as_deref(),
        1,
        MAX_PER_PAGE,
        DEFAULT_PER_PAGE,
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    let now = time::now();
    let inbox = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (lines, total) =
                    referrals::inbox(conn, &agency_id, status.as_deref(), page, per_page)?;
                let agency = agencies::by_id(conn, &agency_id)?.ok_or(ApiError::NotFound)?;
                let entry = Entry::new("referral.list")
                    .on("agency", agency_id.clone())
                    .place(province, commune)
                    .detail(json!({
                        "status": status, "page": page, "total": total,
                        "referral_ids": lines.iter().map(|l| &l.referral.id).collect::<Vec<_>>(),
                        "case_ids": lines.iter().map(|l| &l.referral.case_id).collect::<Vec<_>>(),
                    }));
                append(conn, &who, entry, now)?;
                let items = lines
                    .into_iter()
                    .map(|l| {
                        let waiting = l.referral.status.parse().is_ok_and(referral::awaits_answer);
                        InboxItem {
                            overdue: waiting && l.referral.due_at < now.naive_utc(),
                            referral: ReferralView::new(&l.referral, &agency),
                            case_number: l.case_number,
                            case_status: l.case_status,
                            risk_level: l.risk_level,
                            commune_code: l.commune_code,
                            received_at: l.received_at.and_utc(),
                        }
                    })
                    .collect();
                Ok::<_, ApiError>(Inbox {
                    items,
                    total,
                    page,
                    per_page,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(inbox))
}

macro_rules! referral_action {
    ($name:ident, $path:literal, $action:expr, $body:ty, $text:expr) => {
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
            auth: Authenticated,
            ip: ClientIp,
            path: web::Path<String>,
            body: Option<ValidJson<$body>>,
        ) -> Result<HttpResponse, ApiError> {
            let body = body.map(|b| b.body).unwrap_or_default();
            let text: Option<String> = $text(&body)?;
            act(state, router, auth.0, ip, &path, $action, text).await
        }
    };
}

fn no_text<T>(_: &T) -> Result<Option<String>, ApiError> {
    Ok(None)
}

fn decline_reason(body: &ReasonRequest) -> Result<Option<String>, ApiError> {
    required_text("reason", body.reason.as_deref()).map(Some)
}

fn completion_outcome(body: &OutcomeRequest) -> Result<Option<String>, ApiError> {
    required_text("outcome", body.outcome.as_deref()).map(Some)
}

referral_action!(
    acknowledge,
    "/api/v1/referrals/{id}/acknowledge",
    ReferralAction::Acknowledge,
    ReasonRequest,
    no_text
);
referral_action!(
    accept,
    "/api/v1/referrals/{id}/accept",
    ReferralAction::Accept,
    ReasonRequest,
    no_text
);
referral_action!(
    decline,
    "/api/v1/referrals/{id}/decline",
    ReferralAction::Decline,
    ReasonRequest,
    decline_reason
);
referral_action!(
    complete,
    "/api/v1/referrals/{id}/complete",
    ReferralAction::Complete,
    OutcomeRequest,
    completion_outcome
);

/// The referral and its case, when the caller's agency is the one it went to. A referral to
/// another agency is 403 when the caller may see its case anyway, 404 otherwise.
fn own_referral(
    conn: &mut DbConnection,
    principal: &Principal,
    agency_id: &str,
    id: &str,
) -> Result<(ReferralRow, CaseRow), ApiError> {
    let row = referrals::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = principal.case_scope().ok_or(ApiError::NotFound)?;
    if row.agency_id != agency_id {
        return match cases::visible(conn, scope, &row.case_id) {
            Ok(_) => Err(ApiError::Forbidden(
                "Chuyển tuyến này dành cho cơ quan khác.".into(),
            )),
            Err(_) => Err(ApiError::NotFound),
        };
    }
    let case = cases::visible(conn, hotline_domain::CaseScope::All, &row.case_id)?;
    Ok((row, case))
}

async fn act(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    principal: Principal,
    ip: ClientIp,
    path: &str,
    action: ReferralAction,
    text: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let agency_id = inbox_agency(&principal)?.to_string();
    let id = path_id(path)?;
    let who = actor(&principal, &ip);
    let now = time::now();
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (row, case) = own_referral(conn, &principal, &agency_id, &id)?;
                let agency = agencies::by_id(conn, &agency_id)?.ok_or(ApiError::NotFound)?;
                let from: ReferralStatus = row
                    .status
                    .parse()
                    .map_err(|_| ApiError::Internal(format!("referral {id} has a bad status")))?;
                let allowed = referral::allowed_actions(from);
                if !allowed.contains(&action) {
                    return Err(ApiError::Conflict {
                        detail: format!(
                            "Chuyển tuyến đang ở trạng thái “{}”: không thể {}.",
                            from.label_vi(),
                            action_label(action)
                        ),
                        allowed: Some(allowed.iter().map(|a| a.code().to_owned()).collect()),
                    });
                }
                if action == ReferralAction::Decline
                    && agency.kind == AgencyKind::ChildProtectionDept.code()
                {
                    return Err(ApiError::Conflict {
                        detail: "Cơ quan bảo vệ trẻ em cấp tỉnh điều phối vụ việc nên không từ chối; hãy chuyển cho cơ quan khác.".into(),
                        allowed: Some(
                            allowed
                                .iter()
                                .filter(|a| **a != ReferralAction::Decline)
                                .map(|a| a.code().to_owned())
                                .collect(),
                        ),
                    });
                }
                let to = action.target();
                let t = Some(now.naive_utc());
                let mut change = referrals::Move {
                    status: Some(to.code().to_owned()),
                    updated_at: t,
                    ..Default::default()
                };
                match action {
                    ReferralAction::Acknowledge => change.acknowledged_at = t,
                    ReferralAction::Accept => {
                        change.accepted_at = t;
                        // Accepting answers the referral as much as acknowledging does.
                        if row.acknowledged_at.is_none() {
                            change.acknowledged_at = t;
                        }
                    }
                    ReferralAction::Decline => {
                        change.declined_at = t;
                        change.decline_reason = text.clone();
                    }
                    ReferralAction::Complete => {
                        change.completed_at = t;
                        change.outcome = text.clone();
                    }
                }
                referrals::apply(conn, &id, from.code(), &change)?;
                cases::insert_event(
                    conn,
                    &CaseEventRow::new(
                        &case.id,
                        Some(principal.user_id.to_string()),
                        &format!("referral.{}", action.code()),
                        now.naive_utc(),
                    )
                    .with_text(Some(
                        json!({"referral_id": id, "agency_code": agency.code, "text": text})
                            .to_string(),
                    )),
                )?;
                let mut detail = json!({
                    "case_id": case.id, "agency_code": agency.code,
                    "from": from.code(), "to": to.code(),
                });
                if action == ReferralAction::Decline {
                    let user_id = principal.user_id.to_string();
                    let by = By { user_id: Some(&user_id), now };
                    let back = back_to_department(conn, &router, &row, &case, &agency, by)?;
                    detail["returned_to"] = json!(back);
                }
                append(
                    conn,
                    &who,
                    Entry::new(action_audit(action))
                        .on("referral", id.clone())
                        .place(Some(case.province_code), Some(case.commune_code))
                        .detail(detail),
                    now,
                )?;
                let row = referrals::find(conn, &id)?.ok_or(ApiError::NotFound)?;
                Ok::<_, ApiError>(ReferralView::new(&row, &agency))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

fn action_audit(action: ReferralAction) -> &'static str {
    match action {
        ReferralAction::Acknowledge => "referral.acknowledge",
        ReferralAction::Accept => "referral.accept",
        ReferralAction::Decline => "referral.decline",
        ReferralAction::Complete => "referral.complete",
    }
}

fn action_label(action: ReferralAction) -> &'static str {
    match action {
        ReferralAction::Acknowledge => "xác nhận đã nhận",
        ReferralAction::Accept => "chấp nhận",
        ReferralAction::Decline => "từ chối",
        ReferralAction::Complete => "hoàn thành",
    }
}

/// A declined referral goes back to the province's child-protection department for
/// reassignment: its open referral on the case is told so, or, when it has none, a new one
/// is made. Returns the department's code (None when the province has none configured).
fn back_to_department(
    conn: &mut DbConnection,
    router: &Router,
    declined: &ReferralRow,
    case: &CaseRow,
    declined_by: &AgencyRow,
    by: By<'_>,
) -> Result<Option<String>, ApiError> {
    let Some(dept) = referrals::province_agency(
        conn,
        AgencyKind::ChildProtectionDept.code(),
        case.province_code,
    )?
    else {
        tracing::warn!(
            province = case.province_code,
            "a referral was declined, but the province has no child-protection department"
        );
        return Ok(None);
    };
    let extra = json!({ "declined_referral_id": declined.id, "declined_by": declined_by.code });
    let (referral, kind) = match referrals::open_for(conn, &case.id, &dept.id)? {
        Some(open) => (open, "referral.declined"),
        None => {
            let reason = format!(
                "{} từ chối tiếp nhận: cần phân công lại cơ quan xử lý",
                declined_by.name
            );
            let row = dispatch::new_referral(
                router,
                &case.id,
                &dept.id,
                &reason,
                &["declined".to_owned()],
                case.emergency,
                by,
            )?;
            referrals::insert(conn, &row)?;
            (row, "referral.created")
        }
    };
    if let Some(email) = dept.email.as_deref().filter(|e| !e.trim().is_empty()) {
        let message = dispatch::message(kind, &referral, &dept.id, email, extra, by.now)?;
        outbox::insert(conn, &[message])?;
    }
    Ok(Some(dept.code))
}

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
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
    body: ValidJson<NewReferralRequest>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    if !referral::role_may_refer(principal.role) {
        return Err(ApiError::Forbidden(
            "Chỉ cán bộ cơ quan hoặc lãnh đạo được chuyển tuyến vụ việc.".into(),
        ));
    }
    let scope = case_scope(&principal)?;
    let case_id = path_id(&path)?;
    let request = body.body;
    let mut errors = Vec::new();
    let reason = required_text("reason", Some(&request.reason))
        .map_err(|e| errors_of(e, &mut errors))
        .ok();
    let agency_code = request.agency_code.trim().to_owned();
    if agency_code.is_empty() {
        errors.push(FieldError::new("agency_code", "bắt buộc"));
    }
    let replaces = match request.replaces.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match uuid::Uuid::parse_str(raw) {
            Ok(u) => Some(u.to_string()),
            Err(_) => {
                errors.push(FieldError::new("replaces", "không phải mã chuyển tuyến"));
                None
            }
        },
    };
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let who = actor(&principal, &ip);
    let now = time::now();
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let case = cases::visible(conn, scope, &case_id)?;
                let agency = agencies::by_code(conn, &agency_code)?
                    .filter(|a| a.active)
                    .ok_or_else(|| ApiError::field("agency_code", "không tồn tại"))?;
                if agency.province_code != Some(case.province_code) {
                    return Err(ApiError::field(
                        "agency_code",
                        "cơ quan ngoài địa bàn tỉnh của vụ việc",
                    ));
                }
                if referrals::open_for(conn, &case.id, &agency.id)?.is_some() {
                    return Err(ApiError::Conflict {
                        detail: format!("{} đang có chuyển tuyến mở cho vụ việc này.", agency.name),
                        allowed: None,
                    });
                }
                let user_id = principal.user_id.to_string();
                let by = By {
                    user_id: Some(&user_id),
                    now,
                };
                let row = dispatch::new_referral(
                    &router,
                    &case.id,
                    &agency.id,
                    &reason,
                    &["manual".to_owned()],
                    case.emergency,
                    by,
                )?;
                let replaced = match &replaces {
                    None => None,
                    Some(old_id) => Some(reassign(conn, old_id, &case, &row.id, now)?),
                };
                referrals::insert(conn, &row)?;
                outbox::insert(
                    conn,
                    &dispatch::announce(&row, &agency, "referral.created", now)?
                        .into_iter()
                        .collect::<Vec<_>>(),
                )?;
                let (kind, action) = if replaced.is_some() {
                    ("referral.reassigned", "referral.reassign")
                } else {
                    ("referral.created", "referral.create")
                };
                cases::insert_event(
                    conn,
                    &CaseEventRow::new(
                        &case.id,
                        Some(principal.user_id.to_string()),
                        kind,
                        now.naive_utc(),
                    )
                    .with_text(Some(
                        json!({"referral_id": row.id, "agency_code": agency.code,
                               "replaces": replaced, "reason": reason})
                        .to_string(),
                    )),
                )?;
                append(
                    conn,
                    &who,
                    Entry::new(action)
                        .on("referral", row.id.clone())
                        .place(Some(case.province_code), Some(case.commune_code))
                        .detail(json!({
                            "case_id": case.id, "agency_code": agency.code, "replaces": replaced,
                        })),
                    now,
                )?;
                Ok::<_, ApiError>(ReferralView::new(&row, &agency))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

fn errors_of(e: ApiError, errors: &mut Vec<FieldError>) {
    if let ApiError::Validation(mut list) = e {
        errors.append(&mut list);
    }
}

/// Close the replaced referral as `reassigned`; it must be an open referral of this case.
fn reassign(
    conn: &mut DbConnection,
    old_id: &str,
    case: &CaseRow,
    new_id: &str,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let old = referrals::find(conn, old_id)?
        .filter(|r| r.case_id == case.id)
        .ok_or_else(|| ApiError::field("replaces", "không phải chuyển tuyến của vụ việc này"))?;
    let open = old.status.parse().is_ok_and(referral::is_open);
    if !open {
        return Err(ApiError::Conflict {
            detail: "Chuyển tuyến được thay đã kết thúc.".into(),
            allowed: None,
        });
    }
    referrals::mark_replaced(conn, old_id, &old.status, new_id, now.naive_utc())?;
    Ok(old.id)
}
