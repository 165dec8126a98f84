//! What the forms of a case page do, each by the operation the API calls: a lifecycle move,
//! a note, the chair's decision on a plan, a duplicate link, a referral, and a supervisor's
//! hold, correction and erasure. Each goes back to the case saying what was done, or shows
//! the case again with what the operation refused (`act`).

use actix_web::{post, web, HttpResponse};
use hotline_cases::dto::TransitionRequest;
use hotline_cases::duplicates::link_duplicate;
use hotline_cases::managers::{self, ManagerRequest};
use hotline_cases::notes::add_note;
use hotline_cases::plan::{move_plan, PlanMove};
use hotline_cases::privacy::corrections::{correct, CorrectionRequest};
use hotline_cases::privacy::holds::{lift_hold, place_hold};
use hotline_cases::privacy::request::erase_on_request;
use hotline_cases::transfers::{self, TransferRequest};
use hotline_cases::transitions::transition_case;
use hotline_cases::CaseError;
use hotline_domain::time;
use hotline_http::{ApiError, AppState, Caller, FieldError};
use hotline_intake::places::{find_communes, the_one};
use hotline_routing::consent::Consent;
use hotline_routing::refer::{refer_case, NewReferralRequest};
use hotline_routing::Router;
use hotline_store::DbConnection;
use serde::Deserialize;

use super::render::{refused, Done};
use crate::error::ConsoleError;
use crate::form::{
    AssignsManager, CaseForm, DecidesPlan, GuardsPrivacy, LinksCase, MovesCase, ProposesTransfer,
    RefersCase,
};
use crate::page;
use crate::signed::Signed;

/// Do `operate` on the case of a form and go back to it saying `done`; what the operation
/// refuses is shown on the case page, at the form's `field`.
async fn act<T, E>(
    state: &web::Data<AppState>,
    (signed, id): (&Signed, String),
    (done, field): (Done, &'static str),
    operate: impl FnOnce(&mut DbConnection, &Caller, &str) -> Result<T, E> + Send + 'static,
) -> Result<HttpResponse, ConsoleError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    let (caller, case) = (signed.caller.clone(), id.clone());
    match state.db(move |conn| operate(conn, &caller, &case)).await {
        Ok(_) => Ok(page::see_other(&done.path(&id))),
        Err(e) => refused(state, signed, id, field, e).await,
    }
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
    CaseForm {
        signed, id, form, ..
    }: CaseForm<MoveForm, MovesCase>,
) -> Result<HttpResponse, ConsoleError> {
    let request = TransitionRequest {
        to: form.to,
        note: form.note.filter(|n| !n.trim().is_empty()),
        duplicate_of: None,
    };
    act(
        &state,
        (&signed, id),
        (Done::Moved, "move-note"),
        move |conn, caller, case| {
            transition_case(conn, caller, &router, case, &request, time::now())
        },
    )
    .await
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
    CaseForm {
        signed, id, form, ..
    }: CaseForm<PlanForm, DecidesPlan>,
) -> Result<HttpResponse, ConsoleError> {
    let (mv, done) = match path.1.as_str() {
        "approve" => (PlanMove::Approve, Done::Approved),
        "return" => (PlanMove::Return, Done::Returned),
        _ => return Err(ConsoleError::Api(ApiError::not_found())),
    };
    act(
        &state,
        (&signed, id),
        (done, "plan-reason"),
        move |conn, caller, case| {
            move_plan(conn, caller, case, mv, form.reason.as_deref(), time::now())
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagerForm {
    user_id: String,
    reason: String,
}

/// The case's manager, chosen among the workers of its commune's group.
#[post("/console/cases/{id}/manager")]
pub async fn assign_manager(
    state: web::Data<AppState>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<ManagerForm, AssignsManager>,
) -> Result<HttpResponse, ConsoleError> {
    let request = ManagerRequest {
        user_id: form.user_id,
        reason: form.reason,
    };
    act(
        &state,
        (&signed, id),
        (Done::Assigned, "manager-reason"),
        move |conn, caller, case| {
            managers::assign_manager(conn, caller, case, &request, time::now())
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferForm {
    province: Option<i32>,
    /// The receiving commune, by name or code, as typed.
    commune: String,
    reason: String,
}

/// The commune `typed` names in `province`: its code typed, or the one commune its name finds
/// (the intake's search); else what to type instead, as a refusal of the field.
fn commune_named(
    conn: &mut DbConnection,
    province: Option<i32>,
    typed: &str,
) -> Result<i64, ApiError> {
    let typed = typed.trim();
    if let Ok(code) = typed.parse::<i64>() {
        return Ok(code);
    }
    let refused = |message: String| {
        ApiError::from(hotline_http::Failure::Invalid(vec![FieldError::new(
            "to_commune_code",
            message,
        )]))
    };
    let found = find_communes(conn, province, typed).map_err(ApiError::from)?;
    match the_one(&found, typed) {
        Some(code) => Ok(i64::from(code)),
        None if found.is_empty() => Err(refused(crate::text::commune_not_found(typed))),
        None => Err(refused(crate::text::communes_to_choose(
            &found
                .into_iter()
                .map(|c| (c.code, c.name))
                .collect::<Vec<_>>(),
        ))),
    }
}

/// Propose to move the case to another commune, named in the chosen province.
#[post("/console/cases/{id}/transfer")]
pub async fn propose_transfer(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<TransferForm, ProposesTransfer>,
) -> Result<HttpResponse, ConsoleError> {
    act(
        &state,
        (&signed, id),
        (Done::TransferProposed, "transfer-commune"),
        move |conn, caller, case| -> Result<_, ApiError> {
            let request = TransferRequest {
                to_commune_code: commune_named(conn, form.province, &form.commune)?,
                reason: form.reason,
            };
            Ok(transfers::propose(
                conn,
                caller,
                &router,
                case,
                &request,
                time::now(),
            )?)
        },
    )
    .await
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
    CaseForm {
        signed, id, form, ..
    }: CaseForm<NoteForm>,
) -> Result<HttpResponse, ConsoleError> {
    act(
        &state,
        (&signed, id),
        (Done::Note, "note-text"),
        move |conn, caller, case| add_note(conn, caller, case, &form.text, time::now()),
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateForm {
    of: String,
    note: Option<String>,
}

/// This case is the same incident as case `of`: it is closed as a duplicate of it.
#[post("/console/cases/{id}/duplicate")]
pub async fn link(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<DuplicateForm, LinksCase>,
) -> Result<HttpResponse, ConsoleError> {
    let note = form.note.filter(|n| !n.trim().is_empty());
    act(
        &state,
        (&signed, id),
        (Done::Linked, "duplicate-note"),
        move |conn, caller, case| {
            link_duplicate(
                conn,
                caller,
                &router,
                case,
                &form.of,
                note.as_deref(),
                time::now(),
            )
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferForm {
    agency_code: String,
    reason: String,
    replaces: Option<String>,
    /// For a service: the boxes of the child's and the caregiver's consent, or the reason to
    /// act without it.
    #[serde(default, deserialize_with = "hotline_http::form::ticked")]
    consent_child: bool,
    #[serde(default, deserialize_with = "hotline_http::form::ticked")]
    consent_caregiver: bool,
    consent_override: Option<String>,
}

/// Refer the case to one more agency, or hand an open referral to another.
#[post("/console/cases/{id}/referrals")]
pub async fn refer(
    state: web::Data<AppState>,
    router: web::Data<Router>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<ReferForm, RefersCase>,
) -> Result<HttpResponse, ConsoleError> {
    let request = NewReferralRequest {
        agency_code: form.agency_code,
        reason: form.reason,
        replaces: form.replaces.filter(|r| !r.is_empty()),
        // Asked of every referral the form sends; the operation records it for a service.
        consent: Some(Consent {
            child: Some(form.consent_child),
            caregiver: Some(form.consent_caregiver),
            override_reason: form
                .consent_override
                .and_then(|r| hotline_http::form::text(&r)),
        }),
    };
    act(
        &state,
        (&signed, id),
        (Done::Referred, "refer-reason"),
        move |conn, caller, case| refer_case(conn, caller, &router, case, &request, time::now()),
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldForm {
    reason: String,
}

/// Keep the case from erasure until the hold is lifted.
#[post("/console/cases/{id}/hold")]
pub async fn hold(
    state: web::Data<AppState>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<HoldForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    act(
        &state,
        (&signed, id),
        (Done::Held, "hold-reason"),
        move |conn, caller, case| place_hold(conn, caller, case, &form.reason, time::now()),
    )
    .await
}

/// A form of a button alone: nothing but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// Lift the hold in force.
#[post("/console/cases/{id}/hold/lift")]
pub async fn lift(
    state: web::Data<AppState>,
    CaseForm { signed, id, .. }: CaseForm<NoFields, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    act(
        &state,
        (&signed, id),
        (Done::HoldLifted, "hold-lift"),
        move |conn, caller, case| lift_hold(conn, caller, case, time::now()),
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectForm {
    child_id: String,
    field: String,
    value: Option<String>,
    reason: String,
}

/// Correct a child's name, date of birth or location; the old value is kept as a version.
#[post("/console/cases/{id}/correct")]
pub async fn correct_child(
    state: web::Data<AppState>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<CorrectForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    let request = CorrectionRequest {
        child_id: Some(form.child_id),
        field: form.field,
        value: form.value,
        reason: form.reason,
    };
    act(
        &state,
        (&signed, id),
        (Done::Corrected, "correct-value"),
        move |conn, caller, case| correct(conn, caller, case, &request, time::now()),
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseForm {
    reason: String,
    note: String,
    /// The box saying the person knows the erasure cannot be undone.
    confirm: Option<String>,
}

/// Erase an ended case's personal details on a lawful request.
#[post("/console/cases/{id}/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    CaseForm {
        signed, id, form, ..
    }: CaseForm<EraseForm, GuardsPrivacy>,
) -> Result<HttpResponse, ConsoleError> {
    if form.confirm.is_none() {
        let said = crate::text::CONFIRM_ERASURE;
        let unconfirmed = CaseError::Invalid(vec![FieldError::new("confirm", said)]);
        return refused(&state, &signed, id, "erase-note", unconfirmed.into()).await;
    }
    act(
        &state,
        (&signed, id),
        (Done::Erased, "erase-note"),
        move |conn, caller, case| {
            erase_on_request(conn, caller, case, (&form.reason, &form.note), time::now())
        },
    )
    .await
}
