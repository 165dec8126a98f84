//! The upload form (`multipart/form-data`), read as it arrives and bounded: at most a few
//! parts, each text part short, only the names the form has, one file, which goes straight
//! into a [`Spool`]. Then the text parts are parsed into a typed [`DocumentInput`], every
//! field's problem at once.

use actix_multipart::Multipart;
use chrono::NaiveDate;
use futures_util::StreamExt;
use hotline_domain::{DocumentKind, DocumentStep};
use hotline_http::FieldError;
use uuid::Uuid;

use crate::spool::{Spool, Spooled};
use crate::DocumentError;

/// The most parts a form may have.
const MAX_PARTS: usize = 12;
/// The most bytes a text part may hold.
const MAX_TEXT_BYTES: usize = 2048;
/// The most characters of a title.
pub const MAX_TITLE_CHARS: usize = 200;
/// What the form's text parts and its boundaries may add to the file's size.
pub const FORM_OVERHEAD_BYTES: u64 = 64 * 1024;

/// The text parts of the API's form.
pub const FIELDS: [&str; 6] = [
    "kind",
    "title",
    "dated",
    "step",
    "referral_id",
    "scanned_paper",
];

/// A form as received: its text parts, in order, and its file.
pub struct Received {
    pub fields: Vec<(String, String)>,
    pub file: Option<Spooled>,
}

impl Received {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Read a form whose text parts are among `names` and whose file part is `file`, spooling
/// the file for document `id`. `before_file` sees the text parts sent before the file (the
/// console checks its form token there: no byte of a forged upload is spooled).
pub async fn receive<E: From<DocumentError>>(
    mut multipart: Multipart,
    (id, limit): (String, u64),
    names: &[&str],
    mut before_file: impl FnMut(&[(String, String)]) -> Result<(), E>,
) -> Result<Received, E> {
    let malformed = |e: actix_multipart::MultipartError| DocumentError::Malformed(e.to_string());
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut file: Option<Spooled> = None;
    let mut parts = 0;
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(malformed)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(DocumentError::Malformed(format!("quá {MAX_PARTS} phần")).into());
        }
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            if file.is_some() {
                return Err(DocumentError::field("file", "Chỉ gửi một tệp mỗi lần.").into());
            }
            before_file(&fields)?;
            let mut spool = Spool::new(id.clone(), limit)?;
            while let Some(piece) = part.next().await {
                spool.push(&piece.map_err(malformed)?)?;
            }
            file = Some(spool.finish()?);
            continue;
        }
        if !names.contains(&name.as_str()) {
            return Err(DocumentError::field(&name, "Biểu mẫu không có trường này.").into());
        }
        let mut value = Vec::new();
        while let Some(piece) = part.next().await {
            let piece = piece.map_err(malformed)?;
            if value.len() + piece.len() > MAX_TEXT_BYTES {
                return Err(DocumentError::field(&name, "Nội dung quá dài.").into());
            }
            value.extend_from_slice(&piece);
        }
        let value = String::from_utf8(value)
            .map_err(|_| DocumentError::field(&name, "Không phải văn bản UTF-8."))?;
        fields.push((name, value));
    }
    if file.is_none() {
        before_file(&fields)?;
    }
    Ok(Received { fields, file })
}

/// What a paper is filed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInput {
    pub kind: DocumentKind,
    pub title: String,
    pub dated: NaiveDate,
    pub step: Option<DocumentStep>,
    pub referral_id: Option<String>,
    pub scanned_paper: bool,
}

impl DocumentInput {
    /// The typed form, or every field's problem; `today` bounds the paper's date.
    pub fn parse(received: &Received, today: NaiveDate) -> Result<Self, DocumentError> {
        let mut errors = Vec::new();
        let text = |name: &str| received.text(name).map(str::trim).filter(|v| !v.is_empty());
        let kind = match text("kind").map(str::parse::<DocumentKind>) {
            Some(Ok(kind)) => Some(kind),
            Some(Err(_)) => {
                errors.push(FieldError::new("kind", "Loại giấy tờ không hợp lệ."));
                None
            }
            None => {
                errors.push(FieldError::new("kind", "Chọn loại giấy tờ."));
                None
            }
        };
        let title = text("title").unwrap_or_default().to_owned();
        if title.is_empty() {
            errors.push(FieldError::new("title", "Nhập tên giấy tờ."));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new(
                "title",
                format!("Tên giấy tờ dài tối đa {MAX_TITLE_CHARS} ký tự."),
            ));
        } else if title.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "title",
                "Tên giấy tờ có ký tự không hợp lệ.",
            ));
        }
        let dated = parse_date(text("dated"), today)
            .map_err(|m| errors.push(m))
            .ok();
        let step = match text("step").map(str::parse::<DocumentStep>) {
            Some(Ok(step)) => Some(step),
            Some(Err(_)) => {
                errors.push(FieldError::new("step", "Bước không hợp lệ."));
                None
            }
            None => None,
        };
        let referral_id = match text("referral_id").map(Uuid::parse_str) {
            Some(Ok(id)) => Some(id.to_string()),
            Some(Err(_)) => {
                errors.push(FieldError::new(
                    "referral_id",
                    "Mã chuyển gửi không hợp lệ.",
                ));
                None
            }
            None => None,
        };
        if step.is_some() && referral_id.is_some() {
            errors.push(FieldError::new(
                "referral_id",
                "Giấy tờ gắn với một bước hoặc một lần chuyển gửi, không cả hai.",
            ));
        }
        let scanned_paper = match text("scanned_paper") {
            None | Some("false" | "0") => false,
            Some("true" | "1" | "on") => true,
            Some(_) => {
                errors.push(FieldError::new(
                    "scanned_paper",
                    "Giá trị phải là true hoặc false.",
                ));
                false
            }
        };
        match (kind, dated) {
            (Some(kind), Some(dated)) if errors.is_empty() => Ok(DocumentInput {
                kind,
                title,
                dated,
                step,
                referral_id,
                scanned_paper,
            }),
            _ => Err(DocumentError::Invalid(errors)),
        }
    }
}

/// A paper's date: a day, not after today and not before 1990.
fn parse_date(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let refused = |m: &str| FieldError::new("dated", m);
    let raw = raw.ok_or_else(|| refused("Nhập ngày của giấy tờ."))?;
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| refused("Ngày phải có dạng YYYY-MM-DD."))?;
    let earliest = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN);
    if day > today || day < earliest {
        return Err(refused(
            "Ngày của giấy tờ không thể sau hôm nay hoặc trước năm 1990.",
        ));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(fields: &[(&str, &str)]) -> Received {
        Received {
            fields: fields
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            file: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    #[test]
    fn a_whole_form_parses() {
        let form = received(&[
            ("kind", "signed_form"),
            ("title", "  Biên bản xác minh  "),
            ("dated", "2026-12-06"),
            ("step", "verification"),
            ("scanned_paper", "on"),
        ]);
        let input = DocumentInput::parse(&form, today()).unwrap();
        assert_eq!(input.kind, DocumentKind::SignedForm);
        assert_eq!(input.title, "Biên bản xác minh");
        assert_eq!(input.step, Some(DocumentStep::Verification));
        assert!(input.scanned_paper && input.referral_id.is_none());
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        let form = received(&[
            ("kind", "photo"),
            ("title", &long),
            ("dated", "2026-12-08"),
            ("step", "verification"),
            ("referral_id", "0191f2a0-0000-7000-8000-000000000001"),
            ("scanned_paper", "maybe"),
        ]);
        let Err(DocumentError::Invalid(errors)) = DocumentInput::parse(&form, today()) else {
            panic!("refused");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["kind", "title", "dated", "referral_id", "scanned_paper"]
        );
        let Err(DocumentError::Invalid(errors)) = DocumentInput::parse(&received(&[]), today())
        else {
            panic!("refused");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "title", "dated"]);
    }
}
