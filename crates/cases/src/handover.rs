//! What becomes of a case's open referrals when its work goes elsewhere: a duplicate's, when
//! it is linked to the case kept, and a transferred case's, when it moves to another commune
//! (the "kept" case is then the same case at its new place). Each goes to an agency that
//! serves the kept case's place: its own agency when that one does (the referral moves, or
//! joins the agency's open referral there), else the agency of the same kind and level there
//! (a new referral, announced by e-mail, replaces it). Where the kept case's place has no
//! such agency, the referral ends: work never crosses to an agency that does not serve the
//! place.

use chrono::{DateTime, Utc};
use hotline_domain::{referral, ReferralStatus};
use hotline_routing::dispatch::{self, By};
use hotline_routing::Router;
use hotline_store::models::{AgencyRow, CaseRow, ReferralRow};
use hotline_store::queries::{outbox, referrals};
use hotline_store::{DbConnection, StoreResult};
use hotline_vault::{Field, Vault};

/// The referrals handed over, by what became of them.
#[derive(Debug, Default)]
pub(crate) struct Handed {
    /// Moved to the case kept, as they were.
    pub moved: Vec<String>,
    /// Ended as `reassigned`, pointing at their agency's open referral on the case kept.
    pub merged: Vec<String>,
    /// Ended as `reassigned`, pointing at a new referral to the agency of the same kind that
    /// serves the kept case's place.
    pub rerouted: Vec<String>,
    /// Ended with the duplicate: no agency of their kind serves the kept case's place.
    pub ended: Vec<String>,
}

/// Whether `agency` serves the place of `case`.
fn serves(agency: &AgencyRow, case: &CaseRow) -> StoreResult<bool> {
    let (Ok(province), Ok(commune)) = (
        u16::try_from(case.province_code),
        u32::try_from(case.commune_code),
    ) else {
        return Ok(false);
    };
    Ok(agency.jurisdiction()?.covers_place(province, commune))
}

/// The agency of `agency`'s kind and level that serves the place of `case`, if any.
fn counterpart(
    conn: &mut DbConnection,
    agency: &AgencyRow,
    case: &CaseRow,
) -> StoreResult<Option<AgencyRow>> {
    Ok(
        referrals::agencies_serving(conn, case.province_code, case.commune_code)?
            .into_iter()
            .find(|a| {
                a.kind == agency.kind && a.commune_code.is_some() == agency.commune_code.is_some()
            }),
    )
}

/// Hand the open referrals of `dup` over to `kept` (inside the caller's transaction).
pub(crate) fn hand_over(
    conn: &mut DbConnection,
    router: (&Router, &Vault),
    dup: &CaseRow,
    kept: &CaseRow,
    (user_id, now): (Option<&str>, DateTime<Utc>),
) -> StoreResult<Handed> {
    let mut handed = Handed::default();
    let at = now.naive_utc();
    for (r, agency) in referrals::for_case(conn, &dup.id)? {
        if !referral::is_open(r.status) {
            continue;
        }
        let target = if serves(&agency, kept)? {
            Some(agency.clone())
        } else {
            counterpart(conn, &agency, kept)?
        };
        let Some(target) = target else {
            referrals::apply(
                conn,
                &r.id,
                r.status,
                &referrals::Move::to(ReferralStatus::ClosedWithCase, at),
            )?;
            handed.ended.push(r.id);
            continue;
        };
        // A case that moved keeps its own referrals: none of them is "another" one to join.
        let joined = if dup.id == kept.id {
            None
        } else {
            referrals::open_for(conn, &kept.id, &target.id)?
        };
        match joined {
            Some(existing) => {
                referrals::mark_replaced(conn, &r.id, r.status, &existing.id, at)?;
                handed.merged.push(r.id);
            }
            None if target.id == agency.id => {
                referrals::move_to_case(
                    conn,
                    &r.id,
                    r.status,
                    (&kept.id, (kept.province_code, kept.commune_code)),
                    at,
                )?;
                handed.moved.push(r.id);
            }
            None => {
                let by = By { user_id, now };
                let new = reroute(conn, router, &r, &target, kept, by)?;
                referrals::mark_replaced(conn, &r.id, r.status, &new.id, at)?;
                handed.rerouted.push(r.id);
            }
        }
    }
    Ok(handed)
}

/// A new referral of the kept case to `agency`, for the work `old` asked of another agency
/// elsewhere; announced like any other.
fn reroute(
    conn: &mut DbConnection,
    (router, vault): (&Router, &Vault),
    old: &ReferralRow,
    agency: &AgencyRow,
    kept: &CaseRow,
    by: By<'_>,
) -> StoreResult<ReferralRow> {
    let reason = match old.reason.as_str() {
        "" => String::new(),
        sealed => vault.open(Field::ReferralReason, &old.id, sealed)?,
    };
    let row = dispatch::new_referral(
        (router, vault),
        dispatch::ForCase::of(kept),
        &agency.id,
        &reason,
        &[if old.case_id == kept.id {
            "case_transfer"
        } else {
            "duplicate_link"
        }
        .to_owned()],
        by,
    )?;
    referrals::insert(conn, &row)?;
    let announced: Vec<_> = dispatch::announce(&row, agency, "referral.created", by.now)?
        .into_iter()
        .collect();
    outbox::insert(conn, &announced)?;
    Ok(row)
}
