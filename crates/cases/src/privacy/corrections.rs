//! Correcting a child's or a case's personal details on the data subject's request. Every
//! correction keeps the value it replaced (sealed) with who changed it, when and why, so the
//! file can show what it said before; the search index and the duplicate check follow the
//! corrected value.

use chrono::{DateTime, Utc};
use hotline_domain::{indicators, text, time};
use hotline_http::{Caller, FieldError};
use hotline_store::models::{CaseEventRow, CaseRow, ChildRow};
use hotline_store::queries::versions::{self as stored, FieldVersionRow};
use hotline_store::queries::{cases, users};
use hotline_store::DbConnection;
use hotline_vault::{Field, SealText, Vault};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::dto::CaseDetailView;
use crate::entries::case_entry;
use crate::guard::Reader;
use crate::guard::{self, case_id};
use crate::guard::{required_text, supervisor_scope};
use crate::sealed;
use crate::view::current_view;
use crate::CaseError;

/// A correction of one field.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// The child whose field is corrected; absent for a field of the case itself.
    pub child_id: Option<String>,
    /// A child's `name`, `birth_date` (`YYYY-MM-DD`) or `current_location`; the case's
    /// `place_detail`.
    pub field: String,
    /// The corrected value; `null` or empty clears the field.
    pub value: Option<String>,
    /// Why (the request it answers).
    pub reason: String,
}

/// A value a field held before a correction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldVersionView {
    /// `child` or `case`.
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    /// The value replaced; null when the field was empty.
    pub previous: Option<String>,
    pub reason: String,
    pub changed_at: DateTime<Utc>,
    pub changed_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    ChildName,
    ChildBirthDate,
    ChildLocation,
    CasePlace,
}

impl Target {
    fn of(field: &str, child: bool) -> Option<Target> {
        match (field, child) {
            ("name", true) => Some(Target::ChildName),
            ("birth_date", true) => Some(Target::ChildBirthDate),
            ("current_location", true) => Some(Target::ChildLocation),
            ("place_detail", false) => Some(Target::CasePlace),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Target::ChildName => "name",
            Target::ChildBirthDate => "birth_date",
            Target::ChildLocation => "current_location",
            Target::CasePlace => "place_detail",
        }
    }
}

/// Correct one field of case `id` (or of one of its children); the case as it now reads.
pub fn correct(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    request: &CorrectionRequest,
    now: DateTime<Utc>,
) -> Result<CaseDetailView, CaseError> {
    let scope = supervisor_scope(caller)?;
    let id = case_id(id)?;
    let target = Target::of(request.field.trim(), request.child_id.is_some()).ok_or_else(|| {
        CaseError::field(
            "field",
            match request.child_id {
                Some(_) => "của trẻ em: name, birth_date hoặc current_location",
                None => "của vụ việc: place_detail (hoặc gửi child_id để sửa thông tin trẻ em)",
            },
        )
    })?;
    let reason = required_text("reason", &request.reason)?;
    let value = request
        .value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    if value
        .as_ref()
        .is_some_and(|v| v.chars().count() > hotline_intake::validate::MAX_SHORT_TEXT)
    {
        return Err(CaseError::field(
            "value",
            format!("tối đa {} ký tự", hotline_intake::validate::MAX_SHORT_TEXT),
        ));
    }
    let user_id = caller.user_id().ok_or(CaseError::NotSupervisor)?;
    let vault = caller.vault();
    caller.audited(conn, now, |conn| {
        let case = guard::writable(cases::visible(conn, scope, &id)?)?;
        let (entity, entity_id, previous) = match &request.child_id {
            Some(child_id) => {
                let child = cases::children_of(conn, &case.id)?
                    .into_iter()
                    .find(|c| c.id == *child_id)
                    .ok_or_else(|| {
                        CaseError::field("child_id", "không có trẻ em này trong vụ việc")
                    })?;
                let previous = correct_child(conn, vault, &case, &child, target, value.as_deref())?;
                ("child", child.id, previous)
            }
            None => {
                let previous = sealed::open(
                    vault,
                    Field::CasePlace,
                    &case.id,
                    case.place_detail.as_deref(),
                )?;
                stored::set_case_place(
                    conn,
                    &case.id,
                    vault
                        .seal_opt(Field::CasePlace, &case.id, value.as_deref())?
                        .as_deref(),
                )?;
                ("case", case.id.clone(), previous)
            }
        };
        keep_version(
            conn,
            (vault, &user_id, now),
            (&case.id, entity, &entity_id, target.name()),
            previous.as_deref(),
            &reason,
        )?;
        crate::sealed::reindex(conn, vault, &case.id)?;
        cases::insert_event(
            conn,
            &CaseEventRow::new(
                &case.id,
                Some(user_id.clone()),
                "corrected",
                now.naive_utc(),
            )
            .sealed_text(
                vault,
                Some(format!("Sửa thông tin ({}): {reason}", target.name())),
            )?,
        )?;
        let view = current_view(conn, Reader::of(caller, scope), &case.id)?;
        let entry = case_entry("case.correct", &case).detail(json!({
            "case_number": case.case_number,
            "entity": entity,
            "entity_id": entity_id,
            "field": target.name(),
        }));
        Ok((view, entry))
    })
}

/// Write the corrected child field; the value it replaced, opened.
fn correct_child(
    conn: &mut DbConnection,
    vault: &Vault,
    case: &CaseRow,
    child: &ChildRow,
    target: Target,
    value: Option<&str>,
) -> Result<Option<String>, CaseError> {
    match target {
        Target::ChildName => {
            let previous = sealed::open(vault, Field::ChildName, &child.id, child.name.as_deref())?;
            let sealed = vault.seal_opt(Field::ChildName, &child.id, value)?;
            let key = value.map(|n| vault.terms().child_name_key(&text::fold(n)));
            stored::set_child_name(conn, &child.id, sealed.as_deref(), key.as_deref())?;
            Ok(previous)
        }
        Target::ChildLocation => {
            let previous = sealed::open(
                vault,
                Field::ChildLocation,
                &child.id,
                child.current_location.as_deref(),
            )?;
            let sealed = vault.seal_opt(Field::ChildLocation, &child.id, value)?;
            stored::set_child_location(conn, &child.id, sealed.as_deref())?;
            Ok(previous)
        }
        Target::ChildBirthDate => {
            let previous = sealed::birth_date(vault, child)?.map(|d| d.to_string());
            let received = time::vietnam_date(case.received_at.and_utc());
            let date = match value {
                None => None,
                Some(raw) => {
                    let mut errors: Vec<FieldError> = Vec::new();
                    let date = hotline_intake::indicators::birth_date(
                        &mut errors,
                        "value",
                        Some(raw),
                        None,
                        received,
                    );
                    if !errors.is_empty() {
                        return Err(CaseError::Invalid(errors));
                    }
                    date
                }
            };
            let sealed = date
                .map(|d| vault.seal(Field::ChildBirthDate, &child.id, &d.to_string()))
                .transpose()?;
            let ages = match date {
                Some(d) => (
                    Some(indicators::age_on(d, received)),
                    Some(chrono::Datelike::year(&d)),
                ),
                // The year and estimate given at intake stay as the figures knew them.
                None => (None, child.birth_year),
            };
            stored::set_child_birth(conn, &child.id, sealed.as_deref(), ages)?;
            Ok(previous)
        }
        Target::CasePlace => Err(CaseError::field("field", "không phải thông tin của trẻ em")),
    }
}

/// Keep the value a field held before a change, sealed, with who changed it and why.
pub(crate) fn keep_version(
    conn: &mut DbConnection,
    (vault, user_id, now): (&Vault, &str, DateTime<Utc>),
    (case_id, entity, entity_id, field): (&str, &str, &str, &str),
    previous: Option<&str>,
    reason: &str,
) -> Result<(), CaseError> {
    let id = uuid::Uuid::now_v7().to_string();
    stored::insert(
        conn,
        &FieldVersionRow {
            previous: vault.seal_opt(Field::VersionPrevious, &id, previous)?,
            reason: vault.seal(Field::VersionReason, &id, reason)?,
            id,
            case_id: case_id.to_owned(),
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            field: field.to_owned(),
            changed_at: now.naive_utc(),
            changed_by: user_id.to_owned(),
        },
    )?;
    Ok(())
}

/// The corrections of case `case_id`, opened (the caller has read the case in scope).
pub(crate) fn versions_of(
    conn: &mut DbConnection,
    vault: &Vault,
    case_id: &str,
) -> Result<Vec<FieldVersionView>, CaseError> {
    let rows = stored::of_case(conn, case_id)?;
    let ids: Vec<&str> = rows.iter().map(|r| r.changed_by.as_str()).collect();
    let names = users::usernames(conn, &ids)?;
    rows.iter()
        .map(|r| {
            Ok(FieldVersionView {
                entity: r.entity.clone(),
                entity_id: r.entity_id.clone(),
                field: r.field.clone(),
                previous: vault.open_opt(Field::VersionPrevious, &r.id, r.previous.as_deref())?,
                reason: vault.open(Field::VersionReason, &r.id, &r.reason)?,
                changed_at: r.changed_at.and_utc(),
                changed_by: names.get(&r.changed_by).cloned(),
            })
        })
        .collect()
}
