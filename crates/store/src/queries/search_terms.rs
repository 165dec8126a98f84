//! The case search index. A case is found by the words of its number, its places and its
//! children's names, folded (no case, no diacritics) and cut into their beginnings of two
//! letters or more, so that "ngu" finds "Nguyễn". Each word is stored as a keyed hash (a blind
//! index): the table alone says nothing of a name. A search is one indexed lookup per word of
//! the query, the cases holding every word, then scoped like any list.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::schema::{case_search_terms, cases, store_backfills};
use crate::{DbConnection, StoreResult};

/// Beginnings are kept up to this many letters; a longer query word is looked up by its
/// beginning of this length.
pub const PREFIX_MAX: usize = 20;

/// Bytes of the keyed hash kept per word: 128 bits, so that two words never share one.
const HASH_BYTES: usize = 16;

/// The key of the index's hashes.
#[derive(Clone)]
pub struct TermKey(Vec<u8>);

impl std::fmt::Debug for TermKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TermKey(..)")
    }
}

impl TermKey {
    pub fn new(key: Vec<u8>) -> Self {
        TermKey(key)
    }

    /// The index's key, derived from the key repeat contacts are hashed under: both must
    /// last as long as what they hashed, and one configured secret serves both.
    pub fn derive(contact_key: &[u8]) -> Self {
        TermKey(TermKey(contact_key.to_vec()).mac(b"hotline case search terms v1"))
    }

    /// The key itself, to be stored wrapped.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    fn mac(&self, data: &[u8]) -> Vec<u8> {
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0) else {
            return Vec::new();
        };
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    /// The stored form of a child's folded full name, to find the same child in another case
    /// (hex, in its own namespace: never equal to a word's hash).
    pub fn child_name_key(&self, folded_name: &str) -> String {
        let mut digest = self.mac(format!("child name\0{folded_name}").as_bytes());
        digest.truncate(HASH_BYTES);
        hex::encode(digest)
    }

    /// The stored form of a piece of online evidence of `kind` (its value already normalised),
    /// to find the cases sharing it (hex, in its own namespace).
    pub fn evidence_key(&self, kind: &str, value: &str) -> String {
        let mut digest = self.mac(format!("evidence\0{kind}\0{value}").as_bytes());
        digest.truncate(HASH_BYTES);
        hex::encode(digest)
    }

    /// The stored form of an intake request kept against its idempotency key (hex, in its own
    /// namespace, whole: a collision would replay another report's answer).
    pub fn request_key(&self, canonical: &str) -> String {
        hex::encode(self.mac(format!("intake request\0{canonical}").as_bytes()))
    }

    /// The stored form of one folded word.
    pub fn hash(&self, term: &str) -> Vec<u8> {
        let mut digest = self.mac(term.as_bytes());
        digest.truncate(HASH_BYTES);
        digest
    }
}

/// The words of folded text: runs of letters and digits ("46-2026-000012" is three words).
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// What a case's folded text is indexed under: each word's beginnings of 2 to
/// [`PREFIX_MAX`] letters, and a one-letter word itself ("Nguyễn Văn A").
pub fn terms_of(folded: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for word in words(folded) {
        let ends: Vec<usize> = word
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take(PREFIX_MAX)
            .collect();
        if ends.len() == 1 {
            terms.insert(word.to_owned());
        }
        for end in ends.iter().skip(1) {
            terms.insert(word[..*end].to_owned());
        }
    }
    terms
}

/// What a folded query looks up: its words, each cut to [`PREFIX_MAX`] letters.
pub fn query_terms(folded: &str) -> Vec<String> {
    let mut terms: Vec<String> = words(folded)
        .map(|w| w.chars().take(PREFIX_MAX).collect())
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// The text a case is found by, folded: its commune's name, its place, and each child's
/// name and whereabouts (its number is indexed as written, apart).
pub fn case_words(
    commune: &str,
    place: Option<&str>,
    children: &[(Option<&str>, Option<&str>)],
) -> String {
    let mut parts = vec![commune, place.unwrap_or_default()];
    for (name, location) in children {
        parts.extend([name.unwrap_or_default(), location.unwrap_or_default()]);
    }
    hotline_domain::text::fold(&parts.join(" | "))
}

/// Index case `case_id`, received at `received_at`, under the terms of `folded` (its
/// number, places and names, folded).
pub fn index_case(
    conn: &mut DbConnection,
    key: &TermKey,
    (case_id, received_at): (&str, NaiveDateTime),
    folded: &str,
) -> StoreResult<()> {
    let rows: Vec<_> = terms_of(folded)
        .iter()
        .map(|t| {
            (
                case_search_terms::term.eq(key.hash(t)),
                case_search_terms::case_id.eq(case_id),
                case_search_terms::received_at.eq(received_at),
            )
        })
        .collect();
    for chunk in rows.chunks(200) {
        crate::insert_or_ignore!(&mut *conn, case_search_terms::table, chunk.to_vec())?;
    }
    Ok(())
}

/// A case indexed under a word, in the order a list shows cases: its receipt time, its id.
pub type Posting = (NaiveDateTime, String);

/// Up to `limit` cases indexed under `term`, newest receipt first, from just after `after`
/// (a posting of the same word read before).
pub fn newest_with(
    conn: &mut DbConnection,
    term: &[u8],
    after: Option<&Posting>,
    limit: i64,
) -> StoreResult<Vec<Posting>> {
    let mut query = case_search_terms::table
        .filter(case_search_terms::term.eq(term))
        .order((
            case_search_terms::received_at.desc(),
            case_search_terms::case_id.desc(),
        ))
        .select((case_search_terms::received_at, case_search_terms::case_id))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        // The range bound alone lets the index start where the last read stopped; the second
        // filter only drops the postings of that same second already read.
        query = query.filter(case_search_terms::received_at.le(*at)).filter(
            case_search_terms::received_at
                .lt(*at)
                .or(case_search_terms::case_id.lt(id.clone())),
        );
    }
    Ok(query.load(conn)?)
}

/// Index the cases written before the index existed, `batch` at a time from after `after`
/// (by id); returns how many and the last id indexed (`None`: none were left). Indexing
/// twice is harmless.
pub fn index_batch(
    conn: &mut DbConnection,
    key: &TermKey,
    after: Option<&str>,
    batch: i64,
) -> StoreResult<(usize, Option<String>)> {
    let mut query = cases::table
        .select((cases::id, cases::received_at, cases::search_text))
        .order(cases::id)
        .limit(batch)
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(cases::id.gt(after.to_owned()));
    }
    let rows: Vec<(String, NaiveDateTime, String)> = query.load(conn)?;
    for (id, received_at, text) in &rows {
        index_case(conn, key, (id, *received_at), text)?;
    }
    Ok((rows.len(), rows.last().map(|(id, _, _)| id.clone())))
}

/// Whether any case is indexed.
pub fn any_indexed(conn: &mut DbConnection) -> StoreResult<bool> {
    Ok(case_search_terms::table
        .select(case_search_terms::case_id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Whether the one-off work `name` was done.
pub fn backfill_done(conn: &mut DbConnection, name: &str) -> StoreResult<bool> {
    Ok(store_backfills::table
        .find(name)
        .select(store_backfills::name)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Record the one-off work `name` as done.
pub fn mark_backfill_done(
    conn: &mut DbConnection,
    name: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    crate::insert_or_ignore!(
        &mut *conn,
        store_backfills::table,
        (
            store_backfills::name.eq(name),
            store_backfills::done_at.eq(now)
        )
    )?;
    Ok(())
}

/// Drop every term case `case_id` is indexed under (before indexing it again).
pub fn forget_case(conn: &mut DbConnection, case_id: &str) -> StoreResult<()> {
    diesel::delete(case_search_terms::table.filter(case_search_terms::case_id.eq(case_id)))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_indexed_by_their_beginnings() {
        let terms = terms_of("46-2026-000012 | phuong thuan an | nguyen van a");
        for present in [
            "46", "20", "2026", "00", "000012", "ng", "ngu", "nguyen", "a", "an",
        ] {
            assert!(terms.contains(present), "{present}");
        }
        for absent in ["4", "n", "guyen", "nguyen van", "thuan an"] {
            assert!(!terms.contains(absent), "{absent}");
        }
        let long = "x".repeat(30);
        let cut = terms_of(&long);
        assert_eq!(cut.iter().map(String::len).max(), Some(PREFIX_MAX));
        assert_eq!(
            query_terms(&format!("{long} an  an")),
            ["an".to_owned(), "x".repeat(PREFIX_MAX)]
        );
    }

    #[test]
    fn hashes_are_keyed() {
        let (a, b) = (TermKey::new(b"one".to_vec()), TermKey::new(b"two".to_vec()));
        assert_eq!(a.hash("nguyen"), a.hash("nguyen"));
        assert_ne!(a.hash("nguyen"), b.hash("nguyen"));
        assert_ne!(a.hash("nguyen"), a.hash("nguyet"));
        assert_eq!(a.hash("nguyen").len(), 16);
    }
}
