//! One incident, one case. At intake the open cases sharing a URL, a file hash, an offender
//! handle, or a child (keyed hash of the folded name, and birth year, same commune) are offered as possible
//! duplicates (the case view offers the same while a case is open; linking one is case
//! work, in `hotline-cases`).

use hotline_domain::text;
use hotline_store::queries::evidence::PossibleDuplicate;
use hotline_store::queries::search_terms::TermKey;

use crate::dto::DuplicateMatch;

/// The child keys of a set of children: the keyed hash of the folded name, and the birth
/// year, when both are known.
pub fn child_keys<'a>(
    terms: &TermKey,
    children: impl IntoIterator<Item = (Option<&'a str>, Option<i32>)>,
) -> Vec<(String, i32)> {
    children
        .into_iter()
        .filter_map(|(name, year)| {
            let folded = text::fold(name?);
            (!folded.is_empty()).then(|| (terms.child_name_key(&folded), year))
        })
        .filter_map(|(key, year)| Some((key, year?)))
        .collect()
}

/// The store's matches as the API shows them.
pub fn matches(found: Vec<PossibleDuplicate>) -> Vec<DuplicateMatch> {
    found
        .into_iter()
        .map(|d| DuplicateMatch {
            case_id: d.case_id,
            case_number: d.case_number,
            matched_on: d.matched_on,
        })
        .collect()
}
