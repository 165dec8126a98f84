//! The case list (`case.list`): the API's filters as a form that is sent by GET, so a search
//! can be bookmarked and the back button works; pages of 20, newest first.

use actix_web::{get, web, HttpResponse};
use askama::Template;
use hotline_cases::dto::{CaseList, CaseQuery, CaseSummary};
use hotline_cases::search::{search_cases, SearchKeys};
use hotline_domain::codes::label_or_code as label;
use hotline_domain::{CaseStatus, Category, RiskLevel};
use hotline_http::AppState;

use super::ShowsErrors;
use super::{codes, local, query_link, Codes};
use crate::error::ConsoleError;
use crate::page::Chrome;
use crate::signed::Signed;

pub struct Row {
    pub id: String,
    pub number: String,
    pub status: String,
    pub risk: String,
    pub high_risk: bool,
    pub emergency: bool,
    pub categories: String,
    pub received: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    q: CaseQuery,
    statuses: Codes,
    categories: Codes,
    risks: Codes,
    rows: Vec<Row>,
    total: i64,
    /// False: more cases match than `total`.
    total_exact: bool,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    errors: Vec<(String, String)>,
}

impl CasesPage {
    fn is(value: &Option<String>, code: &str) -> bool {
        value.as_deref() == Some(code)
    }

    fn status_is(&self, code: &str) -> bool {
        Self::is(&self.q.status, code)
    }

    fn category_is(&self, code: &str) -> bool {
        Self::is(&self.q.category, code)
    }

    fn risk_is(&self, code: &str) -> bool {
        Self::is(&self.q.risk_level, code)
    }

    fn text(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
}

/// This search on another page.
fn page_link(q: &CaseQuery, page: i64) -> String {
    let page = page.to_string();
    query_link(
        "/console/cases",
        &[
            ("q", q.q.as_deref()),
            ("status", q.status.as_deref()),
            ("category", q.category.as_deref()),
            ("risk_level", q.risk_level.as_deref()),
            ("commune_code", q.commune_code.as_deref()),
            ("from", q.from.as_deref()),
            ("to", q.to.as_deref()),
            ("page", Some(page.as_str())),
        ],
    )
}

/// A form sends empty fields; the API's filters take "absent" for "any".
fn without_blanks(raw: CaseQuery) -> CaseQuery {
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    CaseQuery {
        q: blank(raw.q),
        status: blank(raw.status),
        commune_code: blank(raw.commune_code),
        category: blank(raw.category),
        risk_level: blank(raw.risk_level),
        from: blank(raw.from),
        to: blank(raw.to),
        page: blank(raw.page),
        per_page: None,
    }
}

impl Row {
    fn of(c: CaseSummary) -> Row {
        let risk = c.risk_level.unwrap_or_default();
        Row {
            high_risk: risk == RiskLevel::High.code(),
            risk: if risk.is_empty() {
                crate::text::NOT_ASSESSED.into()
            } else {
                label::<RiskLevel>(&risk, RiskLevel::label_vi)
            },
            status: label::<CaseStatus>(&c.status, CaseStatus::label_vi),
            emergency: c.emergency,
            categories: crate::pages::categories_vi(&c.categories),
            received: local(c.received_at),
            updated: local(c.updated_at),
            id: c.id,
            number: c.case_number,
        }
    }
}

impl ShowsErrors for CasesPage {
    fn set_errors(&mut self, errors: Vec<(String, String)>) {
        self.errors = errors;
    }
}

impl CasesPage {
    /// The list's page for `q`, empty until a list is shown on it.
    fn new(chrome: Chrome, q: CaseQuery) -> CasesPage {
        CasesPage {
            chrome,
            statuses: codes(CaseStatus::ALL, CaseStatus::code, CaseStatus::label_vi),
            categories: codes(Category::ALL, Category::code, Category::label_vi),
            risks: codes(RiskLevel::ALL, RiskLevel::code, RiskLevel::label_vi),
            rows: Vec::new(),
            total: 0,
            total_exact: true,
            page: 1,
            pages: 1,
            previous: None,
            next: None,
            errors: Vec::new(),
            q,
        }
    }

    /// The page showing `list`, with its links to the pages either side.
    fn showing(mut self, found: CaseList) -> CasesPage {
        self.total = found.total;
        self.total_exact = found.total_exact;
        self.page = found.page;
        self.pages = ((found.total + found.per_page - 1) / found.per_page.max(1)).max(1);
        self.previous = (found.page > 1).then(|| page_link(&self.q, found.page - 1));
        // Past the exact count there are more pages than counted.
        let more = found.page < self.pages || !found.total_exact;
        self.next = more.then(|| page_link(&self.q, found.page + 1));
        self.rows = found.items.into_iter().map(Row::of).collect();
        self
    }
}

#[get("/console/cases")]
pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let q = without_blanks(query.into_inner());
    let (caller, worker, asked) = (signed.caller.clone(), state.clone(), q.clone());
    let now = hotline_domain::time::now();
    let found = state
        .db(move |conn| search_cases(conn, &caller, &asked, SearchKeys::of(&worker), now))
        .await;
    super::filled(
        found,
        CasesPage::new(signed.chrome(), q),
        CasesPage::showing,
    )
}
