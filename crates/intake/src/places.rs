//! Finding a commune by what an operator types on a call: any case, with or without
//! diacritics, with or without its "xã" or "phường". The same search serves the picker while
//! typing and the form sent without JavaScript, which is resolved when one commune fits.

use hotline_domain::text;
use hotline_store::models::CommuneRow;
use hotline_store::queries::places;
use hotline_store::DbConnection;

use crate::IntakeError;

/// Choices offered at most.
pub const MAX_CHOICES: usize = 12;

/// Longer than any commune's name: what is longer fits none (and is never handed to the
/// database as a pattern: SQLite refuses a LIKE pattern past 50,000 bytes).
const MAX_TERM_CHARS: usize = 100;

/// Rows read from the store before ranking: enough that the exact name is never cut off.
const READ_AT_MOST: i64 = 400;

/// Unit words people may type or leave out, folded.
const UNIT_WORDS: [&str; 3] = ["xa ", "phuong ", "dac khu "];

/// What was typed, folded and without its unit word.
fn term_of(typed: &str) -> String {
    let folded = text::fold(typed);
    UNIT_WORDS
        .iter()
        .find_map(|w| folded.strip_prefix(w))
        .map_or(folded.clone(), str::to_owned)
}

/// A commune's folded name without its unit word.
fn bare_name(c: &CommuneRow) -> &str {
    UNIT_WORDS
        .iter()
        .find_map(|w| c.name_folded.strip_prefix(w))
        .unwrap_or(&c.name_folded)
}

/// 0: the name itself; 1: a name that starts with it; 2: a name with it inside.
fn rank(c: &CommuneRow, term: &str) -> u8 {
    let bare = bare_name(c);
    if bare == term {
        0
    } else if bare.starts_with(term) {
        1
    } else {
        2
    }
}

/// The communes (in one province, or anywhere) whose names fit what was typed, best first.
/// Fewer than two letters find nothing: every commune would fit.
pub fn find_communes(
    conn: &mut DbConnection,
    province_code: Option<i32>,
    typed: &str,
) -> Result<Vec<CommuneRow>, IntakeError> {
    if typed.chars().count() > MAX_TERM_CHARS * 4 {
        return Ok(Vec::new());
    }
    let term = term_of(typed);
    if !(2..=MAX_TERM_CHARS).contains(&term.chars().count()) {
        return Ok(Vec::new());
    }
    let mut found = places::search_communes(conn, province_code, &term, READ_AT_MOST)?;
    found.sort_by_cached_key(|c| (rank(c, &term), c.name_folded.clone(), c.code));
    found.truncate(MAX_CHOICES);
    Ok(found)
}

/// The one commune what was typed names: the only one with that very name, or the only one
/// found at all. `None` when there is none or a choice to make.
pub fn the_one(found: &[CommuneRow], typed: &str) -> Option<i32> {
    let term = term_of(typed);
    let exact: Vec<&CommuneRow> = found.iter().filter(|c| rank(c, &term) == 0).collect();
    match (exact.as_slice(), found) {
        ([one], _) => Some(one.code),
        ([], [only]) => Some(only.code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: i32, name: &str) -> CommuneRow {
        CommuneRow {
            code,
            province_code: 1,
            name: name.to_owned(),
            unit_type: String::new(),
            name_folded: text::fold(name),
            valid_from: String::new(),
        }
    }

    #[test]
    fn typed_names_lose_case_marks_and_unit_words() {
        assert_eq!(term_of("  Phường Ba ĐÌNH "), "ba dinh");
        assert_eq!(term_of("xa a luoi 2"), "a luoi 2");
        assert_eq!(term_of("Đặc khu Phú Quốc"), "phu quoc");
    }

    #[test]
    fn one_commune_is_taken_only_when_the_name_leaves_no_choice() {
        let found = vec![commune(1, "Phường Ba Đình"), commune(2, "Xã Ba Đình Hạ")];
        assert_eq!(the_one(&found, "ba dinh"), Some(1));
        assert_eq!(the_one(&found, "ba"), None);
        assert_eq!(the_one(&found[1..], "dinh ha"), Some(2));
        let twins = vec![commune(3, "Xã Tân Phú"), commune(4, "Phường Tân Phú")];
        assert_eq!(the_one(&twins, "tan phu"), None);
        assert_eq!(the_one(&[], "tan phu"), None);
    }

    #[test]
    fn the_name_itself_ranks_before_names_that_contain_it() {
        let c = commune(1, "Xã An Bình");
        assert_eq!(rank(&c, "an binh"), 0);
        assert_eq!(rank(&c, "an"), 1);
        assert_eq!(rank(&c, "binh"), 2);
    }
}
