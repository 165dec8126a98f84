//! One incident, one case. At intake the open cases sharing a URL, a file hash, an offender
//! handle, or a child (folded name and birth year, same commune) are offered as possible
//! duplicates; an operator links a case as the duplicate of another, which hands its open
//! referrals over to the case kept. Both timelines stay.

use actix_web::{post, web, HttpResponse};
use hotline_audit::append;
use hotline_domain::lifecycle;
use hotline_domain::{text, time, CaseScope, CaseStatus};
use hotline_http::access::{case_scope, path_id};
use hotline_http::audit_ctx::actor;
use hotline_http::{ApiError, AppState, Authenticated, ClientIp, ValidJson};
use hotline_store::models::{CaseEventRow, CaseRow, ChildRow, EvidenceRow};
use hotline_store::queries::cases;
use hotline_store::queries::evidence::{self, PossibleDuplicate, Probe};
use hotline_store::queries::referrals;
use hotline_store::{write_transaction, DbConnection, StoreError, StoreResult};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::cases::{case_entry, detail_view, may_move, optional_note};
use crate::dto::{CaseDetailView, DuplicateMatch};

/// The child keys of a set of children: folded name and birth year, when both are known.
pub fn child_keys<'a>(
    children: impl IntoIterator<Item = (Option<&'a str>, Option<i32>)>,
) -> Vec<(String, i32)> {
    children
        .into_iter()
        .filter_map(|(name, year)| {
            let folded = text::fold(name?);
            (!folded.is_empty()).then_some((folded, year?))
        })
        .collect()
}

/// What a stored case offers to compare with the others: its evidence and named children.
pub fn probe_of_case(case: &CaseRow, children: &[ChildRow], evidence: &[EvidenceRow]) -> Probe {
    Probe {
        evidence: evidence
            .iter()
            .map(|r| (r.kind.clone(), r.value.clone()))
            .collect(),
        children: children
            .iter()
            .filter_map(|c| Some((c.name_folded.clone()?, c.birth_year?)))
            .collect(),
        commune_code: case.commune_code,
        exclude_case: Some(case.id.clone()),
    }
}

pub fn matches(found: Vec<PossibleDuplicate>) -> Vec<DuplicateMatch> {
    found
        .into_iter()
        .map(|d| DuplicateMatch {
            case_id: d.case_id,
            case_number: d.case_number,
            matched_on: d.matched_on,
        })
        .collect()
}

/// The open cases `scope` sees that may be the same incident as `case`, given its children
/// and evidence as already loaded.
pub fn for_case(
    conn: &mut DbConnection,
    scope: CaseScope,
    case: &CaseRow,
    children: &[ChildRow],
    evidence: &[EvidenceRow],
) -> StoreResult<Vec<DuplicateMatch>> {
    let probe = probe_of_case(case, children, evidence);
    Ok(matches(evidence::possible_duplicates(conn, scope, &probe)?))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkDuplicateRequest {
    /// The case kept: its id or its case number.
    pub of: String,
    pub note: Option<String>,
}

/// Link this case as a duplicate of another: it moves to `duplicate`, its open referrals go
/// to the case kept (or end as `reassigned` where that agency already has one there), its
/// evidence is added to the case kept, and both timelines record the link.
#[utoipa::path(
    tag = "cases",
    params(("id" = String, Path, description = "the duplicate's id")),
    request_body = LinkDuplicateRequest,
    responses(
        (status = 200, body = CaseDetailView),
        (status = 403, body = hotline_http::Problem),
        (status = 404, body = hotline_http::Problem),
        (status = 409, body = hotline_http::Problem, description = "this case may not become a duplicate now, or the case kept is no longer open"),
        (status = 422, body = hotline_http::Problem, description = "`of` names no case the caller may see, or this case itself"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/cases/{id}/duplicate-of")]
pub async fn link_duplicate(
    state: web::Data<AppState>,
    auth: Authenticated,
    ip: ClientIp,
    path: web::Path<String>,
    body: ValidJson<LinkDuplicateRequest>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth.0;
    let scope = case_scope(&principal)?;
    if !lifecycle::role_may_transition(principal.role) {
        return Err(ApiError::Forbidden(
            "Vai trò này không liên kết vụ việc trùng lặp.".into(),
        ));
    }
    let id = path_id(&path)?;
    let of = body.body.of.trim().to_owned();
    let note = optional_note(body.body.note.as_deref())?;
    let linking = Linking {
        scope,
        role: principal.role,
        user_id: principal.user_id.to_string(),
        who: actor(&principal, &ip),
        now: time::now(),
    };
    let view = state
        .db(move |conn| {
            write_transaction(conn, |conn| {
                link(conn, &linking, &id, &of, note)?;
                let row = cases::visible(conn, scope, &id)?;
                let detail = cases::detail(conn, row)?;
                detail_view(conn, scope, detail)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Who links, and when.
pub(crate) struct Linking {
    pub scope: CaseScope,
    pub role: hotline_domain::Role,
    pub user_id: String,
    pub who: hotline_audit::Actor,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Link case `id` as the duplicate of the case `of` names, inside the caller's transaction.
pub(crate) fn link(
    conn: &mut DbConnection,
    linking: &Linking,
    id: &str,
    of: &str,
    note: Option<String>,
) -> Result<(), ApiError> {
    let Linking {
        scope,
        role,
        user_id,
        who,
        now,
    } = linking;
    let (scope, role, now) = (*scope, *role, *now);
    let dup = cases::visible(conn, scope, id)?;
    let kept = find_kept(conn, scope, of)?;
    if kept.id == dup.id {
        return Err(ApiError::field(
            "of",
            "một vụ việc không thể trùng với chính nó",
        ));
    }
    let kept_status: CaseStatus = parse_status(&kept)?;
    if kept_status == CaseStatus::Duplicate {
        return Err(ApiError::Conflict {
            detail: format!(
                "Vụ việc {} đã là bản trùng của vụ việc khác; hãy liên kết với vụ việc đang được giữ.",
                kept.case_number
            ),
            allowed: None,
        });
    }
    if !lifecycle::is_open(kept_status) {
        return Err(ApiError::Conflict {
            detail: format!(
                "Vụ việc {} đã kết thúc; không thể nhận bản trùng.",
                kept.case_number
            ),
            allowed: None,
        });
    }
    let from = parse_status(&dup)?;
    may_move(role, from, CaseStatus::Duplicate)?;
    let at = now.naive_utc();
    cases::mark_duplicate(conn, &dup.id, from.code(), &kept.id, at)?;
    let handed = hand_over_referrals(conn, &dup.id, &kept.id, at)?;
    let evidence_copied = evidence::copy_to(conn, &dup.id, &kept.id, at)?;
    cases::insert_events(
        conn,
        &[
            CaseEventRow::new(&dup.id, Some(user_id.clone()), "duplicate_linked", at)
                .moving(Some(from.code()), CaseStatus::Duplicate.code())
                .with_text(Some(match &note {
                    Some(n) => format!("Trùng với vụ việc {}. {n}", kept.case_number),
                    None => format!("Trùng với vụ việc {}.", kept.case_number),
                })),
            CaseEventRow::new(&kept.id, Some(user_id.clone()), "duplicate_received", at)
                .with_text(Some(format!(
                    "Vụ việc {} được liên kết là bản trùng của vụ việc này; {} chuyển giao được chuyển sang, {} đã có sẵn.",
                    dup.case_number, handed.moved.len(), handed.merged.len()
                ))),
        ],
    )?;
    cases::touch(conn, &kept.id, at)?;
    let entry = case_entry("case.link_duplicate", &dup).detail(serde_json::json!({
        "case_number": dup.case_number, "from": from.code(),
        "kept_case_id": kept.id, "kept_case_number": kept.case_number,
        "referrals_moved": handed.moved, "referrals_merged": handed.merged,
        "evidence_copied": evidence_copied, "with_note": note.is_some(),
    }));
    append(conn, who, entry, now)?;
    Ok(())
}

fn parse_status(case: &CaseRow) -> Result<CaseStatus, ApiError> {
    case.status
        .parse()
        .map_err(|_| ApiError::Internal(format!("case {} has a bad status", case.id)))
}

/// The case named by id or case number, if the caller may see it; the same answer whether
/// it does not exist or lies outside the scope.
fn find_kept(conn: &mut DbConnection, scope: CaseScope, of: &str) -> Result<CaseRow, ApiError> {
    let found = match uuid::Uuid::parse_str(of) {
        Ok(uuid) => cases::visible(conn, scope, &uuid.to_string()),
        Err(_) => cases::visible_by_number(conn, scope, of),
    };
    match found {
        Ok(case) => Ok(case),
        Err(StoreError::NotFound) => Err(ApiError::field("of", "không tìm thấy vụ việc này")),
        Err(e) => Err(e.into()),
    }
}

struct Handed {
    moved: Vec<String>,
    merged: Vec<String>,
}

/// Each open referral of the duplicate moves to the case kept, unless its agency already has
/// an open referral there: then it ends as `reassigned`, pointing at that one.
fn hand_over_referrals(
    conn: &mut DbConnection,
    dup: &str,
    kept: &str,
    at: chrono::NaiveDateTime,
) -> StoreResult<Handed> {
    let mut handed = Handed {
        moved: Vec::new(),
        merged: Vec::new(),
    };
    for (referral, _) in referrals::for_case(conn, dup)? {
        if !referrals::OPEN.contains(&referral.status.as_str()) {
            continue;
        }
        match referrals::open_for(conn, kept, &referral.agency_id)? {
            Some(existing) => {
                referrals::mark_replaced(conn, &referral.id, &referral.status, &existing.id, at)?;
                handed.merged.push(referral.id);
            }
            None => {
                referrals::move_to_case(conn, &referral.id, &referral.status, kept, at)?;
                handed.moved.push(referral.id);
            }
        }
    }
    Ok(handed)
}
