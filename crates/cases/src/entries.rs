//! The audit entries of case work.

use hotline_audit::Entry;
use hotline_store::models::CaseRow;

/// An entry about one case, placed where the case lies so that the right supervisors see it.
pub(crate) fn case_entry(action: &'static str, case: &CaseRow) -> Entry {
    Entry::new(action)
        .on("case", case.id.clone())
        .place(Some(case.province_code), Some(case.commune_code))
}
