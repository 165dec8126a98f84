//! `Signed`: the signed-in person a page acts for, from the session cookie. Without a live
//! session the page answers with the sign-in page, which brings the person back here after.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use hotline_http::{AppState, Caller};

use crate::error::ConsoleError;
use crate::page::Chrome;
use crate::session::{self, Resumed, SessionSettings};

pub struct Signed {
    pub caller: Caller,
    /// The session's form token, for every form the page shows.
    pub csrf: String,
}

impl Signed {
    pub fn username(&self) -> &str {
        self.caller.principal().map_or("", |p| p.username.as_str())
    }

    /// The frame of a page for this person: who is signed in, the form token, the menu.
    pub fn chrome(&self) -> Chrome {
        Chrome {
            username: Some(self.username().to_owned()),
            role: self
                .caller
                .role()
                .map(|r| r.label_vi().to_owned())
                .unwrap_or_default(),
            csrf: self.csrf.clone(),
            inbox: self
                .caller
                .role()
                .is_some_and(hotline_domain::referral::role_works_referrals),
            calls: self.caller.role() == Some(hotline_domain::Role::Operator),
            cases: self.caller.case_scope().is_some(),
            oversight: self.caller.role() == Some(hotline_domain::Role::Supervisor),
            admin: self.caller.role() == Some(hotline_domain::Role::Admin),
            figures: hotline_reports::scope::scope_of(&self.caller).is_ok(),
            activities: hotline_reports::scope::activities_of(&self.caller).is_ok(),
            caseloads: self.caller.role().is_some_and(|r| {
                hotline_domain::casework::reads_caseloads(r, self.caller.agency().map(|a| a.kind))
            }),
            transfers: hotline_cases::transfers::reads_transfers(&self.caller),
            imports: hotline_import::held::may_place(&self.caller).is_ok(),
        }
    }

    /// A form sent with this session's token passes; any other is refused.
    pub fn check_form(&self, sent: Option<&str>) -> Result<(), ConsoleError> {
        match crate::csrf::matches(sent, &self.csrf) {
            true => Ok(()),
            false => Err(ConsoleError::FormToken),
        }
    }
}

/// Where to come back to after signing in: this request's path and query.
fn here(req: &HttpRequest) -> String {
    req.uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

impl FromRequest for Signed {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let settings = SessionSettings::of(req);
        let cookie = req.cookie(session::COOKIE).map(|c| c.value().to_owned());
        let client_ip = state
            .as_ref()
            .and_then(|s| s.clients.of(req))
            .map(|ip| ip.to_string());
        let next = here(req);
        Box::pin(async move {
            let state = state.ok_or(ConsoleError::Misconfigured)?;
            let sign_in = || ConsoleError::SignIn { next: next.clone() };
            let value = cookie.filter(|v| !v.is_empty()).ok_or_else(sign_in)?;
            let now = hotline_domain::time::now();
            let resumed = state
                .db(move |conn| session::resume(conn, &value, &settings.policy, now))
                .await?;
            let Resumed { principal, csrf } = resumed.ok_or_else(sign_in)?;
            Ok(Signed {
                caller: Caller::user(principal, client_ip, state.vault.clone()),
                csrf,
            })
        })
    }
}
