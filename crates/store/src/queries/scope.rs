//! The scope of a case list in SQL: which cases a caller may see (`in_scope!`, and
//! `referred_to!` for the cases referred to an agency), a list's filters (`CaseFilter`,
//! `Narrowing`), and how far a list counts (`Total`). Every query over cases that a caller's
//! scope limits starts here: the list, the search, the dashboard, deadlines and tasks.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hotline_domain::{CaseScope, CaseStatus, Category, RiskLevel};

use crate::schema::{case_categories, cases};
use crate::MultiBackend;

/// Filters of `GET /api/v1/cases`, already validated. `terms` are the search's words as the
/// index stores them (see [`super::search_terms`]): a case must hold every one.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub terms: Vec<Vec<u8>>,
    /// How many of a word's cases a search reads at a time; `None`:
    /// [`super::cases::search::CHUNK`]. (Tests lower it to cross many reads.)
    pub chunk: Option<i64>,
    /// How far the list counts exactly; `None`: [`COUNTED_EXACTLY`]. (Tests lower it.)
    pub counted_up_to: Option<i64>,
    pub status: Option<CaseStatus>,
    pub commune_code: Option<i32>,
    pub category: Option<Category>,
    pub risk_level: Option<RiskLevel>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

impl CaseFilter {
    /// Whether any filter besides the search words narrows the list.
    pub fn narrows(&self) -> bool {
        self.status.is_some()
            || self.commune_code.is_some()
            || self.category.is_some()
            || self.risk_level.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }
}

/// Referral statuses that no longer give the agency a reason to see the case.
pub fn ended_without_work() -> Vec<&'static str> {
    hotline_domain::ReferralStatus::ALL
        .iter()
        .filter(|s| hotline_domain::referral::ended_without_work(**s))
        .map(|s| s.code())
        .collect()
}

pub(crate) type BoxedCases<'a> = cases::BoxedQuery<'a, MultiBackend>;

/// The ids of the cases referred to `agency` by a referral that still lets it see them (see
/// `domain::referral::keeps_access`; a macro: MultiBackend cannot box a subquery).
macro_rules! referred_to {
    ($agency:expr) => {{
        // An alias, so that a query already joined to referrals can be scoped by it too.
        let referred = diesel::alias!($crate::schema::referrals as referred);
        $crate::queries::scope::referred_to!(@keeping referred, $agency)
            .select(referred.field($crate::schema::referrals::case_id))
    }};
    // Only those of cases outside `$commune`: two index ranges either side of it.
    ($agency:expr, outside $commune:expr) => {{
        let referred = diesel::alias!($crate::schema::referrals as referred);
        let commune = referred.field($crate::schema::referrals::case_commune_code);
        $crate::queries::scope::referred_to!(@keeping referred, $agency)
            .filter(commune.lt($commune).or(commune.gt($commune)))
            .select(referred.field($crate::schema::referrals::case_id))
    }};
    (@keeping $referred:ident, $agency:expr) => {
        $referred
            .filter(
                $referred
                    .field($crate::schema::referrals::agency_id)
                    .eq($agency.to_string()),
            )
            .filter(
                $referred
                    .field($crate::schema::referrals::status)
                    .ne_all($crate::queries::scope::ended_without_work())
                    .or($referred
                        .field($crate::schema::referrals::accepted_at)
                        .is_not_null()),
            )
    };
}
pub(crate) use referred_to;

/// `$query` (boxed, with `cases` in its FROM clause) narrowed to the cases `$scope` may see:
/// one definition of a scope in SQL for a case list, a join over cases (deadlines, tasks) and
/// the dashboard's counts alike.
macro_rules! in_scope {
    ($query:expr, $scope:expr) => {
        match $scope {
            hotline_domain::CaseScope::All => $query,
            hotline_domain::CaseScope::Province(p) => {
                $query.filter($crate::schema::cases::province_code.eq(i32::from(p)))
            }
            hotline_domain::CaseScope::Commune(c) => $query.filter(
                $crate::schema::cases::commune_code.eq(i32::try_from(c).unwrap_or(i32::MAX)),
            ),
            hotline_domain::CaseScope::LoggedBy(agency) => {
                $query.filter($crate::schema::cases::id.eq_any(
                    $crate::schema::reports::table
                        .filter($crate::schema::reports::agency_id.eq(agency.to_string()))
                        .filter($crate::schema::reports::case_id.is_not_null())
                        .select($crate::schema::reports::case_id.assume_not_null()),
                ))
            }
            hotline_domain::CaseScope::ReferredTo(agency) => {
                $query.filter($crate::schema::cases::id.eq_any($crate::queries::scope::referred_to!(agency)))
            }
            hotline_domain::CaseScope::CommuneOrReferred { commune, agency } => {
                let commune = i32::try_from(commune).unwrap_or(i32::MAX);
                $query.filter($crate::schema::cases::commune_code.eq(commune).or(
                    $crate::schema::cases::id.eq_any($crate::queries::scope::referred_to!(
                        agency, outside commune
                    )),
                ))
            }
        }
    };
}
pub(crate) use in_scope;

/// `$query` narrowed to a place scope's cases (the dashboard's: the country, a province or a
/// commune); `None` for any other scope, which a dashboard does not serve.
macro_rules! in_place {
    ($query:expr, $scope:expr) => {
        match $scope {
            hotline_domain::CaseScope::All
            | hotline_domain::CaseScope::Province(_)
            | hotline_domain::CaseScope::Commune(_) => {
                Some($crate::queries::scope::in_scope!($query, $scope))
            }
            _ => None,
        }
    };
}
pub(crate) use in_place;

/// `$query` narrowed to a place scope by columns other than the case's own (a referral's
/// copy of its case's place, or an expression no index serves); `None` for a scope that is
/// no place.
macro_rules! in_place_by {
    ($query:expr, $scope:expr, $province:expr, $commune:expr) => {
        match $scope {
            hotline_domain::CaseScope::All => Some($query),
            hotline_domain::CaseScope::Province(p) => {
                Some($query.filter($province.eq(i32::from(p))))
            }
            hotline_domain::CaseScope::Commune(c) => {
                Some($query.filter($commune.eq(i32::try_from(c).unwrap_or(i32::MAX))))
            }
            _ => None,
        }
    };
}
pub(crate) use in_place_by;

/// The rows of `query` within the place `scope` covers: none for a scope that is no place.
macro_rules! load_in_place {
    ($query:expr, $scope:expr, $conn:expr) => {
        match $crate::queries::scope::in_place!($query, $scope) {
            Some(q) => Ok(q.load($conn)?),
            None => Ok(Vec::new()),
        }
    };
}
pub(crate) use load_in_place;

/// The cases `scope` may see.
pub(crate) fn scoped<'a>(scope: CaseScope) -> BoxedCases<'a> {
    in_scope!(cases::table.into_boxed(), scope)
}

pub(crate) fn filtered<'a>(scope: CaseScope, filter: &'a Narrowing<'a>) -> BoxedCases<'a> {
    narrowed(scoped(scope), filter)
}

/// A list's filters, and for a search the cases found to hold its words (see
/// [`super::cases::search`]).
pub(crate) struct Narrowing<'a> {
    pub filter: &'a CaseFilter,
    pub among: Option<&'a [String]>,
}

/// `query` narrowed by the list's filters.
pub(crate) fn narrowed<'a>(
    mut query: BoxedCases<'a>,
    narrowing: &'a Narrowing<'a>,
) -> BoxedCases<'a> {
    let filter = narrowing.filter;
    if let Some(among) = narrowing.among {
        query = query.filter(cases::id.eq_any(among));
    }
    if let Some(status) = filter.status {
        query = query.filter(cases::status.eq(status.code()));
    }
    if let Some(commune) = filter.commune_code {
        query = query.filter(cases::commune_code.eq(commune));
    }
    if let Some(risk) = filter.risk_level {
        query = query.filter(cases::risk_level.eq(risk.code()));
    }
    if let Some(category) = filter.category {
        query = query.filter(
            cases::id.eq_any(
                case_categories::table
                    .filter(case_categories::category.eq(category.code()))
                    .select(case_categories::case_id),
            ),
        );
    }
    if let Some(from) = filter.from {
        query = query.filter(cases::received_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(cases::received_at.lt(to));
    }
    query
}

/// A list counts its cases exactly up to this many (or up to the end of the page asked for,
/// if further), and past it says only that there are more: an exact count over a province's
/// million cases would cost more than the page itself, and tells a person nothing more.
pub const COUNTED_EXACTLY: i64 = 1000;

/// How many cases a list holds: `n` exactly, or (not `exact`) `n` or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub n: i64,
    pub exact: bool,
}

impl Total {
    /// How far a list whose page ends at `page_end` counts: `counted_up_to` (default
    /// [`COUNTED_EXACTLY`]), or the page's end if further.
    pub fn cap(counted_up_to: Option<i64>, page_end: i64) -> i64 {
        counted_up_to.unwrap_or(COUNTED_EXACTLY).max(page_end)
    }

    /// The total of a list of which `counted` rows were read, no more than one past `cap`.
    pub fn counted(counted: i64, cap: i64) -> Total {
        Total {
            n: counted.min(cap),
            exact: counted <= cap,
        }
    }
}
