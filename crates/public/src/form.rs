//! The HTML form: plain server-rendered pages in Vietnamese that work without JavaScript and
//! on a phone. A first page asks for the province (so the commune list stays short), the
//! form posts back to itself, a failed check shows the form again with every problem listed
//! at the top and beside its field, and success shows the tracking code once.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use hotline_domain::codes::choices;
use hotline_domain::codes::{ContentType, Platform};
use hotline_domain::{Category, Sex};
use hotline_http::form::{Fields, Refusal};
use hotline_http::{ApiError, AppState, Failure};
use hotline_store::models::{CommuneRow, ProvinceRow};
use hotline_store::queries::places;
use hotline_words as text;
use serde::Deserialize;

use crate::door::Door;
use crate::limits::{Kind, PublicLimits};
use crate::submit::{count, status_of};

mod values;

use values::{form_errors, FormError, FormValues};

#[derive(Template)]
#[template(path = "province.html")]
struct ProvincePage {
    provinces: Vec<ProvinceRow>,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    province_code: i32,
    province_name: String,
    communes: Vec<CommuneRow>,
    categories: Vec<(&'static str, &'static str)>,
    sexes: Vec<(&'static str, &'static str)>,
    platforms: Vec<(&'static str, &'static str)>,
    content_types: Vec<(&'static str, &'static str)>,
    v: FormValues,
    errors: Vec<FormError>,
}

impl FormPage {
    /// The message shown above an input, as HTML (escaped here).
    fn error_for(&self, input: &str) -> String {
        self.errors
            .iter()
            .filter(|e| e.input == input)
            .map(|e| {
                format!(
                    "<p class=\"error\" id=\"{input}-error\">{}</p>",
                    askama::filters::escape(&e.message, askama::filters::Html)
                        .map(|s| s.to_string())
                        .unwrap_or_default()
                )
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksPage {
    code: String,
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    status: Option<&'static str>,
    error: Option<&'static str>,
}

/// A page with the headers every public page carries: nothing cached, no referrer to other
/// sites (this site's own forms need theirs: the browser then names the page a post comes
/// from, see `same_site`), no framing, no script.
fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, ApiError> {
    let body = page
        .render()
        .map_err(|e| ApiError::internal(format!("template: {e}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .body(body))
}

/// Everything the form page shows for a province; `None` when the province does not exist.
fn form_page(
    conn: &mut hotline_store::DbConnection,
    province: &str,
    v: FormValues,
    errors: Vec<FormError>,
) -> Result<Option<FormPage>, ApiError> {
    let Ok(code) = province.trim().parse::<i32>() else {
        return Ok(None);
    };
    let Some(p) = places::province(conn, code)? else {
        return Ok(None);
    };
    let mut communes = places::communes_in(conn, code)?;
    communes.sort_by(|a, b| a.name_folded.cmp(&b.name_folded));
    Ok(Some(FormPage {
        province_code: p.code,
        province_name: p.name,
        communes,
        categories: choices(Category::ALL, Category::code, Category::label_vi),
        sexes: choices(Sex::ALL, Sex::code, Sex::label_vi),
        platforms: choices(Platform::ALL, Platform::code, Platform::label_vi),
        content_types: choices(ContentType::ALL, ContentType::code, ContentType::label_vi),
        v,
        errors,
    }))
}

#[derive(Debug, Deserialize)]
pub struct ProvinceQuery {
    pub province: Option<String>,
}

/// `GET /report`: the province first, then the form for it.
pub async fn show_form(
    state: web::Data<AppState>,
    query: web::Query<ProvinceQuery>,
) -> Result<HttpResponse, ApiError> {
    let province = query.into_inner().province.unwrap_or_default();
    let page = state
        .db(move |conn| {
            if province.trim().is_empty() {
                return Ok::<_, ApiError>(Err(places::provinces(conn)?));
            }
            let v = FormValues {
                province: province.clone(),
                ..FormValues::default()
            };
            match form_page(conn, &province, v, Vec::new())? {
                Some(page) => Ok(Ok(page)),
                None => Ok(Err(places::provinces(conn)?)),
            }
        })
        .await?;
    match page {
        Ok(form) => html(StatusCode::OK, &form),
        Err(provinces) => html(
            StatusCode::OK,
            &ProvincePage {
                provinces,
                error: None,
            },
        ),
    }
}

/// A form posted from another site (a page that makes a visitor's browser submit a report,
/// or look one up, without them knowing) is refused: a browser names the page a post comes
/// from (`Origin`, or failing that `Referer`), and it must be this service's. A client that
/// names none (not a browser) is let through.
fn same_site(req: &HttpRequest) -> Result<(), Failure> {
    let headers = req.headers();
    let named = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .map(|v| v.to_str().unwrap_or("null"));
    let Some(named) = named else {
        return Ok(());
    };
    let ours = req.connection_info().host().to_ascii_lowercase();
    let theirs = url::Url::parse(named).ok().and_then(|u| {
        let host = u.host_str()?.to_ascii_lowercase();
        Some(match u.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        })
    });
    if theirs.as_deref() == Some(ours.as_str()) {
        Ok(())
    } else {
        Err(Failure::Forbidden(text::SENT_FROM_ELSEWHERE.into()))
    }
}

/// A body that is no form of this page, refused by the field at fault.
fn refused(refusal: Refusal) -> ApiError {
    let (field, message) = match refusal {
        Refusal::Unknown(name) => (name, text::NOT_IN_FORM),
        Refusal::Repeated(name) => (name, text::SENT_TWICE),
        Refusal::Missing(name) => (name, text::REQUIRED),
        Refusal::Invalid(name) => (name.unwrap_or_else(|| "form".into()), text::INVALID),
        Refusal::TooManyFields => ("form".into(), text::TOO_MANY_FIELDS),
        Refusal::BadName => ("form".into(), text::BAD_FIELD_NAME),
        Refusal::NotAForm | Refusal::Unreadable | Refusal::TooLarge => {
            ("form".into(), text::UNREADABLE_FORM)
        }
    };
    Failure::field(field, message).into()
}

/// `POST /report`: check, record, thank; or show the form again with what to fix.
pub async fn submit_form(
    door: Door,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    same_site(&req)?;
    door.admit(&req)?;
    let state = door.state.clone();
    let values = Fields::parse(&body)
        .and_then(FormValues::from_fields)
        .map_err(refused)?;
    let (request, mut pre_errors) = values.to_request();
    let result = if pre_errors.is_empty() || request.is_bot() {
        door.receive(request).await
    } else {
        // Not sent on, but checked all the same, so that one page lists every problem.
        count(&state.metrics, "invalid");
        let now = hotline_domain::time::now();
        let errors = hotline_intake::validate::validate_report(&request.into_report(), now)
            .err()
            .unwrap_or_default();
        Err(ApiError::from(Failure::Invalid(errors)))
    };
    match result {
        Ok(code) => html(StatusCode::OK, &ThanksPage { code }),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            pre_errors.extend(errors);
            form_again(&state, values, form_errors(&pre_errors)).await
        }
        Err(e) => Err(e),
    }
}

/// The form again, as the reporter filled it, with what to fix; the province page when no
/// known province was chosen.
async fn form_again(
    state: &AppState,
    values: FormValues,
    shown: Vec<FormError>,
) -> Result<HttpResponse, ApiError> {
    let province = values.province.clone();
    let page = state
        .db(move |conn| form_page(conn, &province, values, shown))
        .await?;
    match page {
        Some(page) => html(StatusCode::UNPROCESSABLE_ENTITY, &page),
        None => {
            let provinces = state.db(places::provinces).await?;
            let page = ProvincePage {
                provinces,
                error: Some(text::PROVINCE_MISSING),
            };
            html(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// `GET /report/status`: the lookup form.
pub async fn show_status() -> Result<HttpResponse, ApiError> {
    html(
        StatusCode::OK,
        &StatusPage {
            status: None,
            error: None,
        },
    )
}

/// `POST /report/status`: the code comes in the body, never in a URL that logs or history
/// would keep.
pub async fn lookup_status(
    state: web::Data<AppState>,
    limits: web::Data<PublicLimits>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    same_site(&req)?;
    limits.check(Kind::Lookup, state.clients.key(&req))?;
    let mut fields = Fields::parse(&body).map_err(refused)?;
    let typed = fields.take("code").map_err(refused)?.unwrap_or_default();
    let status = state.db(move |conn| status_of(conn, &typed)).await?;
    match status {
        Some(s) => html(
            StatusCode::OK,
            &StatusPage {
                status: Some(match s {
                    "received" => text::AWAITING_VERIFICATION,
                    "closed" => text::HANDLING_ENDED,
                    _ => text::BEING_HANDLED,
                }),
                error: None,
            },
        ),
        None => html(
            StatusCode::NOT_FOUND,
            &StatusPage {
                status: None,
                error: Some(text::NO_SUCH_CODE),
            },
        ),
    }
}
