#![allow(clippy::unwrap_used)]

use super::*;

fn request(json: serde_json::Value) -> ReportRequest {
    serde_json::from_value(json).unwrap()
}

fn fields(json: serde_json::Value) -> Vec<String> {
    validate_report(&request(json), Utc::now())
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn without_consent_the_informant_is_dropped() {
    let r = validate_report(
        &request(serde_json::json!({
            "channel": "hotline_111", "contact_type": "counselling",
            "informant": {"consent_to_store": false, "name": "Trần Văn C", "phone": "0901234567", "relation": "neighbour"}
        })),
        Utc::now(),
    )
    .unwrap();
    let inf = r.informant.unwrap();
    assert_eq!((inf.name, inf.phone), (None, None));
    assert_eq!(inf.relation.as_deref(), Some("neighbour"));
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let got = fields(serde_json::json!({
        "channel": "fax", "contact_type": "abuse_report", "categories": ["burglary"],
        "received_at": "2999-01-01T00:00:00Z", "risk_level": "extreme",
        "children": [{"birth_year": 1990, "sex": "x", "age_estimate": 40}],
        "online": {"urls": ["ftp://x", "not a url"], "file_sha256": ["abc"]}
    }));
    for f in [
        "channel",
        "categories[0]",
        "received_at",
        "risk_level",
        "place.commune_code",
        "children[0].birth_year",
        "children[0].sex",
        "children[0].age_estimate",
        "online.urls[0]",
        "online.urls[1]",
        "online.file_sha256[0]",
    ] {
        assert!(got.contains(&f.to_owned()), "{f} missing from {got:?}");
    }
}

#[test]
fn bounds_on_children_urls_and_narrative() {
    let child = serde_json::json!({"name": "A"});
    let got = fields(serde_json::json!({
        "channel": "hotline_111", "contact_type": "abuse_report", "categories": ["neglect"],
        "place": {"commune_code": 19900},
        "children": vec![child; 11],
        "narrative": "x".repeat(MAX_NARRATIVE_CHARS + 1),
        "online": {"urls": vec!["https://example.org/a"; 51]}
    }));
    assert_eq!(got, vec!["children", "narrative", "online.urls"]);
}

#[test]
fn a_narrative_at_the_limit_in_vietnamese_is_accepted() {
    let r = validate_report(
        &request(serde_json::json!({
            "channel": "hotline_111", "contact_type": "abuse_report", "categories": ["neglect"],
            "place": {"commune_code": 19900}, "narrative": "ệ".repeat(MAX_NARRATIVE_CHARS)
        })),
        Utc::now(),
    );
    assert!(r.is_ok());
}

#[test]
fn the_indicators_arrive_checked_and_typed() {
    let r = validate_report(
        &request(serde_json::json!({
            "channel": "hotline_111", "contact_type": "abuse_report",
            "categories": ["online_sexual_exploitation"], "place": {"commune_code": 19900},
            "received_at": "2026-11-28T08:00:00+07:00",
            "setting": "online", "sexual_subtypes": ["grooming", "sextortion"],
            "children": [{"name": "A", "birth_date": "2012-03-04", "ethnicity": "hmong",
                          "disability": true}],
            "perpetrators": [{"relation": "online_contact", "sex": "male",
                              "age_band": "18_29", "known_to_police": false}]
        })),
        "2026-11-29T00:00:00Z".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(r.setting, Some(AbuseSetting::Online));
    assert_eq!(
        r.sexual_subtypes,
        vec![SexualSubtype::Grooming, SexualSubtype::Sextortion]
    );
    let child = &r.children[0];
    assert_eq!(child.ethnicity, Some(Ethnicity::Hmong));
    assert_eq!(child.birth_year, Some(2012), "the year follows the date");
    assert_eq!(child.disability, Some(true));
    let p = &r.perpetrators[0];
    assert_eq!(
        p.relation,
        hotline_domain::PerpetratorRelation::OnlineContact
    );
    assert_eq!(
        p.row(
            &hotline_vault::Vault::throwaway(),
            "c",
            0,
            None,
            chrono::NaiveDateTime::default()
        )
        .unwrap()
        .adult,
        Some(true)
    );
}

#[test]
fn bad_indicators_are_named_by_field() {
    let got = fields(serde_json::json!({
        "channel": "hotline_111", "contact_type": "abuse_report",
        "categories": ["neglect"], "place": {"commune_code": 19900},
        "received_at": "2026-11-28T08:00:00+07:00",
        "setting": "street", "sexual_subtypes": ["rape", "rape"],
        "children": [{"birth_date": "2008-11-28", "ethnicity": "martian"},
                     {"birth_year": 2013, "birth_date": "2012-01-01"},
                     {"birth_date": "28/11/2012"}],
        "perpetrators": [{"relation": "uncle"}, {"relation": "peer", "age_band": "16_17", "adult": true}]
    }));
    assert_eq!(
        got,
        vec![
            "children[0].birth_date",
            "children[0].ethnicity",
            "children[1].birth_date",
            "children[2].birth_date",
            "setting",
            "sexual_subtypes[1]",
            "sexual_subtypes",
            "perpetrators[0].relation",
            "perpetrators[1].adult",
        ]
    );
}
