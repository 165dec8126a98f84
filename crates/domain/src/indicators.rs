//! What the statistics ask of a case beyond its categories (Circular 13/2021/TT-BLĐTBXH,
//! indicator 0101, and the 111 line's breakdowns): the rules that hold however the facts
//! arrive, at intake or during case work.

use chrono::{Datelike, Months, NaiveDate};

use crate::{AgeBand, AgencyKind, Category, Role};

/// Who completes these facts during case work: the commune's group that works the case, the
/// police (who know the perpetrator and the legal outcome), the province's department and
/// supervisors. Operators give what they learn at intake.
pub fn role_records_indicators(role: Role, agency: Option<AgencyKind>) -> bool {
    match role {
        Role::CommuneWorker | Role::Police | Role::Supervisor => true,
        Role::AgencyOfficer => agency == Some(AgencyKind::ChildProtectionDept),
        Role::Operator | Role::CommuneChair | Role::Admin | Role::PlanOfficer => false,
    }
}

/// Sexual-abuse sub-types describe a case of sexual abuse or online sexual exploitation only.
pub fn takes_sexual_subtypes(categories: &[Category]) -> bool {
    categories.iter().any(|c| {
        matches!(
            c,
            Category::SexualAbuse | Category::OnlineSexualExploitation
        )
    })
}

/// Whether "adult" agrees with the age band (either may be unknown).
pub fn adult_agrees(age_band: Option<AgeBand>, adult: Option<bool>) -> bool {
    match (age_band.and_then(AgeBand::adult), adult) {
        (Some(by_band), Some(said)) => by_band == said,
        _ => true,
    }
}

/// Why a date of birth cannot be a child's at `on` (the day the report was received), if it
/// cannot: not after that day, and under 18 on it (Law on Children art. 1).
pub fn birth_date_problem(birth: NaiveDate, on: NaiveDate) -> Option<&'static str> {
    if birth > on {
        return Some("không được sau ngày tiếp nhận");
    }
    let eighteenth = birth.checked_add_months(Months::new(18 * 12))?;
    (eighteenth <= on).then_some("trẻ phải dưới 18 tuổi khi tiếp nhận")
}

/// Full years of age on day `on` of a child born on `born`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// Whether a date of birth agrees with a stated year of birth.
pub fn birth_year_agrees(birth: NaiveDate, year: Option<i32>) -> bool {
    year.is_none_or(|y| y == birth.year())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_child_is_under_18_on_the_day_of_the_report() {
        let on = d(2026, 11, 30);
        assert_eq!(birth_date_problem(d(2008, 12, 1), on), None);
        assert!(
            birth_date_problem(d(2008, 11, 30), on).is_some(),
            "18 that day"
        );
        assert!(
            birth_date_problem(d(2026, 12, 1), on).is_some(),
            "not born yet"
        );
        assert_eq!(birth_date_problem(on, on), None, "born that day");
    }

    #[test]
    fn adult_and_age_band_must_agree_when_both_are_known() {
        assert!(adult_agrees(Some(AgeBand::From30To44), Some(true)));
        assert!(!adult_agrees(Some(AgeBand::From16To17), Some(true)));
        assert!(!adult_agrees(Some(AgeBand::From18To29), Some(false)));
        assert!(adult_agrees(Some(AgeBand::Unknown), Some(false)));
        assert!(adult_agrees(None, Some(true)));
    }

    #[test]
    fn sub_types_belong_to_sexual_abuse() {
        assert!(takes_sexual_subtypes(&[
            Category::Neglect,
            Category::SexualAbuse
        ]));
        assert!(takes_sexual_subtypes(&[Category::OnlineSexualExploitation]));
        assert!(!takes_sexual_subtypes(&[Category::PhysicalViolence]));
    }

    #[test]
    fn only_those_who_work_or_follow_the_case_complete_it() {
        assert!(role_records_indicators(
            Role::Police,
            Some(AgencyKind::Police)
        ));
        assert!(role_records_indicators(
            Role::AgencyOfficer,
            Some(AgencyKind::ChildProtectionDept)
        ));
        assert!(!role_records_indicators(
            Role::AgencyOfficer,
            Some(AgencyKind::InfoDept)
        ));
        assert!(!role_records_indicators(
            Role::Operator,
            Some(AgencyKind::Hotline)
        ));
        assert!(!role_records_indicators(Role::CommuneChair, None));
    }
}
