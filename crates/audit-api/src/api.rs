//! The audit log's JSON endpoints: extract, call the operation, serialise.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use hotline_audit::VerifyReport;
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, Failure};
use hotline_store::models::AuditEntryRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::oversight::{self, AuditQuery, SummaryQuery};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_audit)
        .service(verify_audit)
        .service(export_audit)
        .service(access_summary);
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

impl From<AuditEntryRow> for AuditEntryView {
    fn from(e: AuditEntryRow) -> Self {
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
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    /// How many entries match: exactly up to 1,000 (or the end of the page asked for, if
    /// further); past that, `total_exact` is false and `total` or more match.
    pub total: i64,
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DailyAccessView {
    pub actor: String,
    pub day: NaiveDate,
    pub case_reads: i64,
    pub usual: f64,
    pub flagged: bool,
}

/// Audit entries of the supervisor's jurisdiction, newest first.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = state
        .db(move |conn| oversight::list_entries(conn, &caller, &q, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(AuditPage {
        items: page.items.into_iter().map(AuditEntryView::from).collect(),
        total: page.total,
        total_exact: page.total_exact,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// How long a verification waits for the one running before it to finish.
const VERIFY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// One verification of the log at a time, per server.
pub struct VerifyGate(tokio::sync::Semaphore);

impl Default for VerifyGate {
    fn default() -> Self {
        VerifyGate(tokio::sync::Semaphore::new(1))
    }
}

impl VerifyGate {
    /// Wait for this server's one verification turn (at most 30 s). Verifying rereads the
    /// whole log: asking again and again costs one connection and one core, not all of them.
    pub async fn turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        let busy = || Failure::Unavailable("an audit verification is already running".into());
        actix_web::rt::time::timeout(VERIFY_WAIT, self.0.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy().into())
    }
}

/// Recompute the hash chain of the whole log.
#[utoipa::path(
    tag = "audit",
    responses((status = 200, body = VerifyReport), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/verify")]
pub async fn verify_audit(
    state: web::Data<AppState>,
    gate: web::Data<VerifyGate>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let _turn = gate.turn().await?;
    let worker = state.clone();
    let report = state
        .db(move |conn| oversight::verify_log(conn, &caller, &worker.seal_key, time::now()))
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The matching entries as CSV (UTF-8), oldest first; the export is itself audited.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/export")]
pub async fn export_audit(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .db(move |conn| oversight::export_entries(conn, &caller, &q, time::now()))
        .await?;
    let name = format!(
        "attachment; filename=\"nhat-ky-truy-cap-{}.csv\"",
        time::now().format("%Y%m%d-%H%M%S")
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", name))
        .body(csv(rows)))
}

fn csv(rows: Vec<AuditEntryRow>) -> String {
    let mut csv = String::from("seq,at,actor,role,action,entity,entity_id,ip,detail\r\n");
    for e in rows {
        let fields = [
            e.seq.to_string(),
            e.at.and_utc().to_rfc3339(),
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
    csv
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
    responses((status = 200, body = Vec<DailyAccessView>), (status = 403, body = hotline_http::Problem)),
    security(("bearer" = []))
)]
#[get("/api/v1/audit/summary")]
pub async fn access_summary(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let rule = state.access_rule;
    let rows = state
        .db(move |conn| oversight::access_summary(conn, &caller, &q, rule, time::now()))
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

/// The OpenAPI description of the audit endpoints.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list_audit, verify_audit, export_audit, access_summary),
    components(schemas(AuditEntryView, AuditPage, VerifyReport, DailyAccessView))
)]
pub struct AuditApi;

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
