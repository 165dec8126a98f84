//! Reading one case: everything stored about it that the caller may see, audited as
//! `case.read`. The case is assembled from its parts: its indicators (`indicators`) and
//! its legal hold (`hold`) as the reader may see them.

mod hold;
pub(crate) mod indicators;
mod sight;

use std::collections::HashMap;

use crate::guard::{case_id, Reader};
use chrono::{DateTime, Utc};
use hotline_domain::{lifecycle, CaseScope};
use hotline_http::Caller;
use hotline_intake::dto::DuplicateMatch;
use hotline_routing::ReferralView;
use hotline_store::models::{CaseEventRow, CaseRow, ChildRow, EvidenceRow, ReportRow};
use hotline_store::queries::cases::{self, CaseDetail};
use hotline_store::queries::evidence::{self, Probe};
use hotline_store::queries::{agencies, imports, places, referrals, users};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::sealed::open;

use crate::dto::{
    CaseDetailView, CaseLink, ChildView, EvidenceItem, ImportedFrom, InformantView, ManagerView,
    ReportView, TimelineEntry,
};
const MANAGER_EVENT: &str = CaseEventRow::MANAGER;
use crate::entries::case_entry;
use crate::CaseError;

/// Read case `id` (as typed) with its children, reports, referrals, notes and timeline.
pub fn read_case(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    let id = case_id(id)?;
    caller.audited(conn, now, |conn| {
        let (row, sighted) = match cases::visible(conn, scope, &id) {
            Ok(row) => (row, None),
            // A case the caller's side handed on, or is asked to take: read only.
            Err(StoreError::NotFound) => {
                let (row, sight) = sight::through_transfer(conn, caller, &id)?;
                (row, Some(sight))
            }
            Err(e) => return Err(e.into()),
        };
        let entry = case_entry("case.read", &row).detail(serde_json::json!({
            "case_number": row.case_number,
            "sight": sighted.as_ref().map(sight::Sighted::code),
        }));
        let mut view = view_of(conn, Reader::of(caller, scope), row)?;
        if let Some(sighted) = sighted {
            sighted.narrow(&mut view);
        }
        Ok((view, entry))
    })
}

/// Case `id` as it now reads, as `reader` may see it (after a change).
pub(crate) fn current_view(
    conn: &mut DbConnection,
    reader: Reader<'_>,
    id: &str,
) -> Result<CaseDetailView, CaseError> {
    let row = cases::visible(conn, reader.scope, id)?;
    view_of(conn, reader, row)
}

/// A case row, read in full, as `reader` may see it.
pub(crate) fn view_of(
    conn: &mut DbConnection,
    reader: Reader<'_>,
    row: CaseRow,
) -> Result<CaseDetailView, CaseError> {
    let detail = cases::detail(conn, row)?;
    detail_view(conn, reader, detail)
}

/// What a stored case offers to compare with the others: its evidence and named children.
/// `evidence` as [`crate::sealed::evidence_of`] reads it: every row with its keyed hash.
fn probe_of_case(case: &CaseRow, children: &[ChildRow], evidence: &[EvidenceRow]) -> Probe {
    Probe {
        evidence: evidence
            .iter()
            .filter_map(|r| Some((r.kind.clone(), r.value_key.clone()?)))
            .collect(),
        children: children
            .iter()
            .filter_map(|c| Some((c.name_key.clone()?, c.birth_year?)))
            .collect(),
        commune_code: case.commune_code,
        exclude_case: Some(case.id.clone()),
    }
}

/// The open cases `scope` sees that may be the same incident as `case`, given its children
/// and evidence as already loaded.
fn possible_duplicates(
    conn: &mut DbConnection,
    scope: CaseScope,
    case: &CaseRow,
    children: &[ChildRow],
    evidence: &[EvidenceRow],
) -> Result<Vec<DuplicateMatch>, CaseError> {
    let probe = probe_of_case(case, children, evidence);
    Ok(hotline_intake::duplicates::matches(
        evidence::possible_duplicates(conn, scope, &probe)?,
    ))
}

/// Everything stored about a case, as `reader` may see it.
pub(crate) fn detail_view(
    conn: &mut DbConnection,
    reader: Reader<'_>,
    d: CaseDetail,
) -> Result<CaseDetailView, CaseError> {
    let Reader { scope, vault, .. } = reader;
    let actor_ids: Vec<&str> = d
        .events
        .iter()
        .filter_map(|e| e.actor_id.as_deref())
        .chain(d.reports.iter().filter_map(|r| r.recorded_by.as_deref()))
        .chain(
            d.events
                .iter()
                .filter(|e| e.kind == MANAGER_EVENT)
                .flat_map(|e| {
                    [e.from_status.as_deref(), e.to_status.as_deref()]
                        .into_iter()
                        .flatten()
                }),
        )
        .chain(d.case.manager_id.as_deref())
        .collect();
    let mut names = users::usernames(conn, &actor_ids)?;
    // A transfer's event holds the communes' codes where a move holds statuses.
    let communes: Vec<i32> = d
        .events
        .iter()
        .filter(|e| crate::transfers::EVENT_KINDS.contains(&e.kind.as_str()))
        .flat_map(|e| [e.from_status.as_deref(), e.to_status.as_deref()])
        .flatten()
        .filter_map(|code| code.parse().ok())
        .collect();
    if !communes.is_empty() {
        for (code, name) in places::commune_names(conn, &communes)? {
            names.insert(code.to_string(), name);
        }
    }
    let agency_ids: Vec<&str> = d
        .reports
        .iter()
        .filter_map(|r| r.agency_id.as_deref())
        .collect();
    let agency_codes = agencies::codes(conn, &agency_ids)?;
    let commune_name = places::commune(conn, d.case.commune_code)?.map(|c| c.name);
    let status = d.case.status;
    let timeline: Vec<TimelineEntry> = d
        .events
        .iter()
        .map(|e| timeline_entry(reader, e, &names))
        .collect::<Result<_, _>>()?;
    let notes = timeline
        .iter()
        .filter(|e| e.kind == "note")
        .cloned()
        .collect();
    let reports = d
        .reports
        .iter()
        .map(|r| report_view(vault, r, &names, &agency_codes))
        .collect::<Result<_, _>>()?;
    let referrals = referrals::for_case(conn, &d.case.id)?
        .iter()
        .map(|(r, a)| ReferralView::open(r, a, vault))
        .collect::<Result<_, _>>()?;
    let duplicate_of = match &d.case.duplicate_of {
        Some(kept) => match cases::visible(conn, scope, kept) {
            Ok(k) => Some(CaseLink {
                case_id: k.id,
                case_number: k.case_number,
            }),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let transfers =
        crate::transfers::of_case(conn, reader.caller, (&d.case.id, &d.case.case_number))?;
    let evidence_rows = crate::sealed::evidence_of(conn, vault, &d.case.id)?;
    let possible_duplicates = if lifecycle::is_open(status) {
        possible_duplicates(conn, scope, &d.case, &d.children, &evidence_rows)?
    } else {
        Vec::new()
    };
    let evidence = evidence_rows
        .into_iter()
        .map(|e| EvidenceItem {
            kind: e.kind,
            value: e.value,
            platform: e.platform,
            report_id: e.report_id,
            recorded_at: e.created_at.and_utc(),
        })
        .collect();
    let indicators = indicators::indicators_view(conn, vault, &d.case)?;
    let imported = imports::of_case(conn, &d.case.id)?.map(|i| ImportedFrom {
        source_key: i.source_key,
        imported_at: i.imported_at.and_utc(),
    });
    let legal_hold = hold::hold_view(conn, reader, &d.case.id)?;
    let place_detail = open(
        vault,
        Field::CasePlace,
        &d.case.id,
        d.case.place_detail.as_deref(),
    )?;
    let children = d
        .children
        .into_iter()
        .map(|c| {
            Ok(ChildView {
                name: open(vault, Field::ChildName, &c.id, c.name.as_deref())?,
                birth_year: c.birth_year,
                age_estimate: c.age_estimate,
                sex: c.sex.clone(),
                current_location: open(
                    vault,
                    Field::ChildLocation,
                    &c.id,
                    c.current_location.as_deref(),
                )?,
                ethnicity: c.ethnicity.clone(),
                disability: c.disability,
                birth_date: crate::sealed::birth_date(vault, &c)?,
                id: c.id,
            })
        })
        .collect::<Result<_, CaseError>>()?;
    Ok(CaseDetailView {
        id: d.case.id,
        case_number: d.case.case_number,
        status: status.code().to_owned(),
        next_statuses: lifecycle::next_states(status)
            .iter()
            .map(|n| n.code().to_owned())
            .collect(),
        risk_level: d.case.risk_level,
        emergency: d.case.emergency,
        province_code: d.case.province_code,
        commune_code: d.case.commune_code,
        commune_name,
        place_detail,
        categories: d.categories,
        received_at: d.case.received_at.and_utc(),
        opened_at: d.case.created_at.and_utc(),
        updated_at: d.case.updated_at.and_utc(),
        closed_at: d.case.closed_at.map(|t| t.and_utc()),
        children,
        reports,
        referrals,
        routing: d
            .case
            .routing
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        action_due_at: d.case.action_due_at.map(|t| t.and_utc()),
        plan_due_at: d.case.plan_due_at.map(|t| t.and_utc()),
        approval_due_at: d.case.approval_due_at.map(|t| t.and_utc()),
        duplicate_of,
        possible_duplicates,
        evidence,
        indicators,
        notes,
        timeline,
        erased_at: d.case.erased_at.map(|t| t.and_utc()),
        legal_hold,
        manager: d.case.manager_id.map(|user_id| ManagerView {
            username: names.get(&user_id).cloned().unwrap_or_default(),
            user_id,
        }),
        transfers,
        sight: None,
        imported,
    })
}

/// What the timeline says of a legal decision to a reader who does not read its reasons: a
/// hold's reason and an erasure's request can name the proceedings or a person.
fn withheld_text(kind: &str) -> Option<&'static str> {
    match kind {
        "hold_placed" => Some("Đặt lệnh giữ hồ sơ."),
        "erased" => Some("Dữ liệu cá nhân của vụ việc đã được xóa."),
        _ => None,
    }
}

fn timeline_entry(
    reader: Reader<'_>,
    e: &CaseEventRow,
    names: &HashMap<String, String>,
) -> Result<TimelineEntry, CaseError> {
    let text = match withheld_text(&e.kind).filter(|_| !reader.hold_reasons) {
        Some(said) => Some(said.to_owned()),
        None => open(reader.vault, Field::EventBody, &e.id, e.body.as_deref())?,
    };
    // A manager's event holds user ids where a move holds statuses, a transfer's the
    // communes' codes: a reader reads names.
    let named = |id: &Option<String>| match e.kind.as_str() {
        MANAGER_EVENT => id.as_ref().and_then(|id| names.get(id).cloned()),
        kind if crate::transfers::EVENT_KINDS.contains(&kind) => id
            .as_ref()
            .map(|code| names.get(code).cloned().unwrap_or_else(|| code.clone())),
        _ => id.clone(),
    };
    Ok(TimelineEntry {
        id: e.id.clone(),
        at: e.at.and_utc(),
        actor: e.actor_id.as_ref().and_then(|id| names.get(id).cloned()),
        kind: e.kind.clone(),
        from_status: named(&e.from_status),
        to_status: named(&e.to_status),
        text,
    })
}

fn report_view(
    vault: &Vault,
    r: &ReportRow,
    names: &HashMap<String, String>,
    agency_codes: &HashMap<String, String>,
) -> Result<ReportView, CaseError> {
    let corrupt = |what: &str| {
        CaseError::Store(StoreError::Corrupt(format!(
            "report {} has bad {what}",
            r.id
        )))
    };
    let informant = if r.informant_consent || r.informant_relation.is_some() {
        Some(InformantView {
            consent_to_store: r.informant_consent,
            name: open(
                vault,
                Field::InformantName,
                &r.id,
                r.informant_name.as_deref(),
            )?,
            phone: open(
                vault,
                Field::InformantPhone,
                &r.id,
                r.informant_phone.as_deref(),
            )?,
            handle: open(
                vault,
                Field::InformantHandle,
                &r.id,
                r.informant_handle.as_deref(),
            )?,
            relation: open(
                vault,
                Field::InformantRelation,
                &r.id,
                r.informant_relation.as_deref(),
            )?,
        })
    } else {
        None
    };
    Ok(ReportView {
        id: r.id.clone(),
        channel: r.channel.clone(),
        contact_type: r.contact_type.clone(),
        received_at: r.received_at.and_utc(),
        recorded_at: r.recorded_at.and_utc(),
        recorded_by: r.recorded_by.as_ref().and_then(|id| names.get(id).cloned()),
        agency_code: r
            .agency_id
            .as_ref()
            .and_then(|id| agency_codes.get(id).cloned()),
        categories: serde_json::from_str(&r.categories).map_err(|_| corrupt("categories"))?,
        emergency: r.emergency,
        risk_level: r.risk_level.clone(),
        informant,
        narrative: open(vault, Field::Narrative, &r.id, r.narrative.as_deref())?,
        online: crate::sealed::online_of(vault, r)?
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|_| corrupt("online"))?,
    })
}
