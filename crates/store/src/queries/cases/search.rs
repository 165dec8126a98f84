//! Finding the cases that hold every word of a search, newest first. The rarest word's
//! cases are read in the list's own order, a chunk at a time, and each chunk is kept to the
//! cases that hold the other words too and that the caller may see under the list's filters.
//! The read stops once the page is full and counted up to its cap, so the work follows the
//! page asked for, not the number of cases a common word ("nguyen", "thi") names: the
//! database is never asked to gather and sort every case of a word.

use std::collections::HashSet;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Binary, Bool};
use hotline_domain::CaseScope;

use crate::queries::scope::{filtered, CaseFilter, Narrowing, Total};
use crate::queries::search_terms::{newest_with, Posting};
use crate::schema::{case_search_terms, cases};
use crate::{DbConnection, StoreResult};

/// How many of a word's cases are read at a time.
pub const CHUNK: i64 = 1000;

/// How many chunks past the end of the page are read to count further before the count
/// stops and says "this many or more": a rare combination of common words would otherwise
/// read a common word's every case just to count. Each chunk of three common words costs
/// some 7 ms on PostgreSQL at a million cases; two tell a person there are hundreds more.
pub const CHUNKS_COUNTED_PAST_PAGE: usize = 2;

/// What a search found.
#[derive(Debug)]
pub struct Found {
    /// Every match up to the page's end (and those received in the same second as the
    /// page's last, whichever order they are listed in), for the page to be cut from.
    pub through_page: Vec<String>,
    pub total: Total,
}

/// The cases of `scope` that hold every word of `filter.terms` and pass its filters: enough
/// for the first `need` of them in the list's order, counted up to `cap`.
pub fn find(
    conn: &mut DbConnection,
    scope: CaseScope,
    filter: &CaseFilter,
    need: i64,
    cap: i64,
) -> StoreResult<Found> {
    let chunk = filter.chunk.unwrap_or(CHUNK).max(1);
    let mut firsts = Vec::with_capacity(filter.terms.len());
    for term in &filter.terms {
        firsts.push(newest_with(conn, term, None, chunk)?);
    }
    let order = rarest_first(&firsts, chunk);
    let Some(&lead) = order.first() else {
        return Ok(found(Vec::new(), 1, None));
    };
    // The rarest of the others is checked first: it rules out the most cases, and the
    // commoner words are then probed for fewer.
    let others: Vec<&[u8]> = order[1..]
        .iter()
        .map(|i| filter.terms[*i].as_slice())
        .collect();
    let mut postings = firsts.swap_remove(lead);
    let need = usize::try_from(need).unwrap_or(usize::MAX).max(1);
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut matched: Vec<Posting> = Vec::new();
    let mut chunks_past_page = 0;
    loop {
        let last_of_word = i64::try_from(postings.len()).unwrap_or(i64::MAX) < chunk;
        let last = postings.last().cloned();
        let words = (filter.terms[lead].as_slice(), others.as_slice());
        matched.extend(holding_all(conn, scope, filter, words, postings)?);
        let Some(last) = last.filter(|_| !last_of_word) else {
            return Ok(found(matched, need, None));
        };
        // Full once a match past the page's last has been read, or one listed after it.
        let page_full = matched.len() >= need && last.0 < matched[need - 1].0;
        if page_full {
            if matched.len() > cap {
                return Ok(found(matched, need, Some(cap)));
            }
            chunks_past_page += 1;
            if chunks_past_page > CHUNKS_COUNTED_PAST_PAGE {
                let so_far = matched.len();
                return Ok(found(matched, need, Some(so_far)));
            }
        }
        postings = newest_with(conn, &filter.terms[lead], Some(&last), chunk)?;
    }
}

/// The words (their places in `firsts`), rarest first: those with fewer than a chunk of
/// cases (the fewest first), then those whose chunk reaches furthest back in time, the
/// sparsest.
fn rarest_first(firsts: &[Vec<Posting>], chunk: i64) -> Vec<usize> {
    let whole = |p: &Vec<Posting>| i64::try_from(p.len()).unwrap_or(i64::MAX) >= chunk;
    let mut order: Vec<usize> = (0..firsts.len()).collect();
    order.sort_by_key(|&i| {
        let postings = &firsts[i];
        if whole(postings) {
            (1, 0, postings.last().map(|(at, _)| *at))
        } else {
            (0, postings.len(), None)
        }
    });
    order
}

/// Of `postings` (a chunk of the lead word's, newest first), in their order, those of cases
/// indexed under every word of `others` and within `scope` and `filter`.
fn holding_all(
    conn: &mut DbConnection,
    scope: CaseScope,
    filter: &CaseFilter,
    (lead, others): (&[u8], &[&[u8]]),
    postings: Vec<Posting>,
) -> StoreResult<Vec<Posting>> {
    let (Some((newest, _)), Some((oldest, _))) = (postings.first(), postings.last()) else {
        return Ok(postings);
    };
    let mut ids: Vec<String> = if others.is_empty() {
        postings.iter().map(|(_, id)| id.clone()).collect()
    } else {
        // One query: the database reads the chunk again by the lead word's index (by its
        // seconds: a case of the same second read in another chunk is dropped below) and
        // probes each case under every other word's key. As `IN (...)` it could gather a
        // common word's every case first, hundreds of thousands for "nguyen".
        let mut query = case_search_terms::table
            .filter(case_search_terms::term.eq(lead.to_vec()))
            .filter(case_search_terms::received_at.le(*newest))
            .filter(case_search_terms::received_at.ge(*oldest))
            .select(case_search_terms::case_id)
            .into_boxed();
        for term in others {
            query = query.filter(
                sql::<Bool>(
                    "EXISTS (SELECT 1 FROM case_search_terms AS other_word \
                     WHERE other_word.case_id = case_search_terms.case_id \
                     AND other_word.term = ",
                )
                .bind::<Binary, _>(term.to_vec())
                .sql(")"),
            );
        }
        query.load(conn)?
    };
    if !ids.is_empty() && (scope != CaseScope::All || filter.narrows()) {
        let narrowing = Narrowing {
            filter,
            among: Some(&ids),
        };
        ids = filtered(scope, &narrowing).select(cases::id).load(conn)?;
    }
    let kept: HashSet<String> = ids.into_iter().collect();
    Ok(postings
        .into_iter()
        .filter(|(_, id)| kept.contains(id))
        .collect())
}

/// The answer from `matched` (in the list's order): the page's cases and, with `more_from`,
/// a count that stopped there ("that many or more").
fn found(matched: Vec<Posting>, need: usize, more_from: Option<usize>) -> Found {
    let total = match more_from {
        Some(n) => Total {
            n: i64::try_from(n).unwrap_or(i64::MAX),
            exact: false,
        },
        None => Total {
            n: i64::try_from(matched.len()).unwrap_or(i64::MAX),
            exact: true,
        },
    };
    let through = matched.get(need - 1).map(|(at, _)| *at);
    let through_page = matched
        .into_iter()
        .filter(|(at, _)| through.is_none_or(|t| *at >= t))
        .map(|(_, id)| id)
        .collect();
    Found {
        through_page,
        total,
    }
}
