//! Logging a report: the operation both faces call. An abuse report opens a case; the report,
//! the case with everything that belongs to it, the audit entry and the idempotency record
//! commit together.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_auth::Principal;
use hotline_domain::access::may_log_report;
use hotline_domain::Role;
use hotline_http::metrics::Metrics;
use hotline_http::{Caller, FieldError};
use hotline_store::models::{CommuneRow, IdempotencyRow};
use hotline_store::queries::{idempotency, places};
use hotline_store::{write_transaction, DbConnection, StoreError};

use crate::dto::ReportRequest;
use crate::idempotency::{checked_key, replay, request_hash, Idempotency, Replayed, KEPT_FOR};
use crate::record::{insert_all, prepare, Created, Services};
use crate::validate::{validate_report, ValidReport};
use crate::IntakeError;

/// What logging a report came to.
pub enum Logged {
    Created(Box<Created>),
    /// The same request was logged before under the same key: its first answer.
    Replayed(Replayed),
}

/// Log `request` for the operator `caller`.
pub fn log_report(
    conn: &mut DbConnection,
    caller: &Caller,
    services: Services<'_>,
    request: &ReportRequest,
    idem: Idempotency<'_>,
    now: DateTime<Utc>,
) -> Result<Logged, IntakeError> {
    let principal = caller
        .principal()
        .filter(|p| p.role == Role::Operator)
        .ok_or(IntakeError::NotAnOperator)?;
    let key = checked_key(idem.key)?;
    let checked = validate_report(request, now);
    let user_id = principal.user_id.to_string();
    let hash = request_hash(services.vault.terms(), request)?;
    let kept_since = (now - KEPT_FOR).naive_utc();
    if let Some(key) = &key {
        if let Some(stored) = idempotency::find(conn, &user_id, key, kept_since)? {
            let first = replay(stored, &hash)?;
            return audited_replay(conn, caller, first, now);
        }
    }
    let (report, commune) = check_place(conn, principal, checked)?;
    let prepared = prepare(conn, services, principal, &report, commune.as_ref())?;
    let result = write_transaction(conn, |conn| {
        let created = insert_all(
            conn,
            services,
            principal,
            &prepared,
            now,
            Some(caller.actor()),
        )?;
        if let Some(key) = &key {
            // A key kept past its day is one the client may use again.
            idempotency::forget(conn, &user_id, key, kept_since)?;
            let body = serde_json::to_string(&created.body)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            idempotency::insert(
                conn,
                &IdempotencyRow {
                    user_id: user_id.clone(),
                    idem_key: key.clone(),
                    request_hash: hash.clone(),
                    status_code: 201,
                    response_body: body,
                    created_at: now.naive_utc(),
                },
            )?;
        }
        Ok::<_, StoreError>(created)
    });
    match (result, key) {
        (Ok(created), _) => Ok(Logged::Created(Box::new(created))),
        // A concurrent request with the same key committed first: answer as it did.
        (Err(e), Some(key)) if e.is_unique_violation() => {
            match idempotency::find(conn, &user_id, &key, kept_since)? {
                Some(stored) => {
                    let first = replay(stored, &hash)?;
                    audited_replay(conn, caller, first, now)
                }
                None => Err(e.into()),
            }
        }
        (Err(e), _) => Err(e.into()),
    }
}

/// A replayed answer shows the report and its case again: a read, audited like one
/// (`report.replay`).
fn audited_replay(
    conn: &mut DbConnection,
    caller: &Caller,
    first: Replayed,
    now: DateTime<Utc>,
) -> Result<Logged, IntakeError> {
    let body: serde_json::Value = serde_json::from_str(&first.body).unwrap_or_default();
    let (province, commune) = caller.place();
    let mut entry = Entry::new("report.replay")
        .place(province, commune)
        .cases(body["case_id"].as_str().map(str::to_owned))
        .detail(serde_json::json!({"case_id": body["case_id"], "status": first.status}));
    if let Some(id) = body["report_id"].as_str() {
        entry = entry.on("report", id);
    }
    caller.audited(conn, now, |_| Ok((Logged::Replayed(first), entry)))
}

/// The checks that need the database: the commune exists and lies in the operator's reach.
/// Merged with the other field errors so one answer lists them all.
fn check_place(
    conn: &mut DbConnection,
    principal: &Principal,
    checked: Result<ValidReport, Vec<FieldError>>,
) -> Result<(ValidReport, Option<CommuneRow>), IntakeError> {
    let code = match &checked {
        Ok(r) => r.commune_code,
        Err(_) => None,
    };
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    let commune = match code.map(i32::try_from) {
        None => None,
        Some(Err(_)) => {
            errors.push(FieldError::new("place.commune_code", "không tồn tại"));
            None
        }
        Some(Ok(code)) => {
            let found = places::commune(conn, code)?;
            match &found {
                None => errors.push(FieldError::new("place.commune_code", "không tồn tại")),
                Some(c) => {
                    let province = u16::try_from(c.province_code).unwrap_or(u16::MAX);
                    if !may_log_report(principal.role, principal.agency.as_ref(), province) {
                        errors.push(FieldError::new(
                            "place.commune_code",
                            "ngoài địa bàn của đường dây nóng này",
                        ));
                    }
                }
            }
            found
        }
    };
    match checked {
        Ok(report) if errors.is_empty() => Ok((report, commune)),
        _ => Err(IntakeError::Invalid(errors)),
    }
}

/// A logged report in the metrics (and the debug log, by ids only).
pub fn count(metrics: &Metrics, created: &Created) {
    metrics
        .reports_created
        .with_label_values(&[created.contact_type])
        .inc();
    if let Some(p) = created.province_code {
        metrics
            .cases_opened
            .with_label_values(&[&p.to_string()])
            .inc();
    }
    tracing::debug!(report_id = %created.body.report_id, case_number = ?created.body.case_number, "report logged");
}
