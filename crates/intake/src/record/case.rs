//! An abuse report's case: triaged and routed, with its children, indicators, deadlines,
//! referrals, timeline, number and search words.

use chrono::{DateTime, Utc};
use hotline_auth::Principal;
use hotline_domain::indicators::age_on;
use hotline_domain::{text, time, CaseNumber, CaseStatus, DeadlineKind};
use hotline_routing::dispatch::{self, By};
use hotline_routing::{CaseFacts, ReferralView, Router};
use hotline_store::models::{CaseEventRow, CaseRow, ChildRow, CommuneRow, DeadlineRow};
use hotline_store::queries::{cases, casework, indicators, search_terms};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::validate::ValidReport;

/// What the rule engine needs to know of a report that opens a case.
pub fn case_facts(report: &ValidReport, commune: &CommuneRow) -> CaseFacts {
    let online = report.online.as_ref();
    CaseFacts {
        contact_type: report.contact_type,
        categories: report.categories.clone(),
        risk: report.risk_level,
        emergency: report.emergency,
        online_evidence: online.is_some_and(|o| {
            o.platform.is_some()
                || !o.urls.is_empty()
                || !o.offender_handles.is_empty()
                || !o.file_sha256.is_empty()
        }),
        content_still_online: online.is_some_and(|o| o.still_online == Some(true)),
        province: u16::try_from(commune.province_code).unwrap_or_default(),
        commune: u32::try_from(commune.code).unwrap_or_default(),
    }
}

/// Insert the case, triaged and routed: its referrals, their outbox rows and the timeline
/// commit with it.
pub(super) fn open_case(
    conn: &mut DbConnection,
    (router, vault): (&Router, &Vault),
    principal: &Principal,
    report: &ValidReport,
    commune: &CommuneRow,
    categories: &[String],
    now: DateTime<Utc>,
) -> Result<(CaseRow, Vec<ReferralView>), StoreError> {
    let plan = dispatch::plan(conn, router, &case_facts(report, commune))?;
    let case_id = uuid::Uuid::new_v4().to_string();
    let children = child_rows(vault, &case_id, report)?;
    let opener = (
        principal.user_id.to_string(),
        principal
            .agency
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
    );
    let mut case = case_row(vault, &case_id, (report, commune), opener, now)?;
    case.risk_level = Some(plan.decision.risk.code().into());
    case.routing = Some(plan.explanation()?);
    case.action_due_at = report.emergency.then(|| {
        router
            .deadlines
            .emergency_action_due(report.received_at)
            .naive_utc()
    });
    cases::insert_case(
        conn,
        cases::NewCase {
            case: &case,
            categories,
            children: &children,
        },
    )?;
    let subtypes: Vec<String> = report
        .sexual_subtypes
        .iter()
        .map(|s| s.code().to_owned())
        .collect();
    indicators::replace_subtypes(conn, &case_id, &subtypes)?;
    let recorded_by = principal.user_id.to_string();
    let perpetrators: Vec<_> = report
        .perpetrators
        .iter()
        .enumerate()
        .map(|(i, p)| p.row(vault, &case_id, i, Some(&recorded_by), now.naive_utc()))
        .collect::<Result<_, hotline_vault::VaultError>>()?;
    indicators::replace_perpetrators(conn, &case_id, &perpetrators)?;
    // The 12-hour clock of an emergency (Decree 56), watched from receipt.
    if let Some(due) = case.action_due_at {
        casework::add_deadlines(
            conn,
            &[DeadlineRow::pending(
                &case_id,
                DeadlineKind::EmergencyAction,
                (1, 1),
                due,
                now.naive_utc(),
            )],
        )?;
    }
    let opened = CaseEventRow::new(
        &case_id,
        Some(principal.user_id.to_string()),
        "opened",
        now.naive_utc(),
    )
    .moving(None, CaseStatus::New);
    let user_id = principal.user_id.to_string();
    let by = By {
        user_id: Some(&user_id),
        now,
    };
    let for_case = dispatch::ForCase {
        id: &case_id,
        province_code: case.province_code,
        commune_code: case.commune_code,
        emergency: report.emergency,
    };
    let (referrals, routed) =
        dispatch::write_referrals(conn, (router, vault), &plan, for_case, by)?;
    cases::insert_events(conn, &[opened, routed])?;
    Ok((case, referrals))
}

/// A new case of `report` in `commune`, opened by a user of an agency (`opener`, ids) now:
/// new, with no routing or deadline yet, and a provisional number (the real one is taken
/// just before commit).
pub(crate) fn case_row(
    vault: &Vault,
    case_id: &str,
    (report, commune): (&ValidReport, &CommuneRow),
    (opened_by, opened_by_agency): (String, String),
    now: DateTime<Utc>,
) -> Result<CaseRow, hotline_vault::VaultError> {
    Ok(CaseRow {
        id: case_id.to_owned(),
        case_number: format!("pending-{case_id}"),
        province_code: commune.province_code,
        commune_code: commune.code,
        place_detail: vault.seal_opt(Field::CasePlace, case_id, report.place_detail.as_deref())?,
        status: CaseStatus::New,
        risk_level: report.risk_level.map(|r| r.code().into()),
        emergency: report.emergency,
        received_at: report.received_at.naive_utc(),
        opened_by,
        opened_by_agency,
        search_text: String::new(),
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
        closed_at: None,
        routing: None,
        action_due_at: None,
        plan_due_at: None,
        approval_due_at: None,
        duplicate_of: None,
        plan_cycle: 1,
        abuse_setting: report.setting.map(|s| s.code().into()),
        legal_outcome: None,
        erased_at: None,
        manager_id: None,
        received_province_code: commune.province_code,
        received_commune_code: commune.code,
    })
}

/// The children of a report, their personal fields sealed, for case `case_id`.
pub(crate) fn child_rows(
    vault: &Vault,
    case_id: &str,
    report: &ValidReport,
) -> Result<Vec<ChildRow>, hotline_vault::VaultError> {
    report
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Time-ordered, so that the newest children with a name come first in its index.
            let id = uuid::Uuid::now_v7().to_string();
            let received = time::vietnam_date(report.received_at);
            Ok(ChildRow {
                case_id: case_id.to_owned(),
                position: i as i32,
                name: vault.seal_opt(Field::ChildName, &id, c.name.as_deref())?,
                name_folded: None,
                birth_year: c.birth_year,
                age_estimate: c.age_estimate,
                sex: c.sex.map(|s| s.code().into()),
                current_location: vault.seal_opt(
                    Field::ChildLocation,
                    &id,
                    c.current_location.as_deref(),
                )?,
                ethnicity: c.ethnicity.map(|e| e.code().into()),
                disability: c.disability,
                birth_date: None,
                birth_date_sealed: c
                    .birth_date
                    .map(|b| vault.seal(Field::ChildBirthDate, &id, &b.to_string()))
                    .transpose()?,
                age_on_receipt: c.birth_date.map(|b| age_on(b, received)),
                name_key: c
                    .name
                    .as_deref()
                    .map(|n| vault.terms().child_name_key(&text::fold(n))),
                id,
            })
        })
        .collect()
}

/// The case made findable and numbered: its search words (children, places) indexed, then
/// its number taken (the province's counter, locked until commit, so this comes last) and
/// indexed too.
pub(crate) fn index_and_number(
    conn: &mut DbConnection,
    vault: &Vault,
    case: &mut CaseRow,
    (report, commune_name): (&ValidReport, &str),
) -> Result<(), StoreError> {
    let terms = vault.terms();
    let words = search_words(report, commune_name);
    search_terms::index_case(conn, terms, (&case.id, case.received_at), &words)?;
    assign_case_number(conn, case)?;
    search_terms::index_case(conn, terms, (&case.id, case.received_at), &case.case_number)?;
    Ok(())
}

/// Take the case's number from its province's gap-free sequence and store it.
fn assign_case_number(conn: &mut DbConnection, case: &mut CaseRow) -> Result<(), StoreError> {
    let year = time::vietnam_year(case.received_at.and_utc());
    let corrupt = |e: std::num::TryFromIntError| StoreError::Corrupt(e.to_string());
    let mut number = CaseNumber {
        province_code: u16::try_from(case.province_code).map_err(corrupt)?,
        year: u16::try_from(year).map_err(corrupt)?,
        sequence: 0,
    };
    let prefix = format!("{:02}-{:04}-", number.province_code, number.year);
    let taken =
        cases::number_case_in_one_statement(conn, &case.id, (case.province_code, year), &prefix)?;
    let stored = taken.is_some();
    let sequence = match taken {
        Some(value) => value,
        None => cases::next_case_sequence(conn, case.province_code, year)?,
    };
    number.sequence = u32::try_from(sequence).map_err(corrupt)?;
    case.case_number = number.to_string();
    if stored {
        return Ok(());
    }
    cases::set_number(conn, &case.id, &case.case_number)
}

/// What `q` finds a case by besides its number: the commune, the place, the children's
/// names and where they are, folded so that "nguyen van a" finds "Nguyễn Văn A". Only their
/// keyed hashes are stored.
fn search_words(report: &ValidReport, commune_name: &str) -> String {
    let children: Vec<_> = report
        .children
        .iter()
        .map(|c| (c.name.as_deref(), c.current_location.as_deref()))
        .collect();
    search_terms::case_words(commune_name, report.place_detail.as_deref(), &children)
}
