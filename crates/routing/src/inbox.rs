//! An agency's inbox: its referrals, the most urgent deadline first. Every read is audited
//! with the referrals and cases it showed.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_domain::{referral, ReferralStatus};
use hotline_http::params::{code, Paging};
use hotline_http::Caller;
use hotline_store::queries::{agencies, referrals};
use hotline_store::DbConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use crate::moves::inbox_agency;
use crate::views::{Inbox, InboxItem, ReferralView};
use crate::RoutingError;

/// Up to 100 referrals a page, 50 unless asked.
const PAGING: Paging = Paging {
    max: 100,
    default: 50,
};

/// The inbox's filters, as typed (query-string values).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only referrals in this status.
    #[param(value_type = Option<ReferralStatus>)]
    pub status: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// 1 to 100; default 50.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

fn parse(q: &InboxQuery) -> Result<(Option<ReferralStatus>, i64, i64), RoutingError> {
    let mut errors = Vec::new();
    let status = code::<ReferralStatus>(&mut errors, "status", q.status.as_deref());
    let (page, per_page) = PAGING.read(&mut errors, q.page.as_deref(), q.per_page.as_deref());
    if errors.is_empty() {
        Ok((status, page, per_page))
    } else {
        Err(RoutingError::Invalid(errors))
    }
}

/// The caller's agency inbox (`referral.list`).
pub fn list_inbox(
    conn: &mut DbConnection,
    caller: &Caller,
    q: &InboxQuery,
    now: DateTime<Utc>,
) -> Result<Inbox, RoutingError> {
    let agency_id = inbox_agency(caller)?.to_string();
    let (status, page, per_page) = parse(q)?;
    let (province, commune) = caller.place();
    caller.audited(conn, now, |conn| {
        let (lines, total) = referrals::inbox(conn, &agency_id, status, page, per_page)?;
        let agency = agencies::by_id(conn, &agency_id)?.ok_or(RoutingError::NotFound)?;
        let entry = Entry::new("referral.list")
            .on("agency", agency_id.clone())
            .cases(lines.iter().map(|l| l.referral.case_id.clone()))
            .place(province, commune)
            .detail(json!({
                "status": status, "page": page, "total": total,
                "referral_ids": lines.iter().map(|l| &l.referral.id).collect::<Vec<_>>(),
                "case_ids": lines.iter().map(|l| &l.referral.case_id).collect::<Vec<_>>(),
            }));
        let items = lines
            .into_iter()
            .map(|l| {
                Ok(InboxItem {
                    overdue: referral::awaits_answer(l.referral.status)
                        && l.referral.due_at < now.naive_utc(),
                    referral: ReferralView::open(&l.referral, &agency, caller.vault())?,
                    case_number: l.case_number,
                    case_status: l.case_status.code().to_owned(),
                    risk_level: l.risk_level,
                    commune_code: l.commune_code,
                    received_at: l.received_at.and_utc(),
                })
            })
            .collect::<Result<_, RoutingError>>()?;
        let inbox = Inbox {
            items,
            total,
            page,
            per_page,
        };
        Ok((inbox, entry))
    })
}
