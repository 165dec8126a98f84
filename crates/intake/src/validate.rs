//! Checking a report before anything is written: every failure is collected with the path
//! of its field, so the operator fixes the form in one pass.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use hotline_domain::{contact, evidence, time, Category, Channel, ContactType, RiskLevel, Sex};
use hotline_domain::{AbuseSetting, CallerAgeBand, CallerType, Ethnicity, SexualSubtype};
use hotline_http::FieldError;

use crate::dto::{ChildInput, InformantInput, OnlineInput, ReportRequest};
use crate::indicators::{self, ValidPerpetrator};

pub const MAX_CHILDREN: usize = 10;
pub const MAX_URLS: usize = 50;
pub const MAX_NARRATIVE_CHARS: usize = 20_000;
pub const MAX_SHORT_TEXT: usize = 200;
pub const MAX_PLACE_TEXT: usize = 500;
pub const MAX_URL_CHARS: usize = 2048;
/// Clock skew tolerated between the operator's machine and the server.
pub const FUTURE_TOLERANCE_SECS: i64 = 120;

#[derive(Debug, Clone, PartialEq)]
pub struct ValidChild {
    pub name: Option<String>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<i32>,
    pub sex: Option<Sex>,
    pub current_location: Option<String>,
    pub ethnicity: Option<Ethnicity>,
    pub disability: Option<bool>,
    pub birth_date: Option<NaiveDate>,
}

/// What is kept of the informant: name, phone and handle only with consent.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidInformant {
    pub consent_to_store: bool,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub handle: Option<String>,
    pub relation: Option<String>,
    /// The phone and handle normalised, with or without consent: never stored, only hashed
    /// under the server's contact key to recognise a repeat contact.
    pub contact_points: Vec<ContactPoint>,
}

/// Where a contact came from, normalised (see `domain::contact`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPoint {
    /// `phone` or `handle`.
    pub kind: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    pub channel: Channel,
    pub contact_type: ContactType,
    pub received_at: DateTime<Utc>,
    pub categories: Vec<Category>,
    pub emergency: bool,
    pub risk_level: Option<RiskLevel>,
    pub commune_code: Option<u32>,
    pub place_detail: Option<String>,
    pub children: Vec<ValidChild>,
    pub informant: Option<ValidInformant>,
    pub narrative: Option<String>,
    pub online: Option<OnlineInput>,
    pub setting: Option<AbuseSetting>,
    pub sexual_subtypes: Vec<SexualSubtype>,
    pub perpetrators: Vec<ValidPerpetrator>,
    pub caller: ValidCaller,
}

/// Who called, as the figures count callers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidCaller {
    pub caller_type: Option<CallerType>,
    pub sex: Option<Sex>,
    pub age_band: Option<CallerAgeBand>,
}

impl ValidReport {
    pub fn opens_case(&self) -> bool {
        self.contact_type == ContactType::AbuseReport
    }
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    fn code<T: std::str::FromStr>(&mut self, field: &str, value: &str) -> Option<T> {
        indicators::code(&mut self.0, field, Some(value))
    }

    /// Trimmed text, `None` when blank, with a length bound in characters.
    fn text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        indicators::text(&mut self.0, field, value, max)
    }
}

/// Check everything that needs no database; `now` is the server's clock.
pub fn validate_report(
    req: &ReportRequest,
    now: DateTime<Utc>,
) -> Result<ValidReport, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let channel = e.code::<Channel>("channel", &req.channel);
    let contact_type = e.code::<ContactType>("contact_type", &req.contact_type);

    let received_at = req.received_at.map_or(now, |t| {
        hotline_domain::time::at_storage_precision(t.with_timezone(&Utc))
    });
    if received_at > now + Duration::seconds(FUTURE_TOLERANCE_SECS) {
        e.add("received_at", "không được ở tương lai");
    }

    let mut seen = BTreeSet::new();
    let mut categories = Vec::new();
    for (i, raw) in req.categories.iter().enumerate() {
        if let Some(c) = e.code::<Category>(&format!("categories[{i}]"), raw) {
            if seen.insert(c) {
                categories.push(c);
            } else {
                e.add(format!("categories[{i}]"), "bị lặp");
            }
        }
    }
    if contact_type == Some(ContactType::AbuseReport) && req.categories.is_empty() {
        e.add(
            "categories",
            "thông báo xâm hại cần ít nhất một loại hành vi",
        );
    }

    let risk_level = req
        .risk_level
        .as_deref()
        .and_then(|r| e.code::<RiskLevel>("risk_level", r));

    let commune_code = req.place.as_ref().and_then(|p| p.commune_code);
    if contact_type == Some(ContactType::AbuseReport) && commune_code.is_none() {
        e.add(
            "place.commune_code",
            "bắt buộc với thông báo xâm hại (xã, phường nơi xảy ra)",
        );
    }
    let place_detail = e.text(
        "place.detail",
        req.place.as_ref().and_then(|p| p.detail.as_deref()),
        MAX_PLACE_TEXT,
    );

    let children = req.children.as_deref().unwrap_or_default();
    if children.len() > MAX_CHILDREN {
        e.add(
            "children",
            format!("tối đa {MAX_CHILDREN} trẻ trong một thông báo"),
        );
    }
    let children = children
        .iter()
        .enumerate()
        .map(|(i, c)| child(&mut e, i, c, received_at, now))
        .collect();
    let setting = indicators::code(&mut e.0, "setting", req.setting.as_deref());
    let sexual_subtypes = indicators::sexual_subtypes(&mut e.0, &req.sexual_subtypes, &categories);
    let perpetrators = indicators::perpetrators(&mut e.0, &req.perpetrators);

    let informant = req.informant.as_ref().map(|inf| informant(&mut e, inf));
    let narrative = e.text("narrative", req.narrative.as_deref(), MAX_NARRATIVE_CHARS);
    let online = req.online.as_ref().map(|o| online(&mut e, o));
    let caller = req
        .caller
        .as_ref()
        .map(|c| ValidCaller {
            caller_type: indicators::code(&mut e.0, "caller.type", c.caller_type.as_deref()),
            sex: indicators::code(&mut e.0, "caller.sex", c.sex.as_deref()),
            age_band: indicators::code(&mut e.0, "caller.age_band", c.age_band.as_deref()),
        })
        .unwrap_or_default();

    match (channel, contact_type) {
        (Some(channel), Some(contact_type)) if e.0.is_empty() => Ok(ValidReport {
            channel,
            contact_type,
            received_at,
            categories,
            emergency: req.emergency,
            risk_level,
            commune_code,
            place_detail,
            children,
            informant,
            narrative,
            online,
            setting,
            sexual_subtypes,
            perpetrators,
            caller,
        }),
        _ => Err(e.0),
    }
}

fn child(
    e: &mut Errors,
    i: usize,
    c: &ChildInput,
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ValidChild {
    let year = now.year();
    if let Some(by) = c.birth_year {
        // A child is under 18 (Law on Children art. 1); allow the year of the 18th birthday.
        if by > year || by < year - 18 {
            e.add(
                format!("children[{i}].birth_year"),
                format!("phải trong khoảng {}–{year}", year - 18),
            );
        }
    }
    if let Some(age) = c.age_estimate {
        if !(0..=17).contains(&age) {
            e.add(format!("children[{i}].age_estimate"), "phải từ 0 đến 17");
        }
    }
    let birth_date = indicators::birth_date(
        &mut e.0,
        &format!("children[{i}].birth_date"),
        c.birth_date.as_deref(),
        c.birth_year,
        time::vietnam_date(received_at),
    );
    ValidChild {
        name: e.text(
            &format!("children[{i}].name"),
            c.name.as_deref(),
            MAX_SHORT_TEXT,
        ),
        birth_year: c.birth_year.or(birth_date.map(|d| d.year())),
        age_estimate: c.age_estimate,
        sex: c
            .sex
            .as_deref()
            .and_then(|s| e.code::<Sex>(&format!("children[{i}].sex"), s)),
        current_location: e.text(
            &format!("children[{i}].current_location"),
            c.current_location.as_deref(),
            MAX_PLACE_TEXT,
        ),
        ethnicity: indicators::code(
            &mut e.0,
            &format!("children[{i}].ethnicity"),
            c.ethnicity.as_deref(),
        ),
        disability: c.disability,
        birth_date,
    }
}

fn informant(e: &mut Errors, inf: &InformantInput) -> ValidInformant {
    let relation = e.text(
        "informant.relation",
        inf.relation.as_deref(),
        MAX_SHORT_TEXT,
    );
    let mut contact_points = Vec::new();
    if let Some(phone) = inf.phone.as_deref().and_then(contact::normalise_phone) {
        contact_points.push(ContactPoint {
            kind: "phone",
            value: phone,
        });
    }
    if let Some(handle) = inf.handle.as_deref().and_then(evidence::fold_handle) {
        contact_points.push(ContactPoint {
            kind: "handle",
            value: handle,
        });
    }
    if !inf.consent_to_store {
        // Without consent, name, phone and handle are dropped here, before anything else
        // sees them; only their normalised forms go on, to be hashed.
        return ValidInformant {
            consent_to_store: false,
            name: None,
            phone: None,
            handle: None,
            relation,
            contact_points,
        };
    }
    let handle = e.text("informant.handle", inf.handle.as_deref(), MAX_SHORT_TEXT);
    let name = e.text("informant.name", inf.name.as_deref(), MAX_SHORT_TEXT);
    let phone = e.text("informant.phone", inf.phone.as_deref(), 32);
    if let Some(p) = &phone {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        let allowed = p
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(3..=15).contains(&digits) {
            e.add("informant.phone", "số điện thoại không hợp lệ");
        }
    }
    ValidInformant {
        consent_to_store: true,
        name,
        phone,
        handle,
        relation,
        contact_points,
    }
}

fn online(e: &mut Errors, o: &OnlineInput) -> OnlineInput {
    if o.urls.len() > MAX_URLS {
        e.add("online.urls", format!("tối đa {MAX_URLS} địa chỉ"));
    }
    for (i, u) in o.urls.iter().enumerate() {
        let ok = u.chars().count() <= MAX_URL_CHARS
            && url::Url::parse(u.trim())
                .is_ok_and(|p| matches!(p.scheme(), "http" | "https") && p.host().is_some());
        if !ok {
            e.add(format!("online.urls[{i}]"), "cần địa chỉ http(s) hợp lệ");
        }
    }
    for (i, c) in o.content_types.iter().enumerate() {
        if evidence::content_type(c).is_none() {
            e.add(
                format!("online.content_types[{i}]"),
                format!(
                    "cần một trong: {}",
                    hotline_domain::codes::ContentType::ALL
                        .iter()
                        .map(|c| c.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for (field, list, max) in [
        ("offender_handles", &o.offender_handles, MAX_URLS),
        ("content_types", &o.content_types, 20),
    ] {
        if list.len() > max {
            e.add(format!("online.{field}"), format!("tối đa {max} mục"));
        }
        for (i, v) in list.iter().enumerate() {
            if v.trim().is_empty() || v.chars().count() > MAX_SHORT_TEXT {
                e.add(
                    format!("online.{field}[{i}]"),
                    format!("cần từ 1 đến {MAX_SHORT_TEXT} ký tự"),
                );
            }
        }
    }
    if o.file_sha256.len() > MAX_URLS {
        e.add("online.file_sha256", format!("tối đa {MAX_URLS} mục"));
    }
    for (i, h) in o.file_sha256.iter().enumerate() {
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            e.add(
                format!("online.file_sha256[{i}]"),
                "cần 64 chữ số hệ 16 (SHA-256)",
            );
        }
    }
    // A platform the reporter names is kept as its code ("Facebook" -> "facebook"); one not
    // named is recognised from the first URL.
    let platform = e
        .text("online.platform", o.platform.as_deref(), 50)
        .map(|p| evidence::platform_named(&p))
        .or_else(|| {
            o.urls.iter().find_map(|u| {
                url::Url::parse(u.trim())
                    .ok()
                    .and_then(|p| p.host_str().map(evidence::platform_of_host))
            })
        })
        .map(|p| p.code().to_owned());
    OnlineInput {
        platform,
        urls: o.urls.iter().map(|u| u.trim().to_owned()).collect(),
        offender_handles: o
            .offender_handles
            .iter()
            .map(|h| h.trim().to_owned())
            .collect(),
        content_types: o
            .content_types
            .iter()
            .map(|c| evidence::content_type(c).unwrap_or("other").to_owned())
            .collect(),
        still_online: o.still_online,
        file_sha256: o
            .file_sha256
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
    }
}

#[cfg(test)]
mod tests;
