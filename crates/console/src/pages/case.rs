//! One case, as the signed-in person may see it (`case.read`), and its printable file
//! (`case.record.export`). This is the page every referral e-mail links to.

use actix_web::http::{header, StatusCode};
use actix_web::{get, web, HttpResponse};
use askama::Template;
use hotline_cases::dto::CaseDetailView;
use hotline_cases::record::{event_label, export_record, render_html, RecordFormat};
use hotline_cases::view::read_case;
use hotline_domain::{AgencyKind, CaseStatus, Category, ReferralStatus, RiskLevel, Sex};
use hotline_http::AppState;

use super::{label, local};
use crate::error::ConsoleError;
use crate::page::{self, Chrome};
use crate::signed::Signed;

pub struct ChildRow {
    pub name: String,
    pub born: String,
    pub sex: String,
}

pub struct ReferralRow {
    pub agency: String,
    pub status: String,
    pub due: String,
    pub acknowledged: String,
}

pub struct EventRow {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    id: String,
    number: String,
    status: String,
    risk: String,
    high_risk: bool,
    emergency: bool,
    place: String,
    received: String,
    categories: String,
    children: Vec<ChildRow>,
    referrals: Vec<ReferralRow>,
    timeline: Vec<EventRow>,
}

impl CasePage {
    fn of(chrome: Chrome, c: CaseDetailView) -> CasePage {
        let risk = c.risk_level.as_deref().unwrap_or_default();
        CasePage {
            chrome,
            high_risk: risk == RiskLevel::High.code(),
            risk: if risk.is_empty() {
                "Chưa đánh giá".into()
            } else {
                label::<RiskLevel>(risk, RiskLevel::label_vi)
            },
            status: label::<CaseStatus>(&c.status, CaseStatus::label_vi),
            emergency: c.emergency,
            place: [c.place_detail.clone(), c.commune_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            received: local(c.received_at),
            categories: c
                .categories
                .iter()
                .map(|k| label::<Category>(k, Category::label_vi))
                .collect::<Vec<_>>()
                .join(", "),
            children: c
                .children
                .iter()
                .map(|k| ChildRow {
                    name: k.name.clone().unwrap_or_else(|| "(chưa rõ tên)".into()),
                    born: match (k.birth_date, k.birth_year, k.age_estimate) {
                        (Some(d), _, _) => d.format("%d/%m/%Y").to_string(),
                        (None, Some(y), _) => y.to_string(),
                        (None, None, Some(a)) => format!("khoảng {a} tuổi"),
                        (None, None, None) => String::new(),
                    },
                    sex: k
                        .sex
                        .as_deref()
                        .map(|s| label::<Sex>(s, Sex::label_vi))
                        .unwrap_or_default(),
                })
                .collect(),
            referrals: c
                .referrals
                .iter()
                .map(|r| ReferralRow {
                    agency: format!(
                        "{} ({})",
                        r.agency_name,
                        label::<AgencyKind>(&r.agency_kind, AgencyKind::label_vi)
                    ),
                    status: label::<ReferralStatus>(&r.status, ReferralStatus::label_vi),
                    due: r.due_at.map(local).unwrap_or_default(),
                    acknowledged: r.acknowledged_at.map(local).unwrap_or_default(),
                })
                .collect(),
            timeline: c
                .timeline
                .iter()
                .map(|e| EventRow {
                    at: local(e.at),
                    who: e.actor.clone().unwrap_or_else(|| "Hệ thống".into()),
                    what: match (&e.from_status, &e.to_status) {
                        (Some(f), Some(t)) => format!(
                            "{}: {} → {}",
                            event_label(&e.kind),
                            label::<CaseStatus>(f, CaseStatus::label_vi),
                            label::<CaseStatus>(t, CaseStatus::label_vi)
                        ),
                        _ => event_label(&e.kind),
                    },
                })
                .collect(),
            id: c.id,
            number: c.case_number,
        }
    }
}

#[get("/cases/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = state
        .db(move |conn| read_case(conn, &caller, &path, now))
        .await?;
    Ok(page::respond(
        StatusCode::OK,
        &CasePage::of(Chrome::of(&signed), case),
    ))
}

/// The printable case file, as the API's `Accept: text/html` gives it.
#[get("/cases/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller;
    let now = hotline_domain::time::now();
    let html = state
        .db(move |conn| {
            let record = export_record(conn, &caller, &path, RecordFormat::Html, now)?;
            render_html(&record)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            hotline_cases::record::PAGE_CSP,
        ))
        .body(html))
}
