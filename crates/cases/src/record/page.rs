//! The printable case file: a Vietnamese document in the order of the Decree's forms (Mẫu 01
//! intake, 02 verification, 03 assessment, 04–05 plan and approval, 06 reviews, closure),
//! then referrals, deadlines and the timeline. Printed to PDF from the browser.

use askama::Template;
use chrono::{DateTime, Utc};
use hotline_domain::codes::label_or_code as label;
use hotline_domain::{
    AgencyKind, CaseStatus, Category, Channel, ContactType, Ethnicity, ReferralStatus, RiskLevel,
    Sex,
};
use hotline_words::{self as text, date as day, moment as at};
use serde::de::DeserializeOwned;

mod form;
mod steps;

pub use form::render_step_form;

use super::CaseRecord;
use crate::steps::StepVersionView;
use crate::CaseError;
use steps::step_section;

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
    papers: Table,
    timeline: Table,
}

fn at_opt(t: Option<DateTime<Utc>>) -> String {
    t.map(at).unwrap_or_default()
}

fn yes(b: bool) -> &'static str {
    if b {
        text::YES
    } else {
        text::NO
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
        field(text::RECORD_NUMBER, c.case_number.clone()),
        field(
            text::STATUS,
            label::<CaseStatus>(&c.status, CaseStatus::label_vi),
        ),
        field(text::ABUSE_TYPE, categories),
        field(
            text::RISK,
            c.risk_level
                .as_deref()
                .map_or(text::NOT_ASSESSED.into(), |r| {
                    label::<RiskLevel>(r, RiskLevel::label_vi)
                }),
        ),
        field(text::EMERGENCY, yes(c.emergency)),
        field(
            text::PLACE,
            [c.place_detail.clone(), c.commune_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        field(text::RECEIVED_AT, at(c.received_at)),
        field(text::CLOSED_AT, at_opt(c.closed_at)),
    ];
    let children = children_table(c);
    let reports = c
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut fields = vec![
                field(
                    text::RECEIVED_BY_CHANNEL,
                    label::<Channel>(&r.channel, Channel::label_vi),
                ),
                field(
                    text::CONTACT_TYPE,
                    label::<ContactType>(&r.contact_type, ContactType::label_vi),
                ),
                field(text::RECEIVED_MOMENT, at(r.received_at)),
                field(text::RECORDED_BY, opt(&r.recorded_by)),
                field(text::CONTENT, opt(&r.narrative)),
            ];
            if let Some(inf) = &r.informant {
                fields.push(field(text::INFORMANT, opt(&inf.name)));
                fields.push(field(text::INFORMANT_PHONE, opt(&inf.phone)));
                fields.push(field(text::RELATION, opt(&inf.relation)));
            }
            if let Some(online) = &r.online {
                let urls = online.urls.join("\n");
                fields.push(field(text::ONLINE_URLS, urls));
            }
            Section {
                title: text::intake_number(i + 1),
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
        caption: text::REFERRALS.into(),
        head: vec![
            text::AGENCY,
            text::STATUS,
            text::REASON,
            text::ACK_DUE,
            text::ACKNOWLEDGED_AT,
            text::RESULT,
            text::REFERRAL_CONSENT,
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
                    r.consent
                        .as_ref()
                        .map(|c| {
                            text::consent_line(c.caregiver, c.child, c.override_reason.as_deref())
                        })
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let deadlines = Table {
        caption: text::DEADLINE.into(),
        head: vec![
            text::TASK,
            text::DUE,
            text::STANDING,
            text::MET_AT,
            text::BREACHED_AT,
        ],
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
    let papers = papers_table(record);
    let timeline = Table {
        caption: text::TIMELINE.into(),
        head: vec![text::AT, text::ACTOR, text::EVENT, text::NOTE],
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
                    e.actor.clone().unwrap_or_else(|| text::SYSTEM.into()),
                    format!("{}{moved}", text::event_label(&e.kind)),
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
        papers,
        timeline,
    };
    page.render()
        .map_err(|e| CaseError::Store(hotline_store::StoreError::Corrupt(format!("template: {e}"))))
}

/// The children of a case, as both the file and a step's form show them.
fn children_table(c: &crate::dto::CaseDetailView) -> Table {
    Table {
        caption: text::CHILDREN.into(),
        head: vec![
            text::FULL_NAME,
            text::BIRTH_OR_AGE,
            text::SEX,
            text::ETHNICITY,
            text::DISABILITY,
            text::LOCATION_FIELD,
        ],
        rows: c
            .children
            .iter()
            .map(|k| {
                vec![
                    opt(&k.name),
                    text::born(k.birth_date, k.birth_year, k.age_estimate),
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
    }
}

/// The papers filed on the case that the reader reads.
fn papers_table(record: &CaseRecord) -> Table {
    let attached = |p: &crate::papers::DocumentView| match (&p.step, &p.referral_id) {
        (Some(step), _) => step.label_vi().to_owned(),
        (None, Some(id)) => {
            let agency = record.case.referrals.iter().find(|r| &r.id == id);
            format!(
                "{}: {}",
                text::PAPER_REFERRAL,
                agency.map_or("", |r| r.agency_name.as_str())
            )
        }
        (None, None) => text::PAPER_WHOLE_CASE.to_owned(),
    };
    Table {
        caption: text::PAPERS_CAPTION.into(),
        head: vec![
            text::PAPER_TITLE,
            text::PAPER_KIND,
            text::PAPER_DATE,
            text::PAPER_ATTACHED_TO,
            text::PAPER_ADDED_BY,
        ],
        rows: record
            .documents
            .iter()
            .map(|p| {
                vec![
                    p.title.clone(),
                    p.kind.label_vi().to_owned(),
                    day(p.dated),
                    attached(p),
                    format!("{} ({})", p.added_by, at(p.added_at)),
                ]
            })
            .collect(),
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
            .map(|(n, k)| k.name.clone().unwrap_or_else(|| text::nth_child(n + 1)))
            .unwrap_or_default(),
        None => text::ALL_CHILDREN.into(),
    };
    Section {
        title: text::STATISTICS.into(),
        caption: text::STATISTICS_BASIS.into(),
        fields: vec![
            field(
                text::SETTING,
                i.setting.map(|s| s.label_vi()).unwrap_or_default(),
            ),
            field(
                text::SEXUAL_SUBTYPES,
                i.sexual_subtypes
                    .iter()
                    .map(|s| s.label_vi())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            field(
                text::LEGAL_OUTCOME,
                i.legal_outcome.map(|o| o.label_vi()).unwrap_or_default(),
            ),
        ],
        tables: vec![
            Table {
                caption: text::PERPETRATORS.into(),
                head: vec![
                    text::RELATION,
                    text::SEX,
                    text::AGE_BAND,
                    text::ADULT,
                    text::KNOWN_TO_POLICE,
                    text::DESCRIPTION,
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
                caption: text::SERVICES_PROVIDED.into(),
                head: vec![text::SERVICE, text::FOR_CHILD, text::DAY, text::PROVIDER],
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
