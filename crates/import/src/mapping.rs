//! The mapping file: which column of the register holds which field, and how the register
//! writes codes and dates. A code may be written as the API's code or as its Vietnamese label
//! (`sexual_abuse` or `Xâm hại tình dục`) without saying so; `[values.<field>]` adds the
//! register's own spellings.
//!
//! ```toml
//! source = "hue-so-dang-ky-2019-2024"   # names the register: part of every row's key
//! agency = "hue-hotline"                # the hotline whose register it is
//! date_formats = ["%d/%m/%Y", "%d/%m/%Y %H:%M"]
//!
//! [columns]
//! key = "Số TT"                         # required: the row's number in the register
//! received_at = "Ngày tiếp nhận"        # required
//! commune = "Xã/phường"                 # required: a 2025 code or name, or a name of 2024
//! district = "Huyện"                    # the old district, where old names repeat
//! address = "Địa chỉ"                   # the village or street
//! category = "Loại xâm hại"             # required; several separated by `;` or `,`
//! status = "Tình trạng"
//! closed_at = "Ngày kết thúc"
//! child_name = "Họ tên trẻ"
//! child_birth_year = "Năm sinh"
//! child_sex = "Giới tính"
//! narrative = "Nội dung"
//!
//! [values.status]
//! "Đã đóng" = "closed"
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ImportError;

/// The fields a column may hold.
pub const FIELDS: [&str; 14] = [
    "key",
    "received_at",
    "commune",
    "district",
    "address",
    "category",
    "status",
    "closed_at",
    "channel",
    "child_name",
    "child_birth_year",
    "child_sex",
    "narrative",
    "risk_level",
];

/// The fields every mapping must name a column for.
const REQUIRED: [&str; 4] = ["key", "received_at", "commune", "category"];

/// The fields whose values are codes, and so may be respelled in `[values.<field>]`.
const CODED: [&str; 5] = ["category", "status", "channel", "child_sex", "risk_level"];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The register's name: with a row's key, what makes a second import of it add nothing.
    pub source: String,
    /// The hotline agency whose register it is.
    pub agency: String,
    #[serde(default = "default_date_formats")]
    pub date_formats: Vec<String>,
    /// Field → the column's header, as the register writes it.
    pub columns: BTreeMap<String, String>,
    /// Field → (the register's spelling → code).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// The channel of rows with no channel column (`hotline_111` by default).
    #[serde(default = "default_channel")]
    pub channel: String,
}

fn default_date_formats() -> Vec<String> {
    vec![
        "%d/%m/%Y".into(),
        "%d/%m/%Y %H:%M".into(),
        "%Y-%m-%d".into(),
        "%Y-%m-%d %H:%M:%S".into(),
    ]
}

fn default_channel() -> String {
    "hotline_111".into()
}

impl Mapping {
    /// Read and check a mapping file's text: every problem at once.
    pub fn parse(text: &str) -> Result<Mapping, ImportError> {
        let mapping: Mapping =
            toml::from_str(text).map_err(|e| ImportError::Mapping(e.message().to_owned()))?;
        let mut problems = Vec::new();
        if !valid_name(&mapping.source) {
            problems.push("`source` must be 1 to 100 letters, digits, `-`, `_` or `.`".to_owned());
        }
        for field in mapping.columns.keys() {
            if !FIELDS.contains(&field.as_str()) {
                problems.push(format!(
                    "[columns] `{field}` is no field ({})",
                    FIELDS.join(", ")
                ));
            }
        }
        for field in REQUIRED {
            if !mapping.columns.contains_key(field) {
                problems.push(format!("[columns] must name the column of `{field}`"));
            }
        }
        for field in mapping.values.keys() {
            if !CODED.contains(&field.as_str()) {
                problems.push(format!(
                    "[values.{field}]: only {} have codes",
                    CODED.join(", ")
                ));
            }
        }
        if mapping.date_formats.is_empty() {
            problems.push("`date_formats` is empty".to_owned());
        }
        match problems.is_empty() {
            true => Ok(mapping),
            false => Err(ImportError::Mapping(problems.join("; "))),
        }
    }

    /// The header of the column holding `field`, if the mapping names one.
    pub fn column(&self, field: &str) -> Option<&str> {
        self.columns.get(field).map(String::as_str)
    }

    /// What the register's `written` stands for in `field`: its own spelling, else the text
    /// itself (a code or a label, which the checks that follow read).
    pub fn respelled<'a>(&'a self, field: &str, written: &'a str) -> &'a str {
        self.values
            .get(field)
            .and_then(|spellings| spellings.get(written))
            .map_or(written, String::as_str)
    }
}

fn valid_name(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mapping of the register the import test and the bench use.
    const GOOD: &str = include_str!("../../../tests/fixtures/import/map.toml");

    #[test]
    fn a_mapping_names_its_columns_and_spellings() {
        let m = Mapping::parse(GOOD).unwrap();
        assert_eq!(m.column("received_at"), Some("Ngày tiếp nhận"));
        assert_eq!(m.column("narrative"), None);
        assert_eq!(m.source, "hue-so-dang-ky-2021-2022");
        assert_eq!(m.respelled("status", "Đã đóng"), "closed");
        assert_eq!(m.respelled("status", "closed"), "closed");
        assert_eq!(m.channel, "hotline_111");
    }

    #[test]
    fn every_problem_of_a_mapping_is_said_at_once() {
        let bad = r#"
source = "có dấu cách"
agency = "hue-hotline"
[columns]
key = "Số TT"
age = "Tuổi"
[values.narrative]
"x" = "y"
"#;
        let Err(ImportError::Mapping(said)) = Mapping::parse(bad) else {
            panic!("accepted");
        };
        for part in [
            "`source`",
            "`age` is no field",
            "`received_at`",
            "`commune`",
            "`category`",
            "[values.narrative]",
        ] {
            assert!(said.contains(part), "{part} not in {said}");
        }
        assert!(Mapping::parse("source = 1").is_err());
        assert!(Mapping::parse(&format!("{GOOD}\nunknown = 1")).is_err());
    }
}
