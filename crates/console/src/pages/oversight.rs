//! The supervisor's pages: the dashboard, the audit log with a case's trail, case reads per
//! user and day with unusual days flagged, the chain's verification, and the mails given up
//! with a resend. Each is the operation the audit API calls, audited the same way.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use hotline_audit_api::dashboard::dashboard;
use hotline_audit_api::oversight::{
    access_summary, list_entries, verify_log, AuditQuery, DailyAccess, LogPage, SummaryQuery,
};
use hotline_audit_api::VerifyGate;
use hotline_domain::codes::label_or_code as label;
use hotline_domain::{time, CaseStatus, DeadlineKind};
use hotline_http::AppState;
use hotline_notifier::notifications::{list_notifications, resend_notification};
use hotline_store::models::AuditEntryRow;
use serde::Deserialize;

use super::ShowsErrors;
use super::{local, query_link};
use crate::error::ConsoleError;
use crate::form::CsrfForm;
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

/// A labelled count.
pub struct Count {
    pub label: String,
    pub count: i64,
}

fn counts(rows: Vec<(String, i64)>, name: impl Fn(&str) -> String) -> Vec<Count> {
    rows.into_iter()
        .map(|(code, count)| Count {
            label: name(&code),
            count,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "oversight.html")]
struct DashboardPage {
    chrome: Chrome,
    open: Vec<Count>,
    open_total: i64,
    overdue_referrals: Vec<Count>,
    overdue_deadlines: Vec<Count>,
    breaches: Vec<Count>,
    dead_letters: i64,
}

#[get("/console/oversight")]
pub async fn show_dashboard(
    state: web::Data<AppState>,
    signed: Signed,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let board = state.db(move |conn| dashboard(conn, &caller, now)).await?;
    let kind = |c: &str| label::<DeadlineKind>(c, DeadlineKind::label_vi);
    let page = DashboardPage {
        chrome: signed.chrome(),
        open_total: board.open_by_status.iter().map(|r| r.1).sum(),
        open: counts(board.open_by_status, |c| {
            label::<CaseStatus>(c, CaseStatus::label_vi)
        }),
        overdue_referrals: counts(board.overdue_referrals, str::to_owned),
        overdue_deadlines: counts(board.overdue_deadlines, kind),
        breaches: counts(board.breaches_this_month, kind),
        dead_letters: board.dead_letters,
    };
    Ok(page::respond(StatusCode::OK, &page))
}

pub struct EntryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub entity: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    q: AuditQuery,
    rows: Vec<EntryRow>,
    total: i64,
    total_exact: bool,
    errors: Vec<(String, String)>,
    next: Option<String>,
}

impl AuditPage {
    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
}

fn blank(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

impl ShowsErrors for AuditPage {
    fn set_errors(&mut self, errors: Vec<(String, String)>) {
        self.errors = errors;
    }
}

impl EntryRow {
    fn of(e: AuditEntryRow) -> EntryRow {
        EntryRow {
            seq: e.seq,
            at: local(e.at.and_utc()),
            actor: e.actor.unwrap_or_else(|| text::SYSTEM.into()),
            role: e.role.unwrap_or_default(),
            action: format!("{} ({})", text::action_label(&e.action), e.action),
            entity: [e.entity, e.entity_id]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            detail: e.detail,
        }
    }
}

impl AuditPage {
    fn showing(mut self, log: LogPage) -> AuditPage {
        self.total = log.total;
        self.total_exact = log.total_exact;
        if log.page * log.per_page < log.total || !log.total_exact {
            let mut next = clone_query(&self.q);
            next.page = Some((log.page + 1).to_string());
            self.next = Some(audit_link(&next));
        }
        self.rows = log.items.into_iter().map(EntryRow::of).collect();
        self
    }
}

#[get("/console/audit")]
pub async fn show_audit(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let raw = query.into_inner();
    let q = AuditQuery {
        case_id: blank(raw.case_id),
        actor: blank(raw.actor),
        action: blank(raw.action),
        from: blank(raw.from),
        to: blank(raw.to),
        page: blank(raw.page),
        per_page: None,
    };
    let (asked, caller, now) = (clone_query(&q), signed.caller.clone(), time::now());
    let found = state
        .db(move |conn| list_entries(conn, &caller, &asked, now))
        .await;
    let page = AuditPage {
        chrome: signed.chrome(),
        rows: Vec::new(),
        total: 0,
        total_exact: true,
        errors: Vec::new(),
        next: None,
        q,
    };
    super::filled(found, page, AuditPage::showing)
}

fn clone_query(q: &AuditQuery) -> AuditQuery {
    AuditQuery {
        case_id: q.case_id.clone(),
        actor: q.actor.clone(),
        action: q.action.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        page: q.page.clone(),
        per_page: None,
    }
}

fn audit_link(q: &AuditQuery) -> String {
    query_link(
        "/console/audit",
        &[
            ("case_id", q.case_id.as_deref()),
            ("actor", q.actor.as_deref()),
            ("action", q.action.as_deref()),
            ("from", q.from.as_deref()),
            ("to", q.to.as_deref()),
            ("page", q.page.as_deref()),
        ],
    )
}

pub struct AccessRow {
    pub actor: String,
    /// The person's entries in the log.
    pub trail: String,
    pub day: String,
    pub reads: i64,
    pub usual: String,
    pub flagged: bool,
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    chrome: Chrome,
    from: String,
    to: String,
    rows: Vec<AccessRow>,
    flagged: usize,
    errors: Vec<(String, String)>,
}

impl ShowsErrors for AccessPage {
    fn set_errors(&mut self, errors: Vec<(String, String)>) {
        self.errors = errors;
    }
}

impl AccessPage {
    fn showing(mut self, rows: Vec<DailyAccess>) -> AccessPage {
        self.flagged = rows.iter().filter(|r| r.flagged).count();
        self.rows = rows
            .into_iter()
            .map(|r| AccessRow {
                trail: audit_link(&AuditQuery {
                    actor: Some(r.actor.clone()),
                    ..AuditQuery::default()
                }),
                actor: r.actor,
                day: crate::text::date(r.day),
                reads: r.case_reads,
                usual: format!("{:.1}", r.usual),
                flagged: r.flagged,
            })
            .collect();
        // Flagged days first: they are what the page is for.
        self.rows.sort_by_key(|r| std::cmp::Reverse(r.flagged));
        self
    }
}

#[get("/console/audit/access")]
pub async fn show_access(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let raw = query.into_inner();
    let q = SummaryQuery {
        from: blank(raw.from),
        to: blank(raw.to),
    };
    let page = AccessPage {
        chrome: signed.chrome(),
        from: q.from.clone().unwrap_or_default(),
        to: q.to.clone().unwrap_or_default(),
        rows: Vec::new(),
        flagged: 0,
        errors: Vec::new(),
    };
    let (caller, rule, now) = (signed.caller.clone(), state.access_rule, time::now());
    let found = state
        .db(move |conn| access_summary(conn, &caller, &q, rule, now))
        .await;
    super::filled(found, page, AccessPage::showing)
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    ok: bool,
    entries: i64,
    seals: i64,
    sealed_through: i64,
    first_bad: Option<i64>,
    head_hash: String,
    problem: String,
}

/// A button's form: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenForm {}

/// Recompute the log's chain now (`audit.verify`): a post, since it is work, not a view.
#[post("/console/audit/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    gate: web::Data<VerifyGate>,
    sent: CsrfForm<TokenForm>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, .. } = sent;
    let _turn = gate.turn().await?;
    let caller = signed.caller.clone();
    let worker = state.clone();
    let now = hotline_domain::time::now();
    let report = state
        .db(move |conn| verify_log(conn, &caller, &worker.seal_key, now))
        .await?;
    let page = VerifyPage {
        chrome: signed.chrome(),
        ok: report.ok,
        entries: report.entries,
        seals: report.seals,
        sealed_through: report.sealed_through,
        first_bad: report.first_bad_seq,
        head_hash: report.head_hash.unwrap_or_default(),
        problem: report.problem.unwrap_or_default(),
    };
    Ok(page::respond(StatusCode::OK, &page))
}

pub struct MailRow {
    pub id: String,
    pub kind: String,
    pub case_id: Option<String>,
    pub recipient: String,
    pub attempts: i32,
    pub created: String,
    pub failed: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "mail.html")]
struct MailPage {
    chrome: Chrome,
    rows: Vec<MailRow>,
    done: bool,
}

#[derive(Debug, Deserialize)]
pub struct MailParams {
    done: Option<String>,
}

fn at(t: chrono::NaiveDateTime) -> String {
    local(DateTime::<Utc>::from_naive_utc_and_offset(t, Utc))
}

/// The mails given up after repeated failures (dead letters), newest first.
#[get("/console/mail")]
pub async fn show_mail(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<MailParams>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let rows = state
        .db(move |conn| list_notifications(conn, &caller, Some("failed"), now))
        .await?;
    let page = MailPage {
        chrome: signed.chrome(),
        done: params.done.is_some(),
        rows: rows
            .into_iter()
            .map(|r| MailRow {
                created: at(r.created_at),
                failed: r.failed_at.map(at).unwrap_or_default(),
                error: r.last_error.unwrap_or_default(),
                id: r.id,
                kind: r.kind,
                case_id: r.case_id,
                recipient: r.recipient,
                attempts: r.attempts,
            })
            .collect(),
    };
    Ok(page::respond(StatusCode::OK, &page))
}

/// Put a dead letter back in the queue (`notification.resend`).
#[post("/console/mail/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    path: web::Path<String>,
    sent: CsrfForm<TokenForm>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, .. } = sent;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    state
        .db(move |conn| resend_notification(conn, &caller, &path, now))
        .await?;
    Ok(page::see_other("/console/mail?done=resent"))
}
