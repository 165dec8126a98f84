//! What the statistics ask of a case beyond its categories, completed during case work by
//! those who work or follow it: `case.indicators.update`, on the timeline. The checks are
//! intake's own (`hotline_intake::indicators`), so a fact is held to the same rule however
//! it arrives. Values never reach the audit log or the timeline: only which fields changed.

pub mod dto;

use hotline_vault::{Field, SealText};
use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hotline_domain::{indicators as rules, time, AbuseSetting, Category, Ethnicity};
use hotline_domain::{LegalOutcome, ServiceType};
use hotline_http::{Caller, FieldError};
use hotline_intake::indicators as check;
use hotline_store::models::{CaseEventRow, CaseRow, ChildRow, ServiceRow};
use hotline_store::queries::cases;
use hotline_store::queries::indicators::{self as stored, ChildProfile};
use hotline_store::DbConnection;
use serde_json::json;

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::Reader;
use crate::guard::{self, case_id};
use crate::view::current_view;
use crate::CaseError;
use dto::{ChildPatch, IndicatorsPatch, ServiceInput};

/// More services than this on one case is a mistake, not a record.
pub const MAX_SERVICES: usize = 200;
const MAX_PROVIDER: usize = 200;

/// Refused unless the caller's role completes these facts.
fn may_record(caller: &Caller) -> Result<(), CaseError> {
    let kind = caller.agency().map(|a| a.kind);
    match caller.role() {
        Some(role) if rules::role_records_indicators(role, kind) => Ok(()),
        _ => Err(CaseError::MayNotRecordIndicators),
    }
}

/// Change the indicators of case `id` (as typed) as `patch` says; the case as it now reads
/// is returned. Every field is checked before anything is written, and every failure is
/// named at once.
pub fn update_indicators(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    patch: &IndicatorsPatch,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = caller.case_scope().ok_or(CaseError::NoCaseAccess)?;
    may_record(caller)?;
    let id = case_id(id)?;
    caller.audited(conn, now, |conn| {
        let case = guard::writable(cases::visible(conn, scope, &id)?)?;
        let children = cases::children_of(conn, &id)?;
        let categories: Vec<Category> = cases::categories_of(conn, &[id.as_str()])?
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        let changes = Changes::check(patch, &case, &children, &categories, now)?;
        let fields = changes.apply(conn, caller, &case, &children, now)?;
        if !fields.is_empty() {
            let event =
                CaseEventRow::new(&id, caller.user_id(), "indicators.updated", now.naive_utc())
                    .sealed_text(caller.vault(), Some(json!({"fields": fields}).to_string()))?;
            cases::insert_event(conn, &event)?;
            cases::touch(conn, &id, now.naive_utc())?;
        }
        let entry = case_entry("case.indicators.update", &case).detail(json!({"fields": fields}));
        Ok((current_view(conn, Reader::of(caller, scope), &id)?, entry))
    })
}

/// A patch, checked: what each field becomes (outer `None`: unchanged).
struct Changes {
    setting: Option<Option<AbuseSetting>>,
    legal_outcome: Option<Option<LegalOutcome>>,
    subtypes: Option<Vec<String>>,
    children: Vec<(String, ChildChange)>,
    perpetrators: Option<Vec<check::ValidPerpetrator>>,
    services: Option<Vec<ValidService>>,
}

struct ChildChange {
    ethnicity: Option<Option<Ethnicity>>,
    disability: Option<Option<bool>>,
    birth_date: Option<Option<NaiveDate>>,
}

struct ValidService {
    service: ServiceType,
    child_id: Option<String>,
    provided_on: NaiveDate,
    provider: Option<String>,
}

/// A `present` field's value checked by `f` (an outer `None` stays unchanged).
fn checked<T, U>(value: &Option<Option<T>>, f: impl FnOnce(&T) -> Option<U>) -> Option<Option<U>> {
    value.as_ref().map(|inner| inner.as_ref().and_then(f))
}

impl Changes {
    fn check(
        patch: &IndicatorsPatch,
        case: &CaseRow,
        children: &[ChildRow],
        categories: &[Category],
        now: DateTime<Utc>,
    ) -> Result<Changes, CaseError> {
        let mut e: Vec<FieldError> = Vec::new();
        let received_on = time::vietnam_date(case.received_at.and_utc());
        let setting = checked(&patch.setting, |s: &String| {
            check::code(&mut e, "setting", Some(s))
        });
        let legal_outcome = checked(&patch.legal_outcome, |s: &String| {
            check::code(&mut e, "legal_outcome", Some(s))
        });
        let subtypes = patch.sexual_subtypes.as_ref().map(|list| {
            check::sexual_subtypes(&mut e, list, categories)
                .iter()
                .map(|s| s.code().to_owned())
                .collect()
        });
        let known: HashSet<&str> = children.iter().map(|c| c.id.as_str()).collect();
        let mut seen = HashSet::new();
        let mut child_changes = Vec::new();
        for (i, c) in patch.children.iter().enumerate() {
            if !known.contains(c.child_id.as_str()) {
                e.push(FieldError::new(
                    format!("children[{i}].child_id"),
                    "không có trẻ này trong vụ việc",
                ));
            } else if !seen.insert(c.child_id.as_str()) {
                e.push(FieldError::new(format!("children[{i}].child_id"), "bị lặp"));
            }
            child_changes.push((c.child_id.clone(), child_change(&mut e, i, c, received_on)));
        }
        let perpetrators = patch
            .perpetrators
            .as_ref()
            .map(|list| check::perpetrators(&mut e, list));
        let services = patch
            .services
            .as_ref()
            .map(|list| services(&mut e, list, &known, received_on, time::vietnam_date(now)));
        if !e.is_empty() {
            return Err(CaseError::Invalid(e));
        }
        Ok(Changes {
            setting,
            legal_outcome,
            subtypes,
            children: child_changes,
            perpetrators,
            services,
        })
    }

    /// Write what changed; returns the names of the fields written.
    fn apply(
        self,
        conn: &mut DbConnection,
        caller: &Caller,
        case: &CaseRow,
        children: &[ChildRow],
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, CaseError> {
        let mut fields = Vec::new();
        if self.setting.is_some() || self.legal_outcome.is_some() {
            let setting = match self.setting {
                Some(s) => s.map(|s| s.code()),
                None => case.abuse_setting.as_deref(),
            };
            let outcome = match self.legal_outcome {
                Some(o) => o.map(|o| o.code()),
                None => case.legal_outcome.as_deref(),
            };
            stored::set_case_facts(conn, &case.id, setting, outcome)?;
            if self.setting.is_some() {
                fields.push("setting".to_owned());
            }
            if self.legal_outcome.is_some() {
                fields.push("legal_outcome".to_owned());
            }
        }
        if let Some(subtypes) = &self.subtypes {
            stored::replace_subtypes(conn, &case.id, subtypes)?;
            fields.push("sexual_subtypes".to_owned());
        }
        for (child_id, change) in &self.children {
            let Some(child) = children.iter().find(|c| c.id == *child_id) else {
                continue;
            };
            let vault = caller.vault();
            let stored_date = crate::sealed::birth_date(vault, child)?;
            let birth_date = change.birth_date.unwrap_or(stored_date);
            if birth_date != stored_date {
                // A date of birth is personal data: the one it replaces is kept, as any
                // correction's is.
                let user = caller.user_id().unwrap_or_default();
                crate::privacy::corrections::keep_version(
                    conn,
                    (vault, &user, now),
                    (&case.id, "child", &child.id, "birth_date"),
                    stored_date.map(|d| d.to_string()).as_deref(),
                    "Cập nhật thông tin thống kê của vụ việc",
                )?;
            }
            let received = hotline_domain::time::vietnam_date(case.received_at.and_utc());
            let sealed_birth = birth_date
                .map(|d| {
                    vault.seal(
                        hotline_vault::Field::ChildBirthDate,
                        &child.id,
                        &d.to_string(),
                    )
                })
                .transpose()?;
            let profile = ChildProfile {
                ethnicity: match change.ethnicity {
                    Some(e) => e.map(|e| e.code()),
                    None => child.ethnicity.as_deref(),
                },
                disability: change.disability.unwrap_or(child.disability),
                birth_date_sealed: sealed_birth.as_deref(),
                age_on_receipt: birth_date.map(|d| hotline_domain::indicators::age_on(d, received)),
                // The date, once known, is the better fact.
                birth_year: birth_date.map(|d| d.year()).or(child.birth_year),
            };
            stored::set_child_profile(conn, &case.id, child_id, &profile)?;
            fields.push(format!("children[{}]", child.position));
        }
        let recorded_by = caller.user_id();
        if let Some(list) = &self.perpetrators {
            let rows: Vec<_> = list
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    p.row(
                        caller.vault(),
                        &case.id,
                        i,
                        recorded_by.as_deref(),
                        now.naive_utc(),
                    )
                })
                .collect::<Result<_, hotline_vault::VaultError>>()?;
            stored::replace_perpetrators(conn, &case.id, &rows)?;
            fields.push("perpetrators".to_owned());
        }
        if let Some(list) = &self.services {
            let rows: Vec<ServiceRow> = list
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let id = uuid::Uuid::now_v7().to_string();
                    Ok(ServiceRow {
                        provider: caller.vault().seal_opt(
                            Field::ServiceProvider,
                            &id,
                            s.provider.as_deref(),
                        )?,
                        id,
                        case_id: case.id.clone(),
                        position: i32::try_from(i).unwrap_or(i32::MAX),
                        child_id: s.child_id.clone(),
                        service: s.service.code().to_owned(),
                        provided_on: s.provided_on,
                        recorded_by: recorded_by.clone(),
                        recorded_at: now.naive_utc(),
                    })
                })
                .collect::<Result<_, hotline_vault::VaultError>>()?;
            stored::replace_services(conn, &case.id, &rows)?;
            fields.push("services".to_owned());
        }
        Ok(fields)
    }
}

fn child_change(
    e: &mut Vec<FieldError>,
    i: usize,
    c: &ChildPatch,
    received_on: NaiveDate,
) -> ChildChange {
    let at = |name: &str| format!("children[{i}].{name}");
    ChildChange {
        ethnicity: checked(&c.ethnicity, |s: &String| {
            check::code(e, &at("ethnicity"), Some(s))
        }),
        disability: c.disability,
        birth_date: match &c.birth_date {
            None => None,
            Some(None) => Some(None),
            Some(Some(raw)) => Some(check::birth_date(
                e,
                &at("birth_date"),
                Some(raw),
                None,
                received_on,
            )),
        },
    }
}

fn services(
    e: &mut Vec<FieldError>,
    list: &[ServiceInput],
    children: &HashSet<&str>,
    received_on: NaiveDate,
    today: NaiveDate,
) -> Vec<ValidService> {
    if list.len() > MAX_SERVICES {
        e.push(FieldError::new(
            "services",
            format!("tối đa {MAX_SERVICES} dịch vụ"),
        ));
    }
    list.iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let at = |name: &str| format!("services[{i}].{name}");
            let service = check::code::<ServiceType>(e, &at("service"), Some(&s.service));
            if let Some(child) = &s.child_id {
                if !children.contains(child.as_str()) {
                    e.push(FieldError::new(
                        at("child_id"),
                        "không có trẻ này trong vụ việc",
                    ));
                }
            }
            let provided_on = match s.provided_on.parse::<NaiveDate>() {
                Ok(d) if d > today => {
                    e.push(FieldError::new(at("provided_on"), "không được ở tương lai"));
                    None
                }
                Ok(d) if d < received_on => {
                    e.push(FieldError::new(
                        at("provided_on"),
                        "không được trước ngày tiếp nhận",
                    ));
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    e.push(FieldError::new(
                        at("provided_on"),
                        "cần một ngày dạng YYYY-MM-DD",
                    ));
                    None
                }
            };
            let provider = check::text(e, &at("provider"), s.provider.as_deref(), MAX_PROVIDER);
            Some(ValidService {
                service: service?,
                child_id: s.child_id.clone(),
                provided_on: provided_on?,
                provider,
            })
        })
        .collect()
}
