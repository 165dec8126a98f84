//! The printable case file: a Vietnamese document in the order of the Decree's forms (Mẫu 01
//! intake, 02 verification, 03 assessment, 04–05 plan and approval, 06 reviews, closure),
//! then referrals, deadlines and the timeline. Printed to PDF from the browser.

use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use hotline_domain::codes::label_or_code as label;
use hotline_domain::{
    time, ActionStatus, AgencyKind, CaseStatus, CaseStep, Category, Channel, ContactType,
    Ethnicity, PlanState, ReferralStatus, RiskLevel, Sex,
};
use serde::de::DeserializeOwned;

use super::CaseRecord;
use crate::steps::records::{
    AssessmentRecord, ClosureRecord, PlanRecord, ReviewRecord, VerificationRecord,
};
use crate::steps::{StepRecordView, StepVersionView};
use crate::CaseError;

/// A label and its value.
struct Field {
    label: String,
    value: String,
}

fn field(label: &str, value: impl Into<String>) -> Field {
    Field {
        label: label.to_owned(),
        value: value.into(),
    }
}

/// A table: its caption, column heads and rows.
struct Table {
    caption: String,
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

/// One part of the document.
struct Section {
    title: String,
    caption: String,
    fields: Vec<Field>,
    tables: Vec<Table>,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    case_number: String,
    generated: String,
    generated_by: String,
    summary: Vec<Field>,
    children: Table,
    reports: Vec<Section>,
    indicators: Section,
    /// `None`: the caller's role does not read step records.
    steps: Option<Vec<Section>>,
    referrals: Table,
    deadlines: Table,
    timeline: Table,
}

fn at(t: DateTime<Utc>) -> String {
    t.with_timezone(&time::vietnam())
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

fn at_opt(t: Option<DateTime<Utc>>) -> String {
    t.map(at).unwrap_or_default()
}

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn yes(b: bool) -> &'static str {
    if b {
        "Có"
    } else {
        "Không"
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn typed<T: DeserializeOwned>(v: &StepVersionView) -> Result<T, CaseError> {
    serde_json::from_value(v.body.clone()).map_err(|_| {
        CaseError::Store(hotline_store::StoreError::Corrupt(
            "a step record does not read as its step".into(),
        ))
    })
}

/// Render `record` as the printable document.
pub fn render_html(record: &CaseRecord) -> Result<String, CaseError> {
    let c = &record.case;
    let categories = c
        .categories
        .iter()
        .map(|k| label::<Category>(k, Category::label_vi))
        .collect::<Vec<_>>()
        .join(", ");
    let summary = vec![
        field("Số hồ sơ", c.case_number.clone()),
        field(
            "Trạng thái",
            label::<CaseStatus>(&c.status, CaseStatus::label_vi),
        ),
        field("Loại xâm hại", categories),
        field(
            "Mức độ nguy cơ",
            c.risk_level.as_deref().map_or("Chưa đánh giá".into(), |r| {
                label::<RiskLevel>(r, RiskLevel::label_vi)
            }),
        ),
        field("Khẩn cấp", yes(c.emergency)),
        field(
            "Nơi xảy ra",
            [c.place_detail.clone(), c.commune_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        field("Tiếp nhận lúc", at(c.received_at)),
        field("Đóng hồ sơ lúc", at_opt(c.closed_at)),
    ];
    let children = Table {
        caption: "Trẻ em".into(),
        head: vec![
            "Họ tên",
            "Ngày sinh / tuổi",
            "Giới tính",
            "Dân tộc",
            "Khuyết tật",
            "Nơi ở hiện tại",
        ],
        rows: c
            .children
            .iter()
            .map(|k| {
                vec![
                    opt(&k.name),
                    k.born_vi(),
                    k.sex
                        .as_deref()
                        .map(|s| label::<Sex>(s, Sex::label_vi))
                        .unwrap_or_default(),
                    k.ethnicity
                        .as_deref()
                        .map(|e| label::<Ethnicity>(e, Ethnicity::label_vi))
                        .unwrap_or_default(),
                    k.disability.map(yes).unwrap_or_default().to_owned(),
                    opt(&k.current_location),
                ]
            })
            .collect(),
    };
    let reports = c
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut fields = vec![
                field(
                    "Kênh tiếp nhận",
                    label::<Channel>(&r.channel, Channel::label_vi),
                ),
                field(
                    "Loại liên hệ",
                    label::<ContactType>(&r.contact_type, ContactType::label_vi),
                ),
                field("Thời điểm nhận", at(r.received_at)),
                field("Người ghi nhận", opt(&r.recorded_by)),
                field("Nội dung", opt(&r.narrative)),
            ];
            if let Some(inf) = &r.informant {
                fields.push(field("Người báo tin", opt(&inf.name)));
                fields.push(field("Điện thoại người báo tin", opt(&inf.phone)));
                fields.push(field("Quan hệ với trẻ", opt(&inf.relation)));
            }
            if let Some(online) = &r.online {
                let urls = online.urls.join("\n");
                fields.push(field("Đường dẫn nội dung trên mạng", urls));
            }
            Section {
                title: format!("Lần tiếp nhận {}", i + 1),
                caption: String::new(),
                fields,
                tables: Vec::new(),
            }
        })
        .collect();
    let indicators = indicators_section(c);
    let steps = record
        .steps
        .as_ref()
        .map(|s| {
            s.records
                .iter()
                .map(step_section)
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let referrals = Table {
        caption: "Chuyển tuyến".into(),
        head: vec![
            "Cơ quan",
            "Trạng thái",
            "Lý do",
            "Hạn xác nhận",
            "Xác nhận lúc",
            "Kết quả",
        ],
        rows: c
            .referrals
            .iter()
            .map(|r| {
                vec![
                    format!(
                        "{} ({})",
                        r.agency_name,
                        label::<AgencyKind>(&r.agency_kind, AgencyKind::label_vi)
                    ),
                    label::<ReferralStatus>(&r.status, ReferralStatus::label_vi),
                    r.reason.clone(),
                    at_opt(r.due_at),
                    at_opt(r.acknowledged_at),
                    opt(&r.outcome),
                ]
            })
            .collect(),
    };
    let deadlines = Table {
        caption: "Thời hạn".into(),
        head: vec!["Việc", "Hạn", "Tình trạng", "Thực hiện lúc", "Quá hạn lúc"],
        rows: record
            .deadlines
            .iter()
            .map(|d| {
                vec![
                    match &d.agency_code {
                        Some(agency) => format!("{} ({agency})", d.kind.label_vi()),
                        None => d.kind.label_vi().to_owned(),
                    },
                    at(d.due_at),
                    d.state.label_vi().to_owned(),
                    at_opt(d.met_at),
                    at_opt(d.breached_at),
                ]
            })
            .collect(),
    };
    let timeline = Table {
        caption: "Diễn biến".into(),
        head: vec!["Thời điểm", "Người thực hiện", "Sự việc", "Ghi chú"],
        rows: c
            .timeline
            .iter()
            .map(|e| {
                let moved = match (&e.from_status, &e.to_status) {
                    (Some(f), Some(t)) => format!(
                        ": {} → {}",
                        label::<CaseStatus>(f, CaseStatus::label_vi),
                        label::<CaseStatus>(t, CaseStatus::label_vi)
                    ),
                    _ => String::new(),
                };
                // Only people's own words are shown; system events carry ids and codes.
                let text = match e.kind.as_str() {
                    "note" | "transition" | "duplicate_linked" | "duplicate_received" => {
                        opt(&e.text)
                    }
                    _ => String::new(),
                };
                vec![
                    at(e.at),
                    e.actor.clone().unwrap_or_else(|| "Hệ thống".into()),
                    format!("{}{moved}", event_label(&e.kind)),
                    text,
                ]
            })
            .collect(),
    };
    let page = RecordPage {
        case_number: c.case_number.clone(),
        generated: at(record.generated_at),
        generated_by: opt(&record.generated_by),
        summary,
        children,
        reports,
        indicators,
        steps,
        referrals,
        deadlines,
        timeline,
    };
    page.render()
        .map_err(|e| CaseError::Store(hotline_store::StoreError::Corrupt(format!("template: {e}"))))
}

/// What a timeline event is called in Vietnamese (the case file and the console say it alike).
pub fn event_label(kind: &str) -> String {
    match kind {
        "opened" => "Tiếp nhận, mở hồ sơ".into(),
        "routed" => "Chuyển tuyến theo quy tắc".into(),
        "transition" => "Chuyển trạng thái".into(),
        "note" => "Ghi chú".into(),
        "step.saved" => "Ghi hồ sơ bước công tác".into(),
        "indicators.updated" => "Cập nhật thông tin thống kê".into(),
        "plan.submitted" => "Trình kế hoạch".into(),
        "plan.approved" => "Phê duyệt kế hoạch".into(),
        "plan.returned" => "Trả lại kế hoạch để chỉnh sửa".into(),
        "deadline.breached" => "Quá hạn, đã báo cáo cấp trên".into(),
        "duplicate_linked" => "Liên kết là bản trùng".into(),
        "duplicate_received" => "Nhận bản trùng".into(),
        "referral.created" => "Chuyển tuyến".into(),
        "referral.reassigned" => "Chuyển cơ quan khác".into(),
        "referral.escalated" => "Chuyển tuyến quá hạn, đã báo cáo".into(),
        "referral.acknowledge" => "Cơ quan xác nhận đã nhận".into(),
        "referral.accept" => "Cơ quan chấp nhận xử lý".into(),
        "referral.decline" => "Cơ quan từ chối".into(),
        "referral.complete" => "Cơ quan hoàn thành".into(),
        "hold_placed" => "Đặt lệnh giữ hồ sơ".into(),
        "hold_lifted" => "Gỡ lệnh giữ hồ sơ".into(),
        "corrected" => "Sửa thông tin cá nhân".into(),
        "erased" => "Xóa dữ liệu cá nhân".into(),
        other => other.to_owned(),
    }
}

/// The facts kept for the statistics (Circular 13/2021/TT-BLĐTBXH).
fn indicators_section(c: &crate::dto::CaseDetailView) -> Section {
    let i = &c.indicators;
    let names = |child: &Option<String>| match child {
        Some(id) => c
            .children
            .iter()
            .enumerate()
            .find(|(_, k)| k.id == *id)
            .map(|(n, k)| {
                k.name
                    .clone()
                    .unwrap_or_else(|| format!("Trẻ thứ {}", n + 1))
            })
            .unwrap_or_default(),
        None => "Các trẻ trong vụ việc".into(),
    };
    Section {
        title: "Thông tin phục vụ thống kê".into(),
        caption: "Theo Thông tư 13/2021/TT-BLĐTBXH (chỉ tiêu 0101).".into(),
        fields: vec![
            field(
                "Môi trường xảy ra",
                i.setting.map(|s| s.label_vi()).unwrap_or_default(),
            ),
            field(
                "Hình thức xâm hại tình dục",
                i.sexual_subtypes
                    .iter()
                    .map(|s| s.label_vi())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            field(
                "Kết quả xử lý pháp luật",
                i.legal_outcome.map(|o| o.label_vi()).unwrap_or_default(),
            ),
        ],
        tables: vec![
            Table {
                caption: "Người có hành vi xâm hại".into(),
                head: vec![
                    "Quan hệ với trẻ",
                    "Giới tính",
                    "Độ tuổi",
                    "Người thành niên",
                    "Công an đã biết",
                    "Mô tả",
                ],
                rows: i
                    .perpetrators
                    .iter()
                    .map(|p| {
                        vec![
                            p.relation.label_vi().to_owned(),
                            p.sex.map(|s| s.label_vi()).unwrap_or_default().to_owned(),
                            p.age_band
                                .map(|a| a.label_vi())
                                .unwrap_or_default()
                                .to_owned(),
                            p.adult.map(yes).unwrap_or_default().to_owned(),
                            p.known_to_police.map(yes).unwrap_or_default().to_owned(),
                            opt(&p.description),
                        ]
                    })
                    .collect(),
            },
            Table {
                caption: "Dịch vụ đã cung cấp".into(),
                head: vec!["Dịch vụ", "Cho trẻ", "Ngày", "Đơn vị cung cấp"],
                rows: i
                    .services
                    .iter()
                    .map(|s| {
                        vec![
                            s.service.label_vi().to_owned(),
                            names(&s.child_id),
                            day(s.provided_on),
                            opt(&s.provider),
                        ]
                    })
                    .collect(),
            },
        ],
    }
}

fn criterion(name: &str, c: &crate::steps::records::Criterion) -> Field {
    field(name, format!("{}: {}", c.level.label_vi(), c.note))
}

/// A step record, as it last stands, with its history.
fn step_section(r: &StepRecordView) -> Result<Section, CaseError> {
    let Some(last) = r.versions.last() else {
        return Err(CaseError::NotFound);
    };
    let mut fields = Vec::new();
    let mut tables = Vec::new();
    match r.step {
        CaseStep::Verification => {
            let v: VerificationRecord = typed(last)?;
            fields.push(field("Xác minh đúng sự việc", yes(v.confirmed)));
            fields.push(field("An toàn hiện tại của trẻ", v.child_safety));
            fields.push(criterion(
                "Mức độ nghiêm trọng của tổn hại",
                &v.criteria.harm,
            ));
            fields.push(criterion(
                "Khả năng đối tượng tiếp cận trẻ",
                &v.criteria.abuser_access,
            ));
            fields.push(criterion(
                "Môi trường chăm sóc",
                &v.criteria.care_environment,
            ));
            fields.push(criterion(
                "Khả năng tự bảo vệ của trẻ",
                &v.criteria.self_protection,
            ));
            fields.push(field("Mức độ nguy cơ ban đầu", v.initial_risk.label_vi()));
            match &v.emergency_action {
                Some(a) => {
                    fields.push(field("Biện pháp khẩn cấp", a.kind.label_vi()));
                    fields.push(field("Thực hiện lúc", at(a.taken_at)));
                    fields.push(field("Người, cơ quan thực hiện", a.taken_by.clone()));
                }
                None => fields.push(field("Biện pháp khẩn cấp", "Không")),
            }
            fields.push(field("Ghi chú", opt(&v.note)));
            tables.push(Table {
                caption: "Các cuộc liên hệ".into(),
                head: vec!["Với ai", "Lúc", "Nội dung"],
                rows: v
                    .contacts
                    .iter()
                    .map(|k| vec![k.who.clone(), at_opt(k.at), opt(&k.summary)])
                    .collect(),
            });
        }
        CaseStep::Assessment => {
            let a: AssessmentRecord = typed(last)?;
            fields.push(field("Tình trạng thể chất", a.physical_state));
            fields.push(field("Tình trạng tâm lý", a.psychological_state));
            fields.push(field("Gia đình, người chăm sóc", a.caregivers));
            fields.push(field(
                "Người chăm sóc có khả năng bảo vệ trẻ",
                yes(a.caregivers_can_protect),
            ));
            fields.push(field("Mức độ nguy cơ", a.risk.label_vi()));
            fields.push(field("Ghi chú", opt(&a.note)));
            tables.push(Table {
                caption: "Nhu cầu của trẻ".into(),
                head: vec!["Lĩnh vực", "Nhu cầu"],
                rows: a
                    .needs
                    .iter()
                    .map(|n| vec![n.domain.label_vi().to_owned(), n.description.clone()])
                    .collect(),
            });
        }
        CaseStep::Plan => {
            let p: PlanRecord = typed(last)?;
            fields.push(field(
                "Tình trạng phê duyệt",
                r.plan_state.map_or("", PlanState::label_vi),
            ));
            fields.push(field("Mục tiêu", p.goals.join("\n")));
            fields.push(field("Rà soát lần đầu", day(p.next_review)));
            fields.push(field("Ghi chú", opt(&p.note)));
            tables.push(Table {
                caption: "Hoạt động hỗ trợ, can thiệp".into(),
                head: vec![
                    "STT",
                    "Hoạt động",
                    "Người, cơ quan thực hiện",
                    "Dịch vụ",
                    "Thời hạn",
                    "Tình trạng",
                ],
                rows: p
                    .actions
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        vec![
                            (i + 1).to_string(),
                            a.description.clone(),
                            a.responsible.clone(),
                            a.service.label_vi().to_owned(),
                            day(a.due),
                            a.status.label_vi().to_owned(),
                        ]
                    })
                    .collect(),
            });
            tables.push(Table {
                caption: "Quá trình trình, phê duyệt (Mẫu 05)".into(),
                head: vec![
                    "Phiên bản",
                    "Tình trạng",
                    "Người thực hiện",
                    "Lúc",
                    "Lý do trả lại",
                ],
                rows: r
                    .versions
                    .iter()
                    .map(|v| {
                        vec![
                            v.version.to_string(),
                            v.plan_state.map_or("", PlanState::label_vi).to_owned(),
                            opt(&v.recorded_by),
                            at(v.recorded_at),
                            opt(&v.note),
                        ]
                    })
                    .collect(),
            });
        }
        CaseStep::Review => {
            let v: ReviewRecord = typed(last)?;
            fields.push(field("Ngày rà soát", day(v.reviewed_on)));
            fields.push(field("Tình hình của trẻ", v.situation));
            fields.push(field("Mức độ nguy cơ hiện tại", v.risk_now.label_vi()));
            fields.push(field("Quyết định", v.decision.label_vi()));
            fields.push(field(
                "Rà soát tiếp theo",
                v.next_review.map(day).unwrap_or_default(),
            ));
            fields.push(field("Ghi chú", opt(&v.note)));
            tables.push(Table {
                caption: "Kết quả thực hiện các hoạt động".into(),
                head: vec!["Hoạt động số", "Tình trạng", "Ghi chú"],
                rows: v
                    .actions
                    .iter()
                    .map(|a| {
                        vec![
                            a.action.to_string(),
                            ActionStatus::label_vi(a.status).to_owned(),
                            opt(&a.note),
                        ]
                    })
                    .collect(),
            });
        }
        CaseStep::Closure => {
            let v: ClosureRecord = typed(last)?;
            fields.push(field("Lý do đóng hồ sơ", v.reason.label_vi()));
            if let Some(code) = v.new_commune_code {
                fields.push(field("Bàn giao cho xã, phường (mã)", code.to_string()));
            }
            fields.push(field("Tóm tắt", v.summary));
        }
    }
    let round = if r.step == CaseStep::Review {
        format!(", lần rà soát {}", r.round)
    } else {
        String::new()
    };
    Ok(Section {
        title: r.step.label_vi().to_owned(),
        caption: format!(
            "Chu kỳ kế hoạch {}{round}; phiên bản {} do {} ghi lúc {}",
            r.cycle,
            last.version,
            opt(&last.recorded_by),
            at(last.recorded_at)
        ),
        fields,
        tables,
    })
}
