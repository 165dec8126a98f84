//! What the reporter typed: read from the form's fields, turned into the API's request, and
//! the API's problems mapped back to the form's inputs.

use hotline_http::form::{text, ticked, Fields, Refusal};
use hotline_http::FieldError;
use hotline_intake::dto::{ChildInput, InformantInput, OnlineInput, PlaceInput, TypedOnline};
use hotline_words as text;

use crate::submit::PublicReportRequest;

/// What the reporter typed, kept to show the form again unchanged; the form's names are the
/// fields'.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormValues {
    pub province: String,
    pub commune: String,
    pub place_detail: String,
    pub categories: Vec<String>,
    #[serde(deserialize_with = "ticked")]
    pub emergency: bool,
    pub narrative: String,
    pub child_name: String,
    pub child_birth_year: String,
    pub child_sex: String,
    pub platform: String,
    pub urls: String,
    pub handles: String,
    pub content_types: Vec<String>,
    pub still_online: String,
    pub informant_name: String,
    pub informant_phone: String,
    pub informant_relation: String,
    #[serde(deserialize_with = "ticked")]
    pub consent: bool,
    pub website: String,
}

impl FormValues {
    pub fn commune_is(&self, code: &i32) -> bool {
        self.commune.trim().parse::<i32>().ok() == Some(*code)
    }

    pub fn has_category(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c == code)
    }

    pub fn has_content_type(&self, code: &str) -> bool {
        self.content_types.iter().any(|c| c == code)
    }
    /// The form's fields as sent: only its own names, each once (but the ticked boxes of
    /// `categories` and `content_types`, which repeat).
    pub fn from_fields(fields: Fields) -> Result<FormValues, Refusal> {
        fields.typed_with_lists(&["categories", "content_types"])
    }

    /// The API's request; a problem no API field could name (a birth year that is no number)
    /// is returned beside it.
    pub fn to_request(&self) -> (PublicReportRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let commune_code = match self.commune.trim() {
            "" => None,
            c => match c.parse::<u32>() {
                Ok(code) => Some(code),
                Err(_) => {
                    errors.push(FieldError::new("place.commune_code", text::NO_SUCH_COMMUNE));
                    None
                }
            },
        };
        let birth_year = match self.child_birth_year.trim() {
            "" => None,
            y => match y.parse::<i32>() {
                Ok(year) => Some(year),
                Err(_) => {
                    errors.push(FieldError::new("children[0].birth_year", text::NEEDS_YEAR));
                    None
                }
            },
        };
        let child = ChildInput {
            name: text(&self.child_name),
            birth_year,
            age_estimate: None,
            sex: text(&self.child_sex),
            current_location: None,
            ethnicity: None,
            disability: None,
            birth_date: None,
        };
        let has_child = child.name.is_some() || child.birth_year.is_some() || child.sex.is_some();
        let informant = InformantInput {
            consent_to_store: self.consent,
            name: text(&self.informant_name),
            phone: text(&self.informant_phone),
            handle: None,
            relation: text(&self.informant_relation),
        };
        let has_informant =
            informant.name.is_some() || informant.phone.is_some() || informant.relation.is_some();
        let online = OnlineInput::from(TypedOnline {
            platform: &self.platform,
            urls: &self.urls,
            handles: &self.handles,
            content_types: &self.content_types,
            still_online: &self.still_online,
            file_sha256: "",
        });
        let has_online = online != OnlineInput::default();
        let request = PublicReportRequest {
            categories: self.categories.clone(),
            emergency: self.emergency,
            place: Some(PlaceInput {
                commune_code,
                detail: text(&self.place_detail),
            }),
            children: has_child.then(|| vec![child]),
            informant: has_informant.then_some(informant),
            narrative: text(&self.narrative),
            online: has_online.then_some(online),
            website: text(&self.website),
        };
        (request, errors)
    }
}

/// A problem as the form shows it: which input, its label, the message.
#[derive(Debug, Clone)]
pub struct FormError {
    pub input: &'static str,
    pub label: &'static str,
    pub message: String,
}

/// The form input an API field path belongs to ("online.urls[2]" -> the URL box).
fn input_of(field: &str) -> (&'static str, &'static str) {
    let base = field.split('[').next().unwrap_or(field);
    match (base, field) {
        (_, "place.commune_code") => ("commune", text::COMMUNE_INPUT),
        (_, "place.detail") => ("place_detail", text::PLACE_INPUT),
        ("categories", _) => ("categories", text::CATEGORY),
        ("narrative", _) => ("narrative", text::TELL_WHAT_HAPPENED),
        (_, f) if f.ends_with("].name") && f.starts_with("children") => {
            ("child_name", text::CHILD_NAME_INPUT)
        }
        (_, f) if f.ends_with("].birth_year") => ("child_birth_year", text::CHILD_BIRTH_YEAR_INPUT),
        (_, f) if f.ends_with("].sex") => ("child_sex", text::CHILD_SEX_INPUT),
        ("online.urls", _) => ("urls", text::URLS_INPUT),
        ("online.offender_handles", _) => ("handles", text::HANDLES_INPUT),
        ("online.content_types", _) => ("content_types", text::CONTENT_TYPES),
        ("online.platform", _) => ("platform", text::PLATFORM_INPUT),
        ("informant.name", _) => ("informant_name", text::YOUR_NAME_INPUT),
        ("informant.phone", _) => ("informant_phone", text::PHONE),
        ("informant.relation", _) => ("informant_relation", text::RELATION),
        _ => ("narrative", text::REPORT_INPUT),
    }
}

pub(super) fn form_errors(errors: &[FieldError]) -> Vec<FormError> {
    let mut out: Vec<FormError> = Vec::new();
    for e in errors {
        let (input, label) = input_of(&e.field);
        // Several bad URLs are one problem with the URL box, said once per distinct message.
        if out
            .iter()
            .any(|o| o.input == input && o.message == e.message)
        {
            continue;
        }
        out.push(FormError {
            input,
            label,
            message: e.message.clone(),
        });
    }
    out
}
