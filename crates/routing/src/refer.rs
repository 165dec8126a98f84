//! Referring a case by hand: a new referral to another agency, or an open referral handed to
//! another agency (`replaces`). Only agency officers and supervisors refer; the referral, its
//! outbox row, the timeline event and the audit entry commit together.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::referral;
use hotline_http::{Caller, FieldError};
use hotline_store::models::{CaseEventRow, CaseRow};
use hotline_store::queries::{agencies, cases, outbox, referrals};
use hotline_store::DbConnection;
use hotline_vault::SealText;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::consent::{self, Consent};
use crate::dispatch::{self, By};
use crate::moves::required_text;
use crate::{ReferralView, Router, RoutingError};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReferralRequest {
    /// The agency to refer to.
    pub agency_code: String,
    /// Why, in Vietnamese.
    pub reason: String,
    /// The id of an open referral of this case that the new one replaces (reassignment).
    pub replaces: Option<String>,
    /// For a service (health, psychological support, legal aid, shelter, a non-state
    /// provider): the caregiver's and the child's consent, or the reason to act without it.
    #[serde(default)]
    pub consent: Option<Consent>,
}

/// A referral request, checked.
struct Checked {
    agency_code: String,
    reason: String,
    replaces: Option<String>,
    consent: Option<Consent>,
}

fn check(request: &NewReferralRequest) -> Result<Checked, RoutingError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let reason = match required_text("reason", Some(&request.reason)) {
        Ok(reason) => Some(reason),
        Err(RoutingError::Invalid(mut list)) => {
            errors.append(&mut list);
            None
        }
        Err(e) => return Err(e),
    };
    let agency_code = request.agency_code.trim().to_owned();
    if agency_code.is_empty() {
        errors.push(FieldError::new("agency_code", "bắt buộc"));
    }
    let replaces = match request.replaces.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match Uuid::parse_str(raw) {
            Ok(u) => Some(u.to_string()),
            Err(_) => {
                errors.push(FieldError::new("replaces", "không phải mã chuyển tuyến"));
                None
            }
        },
    };
    match reason {
        Some(reason) if errors.is_empty() => Ok(Checked {
            agency_code,
            reason,
            replaces,
            consent: request.consent.clone(),
        }),
        _ => Err(RoutingError::Invalid(errors)),
    }
}

/// Whether the caller's role refers cases at all: asked first, wherever the case.
pub fn may_refer(caller: &Caller) -> Result<(), RoutingError> {
    match caller.role().is_some_and(referral::role_may_refer) {
        true => Ok(()),
        false => Err(RoutingError::MayNotRefer),
    }
}

/// Refer case `case_id` (as typed) to the agency the request names, or hand one of its open
/// referrals to it (`referral.create` / `referral.reassign`).
pub fn refer_case(
    conn: &mut DbConnection,
    caller: &Caller,
    router: &Router,
    case_id: &str,
    request: &NewReferralRequest,
    now: DateTime<Utc>,
) -> Result<ReferralView, RoutingError> {
    may_refer(caller)?;
    let scope = caller.case_scope().ok_or(RoutingError::NoCaseAccess)?;
    let case_id = Uuid::parse_str(case_id)
        .map_err(|_| RoutingError::NotFound)?
        .to_string();
    let request = check(request)?;
    caller.audited(conn, now, |conn| {
        let case = cases::visible(conn, scope, &case_id).map_err(|e| match e {
            hotline_store::StoreError::NotFound => RoutingError::NotFound,
            other => other.into(),
        })?;
        if case.erased_at.is_some() {
            return Err(RoutingError::CaseErased);
        }
        let agency = agencies::by_code(conn, &request.agency_code)?
            .filter(|a| a.active)
            .ok_or_else(|| RoutingError::field("agency_code", "không tồn tại"))?;
        if agency.province_code != Some(case.province_code) {
            return Err(RoutingError::field(
                "agency_code",
                "cơ quan ngoài địa bàn tỉnh của vụ việc",
            ));
        }
        if referrals::open_for(conn, &case.id, &agency.id)?.is_some() {
            return Err(RoutingError::AlreadyReferred {
                agency_name: agency.name,
            });
        }
        let user_id = caller.user_id();
        let by = By {
            user_id: user_id.as_deref(),
            now,
        };
        let kind: hotline_domain::AgencyKind =
            agency
                .kind
                .parse()
                .map_err(|e: hotline_domain::DomainError| {
                    RoutingError::Store(hotline_store::StoreError::Corrupt(e.to_string()))
                })?;
        let children = cases::children_of(conn, &case.id)?;
        let consent = consent::checked(kind, request.consent.as_ref(), (&case, &children))
            .map_err(|e| RoutingError::Invalid(vec![e]))?;
        let mut row = dispatch::new_referral(
            (router, caller.vault()),
            dispatch::ForCase::of(&case),
            &agency.id,
            &request.reason,
            &["manual".to_owned()],
            by,
        )?;
        row.consent = consent
            .map(|c| {
                let text = serde_json::to_string(&c)
                    .map_err(|e| hotline_store::StoreError::Corrupt(format!("consent: {e}")))?;
                Ok::<_, RoutingError>(caller.vault().seal(
                    hotline_vault::Field::ReferralConsent,
                    &row.id,
                    &text,
                )?)
            })
            .transpose()?;
        let replaced = match &request.replaces {
            None => None,
            Some(old_id) => Some(reassign(conn, caller, old_id, &case, &row.id, now)?),
        };
        referrals::insert(conn, &row)?;
        let announced: Vec<_> = dispatch::announce(&row, &agency, "referral.created", now)?
            .into_iter()
            .collect();
        outbox::insert(conn, &announced)?;
        let (kind, action) = if replaced.is_some() {
            ("referral.reassigned", "referral.reassign")
        } else {
            ("referral.created", "referral.create")
        };
        cases::insert_event(
            conn,
            &CaseEventRow::new(&case.id, caller.user_id(), kind, now.naive_utc()).sealed_text(
                caller.vault(),
                Some(
                    json!({"referral_id": row.id, "agency_code": agency.code,
                           "replaces": replaced, "reason": request.reason})
                    .to_string(),
                ),
            )?,
        )?;
        let entry = Entry::new(action)
            .on("referral", row.id.clone())
            .cases([case.id.clone()])
            .place(Some(case.province_code), Some(case.commune_code))
            .detail(json!({
                "case_id": case.id, "agency_code": agency.code, "replaces": replaced,
            }));
        Ok((ReferralView::open(&row, &agency, caller.vault())?, entry))
    })
}

/// Close the replaced referral as `reassigned`; it must be an open referral of this case, and
/// the caller one who may hand it on (`domain::referral::may_replace`).
fn reassign(
    conn: &mut DbConnection,
    caller: &Caller,
    old_id: &str,
    case: &CaseRow,
    new_id: &str,
    now: DateTime<Utc>,
) -> Result<String, RoutingError> {
    let old = referrals::find(conn, old_id)?
        .filter(|r| r.case_id == case.id)
        .ok_or_else(|| {
            RoutingError::field("replaces", "không phải chuyển tuyến của vụ việc này")
        })?;
    let corrupt = |e: String| RoutingError::Store(hotline_store::StoreError::Corrupt(e));
    let owner = Uuid::parse_str(&old.agency_id).map_err(|e| corrupt(e.to_string()))?;
    let province = u16::try_from(case.province_code).map_err(|e| corrupt(e.to_string()))?;
    let role = caller.role().ok_or(RoutingError::MayNotRefer)?;
    if !referral::may_replace(role, caller.agency(), owner, province) {
        return Err(RoutingError::MayNotReplace);
    }
    if !referral::is_open(old.status) {
        return Err(RoutingError::ReplacedEnded);
    }
    referrals::mark_replaced(conn, old_id, old.status, new_id, now.naive_utc())?;
    Ok(old.id)
}
