//! One case, as the signed-in person may see it (`case.read`), and its printable file
//! (`case.record.export`). This is the page every referral e-mail links to.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use hotline_cases::dto::CaseDetailView;
use hotline_cases::dto::TransitionRequest;
use hotline_cases::notes::add_note;
use hotline_cases::plan::{move_plan, PlanMove};
use hotline_cases::record::{event_label, export_record, render_html, RecordFormat};
use hotline_cases::steps::records::PlanRecord;
use hotline_cases::steps::{read_steps, StepsView};
use hotline_cases::transitions::transition_case;
use hotline_cases::view::read_case;
use hotline_domain::evidence::EvidenceKind;
use hotline_domain::lifecycle::{self, TransitionCheck};
use hotline_domain::{casework, CaseStep, PlanState};
use hotline_domain::{AgencyKind, CaseStatus, Category, ReferralStatus, RiskLevel, Sex};
use hotline_http::{ApiError, AppState, Failure, FieldError};
use hotline_routing::Router;
use serde::Deserialize;

use super::steps::form::StepValues;

use hotline_domain::codes::label_or_code as label;

use super::local;
use crate::error::ConsoleError;
use crate::form::{CaseForm, DecidesPlan, MovesCase};
use crate::page::{self, Chrome};
use crate::signed::Signed;
use crate::text;

pub struct ChildRow {
    pub id: String,
    pub name: String,
    pub born: String,
    pub sex: String,
}

pub struct ReferralRow {
    pub agency: String,
    /// Why it was routed there, in Vietnamese.
    pub reason: String,
    pub status: String,
    pub due: String,
    pub acknowledged: String,
}

pub struct EventRow {
    pub at: String,
    pub who: String,
    pub what: String,
    /// A note's own words (other events show only what happened).
    pub note: Option<String>,
}

/// The current plan (Mẫu 04) as the case page shows it, for those who read step records.
pub struct PlanBox {
    pub state: String,
    pub goals: Vec<String>,
    pub actions: Vec<String>,
    pub next_review: String,
    /// Why it was last returned, if it was.
    pub returned: Option<String>,
    /// The caller is the chair and the plan waits for a decision.
    pub decide: bool,
}

impl PlanBox {
    fn of(steps: &StepsView, role: Option<hotline_domain::Role>) -> Option<PlanBox> {
        let current = steps
            .records
            .iter()
            .rev()
            .find(|r| r.step == CaseStep::Plan && r.cycle == steps.cycle)?;
        let latest = current.versions.last()?;
        let plan: PlanRecord = serde_json::from_value(latest.body.clone()).ok()?;
        let state = current.plan_state.unwrap_or(PlanState::Draft);
        Some(PlanBox {
            state: state.label_vi().to_owned(),
            goals: plan.goals,
            actions: plan
                .actions
                .iter()
                .map(|a| {
                    text::plan_action(
                        &a.description,
                        &a.responsible,
                        a.service.label_vi(),
                        &a.due.format("%d/%m/%Y").to_string(),
                    )
                })
                .collect(),
            next_review: plan.next_review.format("%d/%m/%Y").to_string(),
            returned: current
                .versions
                .iter()
                .rev()
                .find(|v| v.plan_state == Some(PlanState::Returned))
                .and_then(|v| v.note.clone())
                .filter(|_| state == PlanState::Returned),
            decide: state == PlanState::Submitted
                && role.is_some_and(casework::role_approves_plans),
        })
    }
}

pub struct EvidenceRow {
    pub kind: &'static str,
    pub value: String,
    pub platform: String,
    pub at: String,
}

/// An open case this one may duplicate, with what they share.
pub struct DuplicateRow {
    pub id: String,
    pub number: String,
    pub shared: String,
}

/// An open referral that may be handed to another agency.
pub struct OpenReferral {
    pub id: String,
    pub agency: String,
}

/// What a supervisor sees and may do about the case's personal data.
pub struct PrivacyBox {
    /// When the personal details were erased.
    pub erased: Option<String>,
    /// The legal hold in force: since, by whom, why.
    pub hold: Option<(String, String, String)>,
    /// The case ended, is not held and not erased: it may be erased on request.
    pub may_erase: bool,
    pub reasons: Vec<(&'static str, &'static str)>,
}

impl PrivacyBox {
    fn of(role: Option<hotline_domain::Role>, c: &CaseDetailView) -> Option<PrivacyBox> {
        if role != Some(hotline_domain::Role::Supervisor) {
            return None;
        }
        let ended = c
            .status
            .parse::<CaseStatus>()
            .is_ok_and(|s| !lifecycle::is_open(s));
        Some(PrivacyBox {
            erased: c.erased_at.map(local),
            hold: c.legal_hold.as_ref().map(|h| {
                (
                    local(h.placed_at),
                    h.placed_by.clone().unwrap_or_default(),
                    h.reason.clone(),
                )
            }),
            may_erase: ended && c.legal_hold.is_none() && c.erased_at.is_none(),
            reasons: hotline_domain::ErasureReason::ALL
                .iter()
                .map(|r| (r.code(), r.label_vi()))
                .collect(),
        })
    }
}

/// A move of the lifecycle the caller may make now: the status's code and label.
pub struct MoveChoice {
    pub to: &'static str,
    pub label: &'static str,
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
    moves: Vec<MoveChoice>,
    plan: Option<PlanBox>,
    step_forms: Vec<super::steps::StepForm>,
    evidence: Vec<EvidenceRow>,
    duplicates: Vec<DuplicateRow>,
    /// The person may record this case as a duplicate of another.
    may_link: bool,
    /// Agencies the person may refer the case to (only for those who refer).
    agencies: Vec<(String, String)>,
    open_referrals: Vec<OpenReferral>,
    /// For a supervisor: holds, corrections, the child's copy, erasure.
    privacy: Option<PrivacyBox>,
    done: Option<&'static str>,
    errors: Vec<(String, String)>,
}

impl CasePage {
    fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == field)
    }

    fn of(chrome: Chrome, role: Option<hotline_domain::Role>, c: CaseDetailView) -> CasePage {
        let risk = c.risk_level.as_deref().unwrap_or_default();
        let status: Option<CaseStatus> = c.status.parse().ok();
        // Only the moves this person may make; a duplicate is linked, not moved to.
        let moves = match (role, status) {
            (Some(role), Some(from)) => lifecycle::next_states(from)
                .iter()
                .copied()
                .filter(|to| *to != CaseStatus::Duplicate)
                .filter(|to| {
                    matches!(
                        lifecycle::check(role, from, *to),
                        TransitionCheck::Allowed(_)
                    )
                })
                .map(|to| MoveChoice {
                    to: to.code(),
                    label: to.label_vi(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let may_link = match (role, status) {
            (Some(role), Some(from)) => matches!(
                lifecycle::check(role, from, CaseStatus::Duplicate),
                TransitionCheck::Allowed(_)
            ),
            _ => false,
        };
        let privacy = PrivacyBox::of(role, &c);
        CasePage {
            chrome,
            may_link,
            privacy,
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    kind: EvidenceKind::from_code(&e.kind)
                        .map_or(text::OTHER, EvidenceKind::label_vi),
                    value: e.value.clone(),
                    platform: e.platform.clone().unwrap_or_default(),
                    at: local(e.recorded_at),
                })
                .collect(),
            duplicates: c
                .possible_duplicates
                .iter()
                .map(|d| DuplicateRow {
                    id: d.case_id.clone(),
                    number: d.case_number.clone(),
                    shared: super::matched_on_vi(&d.matched_on),
                })
                .collect(),
            agencies: Vec::new(),
            open_referrals: c
                .referrals
                .iter()
                .filter(|r| {
                    r.status
                        .parse::<ReferralStatus>()
                        .is_ok_and(hotline_domain::referral::is_open)
                })
                .map(|r| OpenReferral {
                    id: r.id.clone(),
                    agency: r.agency_name.clone(),
                })
                .collect(),
            moves,
            plan: None,
            step_forms: Vec::new(),
            done: None,
            errors: Vec::new(),
            high_risk: risk == RiskLevel::High.code(),
            risk: if risk.is_empty() {
                text::NOT_ASSESSED.into()
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
                    id: k.id.clone(),
                    name: k.name.clone().unwrap_or_else(|| text::NAME_UNKNOWN.into()),
                    born: k.born_vi(),
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
                    reason: r.reason.clone(),
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
                    who: e.actor.clone().unwrap_or_else(|| text::SYSTEM.into()),
                    what: match (&e.from_status, &e.to_status) {
                        (Some(f), Some(t)) => format!(
                            "{}: {} → {}",
                            event_label(&e.kind),
                            label::<CaseStatus>(f, CaseStatus::label_vi),
                            label::<CaseStatus>(t, CaseStatus::label_vi)
                        ),
                        _ => event_label(&e.kind),
                    },
                    note: (e.kind == "note").then(|| e.text.clone()).flatten(),
                })
                .collect(),
            id: c.id,
            number: c.case_number,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CaseParams {
    done: Option<String>,
}

async fn render(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    done: Option<&'static str>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let errors = errors.into_iter().map(|e| (e.field, e.message)).collect();
    render_page(state, signed, id, done, errors, None, status).await
}

/// The case page with a step's form as it was typed, and what was wrong with it.
pub(crate) async fn render_with_step(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    errors: Vec<(String, String)>,
    typed: (CaseStep, StepValues),
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    render_page(state, signed, id, None, errors, Some(typed), status).await
}

async fn render_page(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    done: Option<&'static str>,
    errors: Vec<(String, String)>,
    typed: Option<(CaseStep, StepValues)>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let kind = caller.agency().map(|a| a.kind);
    let reads_steps = caller
        .role()
        .is_some_and(|r| casework::reads_step_records(r, kind));
    let refers = caller
        .role()
        .is_some_and(hotline_domain::referral::role_may_refer);
    let (case, steps, agency_rows) = state
        .db(move |conn| {
            let case = read_case(conn, &caller, &id, now)?;
            let steps = match reads_steps {
                true => Some(read_steps(conn, &caller, &id, now)?),
                false => None,
            };
            let agency_rows = match refers {
                true => hotline_store::queries::agencies::all(conn)?,
                false => Vec::new(),
            };
            Ok::<_, hotline_cases::CaseError>((case, steps, agency_rows))
        })
        .await?;
    let role = signed.caller.role();
    let status_now: Option<CaseStatus> = case.status.parse().ok();
    let mut page = CasePage::of(signed.chrome(), role, case);
    page.plan = steps.as_ref().and_then(|s| PlanBox::of(s, role));
    page.step_forms = super::steps::forms_for(role, status_now, steps.as_ref(), typed);
    page.agencies = agency_rows
        .into_iter()
        .filter(|a| a.active)
        .map(|a| (a.code, a.name))
        .collect();
    page.done = done;
    page.errors = errors;
    Ok(page::respond(status, &page))
}

#[get("/cases/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
    params: web::Query<CaseParams>,
) -> Result<HttpResponse, ConsoleError> {
    let done = match params.done.as_deref() {
        Some("logged") => Some(text::DONE_ROUTED),
        Some("moved") => Some(text::DONE_MOVED),
        Some("step") => Some(text::DONE_STEP),
        Some("submitted") => Some(text::DONE_SUBMITTED),
        Some("linked") => Some(text::DONE_LINKED),
        Some("referred") => Some(text::DONE_REFERRED),
        Some("note") => Some(text::DONE_NOTE),
        Some("approved") => Some(text::DONE_APPROVED),
        Some("returned") => Some(text::DONE_RETURNED),
        Some("held") => Some(text::DONE_HELD),
        Some("hold-lifted") => Some(text::DONE_HOLD_LIFTED),
        Some("corrected") => Some(text::DONE_CORRECTED),
        Some("erased") => Some(text::DONE_ERASED),
        _ => None,
    };
    render(
        &state,
        &signed,
        path.into_inner(),
        done,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// What an operation refused, said on the case page itself (the form's field named), or the
/// failure page for anything else.
pub(crate) async fn refused(
    state: &web::Data<AppState>,
    signed: &Signed,
    id: String,
    field: &str,
    error: ApiError,
) -> Result<HttpResponse, ConsoleError> {
    let (status, errors) = match &error {
        ApiError::Failed(Failure::Invalid(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .iter()
                .map(|e| FieldError::new(field, e.message.clone()))
                .collect(),
        ),
        ApiError::Failed(Failure::Conflict { detail, .. } | Failure::Incomplete { detail, .. }) => {
            (
                StatusCode::CONFLICT,
                vec![FieldError::new(field, detail.clone())],
            )
        }
        _ => return Err(error.into()),
    };
    render(state, signed, id, None, errors, status).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveForm {
    to: String,
    note: Option<String>,
}

/// A move of the lifecycle, from the case page.
#[post("/console/cases/{id}/move")]
pub async fn move_case(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    sent: CaseForm<MoveForm, MovesCase>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let caller = signed.caller.clone();
    let request = TransitionRequest {
        to: form.to,
        note: form.note.filter(|n| !n.trim().is_empty()),
        duplicate_of: None,
    };
    let now = hotline_domain::time::now();
    let case = id.clone();
    match state
        .db(move |conn| transition_case(conn, &caller, &router, &case, &request, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=moved"))),
        Err(e) => refused(&state, &signed, id, "move-note", e).await,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanForm {
    reason: Option<String>,
}

/// The chair's decision on a submitted plan (Mẫu 05): approve, or return with a reason.
#[post("/console/cases/{id}/plan/{decision}")]
pub async fn decide_plan(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    sent: CaseForm<PlanForm, DecidesPlan>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let (_, decision) = path.into_inner();
    let (mv, done) = match decision.as_str() {
        "approve" => (PlanMove::Approve, "approved"),
        "return" => (PlanMove::Return, "returned"),
        _ => return Err(ConsoleError::Api(ApiError::not_found())),
    };
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    let reason = form.reason;
    match state
        .db(move |conn| move_plan(conn, &caller, &case, mv, reason.as_deref(), now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done={done}"))),
        Err(e) => refused(&state, &signed, id, "plan-reason", e).await,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteForm {
    text: String,
}

/// A note on the timeline, from the case page.
#[post("/console/cases/{id}/notes")]
pub async fn add_case_note(
    state: web::Data<AppState>,
    sent: CaseForm<NoteForm>,
) -> Result<HttpResponse, ConsoleError> {
    let CaseForm {
        signed, id, form, ..
    } = sent;
    let caller = signed.caller.clone();
    let now = hotline_domain::time::now();
    let case = id.clone();
    match state
        .db(move |conn| add_note(conn, &caller, &case, &form.text, now))
        .await
    {
        Ok(_) => Ok(page::see_other(&format!("/cases/{id}?done=note"))),
        Err(e) => refused(&state, &signed, id, "note-text", e).await,
    }
}

/// The printable case file, as the API's `Accept: text/html` gives it.
#[get("/console/cases/{id}/record")]
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
