//! The retention policy: how long personal details are kept, per contact type for contacts
//! that opened no case and per ending (and legal outcome) for cases. A kind the policy does
//! not name is kept for good: forgetting a line in the file never erases anything.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Months, NaiveDate, NaiveDateTime};
use hotline_domain::{CaseStatus, ContactType, LegalOutcome};
use serde::Deserialize;

/// The policy as the file states it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    contacts: BTreeMap<String, u32>,
    #[serde(default)]
    cases: BTreeMap<String, u32>,
    #[serde(default)]
    cases_by_outcome: BTreeMap<String, u32>,
}

/// How long personal details are kept, in years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionPolicy {
    contacts: BTreeMap<ContactType, u32>,
    cases: BTreeMap<CaseStatus, u32>,
    cases_by_outcome: BTreeMap<LegalOutcome, u32>,
}

/// The age from which a person is no longer a child.
const ADULTHOOD: i32 = 18;
const MAX_YEARS: u32 = 100;

/// Why a record is due, for the dry run's listing and the audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub years: u32,
    /// `contact:<type>`, `case:<status>` or `outcome:<legal outcome>`.
    pub name: String,
}

impl RetentionPolicy {
    /// Read the policy from a TOML file; every problem in one message.
    pub fn load(path: &Path) -> Result<RetentionPolicy, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        RetentionPolicy::parse(&text)
    }

    pub fn parse(text: &str) -> Result<RetentionPolicy, String> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let mut problems = Vec::new();
        let contacts = typed(&file.contacts, "contacts", &mut problems);
        let cases: BTreeMap<CaseStatus, u32> = typed(&file.cases, "cases", &mut problems);
        for status in cases.keys() {
            if hotline_domain::lifecycle::is_open(*status) {
                problems.push(format!(
                    "cases.{status}: only an ended case (closed, no_action, duplicate) is erased"
                ));
            }
        }
        let cases_by_outcome = typed(&file.cases_by_outcome, "cases_by_outcome", &mut problems);
        if problems.is_empty() {
            Ok(RetentionPolicy {
                contacts,
                cases,
                cases_by_outcome,
            })
        } else {
            Err(problems.join("; "))
        }
    }

    /// When contact `contact_type` received at `received_at`, which opened no case, is due.
    pub fn contact_due(
        &self,
        contact_type: &str,
        received_at: NaiveDateTime,
    ) -> Option<(NaiveDateTime, Rule)> {
        let kind: ContactType = contact_type.parse().ok()?;
        let years = *self.contacts.get(&kind)?;
        let rule = Rule {
            years,
            name: format!("contact:{kind}"),
        };
        Some((add_years(received_at, years)?, rule))
    }

    /// When a case that ended at `closed_at` as `status` with `outcome` is due, given the
    /// year of birth of its youngest child: the policy's years after the later of the
    /// closing and the end of the year that child turns 18. The longer of the ending's and
    /// the outcome's years applies; an ending the policy does not name is kept.
    pub fn case_due(
        &self,
        (status, outcome): (&str, Option<&str>),
        closed_at: NaiveDateTime,
        youngest_born: i32,
    ) -> Option<(NaiveDateTime, Rule)> {
        let status: CaseStatus = status.parse().ok()?;
        let by_status = *self.cases.get(&status)?;
        let mut rule = Rule {
            years: by_status,
            name: format!("case:{status}"),
        };
        let outcome = outcome.and_then(|o| o.parse::<LegalOutcome>().ok());
        if let Some(outcome) = outcome {
            if let Some(years) = self.cases_by_outcome.get(&outcome) {
                if *years > by_status {
                    rule = Rule {
                        years: *years,
                        name: format!("outcome:{outcome}"),
                    };
                }
            }
        }
        let adult = NaiveDate::from_ymd_opt(youngest_born.checked_add(ADULTHOOD + 1)?, 1, 1)?
            .and_hms_opt(0, 0, 0)?;
        Some((add_years(closed_at.max(adult), rule.years)?, rule))
    }

    /// The fewest years any case is kept after it ended, and any contact after it was
    /// received: nothing nearer than that can be due.
    pub fn shortest(&self) -> (Option<u32>, Option<u32>) {
        (
            self.cases.values().copied().min(),
            self.contacts.values().copied().min(),
        )
    }
}

fn add_years(at: NaiveDateTime, years: u32) -> Option<NaiveDateTime> {
    at.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// The entries of a table whose keys are codes of `T`, each with a sensible number of years.
fn typed<T: std::str::FromStr + Ord>(
    table: &BTreeMap<String, u32>,
    name: &str,
    problems: &mut Vec<String>,
) -> BTreeMap<T, u32> {
    let mut out = BTreeMap::new();
    for (key, years) in table {
        match key.parse::<T>() {
            Err(_) => problems.push(format!("{name}.{key}: no such code")),
            Ok(_) if *years == 0 || *years > MAX_YEARS => {
                problems.push(format!("{name}.{key}: years must be 1 to {MAX_YEARS}"))
            }
            Ok(code) => {
                out.insert(code, *years);
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap()
    }

    const POLICY: &str = "
        [contacts]
        counselling = 2
        [cases]
        closed = 5
        no_action = 2
        [cases_by_outcome]
        criminal_case = 20
    ";

    #[test]
    fn a_contact_is_due_its_years_after_receipt_and_an_unnamed_type_never() {
        let p = RetentionPolicy::parse(POLICY).unwrap();
        let (due, rule) = p.contact_due("counselling", at(2020, 2, 29)).unwrap();
        assert_eq!(due, at(2022, 2, 28));
        assert_eq!(rule.name, "contact:counselling");
        assert_eq!(p.contact_due("prank", at(2000, 1, 1)), None);
        assert_eq!(p.contact_due("nonsense", at(2000, 1, 1)), None);
    }

    #[test]
    fn a_case_is_due_after_the_youngest_child_is_grown_and_the_longer_rule_wins() {
        let p = RetentionPolicy::parse(POLICY).unwrap();
        // Closed when the child was 10: five years after the end of the year it turns 18.
        let (due, rule) = p.case_due(("closed", None), at(2020, 6, 1), 2010).unwrap();
        assert_eq!(due, at(2034, 1, 1).date().and_hms_opt(0, 0, 0).unwrap());
        assert_eq!(rule.years, 5);
        // Closed long after the child was grown: from the closing.
        let (due, _) = p.case_due(("closed", None), at(2020, 6, 1), 1990).unwrap();
        assert_eq!(due, at(2025, 6, 1));
        // A criminal case keeps it twenty years; an outcome shorter than the ending does not
        // shorten it.
        let (_, rule) = p
            .case_due(("closed", Some("criminal_case")), at(2020, 6, 1), 1990)
            .unwrap();
        assert_eq!(rule.name, "outcome:criminal_case");
        assert_eq!(p.case_due(("duplicate", None), at(2020, 6, 1), 1990), None);
        assert_eq!(p.shortest(), (Some(2), Some(2)));
    }

    #[test]
    fn a_bad_policy_names_every_problem() {
        let e = RetentionPolicy::parse("[contacts]\nprank = 0\nsms = 2\n[cases]\nplanning = 3\n")
            .unwrap_err();
        assert!(e.contains("contacts.prank: years must be 1 to 100"), "{e}");
        assert!(e.contains("contacts.sms: no such code"), "{e}");
        assert!(e.contains("cases.planning: only an ended case"), "{e}");
        assert!(RetentionPolicy::parse("[case]\nclosed = 1").is_err());
    }
}
