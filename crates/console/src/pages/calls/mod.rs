//! The operator's call log (Mẫu 01): the contact type first, then the place (found by name,
//! with or without diacritics), the children, the informant behind the consent switch and
//! the online evidence. While it is typed, possible duplicates and earlier contacts from the
//! same number appear (htmx); without JavaScript the same form still works, resolving the
//! commune when it is sent. It is logged by the same operation as `POST /api/v1/reports`.

pub mod form;

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_domain::codes::{ContentType, Platform};
use hotline_domain::{
    CallerAgeBand, CallerType, Category, Channel, ContactType, Jurisdiction, RiskLevel, Role, Sex,
};
use hotline_http::{ApiError, AppState, Caller, Failure, FieldError};
use hotline_intake::contacts::ContactKey;
use hotline_intake::dto::ReportCreated;
use hotline_intake::hints::{draft_hints, DraftHints};
use hotline_intake::idempotency::Idempotency;
use hotline_intake::log::{count, log_report, Logged};
use hotline_intake::places::{find_communes, the_one};
use hotline_intake::record::Services;
use hotline_intake::validate::validate_report;
use hotline_intake::IntakeError;
use hotline_routing::Router;
use hotline_store::models::{CommuneRow, ProvinceRow};
use hotline_store::queries::places;
use hotline_store::DbConnection;
use serde::Deserialize;

use self::form::{field_id, CallForm, CHILD_SLOTS};
use super::{codes, local, matched_on_vi, Codes};
use crate::error::ConsoleError;
use crate::form::UnreadForm;
use crate::page::{self, Chrome};
use crate::pages::case::Done;
use crate::pages::static_files::HTMX_PATH;
use crate::signed::Signed;

/// A commune offered by the picker.
pub struct PlaceChoice {
    pub code: i32,
    pub label: String,
}

/// A hint shown beside the form: a line of text and, when the operator may open it, a case.
pub struct HintRow {
    pub text: String,
    pub case: Option<CaseRef>,
}

pub struct CaseRef {
    pub id: String,
    pub number: String,
}

#[derive(Template)]
#[template(path = "call.html")]
struct CallPage {
    chrome: Chrome,
    htmx: &'static str,
    v: CallForm,
    provinces: Vec<ProvinceRow>,
    communes: Vec<PlaceChoice>,
    contact_types: Codes,
    channels: Codes,
    categories: Codes,
    risks: Codes,
    sexes: Codes,
    caller_types: Codes,
    caller_ages: Codes,
    platforms: Codes,
    content_types: Codes,
    slots: Vec<usize>,
    errors: Vec<(String, String)>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "call_places.html")]
struct PlacesFragment {
    communes: Vec<PlaceChoice>,
    v: CallForm,
}

#[derive(Template)]
#[template(path = "call_hints.html")]
struct HintsFragment {
    duplicates: Vec<HintRow>,
    earlier: Vec<HintRow>,
}

impl CallPage {
    fn new(chrome: Chrome, v: CallForm, provinces: Vec<ProvinceRow>) -> CallPage {
        CallPage {
            chrome,
            htmx: HTMX_PATH,
            v,
            provinces,
            communes: Vec::new(),
            contact_types: codes(ContactType::ALL, ContactType::code, ContactType::label_vi),
            channels: codes(Channel::ALL, Channel::code, Channel::label_vi),
            categories: codes(Category::ALL, Category::code, Category::label_vi),
            risks: codes(RiskLevel::ALL, RiskLevel::code, RiskLevel::label_vi),
            sexes: codes(Sex::ALL, Sex::code, Sex::label_vi),
            caller_types: codes(CallerType::ALL, CallerType::code, CallerType::label_vi),
            caller_ages: codes(
                CallerAgeBand::ALL,
                CallerAgeBand::code,
                CallerAgeBand::label_vi,
            ),
            platforms: codes(Platform::ALL, Platform::code, Platform::label_vi),
            content_types: codes(ContentType::ALL, ContentType::code, ContentType::label_vi),
            slots: (0..CHILD_SLOTS).collect(),
            errors: Vec::new(),
            done: None,
        }
    }
}

/// Only operators log calls; anyone else is told so before typing anything.
fn operator_only(signed: &Signed) -> Result<(), ConsoleError> {
    match signed.caller.role() {
        Some(Role::Operator) => Ok(()),
        _ => Err(ApiError::from(IntakeError::NotAnOperator).into()),
    }
}

/// The call form as sent: its sender (an operator) checked before its body is read, then its
/// token, then its fields (only the form's own).
async fn operator_form(signed: &Signed, body: UnreadForm) -> Result<CallForm, ConsoleError> {
    operator_only(signed)?;
    let fields = body.read(signed).await?;
    CallForm::from_fields(fields).map_err(ConsoleError::Form)
}

/// A fresh form: the operator's own province and line, an abuse report, a new key.
fn blank_form(signed: &Signed) -> CallForm {
    let jurisdiction = signed.caller.agency().map(|a| a.jurisdiction);
    let (channel, province) = match jurisdiction {
        Some(Jurisdiction::Province(p) | Jurisdiction::Commune { province: p, .. }) => {
            (Channel::LocalHotline, p.to_string())
        }
        _ => (Channel::Hotline111, String::new()),
    };
    let mut key = [0u8; 16];
    rand::Rng::fill(&mut rand::rng(), &mut key);
    CallForm {
        idem: hex::encode(key),
        contact_type: ContactType::AbuseReport.code().to_owned(),
        channel: channel.code().to_owned(),
        province,
        children: vec![form::ChildValues::default(); CHILD_SLOTS],
        ..CallForm::default()
    }
}

/// The communes that fit what is typed in the picker, in the province chosen (or anywhere).
fn choices(conn: &mut DbConnection, v: &CallForm) -> Result<Vec<CommuneRow>, IntakeError> {
    if v.commune_q.trim().is_empty() {
        return Ok(Vec::new());
    }
    find_communes(conn, v.province_code(), &v.commune_q)
}

/// Each commune with its province, as the picker shows it.
fn labelled(found: Vec<CommuneRow>, provinces: &[ProvinceRow]) -> Vec<PlaceChoice> {
    found
        .into_iter()
        .map(|c| {
            let province = provinces
                .iter()
                .find(|p| p.code == c.province_code)
                .map_or("", |p| p.name.as_str());
            PlaceChoice {
                code: c.code,
                label: format!("{}, {province}", c.name),
            }
        })
        .collect()
}

/// The commune the form names: the one chosen, or the only one that fits what was typed.
fn resolved(v: &CallForm, found: &[CommuneRow]) -> Option<u32> {
    v.commune
        .trim()
        .parse::<u32>()
        .ok()
        .or_else(|| the_one(found, &v.commune_q).and_then(|c| u32::try_from(c).ok()))
}

#[derive(Debug, Deserialize)]
pub struct NewParams {
    done: Option<String>,
}

#[get("/console/calls/new")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<NewParams>,
) -> Result<HttpResponse, ConsoleError> {
    operator_only(&signed)?;
    let provinces = state.db(places::provinces).await?;
    let mut page = CallPage::new(signed.chrome(), blank_form(&signed), provinces);
    page.done = params
        .done
        .as_deref()
        .and_then(|c| c.parse::<ContactType>().ok())
        .map(|t| crate::text::contact_logged(t.label_vi()));
    Ok(page::respond_scripted(StatusCode::OK, &page))
}

/// Where a logged report leads: its case, or a fresh form for the next call.
fn after_logging(created: &ReportCreated, contact_type: &str) -> HttpResponse {
    match &created.case_id {
        Some(id) => page::see_other(&Done::Logged.path(id)),
        None => page::see_other(&format!("/console/calls/new?done={contact_type}")),
    }
}

/// What sending the call form came to: the form's places, and the report logged, or what
/// was wrong (nothing when only the communes were asked for).
struct Sent {
    provinces: Vec<ProvinceRow>,
    found: Vec<CommuneRow>,
    logged: Option<Result<Logged, Vec<FieldError>>>,
}

/// Resolve the form's commune and log it as a report (the API's operation), or say what is
/// wrong with it, every problem in one pass.
fn log_call(
    conn: &mut DbConnection,
    (caller, services): (&Caller, Services<'_>),
    form: &CallForm,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Sent, IntakeError> {
    let provinces = places::provinces(conn)?;
    let found = choices(conn, form)?;
    let sent = |logged| Sent {
        provinces,
        found: found.clone(),
        logged,
    };
    if form.action == "find-commune" {
        return Ok(sent(None));
    }
    let (request, mut errors) = form.to_request(resolved(form, &found));
    if !errors.is_empty() {
        if let Err(more) = validate_report(&request, now) {
            errors.extend(more);
        }
        return Ok(sent(Some(Err(errors))));
    }
    let idem = Idempotency {
        key: Some(&form.idem),
    };
    match log_report(conn, caller, services, &request, idem, now) {
        Ok(logged) => Ok(sent(Some(Ok(logged)))),
        Err(IntakeError::Invalid(errors)) => Ok(sent(Some(Err(errors)))),
        Err(e) => Err(e),
    }
}

/// The call form again, as typed, with what is wrong (an ambiguous commune said so).
fn form_again(signed: &Signed, v: CallForm, sent: Sent, errors: Vec<FieldError>) -> HttpResponse {
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let ambiguous = resolved(&v, &sent.found).is_none() && !sent.found.is_empty();
    let mut page = CallPage::new(signed.chrome(), v, sent.provinces);
    page.errors = errors
        .into_iter()
        .map(|e| match (e.field.as_str(), ambiguous) {
            ("place.commune_code", true) => {
                (field_id(&e.field), crate::text::MANY_COMMUNES.to_owned())
            }
            _ => (field_id(&e.field), e.message),
        })
        .collect();
    page.communes = labelled(sent.found, &page.provinces);
    page::respond_scripted(status, &page)
}

#[post("/console/calls")]
pub async fn submit(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    contact_key: web::Data<ContactKey>,
    signed: Signed,
    body: UnreadForm,
) -> Result<HttpResponse, ConsoleError> {
    let v = operator_form(&signed, body).await?;
    let (caller, form, now) = (
        signed.caller.clone(),
        v.clone(),
        hotline_domain::time::now(),
    );
    let mut sent = state
        .db(move |conn| {
            let services = Services {
                router: &router,
                contact_key: &contact_key,
                vault: caller.vault(),
            };
            log_call(conn, (&caller, services), &form, now)
        })
        .await?;
    let errors = match sent.logged.take() {
        Some(Ok(Logged::Created(created))) => {
            count(&state.metrics, &created);
            return Ok(after_logging(&created.body, &v.contact_type));
        }
        Some(Ok(Logged::Replayed(first))) => {
            let created: ReportCreated = serde_json::from_str(&first.body)
                .map_err(|e| ApiError::from(Failure::Internal(e.to_string())))?;
            return Ok(after_logging(&created, &v.contact_type));
        }
        Some(Err(errors)) => errors,
        None => Vec::new(),
    };
    Ok(form_again(&signed, v, sent, errors))
}

/// The picker's choices for what is typed (htmx).
#[post("/console/calls/places")]
pub async fn place_choices(
    state: web::Data<AppState>,
    signed: Signed,
    body: UnreadForm,
) -> Result<HttpResponse, ConsoleError> {
    let v = operator_form(&signed, body).await?;
    let form = v.clone();
    let (provinces, found) = state
        .db(move |conn| {
            let provinces = places::provinces(conn)?;
            let found = choices(conn, &form)?;
            Ok::<_, IntakeError>((provinces, found))
        })
        .await?;
    let mut v = v;
    if v.commune.is_empty() {
        if let Some(one) = the_one(&found, &v.commune_q) {
            v.commune = one.to_string();
        }
    }
    let fragment = PlacesFragment {
        communes: labelled(found, &provinces),
        v,
    };
    Ok(page::respond(StatusCode::OK, &fragment))
}

/// Possible duplicates and earlier contacts for the form as typed so far (htmx).
impl HintsFragment {
    /// The hints as the form shows them beside the call.
    fn of(found: DraftHints) -> HintsFragment {
        HintsFragment {
            duplicates: found
                .duplicates
                .into_iter()
                .map(|d| HintRow {
                    text: crate::text::duplicate_of(&matched_on_vi(&d.matched_on)),
                    case: Some(CaseRef {
                        id: d.case_id,
                        number: d.case_number,
                    }),
                })
                .collect(),
            earlier: found
                .earlier_contacts
                .into_iter()
                .map(|c| HintRow {
                    text: format!(
                        "{} – {}",
                        local(c.received_at),
                        hotline_domain::codes::label_or_code::<ContactType>(
                            &c.contact_type,
                            ContactType::label_vi
                        )
                    ),
                    case: c
                        .case_id
                        .zip(c.case_number)
                        .map(|(id, number)| CaseRef { id, number }),
                })
                .collect(),
        }
    }
}

#[post("/console/calls/hints")]
pub async fn hints(
    state: web::Data<AppState>,
    contact_key: web::Data<ContactKey>,
    signed: Signed,
    body: UnreadForm,
) -> Result<HttpResponse, ConsoleError> {
    let v = operator_form(&signed, body).await?;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let found: DraftHints = state
        .db(move |conn| {
            let communes = choices(conn, &v)?;
            let (request, _) = v.to_request(resolved(&v, &communes));
            draft_hints(
                conn,
                &caller,
                (&contact_key, caller.vault().terms()),
                &request,
                now,
            )
        })
        .await?;
    Ok(page::respond(StatusCode::OK, &HintsFragment::of(found)))
}
