//! The case page as it shows a case: its rows, boxes and the moves the person may make.

use askama::Template;
use hotline_cases::dto::CaseDetailView;
use hotline_cases::steps::records::PlanRecord;
use hotline_cases::steps::StepsView;
use hotline_domain::codes::label_or_code as label;
use hotline_domain::evidence::EvidenceKind;
use hotline_domain::lifecycle::{self, TransitionCheck};
use hotline_domain::{casework, CaseStep, PlanState};
use hotline_domain::{AgencyKind, CaseStatus, ReferralStatus, RiskLevel, Sex};

use crate::page::Chrome;
use crate::pages::local;
use crate::text;

pub struct ChildRow {
    pub id: String,
    pub name: String,
    pub born: String,
    pub sex: String,
}

pub struct ReferralRow {
    pub agency: String,
    /// Why it was routed there, in Vietnamese.
    pub reason: String,
    pub status: String,
    pub due: String,
    pub acknowledged: String,
}

pub struct EventRow {
    pub at: String,
    pub who: String,
    pub what: String,
    /// A note's own words (other events show only what happened).
    pub note: Option<String>,
}

/// The current plan (Mẫu 04) as the case page shows it, for those who read step records.
pub struct PlanBox {
    pub state: String,
    pub goals: Vec<String>,
    pub actions: Vec<String>,
    pub next_review: String,
    /// Why it was last returned, if it was.
    pub returned: Option<String>,
    /// The caller is the chair and the plan waits for a decision.
    pub decide: bool,
}

impl PlanBox {
    fn of(steps: &StepsView, role: Option<hotline_domain::Role>) -> Option<PlanBox> {
        let current = steps
            .records
            .iter()
            .rev()
            .find(|r| r.step == CaseStep::Plan && r.cycle == steps.cycle)?;
        let latest = current.versions.last()?;
        let plan: PlanRecord = serde_json::from_value(latest.body.clone()).ok()?;
        let state = current.plan_state.unwrap_or(PlanState::Draft);
        Some(PlanBox {
            state: state.label_vi().to_owned(),
            goals: plan.goals,
            actions: plan
                .actions
                .iter()
                .map(|a| {
                    text::plan_action(
                        &a.description,
                        &a.responsible,
                        a.service.label_vi(),
                        &crate::text::date(a.due),
                    )
                })
                .collect(),
            next_review: crate::text::date(plan.next_review),
            returned: current
                .versions
                .iter()
                .rev()
                .find(|v| v.plan_state == Some(PlanState::Returned))
                .and_then(|v| v.note.clone())
                .filter(|_| state == PlanState::Returned),
            decide: state == PlanState::Submitted
                && role.is_some_and(casework::role_approves_plans),
        })
    }
}

pub struct EvidenceRow {
    pub kind: &'static str,
    pub value: String,
    pub platform: String,
    pub at: String,
}

/// An open case this one may duplicate, with what they share.
pub struct DuplicateRow {
    pub id: String,
    pub number: String,
    pub shared: String,
}

/// An open referral that may be handed to another agency.
pub struct OpenReferral {
    pub id: String,
    pub agency: String,
}

/// What a supervisor sees and may do about the case's personal data.
pub struct PrivacyBox {
    /// When the personal details were erased.
    pub erased: Option<String>,
    /// The legal hold in force: since, by whom, why.
    pub hold: Option<(String, String, String)>,
    /// The case ended, is not held and not erased: it may be erased on request.
    pub may_erase: bool,
    pub reasons: Vec<(&'static str, &'static str)>,
}

impl PrivacyBox {
    fn of(role: Option<hotline_domain::Role>, c: &CaseDetailView) -> Option<PrivacyBox> {
        if role != Some(hotline_domain::Role::Supervisor) {
            return None;
        }
        let ended = c
            .status
            .parse::<CaseStatus>()
            .is_ok_and(|s| !lifecycle::is_open(s));
        Some(PrivacyBox {
            erased: c.erased_at.map(local),
            hold: c.legal_hold.as_ref().map(|h| {
                (
                    local(h.placed_at),
                    h.placed_by.clone().unwrap_or_default(),
                    h.reason.clone(),
                )
            }),
            may_erase: ended && c.legal_hold.is_none() && c.erased_at.is_none(),
            reasons: hotline_domain::ErasureReason::ALL
                .iter()
                .map(|r| (r.code(), r.label_vi()))
                .collect(),
        })
    }
}

/// The case's transfers: the one waiting (with the person's answer or withdrawal), the form
/// that proposes one, and those answered.
pub struct TransferBox {
    pub waiting: Option<crate::pages::transfers::TransferRow>,
    /// For those who may propose a transfer of this case: the provinces to choose from.
    pub provinces: Option<Vec<(i32, String)>>,
    /// The case's province, chosen first.
    pub province: i32,
    pub history: Vec<String>,
}

impl TransferBox {
    fn of(c: &CaseDetailView) -> TransferBox {
        let waiting = c
            .transfers
            .iter()
            .find(|t| t.status == hotline_domain::TransferStatus::Proposed.code());
        TransferBox {
            waiting: waiting.map(|t| crate::pages::transfers::TransferRow::of(t, false)),
            provinces: None,
            province: c.province_code,
            history: c
                .transfers
                .iter()
                .filter(|t| t.status != hotline_domain::TransferStatus::Proposed.code())
                .map(|t| {
                    let row = crate::pages::transfers::TransferRow::of(t, false);
                    let at = t.answered_at.map(local).unwrap_or_default();
                    format!("{}: {} ({at})", row.status, row.places)
                })
                .collect(),
        }
    }
}

/// A move of the lifecycle the caller may make now: the status's code and label.
pub struct MoveChoice {
    pub to: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "case.html")]
pub(crate) struct CasePage {
    chrome: Chrome,
    id: String,
    number: String,
    status: String,
    risk: String,
    high_risk: bool,
    emergency: bool,
    place: String,
    received: String,
    categories: String,
    children: Vec<ChildRow>,
    referrals: Vec<ReferralRow>,
    timeline: Vec<EventRow>,
    moves: Vec<MoveChoice>,
    plan: Option<PlanBox>,
    step_forms: Vec<super::steps::shown::StepForm>,
    evidence: Vec<EvidenceRow>,
    duplicates: Vec<DuplicateRow>,
    /// The person may record this case as a duplicate of another.
    may_link: bool,
    /// Agencies the person may refer the case to (only for those who refer).
    agencies: Vec<(String, String)>,
    open_referrals: Vec<OpenReferral>,
    /// For a supervisor: holds, corrections, the child's copy, erasure.
    privacy: Option<PrivacyBox>,
    /// Who manages the case (a username), if anyone does.
    manager: Option<String>,
    manager_id: Option<String>,
    /// The case is still worked and holds its details (not erased).
    open: bool,
    /// For whoever assigns managers, on an open case: the workers of the commune's group
    /// (id, username).
    assign: Option<Vec<(String, String)>>,
    /// Why the person sees a case its side does not hold (read only).
    sight: Option<&'static str>,
    /// "Nhập từ sổ đăng ký …" for a case imported from a past register.
    imported: Option<String>,
    transfer: Option<TransferBox>,
    papers: Option<super::papers_box::PapersBox>,
    done: Option<&'static str>,
    errors: Vec<(String, String)>,
}

impl CasePage {
    /// The page with the step forms and the plan the person may work, and the agencies a
    /// referral may go to.
    pub(super) fn with_work(
        mut self,
        (role, status): (Option<hotline_domain::Role>, Option<CaseStatus>),
        steps: Option<&StepsView>,
        typed: Option<(CaseStep, super::steps::form::StepValues)>,
        agencies: Vec<hotline_store::models::AgencyRow>,
    ) -> CasePage {
        self.plan = steps.and_then(|s| PlanBox::of(s, role));
        self.step_forms = super::steps::shown::forms_for(role, status, steps, typed);
        self.agencies = agencies
            .into_iter()
            .filter(|a| a.active)
            .map(|a| (a.code, a.name))
            .collect();
        self
    }

    /// The page with the form that assigns a manager among `members` (for those who assign
    /// them, on an open case).
    pub(super) fn with_candidates(mut self, members: Option<Vec<(String, String)>>) -> CasePage {
        self.assign = members.filter(|_| self.open);
        self
    }

    /// The page with the case's transfers, for those who take part in them (`takes_part`):
    /// the form that proposes one (with `provinces`) on an open case of their own, and the
    /// withdrawal of one waiting.
    pub(super) fn with_transfer(
        mut self,
        takes_part: bool,
        provinces: Vec<(i32, String)>,
    ) -> CasePage {
        let holds = takes_part && self.sight.is_none();
        if let Some(t) = &mut self.transfer {
            if let Some(w) = &mut t.waiting {
                w.withdraws = holds;
            }
            if holds && self.open && t.waiting.is_none() {
                t.provinces = Some(provinces);
            }
            let shown = t.waiting.is_some() || t.provinces.is_some() || !t.history.is_empty();
            if !shown {
                self.transfer = None;
            }
        }
        self
    }

    /// The page saying what was just done, or what was wrong.
    pub(super) fn with_papers(mut self, papers: Option<super::papers_box::PapersBox>) -> CasePage {
        self.papers = papers;
        self
    }

    pub(super) fn saying(
        mut self,
        done: Option<&'static str>,
        errors: Vec<(String, String)>,
    ) -> CasePage {
        self.done = done;
        self.errors = errors;
        self
    }

    fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == field)
    }

    pub(super) fn of(
        chrome: Chrome,
        role: Option<hotline_domain::Role>,
        c: CaseDetailView,
    ) -> CasePage {
        let risk = c.risk_level.as_deref().unwrap_or_default();
        let status: Option<CaseStatus> = c.status.parse().ok();
        // Only the moves this person may make; a duplicate is linked, not moved to.
        let moves = match (role, status) {
            (Some(role), Some(from)) => lifecycle::next_states(from)
                .iter()
                .copied()
                .filter(|to| *to != CaseStatus::Duplicate)
                .filter(|to| {
                    matches!(
                        lifecycle::check(role, from, *to),
                        TransitionCheck::Allowed(_)
                    )
                })
                .map(|to| MoveChoice {
                    to: to.code(),
                    label: to.label_vi(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let may_link = match (role, status) {
            (Some(role), Some(from)) => matches!(
                lifecycle::check(role, from, CaseStatus::Duplicate),
                TransitionCheck::Allowed(_)
            ),
            _ => false,
        };
        // A case the person's side does not hold is read, never worked.
        let sight = match c.sight.as_deref() {
            Some("handed_on") => Some(text::SIGHT_HANDED_ON),
            Some(_) => Some(text::SIGHT_OFFERED),
            None => None,
        };
        let (moves, may_link, privacy) = match sight {
            Some(_) => (Vec::new(), false, None),
            None => (moves, may_link, PrivacyBox::of(role, &c)),
        };
        CasePage {
            chrome,
            sight,
            imported: c
                .imported
                .as_ref()
                .map(|i| text::imported_from(&i.source_key, &local(i.imported_at))),
            transfer: Some(TransferBox::of(&c)),
            papers: None,
            manager: c.manager.as_ref().map(|m| m.username.clone()),
            manager_id: c.manager.as_ref().map(|m| m.user_id.clone()),
            assign: None,
            open: status.is_some_and(lifecycle::is_open) && c.erased_at.is_none(),
            may_link,
            privacy,
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceRow {
                    kind: EvidenceKind::from_code(&e.kind)
                        .map_or(text::OTHER, EvidenceKind::label_vi),
                    value: e.value.clone(),
                    platform: e.platform.clone().unwrap_or_default(),
                    at: local(e.recorded_at),
                })
                .collect(),
            duplicates: c
                .possible_duplicates
                .iter()
                .map(|d| DuplicateRow {
                    id: d.case_id.clone(),
                    number: d.case_number.clone(),
                    shared: crate::pages::matched_on_vi(&d.matched_on),
                })
                .collect(),
            agencies: Vec::new(),
            open_referrals: c
                .referrals
                .iter()
                .filter(|r| {
                    r.status
                        .parse::<ReferralStatus>()
                        .is_ok_and(hotline_domain::referral::is_open)
                })
                .map(|r| OpenReferral {
                    id: r.id.clone(),
                    agency: r.agency_name.clone(),
                })
                .collect(),
            moves,
            plan: None,
            step_forms: Vec::new(),
            done: None,
            errors: Vec::new(),
            high_risk: risk == RiskLevel::High.code(),
            risk: if risk.is_empty() {
                text::NOT_ASSESSED.into()
            } else {
                label::<RiskLevel>(risk, RiskLevel::label_vi)
            },
            status: label::<CaseStatus>(&c.status, CaseStatus::label_vi),
            emergency: c.emergency,
            place: [c.place_detail.clone(), c.commune_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            received: local(c.received_at),
            categories: crate::pages::categories_vi(&c.categories),
            children: c
                .children
                .iter()
                .map(|k| ChildRow {
                    id: k.id.clone(),
                    name: k.name.clone().unwrap_or_else(|| text::NAME_UNKNOWN.into()),
                    born: text::born(k.birth_date, k.birth_year, k.age_estimate),
                    sex: k
                        .sex
                        .as_deref()
                        .map(|s| label::<Sex>(s, Sex::label_vi))
                        .unwrap_or_default(),
                })
                .collect(),
            referrals: c
                .referrals
                .iter()
                .map(|r| ReferralRow {
                    agency: format!(
                        "{} ({})",
                        r.agency_name,
                        label::<AgencyKind>(&r.agency_kind, AgencyKind::label_vi)
                    ),
                    reason: r.reason.clone(),
                    status: label::<ReferralStatus>(&r.status, ReferralStatus::label_vi),
                    due: r.due_at.map(local).unwrap_or_default(),
                    acknowledged: r.acknowledged_at.map(local).unwrap_or_default(),
                })
                .collect(),
            timeline: c
                .timeline
                .iter()
                .map(|e| EventRow {
                    at: local(e.at),
                    who: e.actor.clone().unwrap_or_else(|| text::SYSTEM.into()),
                    what: match (&e.from_status, &e.to_status) {
                        // A new manager: the names of the previous and the new one.
                        (from, Some(to)) if e.kind == "manager" => format!(
                            "{}: {} → {to}",
                            text::event_label(&e.kind),
                            from.as_deref().unwrap_or(text::NO_MANAGER)
                        ),
                        (Some(f), Some(t)) => format!(
                            "{}: {} → {}",
                            text::event_label(&e.kind),
                            label::<CaseStatus>(f, CaseStatus::label_vi),
                            label::<CaseStatus>(t, CaseStatus::label_vi)
                        ),
                        _ => text::event_label(&e.kind),
                    },
                    note: (matches!(e.kind.as_str(), "note" | "manager")
                        || hotline_cases::transfers::EVENT_KINDS.contains(&e.kind.as_str()))
                    .then(|| e.text.clone())
                    .flatten(),
                })
                .collect(),
            id: c.id,
            number: c.case_number,
        }
    }
}
