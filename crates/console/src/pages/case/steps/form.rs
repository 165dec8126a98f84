//! A step record's form, as flat named fields, and the JSON document the operation takes.
//! A field's name is its path in the document (`criteria.harm.level`, `contacts.0.who`);
//! a suffix says how its text becomes a value: `[]` one item a line, `#` a number, `@` a
//! date and time in Vietnam. `true` and `false` are booleans; an empty field is absent, and
//! a list item or object left wholly empty is dropped. The same names fill the form again
//! from a saved record, so a draft opens as it was left. A form sent may hold only the names
//! its step's form shows (and its submit button's `action`): the slots of a list are the
//! form's, never the sender's, so a document is as small and as shallow as the form.

use std::collections::HashMap;

use hotline_http::form::{Fields, Refusal};

use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use serde_json::{Map, Value};

/// The name of the submit button's field.
const ACTION: &str = "action";

/// The fields of a form as typed (or as a saved record gives them), by name.
#[derive(Debug, Clone, Default)]
pub struct StepValues(pub HashMap<String, String>);

/// The form field an error path names: `contacts[0].who` is `contacts-0-who`.
pub fn field_id(path: &str) -> String {
    path.replace('[', ".").replace(']', "").replace('.', "-")
}

fn typed(name: &str, raw: &str) -> Option<(String, Value)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if let Some(path) = name.strip_suffix("[]") {
        let items: Vec<Value> = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Value::String(l.to_owned()))
            .collect();
        return Some((path.to_owned(), Value::Array(items)));
    }
    if let Some(path) = name.strip_suffix('#') {
        let value = raw
            .parse::<i64>()
            .map_or_else(|_| Value::String(raw.to_owned()), Value::from);
        return Some((path.to_owned(), value));
    }
    if let Some(path) = name.strip_suffix('@') {
        let value = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
            .ok()
            .zip(FixedOffset::east_opt(7 * 3600))
            .and_then(|(t, tz)| tz.from_local_datetime(&t).single())
            .map_or_else(
                || Value::String(raw.to_owned()),
                |t| Value::String(t.to_rfc3339()),
            );
        return Some((path.to_owned(), value));
    }
    let value = match raw {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(raw.to_owned()),
    };
    Some((name.to_owned(), value))
}

/// More slots than any step's form shows; a name with a larger index is no name of a form.
const MAX_SLOT: usize = 16;

/// Put `value` at `path` (dot-separated; numbers index lists) under `at`.
fn place(at: &mut Value, path: &[&str], value: Value) {
    let Some((head, rest)) = path.split_first() else {
        *at = value;
        return;
    };
    if let Ok(i) = head.parse::<usize>() {
        if i >= MAX_SLOT {
            return;
        }
        if !at.is_array() {
            *at = Value::Array(Vec::new());
        }
        if let Value::Array(items) = at {
            while items.len() <= i {
                items.push(Value::Null);
            }
            place(&mut items[i], rest, value);
        }
        return;
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    if let Value::Object(map) = at {
        place(map.entry(*head).or_insert(Value::Null), rest, value);
    }
}

/// Drop what was left empty: nulls, empty objects, list items left blank.
fn prune(v: &mut Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(map) => {
            map.retain(|_, v| prune(v));
            !map.is_empty()
        }
        Value::Array(items) => {
            items.retain_mut(prune);
            true
        }
        _ => true,
    }
}

impl StepValues {
    /// The fields of a step's form as sent (its token already taken out): each a name of
    /// `names` (the form's own) or the submit button's `action`, once.
    pub fn from_fields(fields: Fields, names: &[String]) -> Result<StepValues, Refusal> {
        let mut values = HashMap::new();
        for (name, value) in fields.pairs() {
            if name != ACTION && !names.iter().any(|n| n == name) {
                return Err(Refusal::Unknown(name.to_owned()));
            }
            if values.insert(name.to_owned(), value.to_owned()).is_some() {
                return Err(Refusal::Repeated(name.to_owned()));
            }
        }
        Ok(StepValues(values))
    }

    /// Which button sent the form (`save` or `submit`), taken out of the values.
    pub fn take_action(&mut self) -> String {
        self.0.remove(ACTION).unwrap_or_default()
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// The document the operation takes.
    pub fn document(&self) -> Value {
        let mut doc = Value::Object(Map::new());
        let mut fields: Vec<(&String, &String)> = self
            .0
            .iter()
            .filter(|(k, _)| k.as_str() != ACTION)
            .collect();
        fields.sort();
        for (name, raw) in fields {
            if let Some((path, value)) = typed(name, raw) {
                let parts: Vec<&str> = path.split('.').collect();
                place(&mut doc, &parts, value);
            }
        }
        prune(&mut doc);
        doc
    }

    /// The fields of a saved record, named as the form names them (`names` gives each
    /// field's suffix, by its path).
    pub fn of_record(doc: &Value, names: &[&str]) -> StepValues {
        let mut out = HashMap::new();
        for name in names {
            let path = name.trim_end_matches(['#', '@']).trim_end_matches("[]");
            let mut at = doc;
            for part in path.split('.') {
                at = match part.parse::<usize>() {
                    Ok(i) => at.get(i).unwrap_or(&Value::Null),
                    Err(_) => at.get(part).unwrap_or(&Value::Null),
                };
            }
            let text = match at {
                Value::Null => continue,
                Value::String(s) if name.ends_with('@') => chrono::DateTime::parse_from_rfc3339(s)
                    .map(|t| {
                        t.with_timezone(&hotline_domain::time::vietnam())
                            .format("%Y-%m-%dT%H:%M")
                            .to_string()
                    })
                    .unwrap_or_else(|_| s.clone()),
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n"),
                other => other.to_string(),
            };
            out.insert((*name).to_owned(), text);
        }
        StepValues(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn named_fields_become_the_document_and_back() {
        let body = "confirmed=true&criteria.harm.level=high&criteria.harm.note=b%E1%BB%8B+th%C6%B0%C6%A1ng\
            &contacts.0.who=m%E1%BA%B9&contacts.1.who=&contacts.1.summary=&goals[]=a%0D%0A%0D%0Ab\
            &actions.0.action%23=2&emergency_action.taken_at%40=2026-11-30T10%3A15&emergency_action.note=&action=save";
        let names: Vec<String> = [
            "confirmed",
            "criteria.harm.level",
            "criteria.harm.note",
            "contacts.0.who",
            "contacts.1.who",
            "contacts.1.summary",
            "goals[]",
            "actions.0.action#",
            "emergency_action.taken_at@",
            "emergency_action.note",
        ]
        .map(String::from)
        .to_vec();
        let mut values =
            StepValues::from_fields(Fields::parse(body.as_bytes()).unwrap(), &names).unwrap();
        assert_eq!(values.take_action(), "save");
        let doc = values.document();
        assert_eq!(
            doc,
            json!({
                "confirmed": true,
                "criteria": {"harm": {"level": "high", "note": "bị thương"}},
                "contacts": [{"who": "mẹ"}],
                "goals": ["a", "b"],
                "actions": [{"action": 2}],
                "emergency_action": {"taken_at": "2026-11-30T10:15:00+07:00"},
            })
        );
        let again = StepValues::of_record(
            &doc,
            &[
                "criteria.harm.note",
                "contacts.0.who",
                "goals[]",
                "actions.0.action#",
                "emergency_action.taken_at@",
                "note",
            ],
        );
        assert_eq!(again.get("criteria.harm.note"), "bị thương");
        assert_eq!(again.get("goals[]"), "a\nb");
        assert_eq!(again.get("actions.0.action#"), "2");
        assert_eq!(again.get("emergency_action.taken_at@"), "2026-11-30T10:15");
        assert_eq!(again.get("note"), "");
    }

    #[test]
    fn only_the_forms_own_names_are_taken() {
        let names = vec!["contacts.0.who".to_owned(), "note".to_owned()];
        let sent =
            |body: &str| StepValues::from_fields(Fields::parse(body.as_bytes()).unwrap(), &names);
        assert!(sent("contacts.0.who=x&note=y&action=save").is_ok());
        for (body, name) in [
            ("contacts.100000000.who=x", "contacts.100000000.who"),
            (
                "contacts.18446744073709551615.who=x",
                "contacts.18446744073709551615.who",
            ),
            ("contacts.-1.who=x", "contacts.-1.who"),
            ("contacts.0.who.x=y", "contacts.0.who.x"),
        ] {
            assert_eq!(sent(body).err(), Some(Refusal::Unknown(name.to_owned())));
        }
        assert_eq!(
            sent("note=a&note=b").err(),
            Some(Refusal::Repeated("note".to_owned()))
        );
        // Even a document built by hand stays within the form's slots.
        let mut doc = Value::Object(Map::new());
        place(
            &mut doc,
            &["contacts", "18446744073709551615", "who"],
            Value::Bool(true),
        );
        prune(&mut doc);
        assert_eq!(doc, Value::Object(Map::new()));
    }

    #[test]
    fn error_paths_name_form_fields() {
        assert_eq!(field_id("contacts[0].who"), "contacts-0-who");
        assert_eq!(field_id("criteria.harm.level"), "criteria-harm-level");
    }
}
