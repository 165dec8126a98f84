//! `Door`: what either way in (the JSON API or the HTML form) needs to take a submission:
//! the application, the routing rules, the contact key and the per-address limits, drawn from
//! the application's data in one extractor.

use hotline_intake::record::Services;
use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use hotline_http::{ApiError, AppState, Failure};
use hotline_intake::contacts::ContactKey;
use hotline_routing::Router;

use crate::limits::PublicLimits;
use crate::submit::{checked, count, submit, PublicReportRequest};
use crate::tracking;

pub struct Door {
    pub state: web::Data<AppState>,
    router: web::Data<Router>,
    contact_key: web::Data<ContactKey>,
    limits: web::Data<PublicLimits>,
}

impl FromRequest for Door {
    type Error = ApiError;
    type Future = Ready<Result<Door, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let door = (|| {
            Some(Door {
                state: req.app_data::<web::Data<AppState>>()?.clone(),
                router: req.app_data::<web::Data<Router>>()?.clone(),
                contact_key: req.app_data::<web::Data<ContactKey>>()?.clone(),
                limits: req.app_data::<web::Data<PublicLimits>>()?.clone(),
            })
        })();
        ready(
            door.ok_or_else(|| ApiError::internal("the public door's application data is missing")),
        )
    }
}

impl Door {
    /// Count a submission against its sender's limit (a refusal is counted in the metrics).
    pub fn admit(&self, req: &HttpRequest) -> Result<(), Failure> {
        self.limits.admit_submission(req, &self.state)
    }

    /// Take a submission: a person's report is recorded; a program that filled the hidden
    /// field is checked exactly the same way (so the answer to a bad one is the same 422),
    /// and a good one is given a code that leads nowhere while nothing is stored. Returns the
    /// code to show, and counts the outcome.
    pub async fn receive(&self, request: PublicReportRequest) -> Result<String, ApiError> {
        let metrics = &self.state.metrics;
        let now = hotline_domain::time::now();
        if request.is_bot() {
            self.state
                .db(move |conn| checked(conn, request, now))
                .await
                .inspect_err(|_| count(metrics, "invalid"))?;
            count(metrics, "honeypot");
            return Ok(tracking::generate());
        }
        let (router, contact_key) = (self.router.clone(), self.contact_key.clone());
        let vault = self.state.vault.clone();
        let result = self
            .state
            .db(move |conn| {
                let with = Services {
                    router: &router,
                    contact_key: &contact_key,
                    vault: &vault,
                };
                submit(conn, with, request, now)
            })
            .await;
        match &result {
            Ok(_) => count(metrics, "accepted"),
            Err(ApiError::Failed(Failure::Invalid(_))) => count(metrics, "invalid"),
            Err(_) => {}
        }
        result
    }
}
