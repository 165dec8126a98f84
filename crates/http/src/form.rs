//! A form body (`application/x-www-form-urlencoded`) as every face that takes one reads it:
//! at most [`MAX_FIELDS`] fields, names short and made of the characters forms use, then the
//! form's own typed structure. Every byte a browser sends is hostile: a body that does not fit
//! is refused by name ([`Refusal`]) before any work is done with it.

use serde::de::DeserializeOwned;

/// More fields than any form of the service has (the console's call form, the largest, has
/// about seventy with every category ticked).
pub const MAX_FIELDS: usize = 200;
/// Longer than any name a form of the service gives a field.
pub const MAX_NAME_BYTES: usize = 64;

/// Why a form was refused before anything was done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an `application/x-www-form-urlencoded` body.
    NotAForm,
    /// Larger than the service accepts.
    TooLarge,
    /// The connection failed while the body was read.
    Unreadable,
    /// More fields than any form has.
    TooManyFields,
    /// A name no form uses (too long, empty, or with other characters).
    BadName,
    /// A name this form does not have.
    Unknown(String),
    /// A name sent more than once where the form has it once.
    Repeated(String),
    /// A field the form needs, absent.
    Missing(String),
    /// A value that does not fit its field (the name, when it is known).
    Invalid(Option<String>),
}

/// The characters of the service's field names: letters, digits and `- _ . [ ] # @`.
fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'[' | b']' | b'#' | b'@')
}

/// The name a serde message quotes between backticks (`unknown field `x``).
fn quoted(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

impl Refusal {
    fn of_serde(message: &str) -> Refusal {
        let name = quoted(message);
        match name {
            Some(n) if message.starts_with("unknown field") => Refusal::Unknown(n),
            Some(n) if message.starts_with("duplicate field") => Refusal::Repeated(n),
            Some(n) if message.starts_with("missing field") => Refusal::Missing(n),
            other => Refusal::Invalid(other),
        }
    }
}

/// A form's fields in the order sent, bounded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Split an `application/x-www-form-urlencoded` body. Invalid escapes stay as sent and
    /// invalid UTF-8 becomes U+FFFD: a value is text, whatever the browser sent.
    pub fn parse(body: &[u8]) -> Result<Fields, Refusal> {
        let mut fields = Vec::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            if fields.len() == MAX_FIELDS {
                return Err(Refusal::TooManyFields);
            }
            if name.is_empty() || name.len() > MAX_NAME_BYTES || !name.bytes().all(name_byte) {
                return Err(Refusal::BadName);
            }
            fields.push((name.into_owned(), value.into_owned()));
        }
        Ok(Fields(fields))
    }

    /// The value of `name`, taken out of the fields; refused when sent twice.
    pub fn take(&mut self, name: &str) -> Result<Option<String>, Refusal> {
        let mut found = None;
        let mut kept = Vec::with_capacity(self.0.len());
        for (n, v) in std::mem::take(&mut self.0) {
            if n != name {
                kept.push((n, v));
            } else if found.replace(v).is_some() {
                return Err(Refusal::Repeated(n));
            }
        }
        self.0 = kept;
        Ok(found)
    }

    /// The fields, in the order sent.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The form's typed structure. Its type refuses names it does not have
    /// (`#[serde(deny_unknown_fields)]`), and a name sent twice is refused here.
    pub fn typed<T: DeserializeOwned>(self) -> Result<T, Refusal> {
        let mut seen = std::collections::HashSet::new();
        if let Some((name, _)) = self.0.iter().find(|(n, _)| !seen.insert(n.as_str())) {
            return Err(Refusal::Repeated(name.clone()));
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish();
        serde_urlencoded::from_str(&encoded).map_err(|e| Refusal::of_serde(&e.to_string()))
    }

    /// The form's typed structure, for a form whose `lists` may repeat (ticked boxes): each of
    /// those names becomes the list of its values (empty when none is sent), every other name
    /// one value, refused when sent twice. The type refuses names it does not have
    /// (`#[serde(deny_unknown_fields)]`); its fields are text, lists of text, or `ticked`.
    pub fn typed_with_lists<T: DeserializeOwned>(self, lists: &[&str]) -> Result<T, Refusal> {
        use serde_json::Value;
        let mut object: serde_json::Map<String, Value> = lists
            .iter()
            .map(|list| ((*list).to_owned(), Value::Array(Vec::new())))
            .collect();
        for (name, value) in self.0 {
            match object.get_mut(&name) {
                Some(Value::Array(items)) if lists.contains(&name.as_str()) => {
                    items.push(Value::String(value));
                }
                Some(_) => return Err(Refusal::Repeated(name)),
                None => {
                    object.insert(name, Value::String(value));
                }
            }
        }
        serde_json::from_value(Value::Object(object)).map_err(|e| Refusal::of_serde(&e.to_string()))
    }

    /// The fields whose names start with `prefix`, taken out, with the prefix taken off.
    pub fn take_prefixed(&mut self, prefix: &str) -> Vec<(String, String)> {
        let (taken, kept) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|(n, _)| n.starts_with(prefix));
        self.0 = kept;
        taken
            .into_iter()
            .map(|(n, v)| (n[prefix.len()..].to_owned(), v))
            .collect()
    }
}

/// A box ticked: `yes` is true, any other value false (for `serde(deserialize_with)`).
pub fn ticked<'de, D: serde::Deserializer<'de>>(value: D) -> Result<bool, D::Error> {
    let sent = <String as serde::Deserialize>::deserialize(value)?;
    Ok(sent == "yes")
}

/// A field's text, trimmed; `None` when left blank.
pub fn text(value: &str) -> Option<String> {
    Some(value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A text area's lines, each trimmed, blank ones left out (one item a line).
pub fn lines(value: &str) -> Vec<String> {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A yes/no choice: `yes`, `no`, or left unanswered.
pub fn yes_no(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Note {
        text: String,
        note: Option<String>,
    }

    #[test]
    fn a_form_becomes_its_type_and_nothing_else() {
        let fields = Fields::parse(b"text=xin+ch%C3%A0o&note=").unwrap();
        assert_eq!(
            fields.typed::<Note>().unwrap(),
            Note {
                text: "xin chào".into(),
                note: Some(String::new())
            }
        );
        let unknown = Fields::parse(b"text=a&contacts.100000000.who=x").unwrap();
        assert_eq!(
            unknown.typed::<Note>(),
            Err(Refusal::Unknown("contacts.100000000.who".into()))
        );
        let twice = Fields::parse(b"text=a&text=b").unwrap();
        assert_eq!(twice.typed::<Note>(), Err(Refusal::Repeated("text".into())));
        let missing = Fields::parse(b"note=a").unwrap();
        assert_eq!(
            missing.typed::<Note>(),
            Err(Refusal::Missing("text".into()))
        );
    }

    #[test]
    fn hostile_bodies_are_refused_before_any_work() {
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(Fields::parse(many.as_bytes()), Err(Refusal::TooManyFields));
        let deep = format!("{}=x", "a.".repeat(5000));
        assert_eq!(Fields::parse(deep.as_bytes()), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"=x"), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"a%00b=x"), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"a+b=x"), Err(Refusal::BadName));
        // Broken escapes and bytes that are no UTF-8 are text, not a failure.
        let odd = Fields::parse(b"text=%E0%A4%A&note=%ff%fe").unwrap();
        let note: Note = odd.typed().unwrap();
        assert_eq!(note.text, "\u{fffd}%A");
        assert_eq!(note.note.as_deref(), Some("\u{fffd}\u{fffd}"));
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(default, deny_unknown_fields)]
    struct Ticks {
        boxes: Vec<String>,
        #[serde(deserialize_with = "ticked")]
        agreed: bool,
        name: String,
    }

    #[test]
    fn lists_repeat_and_nothing_else_does() {
        let typed =
            |body: &[u8]| Fields::parse(body).and_then(|f| f.typed_with_lists::<Ticks>(&["boxes"]));
        assert_eq!(
            typed(b"boxes=a&name=Lan&boxes=b&agreed=yes"),
            Ok(Ticks {
                boxes: vec!["a".into(), "b".into()],
                agreed: true,
                name: "Lan".into(),
            })
        );
        assert_eq!(typed(b"agreed=no"), Ok(Ticks::default()));
        assert_eq!(
            typed(b"name=a&name=b"),
            Err(Refusal::Repeated("name".into()))
        );
        assert_eq!(typed(b"other=1"), Err(Refusal::Unknown("other".into())));
        let mut fields = Fields::parse(b"child-0-name=A&name=B&child-1-sex=f").unwrap();
        assert_eq!(
            fields.take_prefixed("child-"),
            vec![("0-name".into(), "A".into()), ("1-sex".into(), "f".into())]
        );
        assert_eq!(fields.pairs().collect::<Vec<_>>(), vec![("name", "B")]);
    }

    #[test]
    fn the_token_is_taken_once() {
        let mut fields = Fields::parse(b"csrf=t&text=a").unwrap();
        assert_eq!(fields.take("csrf").unwrap().as_deref(), Some("t"));
        assert_eq!(fields.pairs().count(), 1);
        let mut twice = Fields::parse(b"csrf=t&csrf=u").unwrap();
        assert_eq!(twice.take("csrf"), Err(Refusal::Repeated("csrf".into())));
    }
}
