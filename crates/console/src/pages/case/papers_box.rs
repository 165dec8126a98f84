//! The case's papers as its page lists them, and what the person may file there.

use hotline_cases::dto::CaseDetailView;
use hotline_documents::view::DocumentView;
use hotline_domain::document::handles_documents;
use hotline_domain::{casework, time, DocumentKind, DocumentStep};

use crate::pages::local;
use crate::signed::Signed;
use crate::text;

/// A paper as the list shows it.
pub struct PaperRow {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub dated: String,
    pub attached: String,
    pub added: String,
    pub size: String,
}

/// The case's papers, and what the person may file there.
pub struct PapersBox {
    pub items: Vec<PaperRow>,
    /// Those who read step records print each step's form.
    pub forms: Vec<(&'static str, &'static str)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    /// Where a paper may hang: `""` the case, `step:<code>`, `referral:<id>`.
    pub attach: Vec<(String, String)>,
    pub today: String,
    pub limit: String,
    pub may_add: bool,
}

impl PapersBox {
    pub(super) fn of(
        case: &CaseDetailView,
        papers: Vec<DocumentView>,
        (reads_steps, may_add): (bool, bool),
        max_bytes: u64,
    ) -> PapersBox {
        let referral_name = |id: &str| {
            case.referrals
                .iter()
                .find(|r| r.id == id)
                .map_or_else(String::new, |r| r.agency_name.clone())
        };
        let items = papers
            .into_iter()
            .map(|d| PaperRow {
                attached: match (&d.step, &d.referral_id) {
                    (Some(step), _) => step.label_vi().to_owned(),
                    (None, Some(r)) => format!("{}: {}", text::PAPER_REFERRAL, referral_name(r)),
                    (None, None) => text::PAPER_WHOLE_CASE.to_owned(),
                },
                id: d.id,
                title: d.title,
                kind: d.kind.label_vi(),
                dated: text::date(d.dated),
                added: format!("{} ({})", d.added_by, local(d.added_at)),
                size: text::size(d.size),
            })
            .collect();
        let steps: Vec<(&'static str, &'static str)> = DocumentStep::ALL
            .iter()
            .map(|s| (s.code(), s.label_vi()))
            .collect();
        let mut attach = Vec::new();
        if reads_steps {
            attach.push((String::new(), text::PAPER_WHOLE_CASE.to_owned()));
            attach.extend(
                steps
                    .iter()
                    .map(|(c, l)| (format!("step:{c}"), (*l).to_owned())),
            );
        }
        attach.extend(case.referrals.iter().map(|r| {
            (
                format!("referral:{}", r.id),
                format!("{}: {}", text::PAPER_REFERRAL, r.agency_name),
            )
        }));
        PapersBox {
            items,
            forms: if reads_steps { steps } else { Vec::new() },
            kinds: DocumentKind::ALL
                .iter()
                .map(|k| (k.code(), k.label_vi()))
                .collect(),
            attach,
            today: time::vietnam_date(time::now()).to_string(),
            limit: text::paper_limit(max_bytes),
            may_add,
        }
    }
}

/// Whether the person sees the case's papers on its page, and whether it reads step
/// records (and so prints their forms).
pub(super) fn sees_papers(signed: &Signed) -> (bool, bool) {
    let caller = &signed.caller;
    let kind = caller.agency().map(|a| a.kind);
    let role = caller.role();
    (
        role.is_some_and(|r| handles_documents(r, caller.agency())),
        role.is_some_and(|r| casework::reads_step_records(r, kind)),
    )
}
