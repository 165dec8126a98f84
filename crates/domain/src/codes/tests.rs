#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn codes_round_trip_through_text_and_json() {
    for c in Category::ALL {
        assert_eq!(c.code().parse::<Category>(), Ok(*c));
        let json = serde_json::to_string(c).unwrap();
        assert_eq!(json, format!("\"{}\"", c.code()));
        assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), *c);
    }
    assert_eq!("hotline_111".parse::<Channel>(), Ok(Channel::Hotline111));
}

#[test]
fn the_published_schema_lists_the_codes_the_api_speaks() {
    use utoipa::PartialSchema;
    let schema = serde_json::to_value(CaseStatus::schema()).unwrap();
    let listed: Vec<&str> = schema["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let spoken: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(listed, spoken);
    assert_eq!(schema["type"], "string");
}

#[test]
fn the_ethnic_groups_are_the_official_54_in_their_order() {
    let official: Vec<_> = Ethnicity::ALL.iter().filter_map(|e| e.gso_code()).collect();
    assert_eq!(official, (1..=54).collect::<Vec<u8>>());
    assert_eq!(Ethnicity::Kinh.gso_code(), Some(1));
    assert_eq!(Ethnicity::Hmong.gso_code(), Some(8));
    assert_eq!(Ethnicity::RoMam.gso_code(), Some(54));
    assert_eq!(Ethnicity::Unknown.gso_code(), None);
    let labels: std::collections::BTreeSet<_> =
        Ethnicity::ALL.iter().map(|e| e.label_vi()).collect();
    assert_eq!(labels.len(), Ethnicity::ALL.len(), "no label twice");
}

#[test]
fn unknown_code_names_its_kind() {
    let err = "burglary".parse::<Category>().unwrap_err();
    assert_eq!(err.to_string(), "unknown category code `burglary`");
}

#[test]
fn a_deadline_is_the_task_of_the_same_code_and_words() {
    for kind in DeadlineKind::ALL {
        let task = TaskKind::from(*kind);
        assert_eq!(task.code(), kind.code());
        assert_eq!(task.label_vi(), kind.label_vi());
    }
}
