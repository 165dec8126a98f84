//! Sight of a case through a transfer: the side that handed a case on keeps read-only sight
//! of what it did (the case as it was when it left: its timeline, notes and referrals up to
//! the acceptance, and no manager of the other side's), and the side asked to take a case
//! reads it while it decides. Neither may write to it: every write reads the case within
//! the writer's own scope, where it is not.

use chrono::NaiveDateTime;
use hotline_domain::transfer::{self, Sight};
use hotline_domain::CaseScope;
use hotline_http::Caller;
use hotline_store::models::CaseRow;
use hotline_store::queries::{cases, transfers};
use hotline_store::DbConnection;

use crate::dto::CaseDetailView;
use crate::transfers::places_of;
use crate::CaseError;

/// How the caller sees a case it does not hold.
pub(super) struct Sighted {
    sight: Sight,
    /// The case as it was up to this moment (the acceptance), for the side that handed it on.
    until: Option<NaiveDateTime>,
}

impl Sighted {
    pub(super) fn code(&self) -> &'static str {
        match self.sight {
            Sight::HandedOn => "handed_on",
            Sight::Offered => "offered",
        }
    }

    /// Cut `view` to what the sight shows, and offer no move.
    pub(super) fn narrow(self, view: &mut CaseDetailView) {
        view.sight = Some(self.code().to_owned());
        view.next_statuses.clear();
        view.possible_duplicates.clear();
        let Some(until) = self.until.map(|t| t.and_utc()) else {
            return;
        };
        view.manager = None;
        view.timeline.retain(|e| e.at <= until);
        view.notes.retain(|e| e.at <= until);
        view.referrals.retain(|r| r.created_at <= until);
    }
}

/// Case `id` (an id already checked), if a transfer gives the caller sight of it; else not
/// found, as any case outside the caller's reach.
pub(super) fn through_transfer(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<(CaseRow, Sighted), CaseError> {
    let role = caller.role().ok_or(CaseError::NotFound)?;
    // The latest transfer that gives sight: a case handed on twice is seen by each sender
    // as it left that sender.
    let sighted = transfers::for_case(conn, id)?
        .into_iter()
        .rev()
        .find_map(|t| {
            let sight = transfer::sight(role, caller.agency(), places_of(&t), t.status)?;
            Some(Sighted {
                sight,
                until: t.answered_at.filter(|_| sight == Sight::HandedOn),
            })
        })
        .ok_or(CaseError::NotFound)?;
    let row = cases::visible(conn, CaseScope::All, id)?;
    Ok((row, sighted))
}
