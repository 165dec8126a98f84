//! The facts the statistics ask for, checked the same way wherever they arrive: in a report
//! at intake, or completed during case work (`hotline-cases` calls these too). Each check
//! adds its failures, named by field path, to the list the caller returns at once.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use hotline_domain::{indicators, AgeBand, Category, PerpetratorRelation, Sex, SexualSubtype};
use hotline_http::FieldError;
use hotline_store::models::PerpetratorRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// More perpetrators than this in one case is a mistake, not a case.
pub const MAX_PERPETRATORS: usize = 20;
pub const MAX_DESCRIPTION: usize = 1000;

/// A perpetrator as the figures count them. `description` may identify a person: it is shown
/// to those who read the case and never mailed or logged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerpetratorInput {
    #[schema(value_type = PerpetratorRelation)]
    pub relation: String,
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<String>,
    #[schema(value_type = Option<AgeBand>)]
    pub age_band: Option<String>,
    /// 18 or over; must agree with `age_band` when both are known.
    pub adult: Option<bool>,
    pub known_to_police: Option<bool>,
    pub description: Option<String>,
}

/// A perpetrator, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerpetrator {
    pub relation: PerpetratorRelation,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    pub adult: Option<bool>,
    pub known_to_police: Option<bool>,
    pub description: Option<String>,
}

impl ValidPerpetrator {
    /// The row of this perpetrator, its description sealed.
    pub fn row(
        &self,
        vault: &hotline_vault::Vault,
        case_id: &str,
        position: usize,
        recorded_by: Option<&str>,
        now: NaiveDateTime,
    ) -> hotline_vault::VaultResult<PerpetratorRow> {
        let id = uuid::Uuid::now_v7().to_string();
        Ok(PerpetratorRow {
            description: vault.seal_opt(
                hotline_vault::Field::PerpetratorDescription,
                &id,
                self.description.as_deref(),
            )?,
            id,
            case_id: case_id.to_owned(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
            relation: self.relation.code().to_owned(),
            sex: self.sex.map(|s| s.code().to_owned()),
            age_band: self.age_band.map(|a| a.code().to_owned()),
            // What the age band says when the adult flag was not given.
            adult: self.adult.or(self.age_band.and_then(AgeBand::adult)),
            known_to_police: self.known_to_police,
            recorded_by: recorded_by.map(str::to_owned),
            recorded_at: now,
        })
    }
}

/// A code given as text, or a failure on `field`.
pub fn code<T: FromStr>(errors: &mut Vec<FieldError>, field: &str, raw: Option<&str>) -> Option<T> {
    let raw = raw?;
    match raw.parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(field, "mã không hợp lệ"));
            None
        }
    }
}

/// Trimmed text, `None` when blank, bounded in characters.
pub fn text(
    errors: &mut Vec<FieldError>,
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Option<String> {
    let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("dài quá {max} ký tự")));
    }
    Some(value.to_owned())
}

/// The sexual-abuse sub-types, each once, and only on a case of sexual abuse.
pub fn sexual_subtypes(
    errors: &mut Vec<FieldError>,
    raw: &[String],
    categories: &[Category],
) -> Vec<SexualSubtype> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let field = format!("sexual_subtypes[{i}]");
        if let Some(subtype) = code::<SexualSubtype>(errors, &field, Some(s)) {
            if seen.insert(subtype) {
                out.push(subtype);
            } else {
                errors.push(FieldError::new(field, "bị lặp"));
            }
        }
    }
    if !out.is_empty() && !indicators::takes_sexual_subtypes(categories) {
        errors.push(FieldError::new(
            "sexual_subtypes",
            "chỉ ghi với vụ việc xâm hại tình dục hoặc bóc lột tình dục trên mạng",
        ));
    }
    out
}

pub fn perpetrators(
    errors: &mut Vec<FieldError>,
    raw: &[PerpetratorInput],
) -> Vec<ValidPerpetrator> {
    if raw.len() > MAX_PERPETRATORS {
        errors.push(FieldError::new(
            "perpetrators",
            format!("tối đa {MAX_PERPETRATORS} người"),
        ));
    }
    raw.iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let at = |name: &str| format!("perpetrators[{i}].{name}");
            let relation = code(errors, &at("relation"), Some(&p.relation));
            let sex = code(errors, &at("sex"), p.sex.as_deref());
            let age_band = code(errors, &at("age_band"), p.age_band.as_deref());
            if !indicators::adult_agrees(age_band, p.adult) {
                errors.push(FieldError::new(at("adult"), "không khớp với nhóm tuổi"));
            }
            let description = text(
                errors,
                &at("description"),
                p.description.as_deref(),
                MAX_DESCRIPTION,
            );
            Some(ValidPerpetrator {
                relation: relation?,
                sex,
                age_band,
                adult: p.adult,
                known_to_police: p.known_to_police,
                description,
            })
        })
        .collect()
}

/// A child's date of birth (`YYYY-MM-DD`): under 18 on `received_on` and agreeing with the
/// year of birth if one was given.
pub fn birth_date(
    errors: &mut Vec<FieldError>,
    field: &str,
    raw: Option<&str>,
    birth_year: Option<i32>,
    received_on: NaiveDate,
) -> Option<NaiveDate> {
    let raw = raw?;
    let Ok(date) = raw.parse::<NaiveDate>() else {
        errors.push(FieldError::new(field, "cần một ngày dạng YYYY-MM-DD"));
        return None;
    };
    if let Some(problem) = indicators::birth_date_problem(date, received_on) {
        errors.push(FieldError::new(field, problem));
    } else if !indicators::birth_year_agrees(date, birth_year) {
        errors.push(FieldError::new(field, "không khớp với năm sinh"));
    }
    Some(date)
}
