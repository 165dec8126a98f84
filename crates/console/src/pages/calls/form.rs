//! The call form as typed: kept to show again unchanged, and turned into the intake request
//! the API takes, so that both faces are checked by the same rules. Field names are the ids
//! the error summary links to (`field_id` maps an API field path to them).

use chrono::{FixedOffset, NaiveDateTime, TimeZone};
use hotline_http::FieldError;

use hotline_http::form::{text, ticked, Fields, Refusal};
use hotline_intake::dto::{
    CallerInput, ChildInput, InformantInput, OnlineInput, PlaceInput, ReportRequest, TypedOnline,
};

/// Child slots on the form; a slot left empty is not sent.
pub const CHILD_SLOTS: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct ChildValues {
    pub name: String,
    pub birth_year: String,
    pub age_estimate: String,
    pub sex: String,
    pub current_location: String,
}

impl ChildValues {
    fn is_empty(&self) -> bool {
        [
            &self.name,
            &self.birth_year,
            &self.age_estimate,
            &self.sex,
            &self.current_location,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// What the operator typed. The form's names are these in kebab case, but for the online
/// details (`online-…`) and the consent (`informant-consent`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CallForm {
    /// The form's idempotency key: sending the same form twice logs one report.
    pub idem: String,
    /// `find-commune` asks only for the communes that fit (the form without JavaScript).
    pub action: String,
    pub contact_type: String,
    pub channel: String,
    pub received_at: String,
    #[serde(deserialize_with = "ticked")]
    pub emergency: bool,
    pub categories: Vec<String>,
    pub risk_level: String,
    pub province: String,
    pub commune_q: String,
    pub commune: String,
    pub place_detail: String,
    /// `children-<slot>-<field>`, read apart.
    #[serde(skip)]
    pub children: Vec<ChildValues>,
    #[serde(rename = "informant-consent", deserialize_with = "ticked")]
    pub consent: bool,
    pub informant_name: String,
    pub informant_relation: String,
    pub informant_phone: String,
    pub informant_handle: String,
    pub caller_type: String,
    pub caller_sex: String,
    pub caller_age_band: String,
    pub narrative: String,
    #[serde(rename = "online-platform")]
    pub platform: String,
    #[serde(rename = "online-urls")]
    pub urls: String,
    #[serde(rename = "online-offender-handles")]
    pub offender_handles: String,
    #[serde(rename = "online-content-types")]
    pub content_types: Vec<String>,
    #[serde(rename = "online-still-online")]
    pub still_online: String,
    #[serde(rename = "online-file-sha256")]
    pub file_sha256: String,
}

/// The form field an API field path names: `children[0].birth_year` is
/// `children-0-birth-year`; an item of a list typed one per line is its text area.
pub fn field_id(path: &str) -> String {
    let path = match path.rfind('[') {
        Some(i) if path.ends_with(']') => &path[..i],
        _ => path,
    };
    path.replace('[', "-")
        .replace(']', "")
        .replace(['.', '_'], "-")
}

impl CallForm {
    /// The call form's fields as sent (its token already taken out). Only its own names are
    /// taken: a name it does not have, a child slot beyond the form's, or a name sent twice
    /// (but the ticked boxes of `categories` and `online-content-types`, which repeat) is
    /// refused.
    pub fn from_fields(mut fields: Fields) -> Result<CallForm, Refusal> {
        let children = fields.take_prefixed("children-");
        let mut v: CallForm = fields.typed_with_lists(&["categories", "online-content-types"])?;
        v.children = vec![ChildValues::default(); CHILD_SLOTS];
        let mut seen = std::collections::HashSet::new();
        for (rest, value) in children {
            let name = || format!("children-{rest}");
            if !seen.insert(rest.clone()) {
                return Err(Refusal::Repeated(name()));
            }
            v.child_field(&rest, value)
                .ok_or_else(|| Refusal::Unknown(name()))?;
        }
        Ok(v)
    }

    /// `children-<slot>-<field>`: `None` when the form has no such slot or field.
    fn child_field(&mut self, rest: &str, value: String) -> Option<()> {
        let (slot, field) = rest.split_once('-')?;
        let child = slot
            .parse::<usize>()
            .ok()
            .and_then(|i| self.children.get_mut(i))?;
        match field {
            "name" => child.name = value,
            "birth-year" => child.birth_year = value,
            "age-estimate" => child.age_estimate = value,
            "sex" => child.sex = value,
            "current-location" => child.current_location = value,
            _ => return None,
        }
        Some(())
    }

    pub fn has_category(&self, code: &str) -> bool {
        self.categories.iter().any(|c| c == code)
    }

    pub fn has_content_type(&self, code: &str) -> bool {
        self.content_types.iter().any(|c| c == code)
    }

    pub fn is_contact_type(&self, code: &str) -> bool {
        self.contact_type == code
    }

    pub fn commune_is(&self, code: &i32) -> bool {
        self.commune.trim().parse::<i32>().ok() == Some(*code)
    }

    pub fn province_is(&self, code: &i32) -> bool {
        self.province.trim().parse::<i32>().ok() == Some(*code)
    }

    /// The province chosen, if any.
    pub fn province_code(&self) -> Option<i32> {
        self.province.trim().parse().ok()
    }

    /// The intake request, with `commune_code` the commune resolved from the picker (or
    /// `None`); what no API field could name (a year that is no number) is returned beside.
    pub fn to_request(&self, commune_code: Option<u32>) -> (ReportRequest, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |field: String, raw: &str, example: &str| -> Option<i32> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            raw.parse::<i32>().map_or_else(
                |_| {
                    errors.push(FieldError::new(field, crate::text::needs_number(example)));
                    None
                },
                Some,
            )
        };
        let children: Vec<ChildInput> = self
            .children
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| ChildInput {
                name: text(&c.name),
                birth_year: number(format!("children[{i}].birth_year"), &c.birth_year, "2012"),
                age_estimate: number(format!("children[{i}].age_estimate"), &c.age_estimate, "13"),
                sex: text(&c.sex),
                current_location: text(&c.current_location),
                ethnicity: None,
                disability: None,
                birth_date: None,
            })
            .collect();
        let received_at = match self.received_at.trim() {
            "" => None,
            raw => {
                let vietnam = FixedOffset::east_opt(7 * 3600);
                let parsed = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
                    .ok()
                    .zip(vietnam)
                    .and_then(|(t, tz)| tz.from_local_datetime(&t).single());
                if parsed.is_none() {
                    errors.push(FieldError::new("received_at", crate::text::NEEDS_DATE_TIME));
                }
                parsed
            }
        };
        let informant = [
            &self.informant_name,
            &self.informant_relation,
            &self.informant_phone,
            &self.informant_handle,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
        .then(|| InformantInput {
            consent_to_store: self.consent,
            // Without consent the name and relation are not even sent.
            name: text(&self.informant_name).filter(|_| self.consent),
            relation: text(&self.informant_relation).filter(|_| self.consent),
            phone: text(&self.informant_phone),
            handle: text(&self.informant_handle),
        });
        let online = OnlineInput::from(TypedOnline {
            platform: &self.platform,
            urls: &self.urls,
            handles: &self.offender_handles,
            content_types: &self.content_types,
            still_online: &self.still_online,
            file_sha256: &self.file_sha256,
        });
        let request = ReportRequest {
            channel: self.channel.clone(),
            received_at,
            contact_type: self.contact_type.clone(),
            categories: self.categories.clone(),
            emergency: self.emergency,
            risk_level: text(&self.risk_level),
            place: (commune_code.is_some() || !self.place_detail.trim().is_empty()).then(|| {
                PlaceInput {
                    commune_code,
                    detail: text(&self.place_detail),
                }
            }),
            children: (!children.is_empty()).then_some(children),
            informant,
            caller: [&self.caller_type, &self.caller_sex, &self.caller_age_band]
                .iter()
                .any(|v| !v.trim().is_empty())
                .then(|| CallerInput {
                    caller_type: text(&self.caller_type),
                    sex: text(&self.caller_sex),
                    age_band: text(&self.caller_age_band),
                }),
            narrative: text(&self.narrative),
            online: (online != OnlineInput::default()).then_some(online),
            setting: None,
            sexual_subtypes: Vec::new(),
            perpetrators: Vec::new(),
        };
        (request, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_name_the_form_fields() {
        assert_eq!(field_id("children[0].birth_year"), "children-0-birth-year");
        assert_eq!(field_id("place.commune_code"), "place-commune-code");
        assert_eq!(field_id("online.urls[3]"), "online-urls");
        assert_eq!(field_id("categories[1]"), "categories");
        assert_eq!(field_id("contact_type"), "contact-type");
        assert_eq!(field_id("informant.phone"), "informant-phone");
    }

    #[test]
    fn a_typed_call_becomes_the_intake_request() {
        let body = "contact-type=abuse_report&channel=hotline_111&categories=sexual_abuse\
            &categories=online_sexual_exploitation&emergency=yes&commune-q=ba+dinh\
            &children-0-name=L%C6%B0%E1%BB%9Dng+M%C3%A2y&children-0-birth-year=2013\
            &children-1-age-estimate=nine&informant-name=Lan&informant-phone=0905123456\
            &online-urls=https%3A%2F%2Ffb.com%2Fx%0D%0A%0D%0Ahttps%3A%2F%2Ffb.com%2Fy\
            &online-still-online=yes&received-at=2026-11-30T08%3A15";
        let form = CallForm::from_fields(Fields::parse(body.as_bytes()).unwrap()).unwrap();
        let (request, errors) = form.to_request(Some(4));
        assert_eq!(request.categories.len(), 2);
        assert!(request.emergency);
        assert_eq!(request.place.and_then(|p| p.commune_code), Some(4));
        let children = request.children.unwrap_or_default();
        assert_eq!(children.len(), 2);
        assert_eq!(children[0].name.as_deref(), Some("Lường Mây"));
        assert_eq!(children[0].birth_year, Some(2013));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "children[1].age_estimate");
        // Without consent the informant's name is not sent; the number is, to be hashed.
        let informant = request.informant.unwrap();
        assert!(!informant.consent_to_store);
        assert_eq!(informant.name, None);
        assert_eq!(informant.phone.as_deref(), Some("0905123456"));
        let online = request.online.unwrap();
        assert_eq!(online.urls, ["https://fb.com/x", "https://fb.com/y"]);
        assert_eq!(online.still_online, Some(true));
        assert_eq!(
            request.received_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-30T08:15:00+07:00")
        );
    }

    #[test]
    fn only_the_call_forms_own_names_are_taken() {
        let sent = |body: &str| CallForm::from_fields(Fields::parse(body.as_bytes()).unwrap());
        assert!(sent("categories=a&categories=b&children-2-name=x").is_ok());
        for (body, refusal) in [
            (
                "children-3-name=x",
                Refusal::Unknown("children-3-name".into()),
            ),
            (
                "children-18446744073709551615-name=x",
                Refusal::Unknown("children-18446744073709551615-name".into()),
            ),
            (
                "children-0-email=x",
                Refusal::Unknown("children-0-email".into()),
            ),
            ("nickname=x", Refusal::Unknown("nickname".into())),
            (
                "narrative=a&narrative=b",
                Refusal::Repeated("narrative".into()),
            ),
        ] {
            assert_eq!(sent(body).err(), Some(refusal), "{body}");
        }
    }

    #[test]
    fn an_empty_form_sends_nothing_optional() {
        let form = CallForm::from_fields(Fields::parse(b"contact-type=silent").unwrap()).unwrap();
        let (request, errors) = form.to_request(None);
        assert!(errors.is_empty());
        assert!(request.place.is_none() && request.children.is_none());
        assert!(request.informant.is_none() && request.online.is_none());
    }
}
