//! One row of a register into a past case: the report intake would have logged (checked
//! with intake's own rules), the case's status and end, and the row's key. A row that does
//! not pass gives every problem it has, each with its row and the register's column.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use hotline_domain::{time, CaseStatus, Category, Channel, RiskLevel, Sex};
use hotline_http::FieldError;
use hotline_intake::dto::{ChildInput, PlaceInput, ReportRequest};
use hotline_intake::past::PastCase;
use hotline_intake::validate::validate_report;
use unicode_normalization::UnicodeNormalization;

use crate::mapping::Mapping;
use crate::old_units::OldUnit;
use crate::sheet::Sheet;
use crate::ImportError;

/// A problem of one row: the spreadsheet's row number (the header is row 1), the column as
/// the register names it, and the reason, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// The problems of one row, each with the register's column.
struct Said<'m> {
    row: usize,
    mapping: &'m Mapping,
    problems: Vec<RowProblem>,
}

impl Said<'_> {
    fn say(&mut self, field: &str, reason: String) {
        let column = self.mapping.column(field).unwrap_or(field).to_owned();
        self.problems.push(RowProblem {
            row: self.row,
            column,
            reason,
        });
    }

    /// Whether `field`'s column has a problem already.
    fn has(&self, field: &str) -> bool {
        let column = self.mapping.column(field).unwrap_or(field);
        self.problems.iter().any(|p| p.column == column)
    }
}

/// What a register wrote of a row's place, and when the row's report was received (which
/// says whether its names are those before or after the 2025 reform).
pub struct Written<'a> {
    pub commune: &'a str,
    pub district: &'a str,
    pub received_at: Option<DateTime<FixedOffset>>,
}

/// Where a row's commune lies today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// In this 2025 commune.
    Commune(u32),
    /// In an old commune divided between several 2025 communes: a person must say which.
    Divided(OldUnit),
}

/// Where a commune written in a register lies today, or why it cannot be said.
pub type Communes<'a> = dyn Fn(&Written<'_>) -> Result<Located, String> + 'a;

/// A row that passed: its case, and the divided old commune it waits on, if any.
#[derive(Debug, Clone)]
pub struct Checked {
    pub past: PastCase,
    pub divided: Option<OldUnit>,
}

/// A register read with its mapping: each field's column found.
pub struct Rows<'a> {
    mapping: &'a Mapping,
    sheet: &'a Sheet,
    at: BTreeMap<&'a str, usize>,
}

impl<'a> Rows<'a> {
    /// The columns the mapping names, found in the header row (all that are missing said at
    /// once).
    pub fn new(mapping: &'a Mapping, sheet: &'a Sheet) -> Result<Rows<'a>, ImportError> {
        let mut at = BTreeMap::new();
        let mut missing = Vec::new();
        for (field, header) in &mapping.columns {
            match sheet.position(header) {
                Some(i) => {
                    at.insert(field.as_str(), i);
                }
                None => missing.push(format!("`{header}` ({field})")),
            }
        }
        if !missing.is_empty() {
            return Err(ImportError::Mapping(format!(
                "the file has no column {}",
                missing.join(", ")
            )));
        }
        Ok(Rows { mapping, sheet, at })
    }

    pub fn len(&self) -> usize {
        self.sheet.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sheet.rows.is_empty()
    }

    /// Row `index`'s text of each field the mapping names.
    pub fn values(&self, index: usize) -> BTreeMap<String, String> {
        self.at
            .keys()
            .map(|field| ((*field).to_owned(), self.text(index, field).to_owned()))
            .collect()
    }

    /// The text of `field` in row `index` (empty when unmapped or blank).
    fn text(&self, index: usize, field: &str) -> &'a str {
        let sheet: &'a Sheet = self.sheet;
        self.at
            .get(field)
            .and_then(|&i| sheet.rows.get(index).and_then(|r| r.get(i)))
            .map_or("", String::as_str)
    }

    /// Row `index` (0 is the first under the header) as a past case, or its problems.
    pub fn check(
        &self,
        index: usize,
        communes: &Communes<'_>,
        now: DateTime<Utc>,
    ) -> Result<Checked, Vec<RowProblem>> {
        let row = index + 2;
        let mut said = Said {
            row,
            mapping: self.mapping,
            problems: Vec::new(),
        };
        let key = self.text(index, "key");
        if key.is_empty() || key.chars().count() > 100 {
            said.say("key", "cần số thứ tự của dòng (1 đến 100 ký tự)".into());
        }
        let received_at = match self.date(index, "received_at") {
            Ok(Some(at)) => Some(at),
            Ok(None) => {
                said.say("received_at", "cần ngày tiếp nhận".into());
                None
            }
            Err(why) => {
                said.say("received_at", why);
                None
            }
        };
        let closed_at = self.date(index, "closed_at").unwrap_or_else(|why| {
            said.say("closed_at", why);
            None
        });
        let written = Written {
            commune: self.text(index, "commune"),
            district: self.text(index, "district"),
            received_at,
        };
        // A row waiting on a divided commune is checked as if in the first of its parts:
        // every check but its place is then done once, now.
        let (commune, divided) = match communes(&written) {
            Ok(Located::Commune(code)) => (Some(code), None),
            Ok(Located::Divided(unit)) => {
                let first = unit.among.first().and_then(|c| u32::try_from(*c).ok());
                (first, Some(unit))
            }
            Err(why) => {
                said.say("commune", why);
                (None, None)
            }
        };
        let mut categories = Vec::new();
        for written in split_list(self.text(index, "category")) {
            match self.coded(written, "category", Category::ALL, |c| {
                (c.code(), c.label_vi())
            }) {
                Some(code) => categories.push(code.to_owned()),
                None => said.say("category", format!("không rõ loại xâm hại «{written}»")),
            }
        }
        let status = self
            .status(index, closed_at.is_some())
            .unwrap_or_else(|why| {
                said.say("status", why);
                CaseStatus::New
            });
        if hotline_domain::lifecycle::is_open(status) == closed_at.is_some() {
            let why = match closed_at {
                Some(_) => "vụ việc còn đang xử lý không có ngày kết thúc",
                None => "vụ việc đã kết thúc cần ngày kết thúc",
            };
            said.say("closed_at", why.into());
        }
        let request = self.request(index, (received_at, commune, categories), &mut said);
        let source_key = format!("{}:{key}", self.mapping.source);
        let report = match validate_report(&request, now) {
            Ok(valid) => Some(valid),
            Err(errors) => {
                // Intake's problem of a column already said here (a commune not found is
                // also a commune missing) is said once.
                for e in errors {
                    let field = field_of(&e);
                    if !said.has(field) {
                        said.say(field, e.message);
                    }
                }
                None
            }
        };
        match (report, said.problems.is_empty()) {
            (Some(report), true) => Ok(Checked {
                past: PastCase {
                    source_key,
                    report,
                    status,
                    closed_at: closed_at.map(|t| t.with_timezone(&Utc)),
                    row,
                },
                divided,
            }),
            _ => Err(said.problems),
        }
    }

    /// The report intake would have been given for the row.
    fn request(
        &self,
        index: usize,
        (received_at, commune, categories): (
            Option<DateTime<FixedOffset>>,
            Option<u32>,
            Vec<String>,
        ),
        said: &mut Said<'_>,
    ) -> ReportRequest {
        let channel = match self.text(index, "channel") {
            "" => Some(self.mapping.channel.clone()),
            _ => self.code_in(
                index,
                "channel",
                Channel::ALL,
                |c| (c.code(), c.label_vi()),
                said,
            ),
        };
        let sex = self.code_in(
            index,
            "child_sex",
            Sex::ALL,
            |c| (c.code(), c.label_vi()),
            said,
        );
        let risk_level = self.code_in(
            index,
            "risk_level",
            RiskLevel::ALL,
            |c| (c.code(), c.label_vi()),
            said,
        );
        let name = non_empty(self.text(index, "child_name"));
        let birth_year = match self.text(index, "child_birth_year") {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(year) => Some(year),
                Err(_) => {
                    said.say("child_birth_year", format!("«{text}» không phải năm"));
                    None
                }
            },
        };
        let child =
            (name.is_some() || birth_year.is_some() || sex.is_some()).then_some(ChildInput {
                name,
                birth_year,
                age_estimate: None,
                sex,
                current_location: None,
                ethnicity: None,
                disability: None,
                birth_date: None,
            });
        ReportRequest {
            channel: channel.unwrap_or_default(),
            received_at,
            contact_type: "abuse_report".into(),
            categories,
            emergency: false,
            risk_level,
            place: Some(PlaceInput {
                commune_code: commune,
                detail: non_empty(self.text(index, "address")),
            }),
            children: child.map(|c| vec![c]),
            informant: None,
            caller: None,
            narrative: non_empty(self.text(index, "narrative")),
            online: None,
            setting: None,
            sexual_subtypes: Vec::new(),
            perpetrators: Vec::new(),
        }
    }

    /// The code of an optional coded `field` in row `index`; a value not understood is a
    /// problem.
    fn code_in<T: Copy>(
        &self,
        index: usize,
        field: &str,
        values: &[T],
        code_and_label: fn(T) -> (&'static str, &'static str),
        said: &mut Said<'_>,
    ) -> Option<String> {
        let written = self.text(index, field);
        if written.is_empty() {
            return None;
        }
        let found = self.coded(written, field, values, code_and_label);
        if found.is_none() {
            said.say(field, format!("không rõ «{written}»"));
        }
        found.map(str::to_owned)
    }

    /// A date (and time) in one of the mapping's formats, in Vietnam's time; `None` when blank.
    fn date(&self, index: usize, field: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
        let text = self.text(index, field);
        if text.is_empty() {
            return Ok(None);
        }
        for format in &self.mapping.date_formats {
            let parsed = NaiveDateTime::parse_from_str(text, format).or_else(|_| {
                NaiveDate::parse_from_str(text, format).map(|d| d.and_time(chrono::NaiveTime::MIN))
            });
            if let Ok(local) = parsed {
                if let Some(at) = time::vietnam().from_local_datetime(&local).single() {
                    return Ok(Some(at));
                }
            }
        }
        Err(format!(
            "«{text}» không đúng dạng ngày ({})",
            self.mapping.date_formats.join(", ")
        ))
    }

    fn status(&self, index: usize, ended: bool) -> Result<CaseStatus, String> {
        match self.text(index, "status") {
            "" if ended => Ok(CaseStatus::Closed),
            "" => Ok(CaseStatus::New),
            written => self
                .coded(written, "status", CaseStatus::ALL, |s| {
                    (s.code(), s.label_vi())
                })
                .and_then(|code| code.parse().ok())
                .ok_or_else(|| format!("không rõ tình trạng «{written}»")),
        }
    }

    /// The code `written` stands for in `field`: the register's own spelling, else a code or
    /// a Vietnamese label (letter case and Unicode form aside).
    fn coded<T: Copy>(
        &self,
        written: &str,
        field: &str,
        values: &[T],
        code_and_label: impl Fn(T) -> (&'static str, &'static str),
    ) -> Option<&'static str> {
        let meant = folded(self.mapping.respelled(field, written));
        values
            .iter()
            .map(|v| code_and_label(*v))
            .find_map(|(code, label)| {
                (folded(code) == meant || folded(label) == meant).then_some(code)
            })
    }
}

fn folded(text: &str) -> String {
    text.trim().nfc().collect::<String>().to_lowercase()
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Several values in one cell, as registers write them: `;`, `,` or new lines.
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', ',', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The mapping field an intake problem concerns.
fn field_of(e: &FieldError) -> &'static str {
    let f = e.field.as_str();
    match f {
        _ if f.starts_with("categories") => "category",
        _ if f.starts_with("place.detail") => "address",
        _ if f.starts_with("place") => "commune",
        _ if f.ends_with(".birth_year") => "child_birth_year",
        _ if f.ends_with(".sex") => "child_sex",
        _ if f.starts_with("children") => "child_name",
        "received_at" => "received_at",
        "channel" => "channel",
        "narrative" => "narrative",
        "risk_level" => "risk_level",
        _ => "key",
    }
}

#[cfg(test)]
mod tests;
