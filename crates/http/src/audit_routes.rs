//! The audit log for supervisors: query, verify, export, access summary. Every one of these
//! reads is itself audited.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use hotline_audit::query::{self, AuditFilter, AuditScope};
use hotline_audit::{append, verify, Entry};
use hotline_auth::Principal;
use hotline_domain::{time, CaseScope, Role};
use hotline_store::models::AuditEntryRow;
use hotline_store::write_transaction;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::audit_ctx::{actor, place_of};
use crate::params::{integer, text, time_bound};
use crate::{ApiError, AppState, Authenticated, ClientIp, FieldError};

/// Rows one CSV export may hold; narrow the filters for more.
pub const MAX_EXPORT_ROWS: i64 = 100_000;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub case_id: Option<String>,
    /// Username of whoever acted.
    pub actor: Option<String>,
    /// e.g. `case.read`, `case.list`, `report.create`, `case.transition`, `auth.login`.
    pub action: Option<String>,
    /// RFC 3339, or a date (Vietnam time).
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VerifyView {
    pub ok: bool,
    pub entries: i64,
    pub sealed_through: i64,
    pub seals: i64,
    /// Hash of the last seal; with `seals`, an anchor to keep outside the database.
    pub head_hash: Option<String>,
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// First day (YYYY-MM-DD, Vietnam time); default: 6 days before `to`.
    pub from: Option<String>,
    /// Last day; default: today.
    pub to: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DailyAccessView {
    pub actor: String,
    pub day: NaiveDate,
    pub case_reads: i64,
    pub usual: f64,
    pub flagged: bool,
}

/// Only supervisors read the log, and only for their jurisdiction.
fn audit_scope(principal: &Principal) -> Result<AuditScope, ApiError> {
    if principal.role != Role::Supervisor {
        return Err(ApiError::Forbidden(
            "Chỉ lãnh đạo, thanh tra được xem nhật ký truy cập.".into(),
        ));
    }
    match principal.case_scope() {
        Some(CaseScope::All) => Ok(AuditScope::All),
        Some(CaseScope::Province(p)) => Ok(AuditScope::Province(i32::from(p))),
        Some(CaseScope::Commune(c)) => Ok(AuditScope::Commune(c as i32)),
        _ => Err(ApiError::Forbidden(
            "Tài khoản không gắn với địa bàn nào.".into(),
        )),
    }
}

fn parse(q: &AuditQuery) -> Result<(AuditFilter, i64, i64), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let filter = AuditFilter {
        case_id: text(q.case_id.as_deref()),
        actor: text(q.actor.as_deref()),
        action: text(q.action.as_deref()),
        from: time_bound(&mut errors, "from", q.from.as_deref(), false),
        to: time_bound(&mut errors, "to", q.to.as_deref(), true),
    };
    let page = integer(&mut errors, "page", q.page.as_deref(), 1, 1_000_000, 1);
    let per_page = integer(&mut errors, "per_page", q.per_page.as_deref(), 1, 500, 50);
    if errors.is_empty() {
        Ok((filter, page, per_page))
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn filter_detail(f: &AuditFilter) -> serde_json::Value {
    serde_json::json!({
        "case_id": f.case_id, "actor": f.actor, "action": f.action,
        "from": f.from.map(|t| t.and_utc()), "to": f.to.map(|t| t.and_utc()),
    })
}

fn view(e: AuditEntryRow) -> AuditEntryView {
    AuditEntryView {
        seq: e.seq,
        at: e.at.and_utc(),
        actor: e.actor,
        role: e.role,
        action: e.action,
        entity: e.entity,
        entity_id: e.entity_id,
        ip: e.ip,
        detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::String(e.detail)),
    }
}

/// Audit entries of the supervisor's jurisdiction, newest first.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = crate::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = audit_scope(&principal)?;
    let (filter, page, per_page) = parse(&q)?;
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    let (rows, total) = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let (rows, total) = query::list(conn, scope, &filter, page, per_page)?;
                let entry = Entry::new("audit.query").place(province, commune).detail(serde_json::json!({
                    "filters": filter_detail(&filter), "page": page, "returned": rows.len(), "total": total,
                }));
                append(conn, &who, entry, Utc::now())?;
                Ok::<_, ApiError>((rows, total))
            })
        })
        .await?;
    let items = rows.into_iter().map(view).collect();
    Ok(HttpResponse::Ok().json(AuditPage {
        items,
        total,
        page,
        per_page,
    }))
}

/// Recompute the hash chain of the whole log.
#[utoipa::path(
    tag = "audit",
    responses((status = 200, body = VerifyView), (status = 403, body = crate::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/verify")]
pub async fn verify_audit(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    audit_scope(&principal)?;
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    let report = state
        .db(move |conn| {
            let report = verify(conn)?;
            write_transaction(conn, |conn| {
                let entry = Entry::new("audit.verify").place(province, commune).detail(serde_json::json!({
                    "ok": report.ok, "entries": report.entries, "sealed_through": report.sealed_through,
                    "first_bad_seq": report.first_bad_seq,
                }));
                append(conn, &who, entry, Utc::now())
            })?;
            Ok::<_, ApiError>(report)
        })
        .await?;
    if !report.ok {
        tracing::error!(first_bad_seq = ?report.first_bad_seq, problem = ?report.problem, "audit chain verification failed");
    }
    Ok(HttpResponse::Ok().json(VerifyView {
        ok: report.ok,
        entries: report.entries,
        sealed_through: report.sealed_through,
        seals: report.seals,
        head_hash: report.head_hash,
        first_bad_seq: report.first_bad_seq,
        problem: report.problem,
    }))
}

/// The matching entries as CSV (UTF-8), oldest first; the export is itself audited.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = crate::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/export")]
pub async fn export_audit(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = audit_scope(&principal)?;
    let (filter, _, _) = parse(&q)?;
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    let rows = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let rows = query::export(conn, scope, &filter, MAX_EXPORT_ROWS)?;
                let entry = Entry::new("audit.export").place(province, commune).detail(
                    serde_json::json!({"filters": filter_detail(&filter), "rows": rows.len()}),
                );
                append(conn, &who, entry, Utc::now())?;
                Ok::<_, ApiError>(rows)
            })
        })
        .await?;
    let mut csv = String::from("seq,at,actor,role,action,entity,entity_id,ip,detail\r\n");
    for e in rows {
        let at = e.at.and_utc().to_rfc3339();
        let fields = [
            e.seq.to_string(),
            at,
            e.actor.unwrap_or_default(),
            e.role.unwrap_or_default(),
            e.action,
            e.entity.unwrap_or_default(),
            e.entity_id.unwrap_or_default(),
            e.ip.unwrap_or_default(),
            e.detail,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    let name = format!(
        "attachment; filename=\"nhat-ky-truy-cap-{}.csv\"",
        time::now().format("%Y%m%d-%H%M%S")
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", name))
        .body(csv))
}

/// RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula.
fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Case reads per user and day, flagging days far above the user's usual level.
#[utoipa::path(
    tag = "audit",
    params(SummaryQuery),
    responses((status = 200, body = Vec<DailyAccessView>), (status = 403, body = crate::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/summary")]
pub async fn access_summary(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    q: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = audit_scope(&principal)?;
    let day = |field: &str, v: Option<&str>| -> Result<Option<NaiveDate>, ApiError> {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| ApiError::field(field, "cần ngày YYYY-MM-DD"))
            })
            .transpose()
    };
    let to = day("to", q.to.as_deref())?
        .unwrap_or_else(|| time::now().with_timezone(&time::vietnam()).date_naive());
    let from = day("from", q.from.as_deref())?.unwrap_or(to - chrono::Duration::days(6));
    if from > to || (to - from).num_days() > 366 {
        return Err(ApiError::field(
            "from",
            "khoảng ngày phải hợp lệ và không quá 366 ngày",
        ));
    }
    let rule = state.access_rule;
    let who = actor(&principal, &ip);
    let (province, commune) = place_of(&principal);
    let rows = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                let rows = query::access_summary(conn, scope, from, to, rule)?;
                let flagged = rows.iter().filter(|r| r.flagged).count();
                let entry = Entry::new("audit.summary")
                    .place(province, commune)
                    .detail(serde_json::json!({"from": from, "to": to, "rows": rows.len(), "flagged": flagged}));
                append(conn, &who, entry, Utc::now())?;
                Ok::<_, ApiError>(rows)
            })
        })
        .await?;
    let items: Vec<DailyAccessView> = rows
        .into_iter()
        .map(|r| DailyAccessView {
            actor: r.actor,
            day: r.day,
            case_reads: r.case_reads,
            usual: r.usual,
            flagged: r.flagged,
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formula_safe() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(
            csv_field("{\"a\":1,\"b\":2}"),
            "\"{\"\"a\"\":1,\"\"b\"\":2}\""
        );
    }
}
