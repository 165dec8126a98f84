//! Abused children (indicator 0101 of Circular 13/2021/TT-BLĐTBXH): each child of a case
//! counted once, however many reports the case gathered; a case linked as a duplicate counts
//! in the case it joined. A child is counted under every type of abuse its case records, so
//! the types add up to more than the children.

use chrono::{Datelike, NaiveDate};
use hotline_domain::codes::{PerpetratorRelation, ServiceType};
use hotline_domain::{
    AbuseSetting, AgeBand, Category, Ethnicity, LegalOutcome, Sex, SexualSubtype,
};
use hotline_store::queries::figures::ChildFact;

use super::count::{codes, Tally};
use super::counted::Counted;
use crate::daily::figure as f;
use crate::table::{Section, Table};

/// Indicator 0101's types of abuse, and the categories each gathers.
const INDICATOR_TYPES: [(&str, &str, &[Category]); 6] = [
    (
        "violence",
        "Bạo lực",
        &[
            Category::PhysicalViolence,
            Category::EmotionalViolence,
            Category::Cyberbullying,
        ],
    ),
    (
        "sexual_abuse",
        "Xâm hại tình dục",
        &[Category::SexualAbuse, Category::OnlineSexualExploitation],
    ),
    ("exploitation", "Bóc lột", &[Category::LabourExploitation]),
    ("trafficking", "Mua bán", &[Category::Trafficking]),
    (
        "abandonment_neglect",
        "Bỏ rơi, bỏ mặc",
        &[Category::Abandonment, Category::Neglect],
    ),
    (
        "other",
        "Khác",
        &[Category::HarmfulContent, Category::Other],
    ),
];

pub fn indicator_type(category: &str) -> &'static str {
    INDICATOR_TYPES
        .iter()
        .find(|(_, _, members)| members.iter().any(|c| c.code() == category))
        .map_or("other", |t| t.0)
}

/// A child's age on the day its case was received: from the date of birth when known, else
/// the year of birth (the age it turns that year), else the informant's estimate.
pub fn age_on(child: &ChildFact, on: NaiveDate) -> Option<i32> {
    if let Some(age) = child.age_on_receipt {
        return Some(age);
    }
    if let Some(born) = child.birth_date {
        let mut age = on.year() - born.year();
        if (on.month(), on.day()) < (born.month(), born.day()) {
            age -= 1;
        }
        return Some(age);
    }
    // A year of birth alone can make a child born late in the year look 18: a child is under
    // 18 on the day of the report (intake checks it), so the age stops at 17.
    child
        .birth_year
        .map(|y| (on.year() - y).min(17))
        .or(child.age_estimate)
        .filter(|a| *a >= 0)
}

/// The age groups as codes and labels: `[5, 10, 14, 17]` is 0–5, 6–10, 11–14, 15–17.
pub fn age_groups(last_ages: &[u8]) -> Vec<(u8, u8, String, String)> {
    let mut first = 0u8;
    last_ages
        .iter()
        .map(|last| {
            let group = (
                first,
                *last,
                format!("{first}_{last}"),
                format!("Từ {first} đến {last} tuổi"),
            );
            first = last.saturating_add(1);
            group
        })
        .collect()
}

/// A child's age group's code, by its age in years.
fn age_group(groups: &[(u8, u8, String, String)], age: i32) -> Option<&str> {
    groups
        .iter()
        .find(|(first, last, _, _)| (i32::from(*first)..=i32::from(*last)).contains(&age))
        .map(|g| g.2.as_str())
}

/// The children's tables. `commune_names` names the communes the children's cases lie in.
pub fn tables(counted: &Counted, commune_names: &[(i32, String)], last_ages: &[u8]) -> Vec<Table> {
    let groups = age_groups(last_ages);
    let mut age = Tally::default();
    for (years, n) in counted.of(f::CHILD_AGE) {
        let group = years
            .parse::<i32>()
            .ok()
            .and_then(|y| age_group(&groups, y));
        age.add(group, n);
    }
    let age_codes: Vec<(&str, &str)> = groups
        .iter()
        .map(|g| (g.2.as_str(), g.3.as_str()))
        .collect();
    let commune_codes: Vec<(String, String)> = commune_names
        .iter()
        .map(|(code, name)| (code.to_string(), name.clone()))
        .collect();
    let s = Section::Children;
    vec![
        Table::breakdown(
            "children_by_indicator_type",
            "Trẻ em bị xâm hại theo loại (chỉ tiêu 0101)",
            s,
            counted.tally(f::CHILD_INDICATOR).rows(
                &INDICATOR_TYPES
                    .iter()
                    .map(|t| (t.0, t.1))
                    .collect::<Vec<_>>(),
            ),
        ),
        Table::breakdown(
            "children_by_abuse_type",
            "Trẻ em bị xâm hại theo hành vi",
            s,
            counted.tally(f::CHILD_CATEGORY).rows(&codes(
                Category::ALL,
                Category::code,
                Category::label_vi,
            )),
        ),
        Table::breakdown(
            "children_by_sexual_subtype",
            "Trẻ em bị xâm hại tình dục theo hình thức",
            s,
            counted.tally(f::CHILD_SUBTYPE).rows(&codes(
                SexualSubtype::ALL,
                SexualSubtype::code,
                SexualSubtype::label_vi,
            )),
        ),
        Table::breakdown(
            "children_by_sex",
            "Trẻ em bị xâm hại theo giới tính",
            s,
            counted
                .tally(f::CHILD_SEX)
                .rows(&codes(Sex::ALL, Sex::code, Sex::label_vi)),
        ),
        Table::breakdown(
            "children_by_age_group",
            "Trẻ em bị xâm hại theo nhóm tuổi",
            s,
            age.rows(&age_codes),
        ),
        Table::breakdown(
            "children_by_setting",
            "Trẻ em bị xâm hại theo môi trường xảy ra",
            s,
            counted.tally(f::CHILD_SETTING).rows(&codes(
                AbuseSetting::ALL,
                AbuseSetting::code,
                AbuseSetting::label_vi,
            )),
        ),
        Table::breakdown(
            "children_by_ethnicity",
            "Trẻ em bị xâm hại theo dân tộc",
            s,
            counted.tally(f::CHILD_ETHNICITY).used_rows(&codes(
                Ethnicity::ALL,
                Ethnicity::code,
                Ethnicity::label_vi,
            )),
        ),
        Table::breakdown(
            "children_by_disability",
            "Trẻ em bị xâm hại là trẻ khuyết tật",
            s,
            counted
                .tally(f::CHILD_DISABILITY)
                .rows(&[("yes", "Khuyết tật"), ("no", "Không khuyết tật")]),
        ),
        Table::breakdown(
            "children_by_commune",
            "Trẻ em bị xâm hại theo xã, phường",
            s,
            counted.tally(f::CHILD_COMMUNE).used_rows(&commune_codes),
        ),
        Table::breakdown(
            "perpetrators_by_relation",
            "Người xâm hại theo quan hệ với trẻ",
            s,
            counted.tally(f::PERPETRATOR_RELATION).rows(&codes(
                PerpetratorRelation::ALL,
                PerpetratorRelation::code,
                PerpetratorRelation::label_vi,
            )),
        ),
        Table::breakdown(
            "perpetrators_by_age_band",
            "Người xâm hại theo độ tuổi",
            s,
            counted.tally(f::PERPETRATOR_AGE).rows(&codes(
                AgeBand::ALL,
                AgeBand::code,
                AgeBand::label_vi,
            )),
        ),
        Table::breakdown(
            "services_by_type",
            "Dịch vụ hỗ trợ đã cung cấp",
            s,
            counted.tally(f::SERVICE).rows(&codes(
                ServiceType::ALL,
                ServiceType::code,
                ServiceType::label_vi,
            )),
        ),
        Table::breakdown(
            "legal_outcomes",
            "Kết quả xử lý pháp lý (số vụ việc)",
            s,
            counted.tally(f::LEGAL_OUTCOME).rows(&codes(
                LegalOutcome::ALL,
                LegalOutcome::code,
                LegalOutcome::label_vi,
            )),
        ),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn child(
        birth_date: Option<NaiveDate>,
        birth_year: Option<i32>,
        estimate: Option<i32>,
    ) -> ChildFact {
        ChildFact {
            case_id: "c".into(),
            commune_code: 1,
            received_at: chrono::NaiveDateTime::default(),
            setting: None,
            sex: None,
            age_on_receipt: None,
            birth_date,
            birth_year,
            age_estimate: estimate,
            ethnicity: None,
            disability: None,
        }
    }

    #[test]
    fn age_is_counted_on_the_day_of_the_report() {
        let on = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let born = NaiveDate::from_ymd_opt(2015, 6, 11).unwrap();
        assert_eq!(age_on(&child(Some(born), Some(2015), None), on), Some(10));
        assert_eq!(age_on(&child(None, Some(2015), Some(3)), on), Some(11));
        assert_eq!(age_on(&child(None, None, Some(3)), on), Some(3));
        assert_eq!(age_on(&child(None, Some(2008), None), on), Some(17));
        assert_eq!(age_on(&child(None, None, None), on), None);
    }

    #[test]
    fn groups_follow_the_last_ages() {
        let g = age_groups(&[5, 10, 14, 17]);
        let codes: Vec<&str> = g.iter().map(|g| g.2.as_str()).collect();
        assert_eq!(codes, vec!["0_5", "6_10", "11_14", "15_17"]);
        assert_eq!(g[1].3, "Từ 6 đến 10 tuổi");
    }

    #[test]
    fn every_category_has_an_indicator_type() {
        for c in Category::ALL {
            let listed = INDICATOR_TYPES.iter().any(|t| t.2.contains(c));
            assert!(listed, "{c} is in no type of indicator 0101");
        }
        assert_eq!(indicator_type("online_sexual_exploitation"), "sexual_abuse");
    }
}
