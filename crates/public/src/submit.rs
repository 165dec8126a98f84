//! A report from the public, from the JSON API or the HTML form alike: checked like an
//! operator's, recorded under the public-form account for the hotline that serves the place,
//! routed like any other, and answered with a tracking code.

use chrono::{DateTime, Utc};
use hotline_audit::Actor;
use hotline_auth::Principal;
use hotline_domain::Role;
use hotline_http::metrics::Metrics;
use hotline_http::FieldError;
use hotline_intake::dto::{ChildInput, InformantInput, OnlineInput, PlaceInput, ReportRequest};
use hotline_intake::record::{insert_all, prepare, Services};
use hotline_intake::validate::{validate_report, ValidReport};
use hotline_intake::IntakeError;
use hotline_store::models::{CommuneRow, PublicReportRow};
use hotline_store::queries::users::PUBLIC_FORM_USER_ID;
use hotline_store::queries::{agencies, places, public_reports};
use hotline_store::{write_transaction, DbConnection, StoreError};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{tracking, PublicError};

/// `POST /api/v1/public/reports`: the report body without the fields only an operator sets
/// (channel, contact type, time received, risk level).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicReportRequest {
    /// Category codes; none chosen means `other` (triage and the operator refine it).
    #[serde(default)]
    pub categories: Vec<String>,
    /// The child is in danger now.
    #[serde(default)]
    pub emergency: bool,
    pub place: Option<PlaceInput>,
    pub children: Option<Vec<ChildInput>>,
    pub informant: Option<InformantInput>,
    pub narrative: Option<String>,
    pub online: Option<OnlineInput>,
    /// Leave empty. (A field people never see; programs that fill every field do.)
    pub website: Option<String>,
}

impl PublicReportRequest {
    /// Whether the hidden field was filled: a program, not a person.
    pub fn is_bot(&self) -> bool {
        self.website
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    }

    /// The operator's request this stands for: an abuse report from the online form.
    pub fn into_report(self) -> ReportRequest {
        let categories = if self.categories.is_empty() {
            vec!["other".to_owned()]
        } else {
            self.categories
        };
        ReportRequest {
            channel: "online_form".into(),
            received_at: None,
            contact_type: "abuse_report".into(),
            categories,
            emergency: self.emergency,
            risk_level: None,
            place: self.place,
            children: self.children,
            informant: self.informant,
            // The public form does not ask who is writing: the figures count it unknown.
            caller: None,
            narrative: self.narrative,
            online: self.online,
            setting: None,
            sexual_subtypes: Vec::new(),
            perpetrators: Vec::new(),
        }
    }
}

/// Count one submission's outcome in `public_reports_total`.
pub fn count(metrics: &Metrics, outcome: &str) {
    metrics.public_reports.with_label_values(&[outcome]).inc();
}

/// How the public form appears in the audit log: its account, never the sender's address.
fn public_actor() -> Actor {
    Actor {
        id: Some(PUBLIC_FORM_USER_ID.to_owned()),
        name: Some("public-form".into()),
        role: Some("public".into()),
        ip: None,
    }
}

/// Record a public report; the tracking code to show the reporter (once).
pub fn submit(
    conn: &mut DbConnection,
    with: Services<'_>,
    request: PublicReportRequest,
    now: DateTime<Utc>,
) -> Result<String, PublicError> {
    let (report, commune) = checked(conn, request, now)?;
    let agency = agencies::receiving_hotline(conn, commune.province_code)?
        .ok_or(PublicError::NoReceivingHotline)?;
    let principal = Principal {
        user_id: uuid::Uuid::parse_str(PUBLIC_FORM_USER_ID)
            .map_err(|e| PublicError::Broken(e.to_string()))?,
        username: "public-form".into(),
        role: Role::Operator,
        agency: Some(
            hotline_auth::principal::agency_ref(&agency)
                .map_err(|e| PublicError::Broken(e.to_string()))?,
        ),
    };
    let code = tracking::generate();
    let digest = tracking::canonical(&code)
        .map(|c| tracking::digest(&c))
        .ok_or_else(|| PublicError::Broken("generated tracking code does not read back".into()))?;
    let actor = public_actor();
    let prepared = prepare(conn, with, &principal, &report, Some(&commune))?;
    write_transaction(conn, |conn| {
        let created = insert_all(conn, with, &principal, &prepared, now, Some(&actor))?;
        public_reports::insert(
            conn,
            &PublicReportRow {
                code_sha256: digest.clone(),
                report_id: created.body.report_id.clone(),
                case_id: created.body.case_id.clone(),
                created_at: now.naive_utc(),
            },
        )?;
        Ok::<_, StoreError>(())
    })?;
    Ok(code)
}

/// A submission checked as intake checks a report (every field, and that its commune
/// exists): what would be recorded, or every problem at once.
pub fn checked(
    conn: &mut DbConnection,
    request: PublicReportRequest,
    now: DateTime<Utc>,
) -> Result<(ValidReport, CommuneRow), PublicError> {
    let report = validate_report(&request.into_report(), now);
    let mut errors = report.as_ref().err().cloned().unwrap_or_default();
    let code = report.as_ref().ok().and_then(|r| r.commune_code);
    let commune = match code.map(i32::try_from) {
        Some(Ok(code)) => places::commune(conn, code)?,
        _ => None,
    };
    if code.is_some() && commune.is_none() {
        errors.push(FieldError::new(
            "place.commune_code",
            hotline_words::NO_SUCH_COMMUNE,
        ));
    }
    match (report, commune) {
        (Ok(r), Some(c)) if errors.is_empty() => Ok((r, c)),
        _ => Err(IntakeError::Invalid(errors).into()),
    }
}

/// The coarse status a tracking code leads to; `None`: no such code. A lookup that finds a
/// case is audited (`public_report.status`, by the form's account, without an address).
pub fn status_of(
    conn: &mut DbConnection,
    typed: &str,
) -> Result<Option<&'static str>, PublicError> {
    let Some(canonical) = tracking::canonical(typed) else {
        return Ok(None);
    };
    // Read first: only a lookup that finds a case writes (its audit entry), so that guesses
    // at codes never wait for, or hold, the database's write lock.
    let Some(case) = public_reports::case_of(conn, &tracking::digest(&canonical))? else {
        return Ok(None);
    };
    let Some(case) = case else {
        return Ok(Some("received"));
    };
    let status = hotline_domain::lifecycle::public_status(case.status);
    let entry = hotline_audit::Entry::new("public_report.status")
        .on("case", case.id.clone())
        .place(Some(case.province_code), Some(case.commune_code))
        .detail(serde_json::json!({"status": status}));
    write_transaction(conn, |conn| {
        hotline_audit::append(conn, &public_actor(), entry, hotline_domain::time::now())
    })?;
    Ok(Some(status))
}
