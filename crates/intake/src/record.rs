//! The rows a logged report leaves: the report, and for an abuse report its case, triaged and
//! routed, with its children, evidence, referrals, outbox rows, timeline and number. These are
//! the building blocks of [`crate::log::log_report`]; the public form and the benchmark's
//! direct-write ceiling use them too, each inside its own write transaction.

use chrono::{DateTime, Utc};
use hotline_audit::{append, Actor, Entry};
use hotline_auth::Principal;
use hotline_domain::evidence::OnlineCounted;
use hotline_domain::WebhookEvent;
use hotline_routing::Router;
use hotline_store::models::{CommuneRow, ReportRow};
use hotline_store::queries::evidence::{self, Probe};
use hotline_store::queries::{cases, contacts, webhooks};
use hotline_store::{DbConnection, StoreError};
use hotline_vault::{Field, Vault};

use crate::contacts::{ContactDigest, ContactKey};
use crate::dto::{DuplicateMatch, EarlierContact, ReportCreated};
use crate::validate::ValidReport;

/// What a persisted report came to.
pub struct Created {
    pub body: ReportCreated,
    pub contact_type: &'static str,
    /// The case's province, when a case was opened.
    pub province_code: Option<i32>,
}

/// The audit entry of a logged report: ids and codes, nothing that identifies anyone.
pub fn report_created_entry(
    created: &Created,
    report: &ValidReport,
    commune_code: Option<i32>,
) -> Entry {
    Entry::new("report.create")
        .on("report", created.body.report_id.clone())
        .cases(created.body.case_id.clone())
        .place(created.province_code, commune_code)
        .detail(serde_json::json!({
            "case_id": created.body.case_id,
            "contact_type": created.contact_type, "channel": report.channel.code(),
            "referrals": created.body.referrals.iter()
                .map(|r| serde_json::json!({"id": r.id, "agency_code": r.agency_code}))
                .collect::<Vec<_>>(),
            "possible_duplicates": created.body.duplicate_matches.iter()
                .map(|d| d.case_id.as_str()).collect::<Vec<_>>(),
            "earlier_contacts": created.body.earlier_contacts.len(),
        }))
}

/// What intake works with besides the database: the routing rules and the key repeat
/// contacts are hashed under.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub router: &'a Router,
    pub contact_key: &'a ContactKey,
    /// Seals the personal fields and keys the search index.
    pub vault: &'a Vault,
}

/// What intake tells the operator besides what it writes: the open cases that may be the
/// same incident, and earlier contacts from the same phone or handle.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    pub duplicates: Vec<DuplicateMatch>,
    pub earlier_contacts: Vec<EarlierContact>,
}

/// A checked report, its commune, and what was looked up for it.
pub struct Prepared<'a> {
    pub report: &'a ValidReport,
    pub commune: Option<&'a CommuneRow>,
    pub lookups: Lookups,
    /// The report's evidence in comparable form (stored with its case).
    pub evidence_keys: Vec<hotline_domain::evidence::EvidenceKey>,
    /// Keyed hashes of where the contact came from (stored with the report).
    pub contact_digests: Vec<ContactDigest>,
}

/// Look up possible duplicates and earlier contacts in committed data, before the write
/// transaction: they only read, and on SQLite a write transaction holds the database's one
/// write lock for as long as it lasts.
pub fn prepare<'a>(
    conn: &mut DbConnection,
    with: Services<'_>,
    principal: &Principal,
    report: &'a ValidReport,
    commune: Option<&'a CommuneRow>,
) -> Result<Prepared<'a>, StoreError> {
    let mut lookups = Lookups::default();
    let evidence_keys = crate::evidence::keys_of(report);
    if let (true, Some(commune), Some(scope)) =
        (report.opens_case(), commune, principal.case_scope())
    {
        let probe = Probe {
            evidence: crate::evidence::probe_keys(with.vault.terms(), &evidence_keys),
            children: crate::duplicates::child_keys(
                with.vault.terms(),
                report
                    .children
                    .iter()
                    .map(|c| (c.name.as_deref(), c.birth_year)),
            ),
            commune_code: commune.code,
            exclude_case: None,
        };
        lookups.duplicates =
            crate::duplicates::matches(evidence::possible_duplicates(conn, scope, &probe)?);
    }
    let points = report
        .informant
        .as_ref()
        .map(|i| i.contact_points.as_slice())
        .unwrap_or_default();
    let contact_digests = with.contact_key.digests(points);
    if let (false, Some((agency_id, jurisdiction))) = (
        contact_digests.is_empty(),
        crate::contacts::scope_of(principal),
    ) {
        lookups.earlier_contacts = crate::contacts::earlier_contacts(
            conn,
            &agency_id,
            jurisdiction,
            principal.case_scope(),
            &contact_digests,
            report.received_at,
        )?;
    }
    Ok(Prepared {
        report,
        commune,
        lookups,
        evidence_keys,
        contact_digests,
    })
}

/// Write a checked report and, for an abuse report, its case with its referrals, and (with
/// `audit_as`) the audit entry: the rows the HTTP endpoint writes, for use inside the
/// caller's write transaction (the benchmark's direct-write ceiling calls it too). The audit
/// entry names the case by id, because the case number is taken after it, last.
pub fn insert_all(
    conn: &mut DbConnection,
    with: Services<'_>,
    principal: &Principal,
    prepared: &Prepared<'_>,
    now: DateTime<Utc>,
    audit_as: Option<&Actor>,
) -> Result<Created, StoreError> {
    let router = with.router;
    let (report, commune) = (prepared.report, prepared.commune);
    let user_id = principal.user_id.to_string();
    let agency_id = principal.agency.as_ref().map(|a| a.id.to_string());
    let report_id = uuid::Uuid::new_v4().to_string();
    let categories: Vec<String> = report
        .categories
        .iter()
        .map(|c| c.code().to_owned())
        .collect();
    let province_code = commune.map(|c| c.province_code).or_else(|| {
        principal
            .agency
            .as_ref()
            .and_then(|a| match a.jurisdiction {
                hotline_domain::Jurisdiction::National => None,
                hotline_domain::Jurisdiction::Province(p)
                | hotline_domain::Jurisdiction::Commune { province: p, .. } => Some(i32::from(p)),
            })
    });

    let opened = match (report.opens_case(), commune) {
        (true, Some(commune)) => Some(open_case(
            conn,
            (router, with.vault),
            principal,
            report,
            commune,
            &categories,
            now,
        )?),
        _ => None,
    };

    let vault = with.vault;
    let row = report_row(
        vault,
        (&report_id, opened.as_ref().map(|(c, _)| c.id.as_str())),
        report,
        (user_id, agency_id),
        (province_code, commune.map(|c| c.code)),
        now,
    )?;
    cases::insert_report(conn, &row)?;
    // Evidence in comparable form, and the keyed hashes of where this contact came from.
    if let Some((case, _)) = &opened {
        evidence::insert(
            conn,
            &crate::evidence::rows_for(
                vault,
                (&case.id, &report_id),
                &prepared.evidence_keys,
                now.naive_utc(),
            )?,
        )?;
    }
    contacts::insert(
        conn,
        &crate::contacts::fingerprints(
            &report_id,
            &prepared.contact_digests,
            report.received_at.naive_utc(),
        ),
    )?;
    let Lookups {
        duplicates,
        earlier_contacts,
    } = prepared.lookups.clone();

    let (opened, referrals) = opened.map_or((None, Vec::new()), |(c, r)| (Some(c), r));
    let mut created = Created {
        body: ReportCreated {
            report_id,
            case_id: opened.as_ref().map(|c| c.id.clone()),
            case_number: None,
            status: opened.as_ref().map(|c| c.status.code().to_owned()),
            risk_level: opened.as_ref().and_then(|c| c.risk_level.clone()),
            emergency: report.emergency,
            referrals,
            possible_duplicates: duplicates.iter().map(|d| d.case_number.clone()).collect(),
            duplicate_matches: duplicates,
            earlier_contacts,
        },
        contact_type: report.contact_type.code(),
        province_code: opened.as_ref().map(|c| c.province_code),
    };
    if let Some(actor) = audit_as {
        let entry = report_created_entry(&created, report, commune.map(|c| c.code));
        append(conn, actor, entry, now)?;
    }

    // Last: the province's counter is a row every intake in the province must lock until
    // commit, so it is taken when nothing but the commit is left to do.
    if let (Some(mut case), Some(commune)) = (opened, commune) {
        index_and_number(conn, with.vault, &mut case, (report, &commune.name))?;
        // The client that logged the report (if one did) hears of its case, by number.
        let data =
            serde_json::json!({"report_id": created.body.report_id, "status": case.status.code()});
        webhooks::announce(
            conn,
            &case.id,
            WebhookEvent::CaseCreated,
            data,
            now.naive_utc(),
        )?;
        created.body.case_number = Some(case.case_number);
    }
    Ok(created)
}

/// The report's row, its personal fields sealed: whom it came through (`user_id`, `agency_id`),
/// the case it opened, and where (`province_code`, `commune_code`).
pub(crate) fn report_row(
    vault: &Vault,
    (report_id, case_id): (&str, Option<&str>),
    report: &ValidReport,
    (user_id, agency_id): (String, Option<String>),
    (province_code, commune_code): (Option<i32>, Option<i32>),
    now: DateTime<Utc>,
) -> Result<ReportRow, StoreError> {
    let informant = report.informant.as_ref();
    let categories: Vec<&str> = report.categories.iter().map(|c| c.code()).collect();
    let sealed = |field: Field, value: Option<&String>| {
        vault.seal_opt(field, report_id, value.map(String::as_str))
    };
    let online = report
        .online
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // Only what the figures count stays in clear; the addresses and handles are sealed.
    let online_counted = online.as_deref().map(OnlineCounted::counted_document);
    let online_sealed = sealed(Field::ReportOnline, online.as_ref())?;
    Ok(ReportRow {
        id: report_id.to_owned(),
        case_id: case_id.map(str::to_owned),
        channel: report.channel.code().into(),
        contact_type: report.contact_type.code().into(),
        received_at: report.received_at.naive_utc(),
        recorded_at: now.naive_utc(),
        recorded_by: Some(user_id),
        agency_id,
        province_code,
        commune_code,
        place_detail: sealed(Field::ReportPlace, report.place_detail.as_ref())?,
        categories: serde_json::to_string(&categories)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        emergency: report.emergency,
        risk_level: report.risk_level.map(|r| r.code().into()),
        informant_consent: informant.is_some_and(|i| i.consent_to_store),
        informant_name: sealed(
            Field::InformantName,
            informant.and_then(|i| i.name.as_ref()),
        )?,
        informant_phone: sealed(
            Field::InformantPhone,
            informant.and_then(|i| i.phone.as_ref()),
        )?,
        informant_relation: sealed(
            Field::InformantRelation,
            informant.and_then(|i| i.relation.as_ref()),
        )?,
        narrative: sealed(Field::Narrative, report.narrative.as_ref())?,
        online: online_counted,
        informant_handle: sealed(
            Field::InformantHandle,
            informant.and_then(|i| i.handle.as_ref()),
        )?,
        caller_type: report.caller.caller_type.map(String::from),
        caller_sex: report.caller.sex.map(String::from),
        caller_age_band: report.caller.age_band.map(String::from),
        online_sealed,
    })
}

mod case;

pub use case::case_facts;
use case::open_case;
pub(crate) use case::{case_row, child_rows, index_and_number};
