//! Turning a routing decision into referrals, outbox rows and timeline events, inside the
//! caller's transaction: a case is never committed without the referrals it needs.

use chrono::{DateTime, Utc};
use hotline_domain::{AgencyKind, ReferralStatus};
use hotline_store::models::{AgencyRow, CaseEventRow, OutboxRow, ReferralRow};
use hotline_store::queries::{outbox, referrals};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, SealText, Vault};
use serde::Serialize;
use serde_json::json;

use crate::router::Router;
use crate::rules::{CaseFacts, Decision, Level, MatchedRule, PlannedReferral, RiskSource};
use crate::views::ReferralView;

/// A decision with the agencies it names found in the database.
#[derive(Debug, Clone)]
pub struct Plan {
    pub decision: Decision,
    pub assigned: Vec<(PlannedReferral, AgencyRow)>,
    /// Referrals the rules asked for whose agency does not exist (yet) in that place.
    pub unassigned: Vec<PlannedReferral>,
}

/// How the case was routed, as stored with it and shown on `GET /cases/{id}`.
#[derive(Debug, Clone, Serialize)]
struct Explanation<'a> {
    risk_level: &'a str,
    risk_source: &'a RiskSource,
    matched_rules: &'a [MatchedRule],
    referrals: Vec<Assignment<'a>>,
    unassigned: Vec<Assignment<'a>>,
}

#[derive(Debug, Clone, Serialize)]
struct Assignment<'a> {
    agency_kind: AgencyKind,
    level: Level,
    agency_code: Option<&'a str>,
    rules: &'a [String],
    reason: &'a str,
}

fn assignment<'a>(p: &'a PlannedReferral, code: Option<&'a str>) -> Assignment<'a> {
    Assignment {
        agency_kind: p.kind,
        level: p.level,
        agency_code: code,
        rules: &p.rules,
        reason: &p.reason,
    }
}

impl Plan {
    /// The JSON stored in `cases.routing`.
    pub fn explanation(&self) -> Result<String, StoreError> {
        let explanation = Explanation {
            risk_level: self.decision.risk.code(),
            risk_source: &self.decision.risk_source,
            matched_rules: &self.decision.matched,
            referrals: self
                .assigned
                .iter()
                .map(|(p, a)| assignment(p, Some(&a.code)))
                .collect(),
            unassigned: self
                .unassigned
                .iter()
                .map(|p| assignment(p, None))
                .collect(),
        };
        serde_json::to_string(&explanation).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// Decide, and find each named agency where the case happened (reads only).
pub fn plan(
    conn: &mut DbConnection,
    router: &Router,
    facts: &CaseFacts,
) -> Result<Plan, StoreError> {
    let decision = router.decide(facts);
    let mut assigned: Vec<(PlannedReferral, AgencyRow)> = Vec::new();
    let mut unassigned = Vec::new();
    let (province, commune) = (i32::from(facts.province), facts.commune as i32);
    let serving = if decision.referrals.is_empty() {
        Vec::new()
    } else {
        referrals::agencies_serving(conn, province, commune)?
    };
    for planned in &decision.referrals {
        let agency = serving
            .iter()
            .find(|a| {
                a.kind == planned.kind.code()
                    && match planned.level {
                        Level::Commune => a.commune_code == Some(commune),
                        Level::Province => {
                            a.province_code == Some(province) && a.commune_code.is_none()
                        }
                    }
            })
            .cloned();
        match agency {
            // Two rules may name the same body at different levels: one referral.
            Some(a) => match assigned.iter_mut().find(|(_, b)| b.id == a.id) {
                Some((p, _)) => {
                    p.rules.extend(planned.rules.iter().cloned());
                    p.reason.push_str("; ");
                    p.reason.push_str(&planned.reason);
                }
                None => assigned.push((planned.clone(), a)),
            },
            None => unassigned.push(planned.clone()),
        }
    }
    Ok(Plan {
        decision,
        assigned,
        unassigned,
    })
}

/// Who acts, for rows that record it.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub user_id: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// The case a referral is made for, as the referral row keeps it.
#[derive(Debug, Clone, Copy)]
pub struct ForCase<'a> {
    pub id: &'a str,
    /// Kept on the referral (a transfer moves it with the case) so that a commune group's scope,
    /// "its commune or referred to it", and a place's overdue referrals read by index.
    pub province_code: i32,
    pub commune_code: i32,
    pub emergency: bool,
}

impl<'a> ForCase<'a> {
    pub fn of(case: &'a hotline_store::models::CaseRow) -> Self {
        Self {
            id: &case.id,
            province_code: case.province_code,
            commune_code: case.commune_code,
            emergency: case.emergency,
        }
    }
}

/// Write the plan's referrals for a case just inserted, with their outbox rows. Returns the
/// referrals as the API shows them, and the `routed` timeline event for the caller to write
/// with its own (fewer round trips).
pub fn write_referrals(
    conn: &mut DbConnection,
    (router, vault): (&Router, &Vault),
    plan: &Plan,
    case: ForCase<'_>,
    by: By<'_>,
) -> Result<(Vec<ReferralView>, CaseEventRow), StoreError> {
    let mut views = Vec::with_capacity(plan.assigned.len());
    let mut rows = Vec::with_capacity(plan.assigned.len());
    let mut messages = Vec::new();
    for (planned, agency) in &plan.assigned {
        let row = new_referral(
            (router, vault),
            case,
            &agency.id,
            &planned.reason,
            &planned.rules,
            by,
        )?;
        messages.extend(announce(&row, agency, "referral.created", by.now)?);
        views.push(ReferralView::open(&row, agency, vault)?);
        rows.push(row);
    }
    referrals::insert_many(conn, &rows)?;
    outbox::insert(conn, &messages)?;
    let body = json!({
        "agencies": plan.assigned.iter().map(|(_, a)| &a.code).collect::<Vec<_>>(),
        "unassigned": plan.unassigned.iter().map(|p| p.kind.code()).collect::<Vec<_>>(),
    });
    let routed = CaseEventRow::new(
        case.id,
        by.user_id.map(str::to_owned),
        "routed",
        by.now.naive_utc(),
    )
    .sealed_text(vault, Some(body.to_string()))?;
    Ok((views, routed))
}

/// A new pending referral with its acknowledgement deadline.
pub fn new_referral(
    (router, vault): (&Router, &Vault),
    case: ForCase<'_>,
    agency_id: &str,
    reason: &str,
    rules: &[String],
    by: By<'_>,
) -> Result<ReferralRow, StoreError> {
    let emergency = case.emergency;
    let now = by.now.naive_utc();
    let id = uuid::Uuid::new_v4().to_string();
    Ok(ReferralRow {
        reason: vault.seal(Field::ReferralReason, &id, reason)?,
        id,
        case_id: case.id.to_owned(),
        case_province_code: case.province_code,
        case_commune_code: case.commune_code,
        agency_id: agency_id.to_owned(),
        status: ReferralStatus::Pending,
        rules: serde_json::to_string(rules).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        emergency,
        created_at: now,
        created_by: by.user_id.map(str::to_owned),
        due_at: router
            .deadlines
            .acknowledge_due(by.now, emergency)
            .naive_utc(),
        acknowledged_at: None,
        accepted_at: None,
        declined_at: None,
        decline_reason: None,
        completed_at: None,
        outcome: None,
        replaced_by: None,
        escalated_at: None,
        updated_at: now,
        consent: None,
    })
}

/// The outbox row that tells `agency` about `referral`, if the agency has an address. The
/// payload carries ids, codes and the deadline: the notifier renders the message from them
/// and the case's current state, never from a child's details.
pub fn announce(
    referral: &ReferralRow,
    agency: &AgencyRow,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<Option<OutboxRow>, StoreError> {
    let Some(email) = agency.email.as_deref().filter(|e| !e.trim().is_empty()) else {
        return Ok(None);
    };
    message(kind, referral, &agency.id, email, json!({}), now).map(Some)
}

/// One outbox row about a referral, to one address.
pub fn message(
    kind: &str,
    referral: &ReferralRow,
    agency_id: &str,
    recipient: &str,
    extra: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<OutboxRow, StoreError> {
    let mut payload = json!({
        "referral_id": referral.id,
        "case_id": referral.case_id,
        "referral_status": referral.status,
        "due_at": referral.due_at.and_utc(),
        "emergency": referral.emergency,
    });
    if let (Some(p), serde_json::Value::Object(extra)) = (payload.as_object_mut(), extra) {
        p.extend(extra);
    }
    let now = now.naive_utc();
    Ok(OutboxRow {
        case_id: Some(referral.case_id.clone()),
        referral_id: Some(referral.id.clone()),
        agency_id: Some(agency_id.to_owned()),
        ..OutboxRow::queued(kind, recipient, payload.to_string(), now)
    })
}
