//! The messages: Vietnamese subject, text and HTML, built from codes and deadlines only.
//! A message never carries a child's or informant's name, phone, address, the narrative or
//! a URL of abusive content: the facts it is built from do not contain them.

use chrono::{DateTime, Utc};
use hotline_domain::{time, Category, DeadlineKind, RiskLevel};
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
    let text_of = |key: &str| payload[key].as_str().unwrap_or("").to_owned();
    let payload_due = payload["due_at"]
        .as_str()
        .and_then(|t| t.parse::<DateTime<Utc>>().ok());
    let urgent = if facts.emergency {
        "[KHẨN CẤP] "
    } else {
        ""
    };
    let number = &facts.case_number;
    let referral = facts.referral.as_ref();
    // The deadline the message is about: its referral's acknowledgement, or the case's.
    let due_at = referral.map(|r| r.due_at.and_utc()).or(payload_due);
    let due = due_at.map(local).unwrap_or_default();
    let agency_name = referral.map_or("", |r| r.agency_name.as_str());
    let deadline = payload["deadline_kind"]
        .as_str()
        .and_then(|k| k.parse::<DeadlineKind>().ok());
    let (subject, intro) = match row.kind.as_str() {
        "referral.escalated" => (
            format!("{urgent}[Quá hạn] Vụ việc {number} chưa được xác nhận"),
            format!(
                "Chuyển tuyến vụ việc {number} tới {agency_name} ({}) đã quá hạn xác nhận lúc {due} mà chưa được tiếp nhận. Đề nghị đôn đốc hoặc phân công cơ quan khác.",
                text_of("late_agency_code"),
            ),
        ),
        "referral.declined" => (
            format!("{urgent}Vụ việc {number} bị từ chối: cần phân công lại"),
            format!(
                "Cơ quan {} đã từ chối chuyển tuyến vụ việc {number}. Đề nghị phân công lại cơ quan xử lý.",
                text_of("declined_by"),
            ),
        ),
        "deadline.breached" => {
            let what = deadline.map_or("Thời hạn", DeadlineKind::label_vi);
            (
                format!("{urgent}[Quá hạn] Vụ việc {number}: {what}"),
                format!(
                    "Thời hạn “{what}” của vụ việc {number} đã hết lúc {due} mà việc chưa được thực hiện. Đề nghị chỉ đạo, đôn đốc thực hiện ngay theo Nghị định 56/2017/NĐ-CP."
                ),
            )
        }
        "plan.submitted" => (
            format!("{urgent}Kế hoạch hỗ trợ, can thiệp vụ việc {number} chờ phê duyệt"),
            format!(
                "Nhóm thường trực bảo vệ trẻ em đã trình kế hoạch hỗ trợ, can thiệp vụ việc {number}. Đề nghị xem xét, phê duyệt hoặc trả lại để chỉnh sửa trước {due}."
            ),
        ),
        "plan.approved" => (
            format!("Kế hoạch vụ việc {number} đã được phê duyệt"),
            format!(
                "Kế hoạch hỗ trợ, can thiệp vụ việc {number} đã được chủ tịch UBND cấp xã phê duyệt. Đề nghị tổ chức thực hiện và rà soát đúng hạn."
            ),
        ),
        "plan.returned" => (
            format!("{urgent}Kế hoạch vụ việc {number} bị trả lại để chỉnh sửa"),
            format!(
                "Kế hoạch hỗ trợ, can thiệp vụ việc {number} đã bị trả lại để chỉnh sửa. Lý do được ghi trong hồ sơ; đề nghị chỉnh sửa và trình lại."
            ),
        ),
        "transfer.proposed" => (
            format!(
                "{urgent}Đề nghị chuyển vụ việc {number} đến {}: trả lời trước {due}",
                text_of("to_commune")
            ),
            format!(
                "{} đề nghị chuyển vụ việc {number} đến {}, nơi trẻ hiện sinh sống. Đề nghị đăng nhập hệ thống để xem vụ việc và tiếp nhận, hoặc từ chối có nêu lý do, trước {due}.",
                text_of("from_commune"),
                text_of("to_commune"),
            ),
        ),
        "transfer.accepted" => (
            format!(
                "Vụ việc {number} đã được {} tiếp nhận",
                text_of("to_commune")
            ),
            format!(
                "{} đã tiếp nhận vụ việc {number}. Từ nay vụ việc do nơi nhận quản lý, các thời hạn tiếp tục tính; {} vẫn xem được những gì đã làm.",
                text_of("to_commune"),
                text_of("from_commune"),
            ),
        ),
        "transfer.refused" => (
            format!(
                "{urgent}{} từ chối tiếp nhận vụ việc {number}",
                text_of("to_commune")
            ),
            format!(
                "{} đã từ chối tiếp nhận vụ việc {number}; lý do được ghi trong hệ thống. Vụ việc tiếp tục do {} xử lý.",
                text_of("to_commune"),
                text_of("from_commune"),
            ),
        ),
        "transfer.cancelled" => (
            format!("Đề nghị chuyển vụ việc {number} đã được rút"),
            format!(
                "{} đã rút đề nghị chuyển vụ việc {number} đến {}; không cần trả lời.",
                text_of("from_commune"),
                text_of("to_commune"),
            ),
        ),
        "transfer.escalated" => (
            format!("{urgent}[Quá hạn] Đề nghị chuyển vụ việc {number} chưa được trả lời"),
            format!(
                "Đề nghị chuyển vụ việc {number} từ {} đến {} đã quá hạn trả lời lúc {due}. Đề nghị đôn đốc nơi nhận tiếp nhận hoặc từ chối.",
                text_of("from_commune"),
                text_of("to_commune"),
            ),
        ),
        // Queued by an earlier version, which closed a case whose child moved away.
        "case.handed_over" => (
            format!("Bàn giao vụ việc {number}: trẻ chuyển đến địa bàn"),
            format!(
                "Vụ việc {number} tại {} đã đóng vì trẻ chuyển nơi ở đến {}. Đề nghị tiếp nhận, tiếp tục theo dõi và hỗ trợ trẻ; liên hệ cơ quan bảo vệ trẻ em cấp tỉnh để nhận hồ sơ.",
                text_of("from_commune"),
                text_of("to_commune"),
            ),
        ),
        _ => (
            format!("{urgent}Chuyển tuyến vụ việc {number}: đề nghị xác nhận trước {due}"),
            format!(
                "Đường dây nóng bảo vệ trẻ em chuyển tới quý cơ quan vụ việc {number} để xử lý theo thẩm quyền. Đề nghị xác nhận đã nhận trước {due}."
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
    if row.kind == "referral.created"
        && referral.is_some_and(|r| row.agency_id.as_deref() == Some(r.agency_id.as_str()))
    {
        let expires = row.created_at.and_utc()
            + chrono::Duration::from_std(settings.link_ttl).unwrap_or(chrono::Duration::days(3));
        let token = links::sign(&settings.link_key, &row.id, expires);
        links.push((
            "Xác nhận đã nhận chuyển tuyến",
            format!("{base}/ack/{token}"),
        ));
    }
    let mut lines = vec![
        ("Mã vụ việc", facts.case_number.clone()),
        ("Loại xâm hại", categories),
        ("Mức độ nguy cơ", risk.to_owned()),
        (
            "Khẩn cấp",
            if facts.emergency { "Có" } else { "Không" }.to_owned(),
        ),
    ];
    if !due.is_empty() {
        let label = match (referral, row.kind.as_str()) {
            (Some(_), _) => "Hạn xác nhận",
            (None, "plan.submitted") => "Hạn phê duyệt",
            (None, kind) if kind.starts_with("transfer.") => "Hạn trả lời",
            (None, _) => "Thời hạn",
        };
        lines.push((label, format!("{due} (giờ Việt Nam)")));
    }
    Ok(Content {
        subject,
        greeting: format!(
            "Kính gửi: {}",
            facts
                .recipient_agency_name
                .as_deref()
                .unwrap_or(agency_name)
        ),
        intro,
        facts: lines,
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

/// The outbox kind of a reminder that a report of the plan is due.
pub const REPORT_DUE: &str = "report.due";

/// A reminder that a report of the plan is due: the period, its days and the due date, from
/// the row's payload; nothing about any case.
fn report_reminder(row: &OutboxRow, settings: &NotifierSettings) -> Result<Content, NotifierError> {
    let payload: serde_json::Value =
        serde_json::from_str(&row.payload).map_err(|e| NotifierError::Message(e.to_string()))?;
    let text_of = |key: &str| payload[key].as_str().unwrap_or("").to_owned();
    let day = |key: &str| {
        chrono::NaiveDate::parse_from_str(&text_of(key), "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .map_err(|e| NotifierError::Message(format!("{key}: {e}")))
    };
    let (from, to, due) = (day("from")?, day("to")?, day("due")?);
    let name = text_of("name");
    let year = payload["year"].as_i64().unwrap_or_default();
    let base = settings.public_base_url.as_str().trim_end_matches('/');
    let stats = format!(
        "{base}/console/stats?preset={}&on={}",
        text_of("period_code"),
        text_of("to")
    );
    Ok(Content {
        subject: format!("Nhắc hạn báo cáo: {name} năm {year}, hạn {due}"),
        greeting: format!("Kính gửi: {}", text_of("agency_name")),
        intro: format!(
            "Theo kế hoạch phòng, chống xâm hại tình dục trẻ em trên mạng, quý cơ quan gửi {name} năm {year} (số liệu từ ngày {from} đến ngày {to}) trước ngày {due}. Số liệu và các hoạt động đã ghi nhận có sẵn trên hệ thống để lập báo cáo."
        ),
        facts: vec![
            ("Kỳ báo cáo", format!("{from} – {to}")),
            ("Hạn gửi báo cáo", due),
        ],
        links: vec![("Xem số liệu của kỳ (cần đăng nhập)", stats)],
    })
}

/// The outbox kind of the mail that tells a worker which cases are now theirs to manage.
pub const CASES_ASSIGNED: &str = OutboxRow::CASES_ASSIGNED;

/// Cases a worker now manages: their numbers only, from the row's payload.
fn cases_assigned(row: &OutboxRow, settings: &NotifierSettings) -> Result<Content, NotifierError> {
    let payload: serde_json::Value =
        serde_json::from_str(&row.payload).map_err(|e| NotifierError::Message(e.to_string()))?;
    let numbers: Vec<&str> = payload["case_numbers"]
        .as_array()
        .map(|a| a.iter().filter_map(|n| n.as_str()).collect())
        .unwrap_or_default();
    let base = settings.public_base_url.as_str().trim_end_matches('/');
    Ok(Content {
        subject: format!("Phân công quản lý {} vụ việc", numbers.len()),
        greeting: format!(
            "Kính gửi: {}",
            payload["username"].as_str().unwrap_or_default()
        ),
        intro: format!(
            "Quý cán bộ được phân công là người quản lý trường hợp của {} vụ việc dưới đây. Đề nghị đăng nhập hệ thống để xem hồ sơ, thời hạn và lý do phân công.",
            numbers.len()
        ),
        facts: vec![("Mã vụ việc", numbers.join(", "))],
        links: vec![(
            "Xem việc cần làm (cần đăng nhập)",
            format!("{base}/console/tasks"),
        )],
    })
}

/// The mail of cases assigned, as a message.
pub fn build_cases_assigned(
    row: &OutboxRow,
    settings: &NotifierSettings,
) -> Result<Message, NotifierError> {
    let c = cases_assigned(row, settings)?;
    assemble(row, &c, settings)
}

/// The reminder of a report due, as a message.
pub fn build_report_reminder(
    row: &OutboxRow,
    settings: &NotifierSettings,
) -> Result<Message, NotifierError> {
    let c = report_reminder(row, settings)?;
    assemble(row, &c, settings)
}

/// The message for an outbox row.
pub fn build(
    row: &OutboxRow,
    facts: &MailFacts,
    settings: &NotifierSettings,
) -> Result<Message, NotifierError> {
    let c = content(row, facts, settings)?;
    assemble(row, &c, settings)
}

fn assemble(
    row: &OutboxRow,
    c: &Content,
    settings: &NotifierSettings,
) -> Result<Message, NotifierError> {
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
                        .body(text(c)),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html(c)),
                ),
        )
        .map_err(|e| NotifierError::Message(e.to_string()))
}
