//! The administrator's pages: accounts (add, deactivate, reactivate, unlock, new password
//! printed once), agencies (names and mail addresses corrected), and read-only views of the
//! routing rules and the holidays.
//! No case content is ever shown here: the administrator's role reads none.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_auth_api::accounts::{
    create_account, list_accounts, move_account, reset_password, AccountMove, NewAccount,
};
use hotline_auth_api::agencies::{
    agency, correct_agency as save_agency, list_agencies, AgencyCorrection,
};
use hotline_domain::codes::label_or_code as label;
use hotline_domain::{AgencyKind, Role};
use hotline_http::{ApiError, AppState, Failure, FieldError};
use hotline_routing::rules::Level;
use hotline_routing::Router;
use hotline_store::models::AgencyRow;
use hotline_store::queries::agencies;
use serde::Deserialize;

use super::{codes, local, Codes};
use crate::error::ConsoleError;
use crate::form::{Admin, CsrfForm, Gate};
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

fn admin_only(signed: &Signed) -> Result<(), ConsoleError> {
    Admin::admit(signed)
}

pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub role: String,
    pub agency: String,
    pub email: String,
    pub active: bool,
    pub locked: bool,
    pub last_login: String,
    pub own: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    chrome: Chrome,
    rows: Vec<AccountRow>,
    roles: Codes,
    agencies: Vec<AgencyRow>,
    v: NewAccount,
    errors: Vec<(String, String)>,
    done: Option<&'static str>,
    /// A password just set, shown this once.
    password: Option<(String, String)>,
}

impl UsersPage {
    fn is_role(&self, code: &str) -> bool {
        self.v.role == code
    }

    fn is_agency(&self, code: &str) -> bool {
        self.v.agency_code.as_deref() == Some(code)
    }

    fn email(&self) -> &str {
        self.v.email.as_deref().unwrap_or_default()
    }
}

async fn users_page(
    state: &web::Data<AppState>,
    signed: &Signed,
    v: NewAccount,
) -> Result<UsersPage, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let (accounts, agency_rows) = state
        .db(move |conn| {
            let accounts = list_accounts(conn, &caller, now)?;
            let agency_rows = agencies::all(conn)?;
            Ok::<_, hotline_auth_api::accounts::AccountError>((accounts, agency_rows))
        })
        .await?;
    let own = signed
        .caller
        .principal()
        .map(|p| p.user_id.to_string())
        .unwrap_or_default();
    Ok(UsersPage {
        chrome: signed.chrome(),
        rows: accounts
            .into_iter()
            .map(|(u, agency)| AccountRow {
                own: u.id == own,
                role: label::<Role>(&u.role, Role::label_vi),
                agency: agency.unwrap_or_default(),
                email: u.email.unwrap_or_default(),
                active: u.active,
                locked: u.locked_until.is_some_and(|t| t > now.naive_utc()),
                last_login: u
                    .last_login_at
                    .map(|t| local(t.and_utc()))
                    .unwrap_or_else(|| text::NEVER_SIGNED_IN.into()),
                id: u.id,
                username: u.username,
            })
            .collect(),
        roles: codes(Role::ALL, Role::code, Role::label_vi),
        agencies: agency_rows,
        v,
        errors: Vec::new(),
        done: None,
        password: None,
    })
}

#[derive(Debug, Deserialize)]
pub struct DoneParams {
    done: Option<String>,
}

#[get("/console/admin/users")]
pub async fn show_users(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<DoneParams>,
) -> Result<HttpResponse, ConsoleError> {
    admin_only(&signed)?;
    let mut page = users_page(&state, &signed, NewAccount::default()).await?;
    page.done = match params.done.as_deref() {
        Some("deactivate") => Some(text::DONE_DEACTIVATED),
        Some("activate") => Some(text::DONE_REACTIVATED),
        Some("unlock") => Some(text::DONE_UNLOCKED),
        _ => None,
    };
    Ok(page::respond(StatusCode::OK, &page))
}

/// A strong random password and its hash; hashing is slow, so off the request's thread.
async fn new_password() -> Result<(String, String), ConsoleError> {
    let password = hotline_auth::password::generate();
    let plain = password.clone();
    let hash = web::block(move || hotline_auth::password::hash(&plain))
        .await
        .map_err(|e| ApiError::from(Failure::Internal(e.to_string())))?
        .map_err(|e| ApiError::from(Failure::Internal(e.to_string())))?;
    Ok((password, hash))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountForm {
    username: String,
    role: String,
    agency: Option<String>,
    email: Option<String>,
}

/// Create an account; its first password is shown on the answer, once.
#[post("/console/admin/users")]
pub async fn add_user(
    state: web::Data<AppState>,
    sent: CsrfForm<AccountForm, Admin>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, form, .. } = sent;
    let new = NewAccount {
        username: form.username,
        role: form.role,
        agency_code: form.agency.filter(|a| !a.is_empty()),
        email: form.email,
    };
    let (password, hash) = new_password().await?;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let asked = new.clone();
    let created = state
        .db(move |conn| create_account(conn, &caller, &asked, &hash, now))
        .await;
    match created {
        Ok(user) => {
            let mut page = users_page(&state, &signed, NewAccount::default()).await?;
            page.password = Some((user.username, password));
            Ok(page::respond(StatusCode::OK, &page))
        }
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            let mut page = users_page(&state, &signed, new).await?;
            page.errors = errors
                .into_iter()
                .map(|FieldError { field, message }| (field, message))
                .collect();
            Ok(page::respond(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
}

/// A button's form: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenForm {}

/// Deactivate, reactivate or unlock an account.
#[post("/console/admin/users/{id}/{action}")]
pub async fn act_on_user(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    sent: CsrfForm<TokenForm, Admin>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, .. } = sent;
    let (id, action) = path.into_inner();
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    if action == "password" {
        let (password, hash) = new_password().await?;
        let user = state
            .db(move |conn| reset_password(conn, &caller, &id, &hash, now))
            .await?;
        let mut page = users_page(&state, &signed, NewAccount::default()).await?;
        page.password = Some((user.username, password));
        return Ok(page::respond(StatusCode::OK, &page));
    }
    let mv = AccountMove::from_code(&action).ok_or_else(ApiError::not_found)?;
    state
        .db(move |conn| move_account(conn, &caller, &id, mv, now))
        .await?;
    Ok(page::see_other(&format!(
        "/console/admin/users?done={action}"
    )))
}

pub struct AgencyLine {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub place: String,
    pub email: String,
    pub active: bool,
    /// Corrected in the console: the configuration no longer writes over it.
    pub edited: bool,
}

impl AgencyLine {
    fn of(a: AgencyRow) -> Self {
        AgencyLine {
            kind: label::<AgencyKind>(&a.kind, AgencyKind::label_vi),
            place: text::area(a.province_code, a.commune_code),
            email: a.email.unwrap_or_default(),
            code: a.code,
            name: a.name,
            active: a.active,
            edited: a.edited_at.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_agencies.html")]
struct AgenciesPage {
    chrome: Chrome,
    rows: Vec<AgencyLine>,
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AgencyDone {
    saved: Option<String>,
}

#[get("/console/admin/agencies")]
pub async fn show_agencies(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<AgencyDone>,
) -> Result<HttpResponse, ConsoleError> {
    admin_only(&signed)?;
    let caller = signed.caller.clone();
    let rows = state.db(move |conn| list_agencies(conn, &caller)).await?;
    let page = AgenciesPage {
        chrome: signed.chrome(),
        done: params.saved.as_deref().map(text::agency_saved),
        rows: rows.into_iter().map(AgencyLine::of).collect(),
    };
    Ok(page::respond(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "admin_agency.html")]
struct AgencyPage {
    chrome: Chrome,
    agency: AgencyLine,
    v: AgencyCorrection,
    errors: Vec<(String, String)>,
}

#[get("/console/admin/agencies/{code}")]
pub async fn show_agency(
    state: web::Data<AppState>,
    signed: Signed,
    code: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    admin_only(&signed)?;
    let caller = signed.caller.clone();
    let row = state.db(move |conn| agency(conn, &caller, &code)).await?;
    let v = AgencyCorrection {
        name: row.name.clone(),
        email: row.email.clone().unwrap_or_default(),
    };
    let page = AgencyPage {
        chrome: signed.chrome(),
        agency: AgencyLine::of(row),
        v,
        errors: Vec::new(),
    };
    Ok(page::respond(StatusCode::OK, &page))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyForm {
    name: String,
    email: String,
}

/// Correct an agency's name and mail address; problems are shown on the form again.
/// The agency's page again with its correction as typed and what was wrong with it.
async fn refused_correction(
    state: &web::Data<AppState>,
    signed: &Signed,
    (code, v): (String, AgencyCorrection),
    errors: Vec<FieldError>,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let row = state.db(move |conn| agency(conn, &caller, &code)).await?;
    let page = AgencyPage {
        chrome: signed.chrome(),
        agency: AgencyLine::of(row),
        v,
        errors: errors
            .into_iter()
            .map(|FieldError { field, message }| (field, message))
            .collect(),
    };
    Ok(page::respond(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[post("/console/admin/agencies/{code}")]
pub async fn correct_agency(
    state: web::Data<AppState>,
    code: web::Path<String>,
    sent: CsrfForm<AgencyForm, Admin>,
) -> Result<HttpResponse, ConsoleError> {
    let CsrfForm { signed, form, .. } = sent;
    let code = code.into_inner();
    let v = AgencyCorrection {
        name: form.name,
        email: form.email,
    };
    let (caller, now) = (signed.caller.clone(), hotline_domain::time::now());
    let (asked, which) = (v.clone(), code.clone());
    let saved = state
        .db(move |conn| save_agency(conn, &caller, &which, &asked, now))
        .await;
    match saved {
        Ok(row) => Ok(page::see_other(&super::query_link(
            "/console/admin/agencies",
            &[("saved", Some(&row.code))],
        ))),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            refused_correction(&state, &signed, (code, v), errors).await
        }
        Err(e) => Err(e.into()),
    }
}

pub struct RuleLine {
    pub id: String,
    pub reason: String,
    pub refer: String,
}

#[derive(Template)]
#[template(path = "admin_rules.html")]
struct RulesPage {
    chrome: Chrome,
    risk_rules: Vec<RuleLine>,
    rules: Vec<RuleLine>,
    days_off: Vec<String>,
    working_weekends: Vec<String>,
}

impl RulesPage {
    /// The routing rules and the calendar as loaded.
    fn of(chrome: Chrome, router: &Router) -> RulesPage {
        let set = &router.rules;
        let day = crate::text::date;
        let refer = |r: &hotline_routing::rules::Rule| {
            r.refer
                .iter()
                .map(|t| {
                    let level = match t.level {
                        Level::Commune => text::COMMUNE_LEVEL,
                        Level::Province => text::PROVINCE_LEVEL,
                    };
                    format!("{} ({level})", t.kind.label_vi())
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        RulesPage {
            chrome,
            risk_rules: set
                .risk_rules
                .iter()
                .map(|r| RuleLine {
                    id: r.id.clone(),
                    reason: r.reason.clone(),
                    refer: text::risk_result(r.risk.label_vi()),
                })
                .collect(),
            rules: set
                .rules
                .iter()
                .map(|r| RuleLine {
                    id: r.id.clone(),
                    reason: r.reason.clone(),
                    refer: refer(r),
                })
                .collect(),
            days_off: router.calendar.days_off().map(day).collect(),
            working_weekends: router.calendar.working_weekends().map(day).collect(),
        }
    }
}

#[get("/console/admin/rules")]
pub async fn show_rules(
    router: web::Data<Router>,
    signed: Signed,
) -> Result<HttpResponse, ConsoleError> {
    admin_only(&signed)?;
    let page = RulesPage::of(signed.chrome(), &router);
    Ok(page::respond(StatusCode::OK, &page))
}
