//! The messages: Vietnamese subject, text and HTML, built from codes and deadlines only.
//! A message never carries a child's or informant's name, phone, address, the narrative or
//! a URL of abusive content: the facts it is built from do not contain them.

use chrono::{DateTime, Utc};
use hotline_domain::{time, Category, RiskLevel};
use hotline_store::models::OutboxRow;
use hotline_store::queries::outbox::MailFacts;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;

use crate::{links, NotifierError, NotifierSettings};

/// The Message-ID of an outbox row: the same for every attempt, so a resend is recognisably
/// the same message.
pub fn message_id(row: &OutboxRow, settings: &NotifierSettings) -> String {
    let domain = settings.from.email.domain();
    format!("<outbox.{}@{domain}>", row.id)
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&time::vietnam())
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The lines of a message: (label, value), then links.
struct Content {
    subject: String,
    greeting: String,
    intro: String,
    facts: Vec<(&'static str, String)>,
    links: Vec<(&'static str, String)>,
}

fn content(
    row: &OutboxRow,
    facts: &MailFacts,
    settings: &NotifierSettings,
) -> Result<Content, NotifierError> {
    let payload: serde_json::Value =
        serde_json::from_str(&row.payload).map_err(|e| NotifierError::Message(e.to_string()))?;
    let other_agency = |key: &str| payload[key].as_str().unwrap_or("").to_owned();
    let urgent = if facts.emergency {
        "[KHẨN CẤP] "
    } else {
        ""
    };
    let due = local(facts.due_at.and_utc());
    let (subject, intro) = match row.kind.as_str() {
        "referral.escalated" => (
            format!("{urgent}[Quá hạn] Vụ việc {} chưa được xác nhận", facts.case_number),
            format!(
                "Chuyển tuyến vụ việc {} tới {} ({}) đã quá hạn xác nhận lúc {due} mà chưa được tiếp nhận. Đề nghị đôn đốc hoặc phân công cơ quan khác.",
                facts.case_number,
                facts.referral_agency_name,
                other_agency("late_agency_code"),
            ),
        ),
        "referral.declined" => (
            format!("{urgent}Vụ việc {} bị từ chối: cần phân công lại", facts.case_number),
            format!(
                "Cơ quan {} đã từ chối chuyển tuyến vụ việc {}. Đề nghị phân công lại cơ quan xử lý.",
                other_agency("declined_by"),
                facts.case_number
            ),
        ),
        _ => (
            format!(
                "{urgent}Chuyển tuyến vụ việc {}: đề nghị xác nhận trước {due}",
                facts.case_number
            ),
            format!(
                "Đường dây nóng bảo vệ trẻ em chuyển tới quý cơ quan vụ việc {} để xử lý theo thẩm quyền. Đề nghị xác nhận đã nhận trước {due}.",
                facts.case_number
            ),
        ),
    };
    let categories = facts
        .categories
        .iter()
        .map(|c| {
            c.parse::<Category>()
                .map(Category::label_vi)
                .unwrap_or("Khác")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let risk = facts
        .risk_level
        .as_deref()
        .and_then(|r| r.parse::<RiskLevel>().ok())
        .map_or("Chưa đánh giá", RiskLevel::label_vi);
    let base = settings.public_base_url.as_str().trim_end_matches('/');
    let mut links = vec![(
        "Xem vụ việc (cần đăng nhập)",
        format!("{base}/cases/{}", facts.case_id),
    )];
    // Only the agency the referral went to gets the link that acknowledges it.
    if row.kind == "referral.created" && row.agency_id.as_deref() == Some(&facts.referral_agency_id)
    {
        let expires = row.created_at.and_utc()
            + chrono::Duration::from_std(settings.link_ttl).unwrap_or(chrono::Duration::days(3));
        let token = links::sign(&settings.link_key, &row.id, expires);
        links.push((
            "Xác nhận đã nhận chuyển tuyến",
            format!("{base}/ack/{token}"),
        ));
    }
    Ok(Content {
        subject,
        greeting: format!(
            "Kính gửi: {}",
            facts
                .recipient_agency_name
                .as_deref()
                .unwrap_or(&facts.referral_agency_name)
        ),
        intro,
        facts: vec![
            ("Mã vụ việc", facts.case_number.clone()),
            ("Loại xâm hại", categories),
            ("Mức độ nguy cơ", risk.to_owned()),
            (
                "Khẩn cấp",
                if facts.emergency { "Có" } else { "Không" }.to_owned(),
            ),
            ("Hạn xác nhận", format!("{due} (giờ Việt Nam)")),
        ],
        links,
    })
}

const FOOTER: &str = "Thư này không chứa thông tin nhận dạng trẻ em hay người báo tin. Vui lòng đăng nhập hệ thống để xem chi tiết vụ việc. Không trả lời thư này.";

fn text(c: &Content) -> String {
    let mut out = format!("{}\n\n{}\n\n", c.greeting, c.intro);
    for (label, value) in &c.facts {
        out.push_str(&format!("{label}: {value}\n"));
    }
    out.push('\n');
    for (label, url) in &c.links {
        out.push_str(&format!("{label}: {url}\n"));
    }
    out.push_str(&format!("\n{FOOTER}\n"));
    out
}

fn html(c: &Content) -> String {
    let rows: String = c
        .facts
        .iter()
        .map(|(l, v)| {
            format!(
                "<tr><th align=\"left\">{}</th><td>{}</td></tr>",
                escape(l),
                escape(v)
            )
        })
        .collect();
    let links: String = c
        .links
        .iter()
        .map(|(l, u)| format!("<p><a href=\"{}\">{}</a></p>", escape(u), escape(l)))
        .collect();
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><p>{}</p><p>{}</p><table>{rows}</table>{links}<p><small>{}</small></p></body></html>",
        escape(&c.subject),
        escape(&c.greeting),
        escape(&c.intro),
        escape(FOOTER)
    )
}

/// The message for an outbox row.
pub fn build(
    row: &OutboxRow,
    facts: &MailFacts,
    settings: &NotifierSettings,
) -> Result<Message, NotifierError> {
    let c = content(row, facts, settings)?;
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| NotifierError::Message(format!("recipient: {e}")))?;
    Message::builder()
        .from(settings.from.clone())
        .to(to)
        .subject(c.subject.clone())
        .message_id(Some(message_id(row, settings)))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text(&c)),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html(&c)),
                ),
        )
        .map_err(|e| NotifierError::Message(e.to_string()))
}
