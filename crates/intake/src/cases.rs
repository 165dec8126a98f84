//! Case endpoints: list and search, read one, move it along the lifecycle, add notes.
//! Every query is scoped to what the caller may see; outside the scope is 404.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use hotline_audit::query::search_term_hash;
use hotline_audit::{append, Entry};
use hotline_domain::lifecycle::{self, TransitionCheck};
use hotline_domain::{text, time, CaseScope, CaseStatus, Category, RiskLevel};
use hotline_http::access::{case_scope, path_id};
use hotline_http::audit_ctx::{actor, place_of};
use hotline_http::params::{self, integer, time_bound};
use hotline_http::{ApiError, AppState, Authenticated, ClientIp, FieldError, ValidJson};
use hotline_store::models::{CaseEventRow, CaseRow, ReportRow};
use hotline_store::queries::cases::{self, CaseDetail, CaseFilter};
use hotline_store::queries::{agencies, places, users};
use hotline_store::{write_transaction, DbConnection, StoreError};

use crate::dto::*;
use hotline_routing::Router;

pub const MAX_PER_PAGE: i64 = 100;
pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_NOTE_CHARS: usize = 10_000;

/// List the cases the caller may see.
#[utoipa::path(
    tag = "cases",
    params(CaseQuery),
    responses((status = 200, body = CaseList), (status = 403, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/cases")]
pub async fn list_cases(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = case_scope(&principal)?;
    let (filter, page, per_page) = parse_query(&query)?;
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    // The search term is kept only as a keyed hash: it may be a child's name.
    let q_hash = query
        .q
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(|q| search_term_hash(&state.audit_key, q));
    let (rows, total) = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (rows, total) = cases::list(conn, scope, &filter, page, per_page)?;
                let ids: Vec<&str> = rows.iter().map(|(r, _)| r.id.as_str()).collect();
                let entry = Entry::new("case.list").place(province, commune).detail(serde_json::json!({
                    "filters": {
                        "q_hash": q_hash, "status": filter.status, "commune_code": filter.commune_code,
                        "category": filter.category, "risk_level": filter.risk_level,
                        "from": filter.from.map(|t| t.and_utc()), "to": filter.to.map(|t| t.and_utc()),
                    },
                    "page": page, "per_page": per_page, "total": total, "ids": ids,
                }));
                append(conn, &who, entry, time::now())?;
                Ok::<_, ApiError>((rows, total))
            })
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|(row, categories)| CaseSummary {
            id: row.id,
            case_number: row.case_number,
            status: row.status,
            risk_level: row.risk_level,
            emergency: row.emergency,
            province_code: row.province_code,
            commune_code: row.commune_code,
            categories,
            received_at: row.received_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(CaseList {
        items,
        total,
        page,
        per_page,
    }))
}

fn parse_query(q: &CaseQuery) -> Result<(CaseFilter, i64, i64), ApiError> {
    let mut errors = Vec::new();
    let mut code =
        |field: &str, value: &Option<String>, ok: &dyn Fn(&str) -> bool| -> Option<String> {
            let v = params::text(value.as_deref())?;
            if ok(&v) {
                Some(v)
            } else {
                errors.push(FieldError::new(field, "mã không hợp lệ"));
                None
            }
        };
    let status = code("status", &q.status, &|v| v.parse::<CaseStatus>().is_ok());
    let category = code("category", &q.category, &|v| v.parse::<Category>().is_ok());
    let risk_level = code("risk_level", &q.risk_level, &|v| {
        v.parse::<RiskLevel>().is_ok()
    });
    let page = integer(&mut errors, "page", q.page.as_deref(), 1, 1_000_000, 1);
    let per_page = integer(
        &mut errors,
        "per_page",
        q.per_page.as_deref(),
        1,
        MAX_PER_PAGE,
        DEFAULT_PER_PAGE,
    );
    let commune_code = q
        .commune_code
        .as_deref()
        .map(|v| integer(&mut errors, "commune_code", Some(v), 1, 99_999, 0) as i32);
    let from = time_bound(&mut errors, "from", q.from.as_deref(), false);
    let to = time_bound(&mut errors, "to", q.to.as_deref(), true);
    let q_text = q.q.as_deref().map(text::fold).filter(|t| !t.is_empty());
    if q_text.as_ref().is_some_and(|t| t.chars().count() > 200) {
        errors.push(FieldError::new("q", "dài quá 200 ký tự"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let filter = CaseFilter {
        q: q_text,
        status,
        commune_code,
        category,
        risk_level,
        from,
        to,
    };
    Ok((filter, page, per_page))
}

/// An audit entry about one case, placed where the case lies so that the right supervisors
/// see it.
pub(crate) fn case_entry(action: &'static str, case: &CaseRow) -> Entry {
    Entry::new(action)
        .on("case", case.id.clone())
        .place(Some(case.province_code), Some(case.commune_code))
}

/// Read one case with its children, reports, referrals, notes and timeline.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    responses((status = 200, body = CaseDetailView), (status = 403, body = hotline_http::Problem), (status = 404, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/cases/{id}")]
pub async fn get_case(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = case_scope(&principal)?;
    let id = path_id(&path)?;
    let who = actor(&principal, &ip);
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let row = cases::visible(conn, scope, &id)?;
                let entry = case_entry("case.read", &row)
                    .detail(serde_json::json!({"case_number": row.case_number}));
                append(conn, &who, entry, time::now())?;
                let detail = cases::detail(conn, row)?;
                detail_view(conn, scope, detail)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Move a case to another status of the Decree 56 process.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    request_body = TransitionRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "not allowed from the current status; `allowed` lists the next states"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/transitions")]
pub async fn transition_case(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
    body: ValidJson<TransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let who = actor(&principal, &ip);
    let scope = case_scope(&principal)?;
    if !lifecycle::role_may_transition(principal.role) {
        return Err(ApiError::Forbidden(
            "Vai trò này không chuyển trạng thái vụ việc.".into(),
        ));
    }
    let id = path_id(&path)?;
    let to: CaseStatus = body
        .body
        .to
        .parse()
        .map_err(|_| ApiError::field("to", "mã trạng thái không hợp lệ"))?;
    let note = optional_note(body.body.note.as_deref())?;
    let now = time::now();
    // A duplicate without the case it duplicates would keep its referrals open (and
    // escalating) on a case nobody works: the move is a link.
    let duplicate_of = match (to, body.body.duplicate_of.as_deref().map(str::trim)) {
        (CaseStatus::Duplicate, Some(of)) if !of.is_empty() => Some(of.to_owned()),
        (CaseStatus::Duplicate, _) => {
            return Err(ApiError::field(
                "duplicate_of",
                "cần vụ việc được giữ lại (mã hoặc số vụ việc)",
            ))
        }
        _ => None,
    };
    let linking = crate::duplicates::Linking {
        scope,
        role: principal.role,
        user_id: principal.user_id.to_string(),
        who: who.clone(),
        now,
    };
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                if let Some(of) = duplicate_of {
                    crate::duplicates::link(conn, &linking, &id, &of, note)?;
                    let row = cases::visible(conn, scope, &id)?;
                    let detail = cases::detail(conn, row)?;
                    return detail_view(conn, scope, detail);
                }
                let row = cases::visible(conn, scope, &id)?;
                let from: CaseStatus =
                    row.status.parse().map_err(|_| ApiError::Internal(format!("case {id} has a bad status")))?;
                may_move(principal.role, from, to)?;
                let closed_at = (!lifecycle::is_open(to)).then_some(now.naive_utc());
                cases::set_status(conn, &id, from.code(), to.code(), closed_at, now.naive_utc())?;
                // Decree 56 counts the plan's working days from the start of verification.
                if to == CaseStatus::Verifying && row.plan_due_at.is_none() {
                    let due = router.deadlines.plan_deadlines(&router.calendar, now);
                    cases::set_plan_deadlines(
                        conn,
                        &id,
                        due.plan_due_at.naive_utc(),
                        due.approval_due_at.naive_utc(),
                    )?;
                }
                let entry = case_entry("case.transition", &row)
                    .detail(serde_json::json!({"from": from.code(), "to": to.code(), "with_note": note.is_some()}));
                append(conn, &who, entry, now)?;
                cases::insert_event(
                    conn,
                    &CaseEventRow::new(&id, Some(principal.user_id.to_string()), "transition", now.naive_utc())
                        .moving(Some(from.code()), to.code())
                        .with_text(note),
                )?;
                let row = cases::visible(conn, scope, &id)?;
                let detail = cases::detail(conn, row)?;
                detail_view(conn, scope, detail)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A note given with a move: trimmed, `None` when blank, at most [`MAX_NOTE_CHARS`].
pub(crate) fn optional_note(raw: Option<&str>) -> Result<Option<String>, ApiError> {
    let note = raw.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(ApiError::field(
            "note",
            format!("dài quá {MAX_NOTE_CHARS} ký tự"),
        ));
    }
    Ok(note.map(str::to_owned))
}

/// Whether `role` may move a case from `from` to `to`: 409 naming the allowed next states
/// when the lifecycle has no such move, 403 when the role may not make it.
pub(crate) fn may_move(
    role: hotline_domain::Role,
    from: CaseStatus,
    to: CaseStatus,
) -> Result<(), ApiError> {
    match lifecycle::check(role, from, to) {
        TransitionCheck::Allowed(_) => Ok(()),
        TransitionCheck::NotInLifecycle { allowed } => Err(ApiError::Conflict {
            detail: format!(
                "Không thể chuyển từ “{}” sang “{}”. Trạng thái tiếp theo được phép: {}.",
                from.label_vi(),
                to.label_vi(),
                allowed
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            allowed: Some(allowed.iter().map(|s| s.code().to_owned()).collect()),
        }),
        TransitionCheck::RoleMayNot => Err(ApiError::Forbidden(format!(
            "Vai trò này không được chuyển vụ việc từ “{}” sang “{}”.",
            from.label_vi(),
            to.label_vi()
        ))),
    }
}

/// Add a note to a case's timeline.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "case id")),
    request_body = NoteRequest,
    responses((status = 201, body = TimelineEntry), (status = 403, body = hotline_http::Problem), (status = 404, body = hotline_http::Problem), (status = 422, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
    body: ValidJson<NoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let who = actor(&principal, &ip);
    let scope = case_scope(&principal)?;
    let id = path_id(&path)?;
    let text = body.body.text.trim().to_owned();
    if text.is_empty() || text.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::field(
            "text",
            format!("cần từ 1 đến {MAX_NOTE_CHARS} ký tự"),
        ));
    }
    let now = time::now();
    let event = CaseEventRow::new(
        &id,
        Some(principal.user_id.to_string()),
        "note",
        now.naive_utc(),
    )
    .with_text(Some(text));
    let stored = event.clone();
    state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let row = cases::visible(conn, scope, &id)?;
                cases::insert_event(conn, &stored)?;
                let entry =
                    case_entry("case.note", &row).detail(serde_json::json!({"note_id": stored.id}));
                append(conn, &who, entry, now).map_err(StoreError::from)?;
                cases::touch(conn, &id, now.naive_utc())?;
                Ok::<_, StoreError>(())
            })
            .map_err(ApiError::from)
        })
        .await?;
    Ok(HttpResponse::Created().json(TimelineEntry {
        id: event.id,
        at: now,
        actor: Some(principal.username),
        kind: event.kind,
        from_status: None,
        to_status: None,
        text: event.body,
    }))
}

pub(crate) fn detail_view(
    conn: &mut DbConnection,
    scope: CaseScope,
    d: CaseDetail,
) -> Result<CaseDetailView, ApiError> {
    let actor_ids: Vec<&str> = d
        .events
        .iter()
        .filter_map(|e| e.actor_id.as_deref())
        .chain(d.reports.iter().filter_map(|r| r.recorded_by.as_deref()))
        .collect();
    let names = users::usernames(conn, &actor_ids)?;
    let agency_ids: Vec<&str> = d
        .reports
        .iter()
        .filter_map(|r| r.agency_id.as_deref())
        .collect();
    let agency_codes = agencies::codes(conn, &agency_ids)?;
    let commune_name = places::commune(conn, d.case.commune_code)?.map(|c| c.name);
    let status: Option<CaseStatus> = d.case.status.parse().ok();
    let timeline: Vec<TimelineEntry> = d.events.iter().map(|e| timeline_entry(e, &names)).collect();
    let notes = timeline
        .iter()
        .filter(|e| e.kind == "note")
        .cloned()
        .collect();
    let reports = d
        .reports
        .iter()
        .map(|r| report_view(r, &names, &agency_codes))
        .collect::<Result<_, _>>()?;
    let referrals = hotline_store::queries::referrals::for_case(conn, &d.case.id)?
        .iter()
        .map(|(r, a)| ReferralView::new(r, a))
        .collect();
    let duplicate_of = match &d.case.duplicate_of {
        Some(kept) => match cases::visible(conn, scope, kept) {
            Ok(k) => Some(CaseLink {
                case_id: k.id,
                case_number: k.case_number,
            }),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let evidence_rows = hotline_store::queries::evidence::for_case(conn, &d.case.id)?;
    let possible_duplicates = if status.is_some_and(lifecycle::is_open) {
        crate::duplicates::for_case(conn, scope, &d.case, &d.children, &evidence_rows)?
    } else {
        Vec::new()
    };
    let evidence = evidence_rows
        .into_iter()
        .map(|e| EvidenceItem {
            kind: e.kind,
            value: e.value,
            platform: e.platform,
            report_id: e.report_id,
            recorded_at: e.created_at.and_utc(),
        })
        .collect();
    Ok(CaseDetailView {
        id: d.case.id,
        case_number: d.case.case_number,
        status: d.case.status,
        next_statuses: status
            .map(|s| {
                lifecycle::next_states(s)
                    .iter()
                    .map(|n| n.code().to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        risk_level: d.case.risk_level,
        emergency: d.case.emergency,
        province_code: d.case.province_code,
        commune_code: d.case.commune_code,
        commune_name,
        place_detail: d.case.place_detail,
        categories: d.categories,
        received_at: d.case.received_at.and_utc(),
        opened_at: d.case.created_at.and_utc(),
        updated_at: d.case.updated_at.and_utc(),
        closed_at: d.case.closed_at.map(|t| t.and_utc()),
        children: d
            .children
            .into_iter()
            .map(|c| ChildView {
                id: c.id,
                name: c.name,
                birth_year: c.birth_year,
                age_estimate: c.age_estimate,
                sex: c.sex,
                current_location: c.current_location,
            })
            .collect(),
        reports,
        referrals,
        routing: d
            .case
            .routing
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        action_due_at: d.case.action_due_at.map(|t| t.and_utc()),
        plan_due_at: d.case.plan_due_at.map(|t| t.and_utc()),
        approval_due_at: d.case.approval_due_at.map(|t| t.and_utc()),
        duplicate_of,
        possible_duplicates,
        evidence,
        notes,
        timeline,
    })
}

fn timeline_entry(e: &CaseEventRow, names: &HashMap<String, String>) -> TimelineEntry {
    TimelineEntry {
        id: e.id.clone(),
        at: e.at.and_utc(),
        actor: e.actor_id.as_ref().and_then(|id| names.get(id).cloned()),
        kind: e.kind.clone(),
        from_status: e.from_status.clone(),
        to_status: e.to_status.clone(),
        text: e.body.clone(),
    }
}

fn report_view(
    r: &ReportRow,
    names: &HashMap<String, String>,
    agency_codes: &HashMap<String, String>,
) -> Result<ReportView, ApiError> {
    let corrupt = |what: &str| ApiError::Internal(format!("report {} has bad {what}", r.id));
    Ok(ReportView {
        id: r.id.clone(),
        channel: r.channel.clone(),
        contact_type: r.contact_type.clone(),
        received_at: r.received_at.and_utc(),
        recorded_at: r.recorded_at.and_utc(),
        recorded_by: r.recorded_by.as_ref().and_then(|id| names.get(id).cloned()),
        agency_code: r
            .agency_id
            .as_ref()
            .and_then(|id| agency_codes.get(id).cloned()),
        categories: serde_json::from_str(&r.categories).map_err(|_| corrupt("categories"))?,
        emergency: r.emergency,
        risk_level: r.risk_level.clone(),
        informant: (r.informant_consent || r.informant_relation.is_some()).then(|| InformantView {
            consent_to_store: r.informant_consent,
            name: r.informant_name.clone(),
            phone: r.informant_phone.clone(),
            handle: r.informant_handle.clone(),
            relation: r.informant_relation.clone(),
        }),
        narrative: r.narrative.clone(),
        online: r
            .online
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| corrupt("online"))?,
    })
}
