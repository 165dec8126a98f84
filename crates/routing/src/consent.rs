//! Consent for a service. Reports to the police, the commune and the province are duties; a
//! referral to a service (health, psychological support, legal aid, shelter, a non-state
//! provider) records the consent of the caregiver and of the child as the child's age allows
//! (`domain::referral::CHILD_CONSENTS_FROM_AGE`), or the reason the law gives to act without
//! it. Kept sealed on the referral: the reason can name people.

use chrono::Datelike;
use hotline_domain::{referral, AgencyKind};
use hotline_http::FieldError;
use hotline_store::models::{CaseRow, ChildRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest reason for acting without consent.
const REASON_MAX: usize = 1000;

/// What was agreed to, or why the service goes ahead without it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The child agreed (asked of a child of 7 or more, or of unknown age).
    #[serde(default)]
    pub child: Option<bool>,
    /// The parent or caregiver agreed.
    #[serde(default)]
    pub caregiver: Option<bool>,
    /// The reason the law gives to act without consent (the child's safety, a court's
    /// decision ...), when consent is not given.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// What a referral's form or body says of consent is refused for, in Vietnamese.
const NEEDED: &str = "Chuyển tới dịch vụ cần sự đồng ý của cha mẹ hoặc người chăm sóc và của trẻ (từ đủ 7 tuổi), hoặc lý do theo quy định của pháp luật để thực hiện khi chưa có sự đồng ý.";

/// The children's ages on the case's day of receipt, as well as they are known.
fn ages(case: &CaseRow, children: &[ChildRow]) -> Vec<Option<i32>> {
    children
        .iter()
        .map(|c| {
            c.age_on_receipt
                .or(c.age_estimate)
                .or_else(|| c.birth_year.map(|y| case.received_at.year() - y))
        })
        .collect()
}

/// Whether the child's own consent is asked: a child of 7 or more on the case, or one whose
/// age is not known (or no child recorded).
fn child_asked(ages: &[Option<i32>]) -> bool {
    ages.is_empty()
        || ages
            .iter()
            .any(|a| a.is_none_or(|a| a >= referral::CHILD_CONSENTS_FROM_AGE))
}

/// The consent a referral to an agency of `kind` on `case` records: for a service, the
/// caregiver's and (as the children's ages ask) the child's, or a reason to act without it,
/// else refused naming `consent`; for any other agency, nothing.
pub fn checked(
    kind: AgencyKind,
    given: Option<&Consent>,
    (case, children): (&CaseRow, &[ChildRow]),
) -> Result<Option<Consent>, FieldError> {
    if !referral::offers_service(kind) {
        return Ok(None);
    }
    let given = given.ok_or_else(|| FieldError::new("consent", NEEDED))?;
    let reason = given
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(reason) = reason {
        if reason.chars().count() > REASON_MAX {
            return Err(FieldError::new(
                "consent.override_reason",
                format!("tối đa {REASON_MAX} ký tự"),
            ));
        }
        return Ok(Some(Consent {
            override_reason: Some(reason.to_owned()),
            ..given.clone()
        }));
    }
    let child_ok = given.child == Some(true) || !child_asked(&ages(case, children));
    if given.caregiver == Some(true) && child_ok {
        return Ok(Some(Consent {
            override_reason: None,
            ..given.clone()
        }));
    }
    Err(FieldError::new("consent", NEEDED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_of_seven_or_of_unknown_age_is_asked_and_a_younger_one_is_not() {
        assert!(child_asked(&[Some(7)]));
        assert!(child_asked(&[Some(3), None]));
        assert!(child_asked(&[]));
        assert!(!child_asked(&[Some(6), Some(2)]));
    }
}
