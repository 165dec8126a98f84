//! A form as the console reads it. Every byte a browser sends is hostile, so a body is read
//! only once its sender is known (the session, and for the forms of a case, the case), up to
//! the configured size; it is split into at most [`MAX_FIELDS`] fields whose names are short
//! and made of the characters the console's own names use; and it becomes the form's own
//! typed structure, which names every field it takes. A name the form does not have, a name
//! sent twice, a value that does not fit: the form is refused with a page that names the
//! field (422), before any operation runs.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use hotline_http::form::{Fields, Refusal};
use hotline_http::{ApiError, AppState, Caller};
use hotline_store::DbConnection;
use serde::de::DeserializeOwned;

use crate::error::ConsoleError;
use crate::signed::Signed;

/// The body limit when the application's own is not at hand.
const DEFAULT_MAX_BYTES: usize = 256 * 1024;

/// Read the body of `req`, a form, within the service's limit.
async fn read_fields(req: &HttpRequest, mut payload: Payload) -> Result<Fields, Refusal> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(Refusal::NotAForm);
    }
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(DEFAULT_MAX_BYTES, |s| s.limits.max_body_bytes);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Refusal::TooLarge);
    }
    let payload = web::Payload::from_request(req, &mut payload)
        .await
        .map_err(|_| Refusal::Unreadable)?;
    let body = match payload.to_bytes_limited(limit).await {
        Err(_) => return Err(Refusal::TooLarge),
        Ok(Err(_)) => return Err(Refusal::Unreadable),
        Ok(Ok(body)) => body,
    };
    Fields::parse(&body)
}

/// A form's body, not read yet: the handler reads it once it has checked who sends it and
/// to what.
pub struct UnreadForm {
    req: HttpRequest,
    payload: Payload,
}

impl UnreadForm {
    /// The fields sent, once the form's token is the session's (taken out of the fields).
    pub async fn read(self, signed: &Signed) -> Result<Fields, ConsoleError> {
        let mut fields = read_fields(&self.req, self.payload)
            .await
            .map_err(ConsoleError::Form)?;
        let token = fields.take("csrf").map_err(ConsoleError::Form)?;
        signed.check_form(token.as_deref())?;
        Ok(fields)
    }

    /// The fields sent, typed as `T`, once the form's token is the session's.
    pub async fn typed<T: DeserializeOwned>(self, signed: &Signed) -> Result<T, ConsoleError> {
        let fields = self.read(signed).await?;
        fields.typed::<T>().map_err(ConsoleError::Form)
    }

    /// The request's body, left unread until the caller is known.
    fn of(req: &HttpRequest, payload: &mut Payload) -> UnreadForm {
        UnreadForm {
            req: req.clone(),
            payload: payload.take(),
        }
    }
}

impl FromRequest for UnreadForm {
    type Error = ConsoleError;
    type Future = std::future::Ready<Result<Self, ConsoleError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        std::future::ready(Ok(UnreadForm::of(req, payload)))
    }
}

/// Who may send a form at all, asked before its body is read.
pub trait Gate {
    fn admit(signed: &Signed) -> Result<(), ConsoleError>;
}

/// Anyone signed in (the operation behind the form says what each role may do).
pub struct Anyone;

impl Gate for Anyone {
    fn admit(_: &Signed) -> Result<(), ConsoleError> {
        Ok(())
    }
}

/// Administrators only.
pub struct Admin;

impl Gate for Admin {
    fn admit(signed: &Signed) -> Result<(), ConsoleError> {
        match signed.caller.role() {
            Some(hotline_domain::Role::Admin) => Ok(()),
            _ => Err(
                hotline_http::ApiError::from(hotline_http::Failure::Forbidden(String::new()))
                    .into(),
            ),
        }
    }
}

/// A signed-in person's form: the session checked first (and the gate `G`), then the body
/// read, its token checked, and its fields typed as `T`.
pub struct CsrfForm<T, G = Anyone> {
    pub signed: Signed,
    pub form: T,
    gate: std::marker::PhantomData<G>,
}

impl<T: DeserializeOwned + 'static, G: Gate + 'static> FromRequest for CsrfForm<T, G> {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (signed, unread) = (
            Signed::from_request(req, &mut Payload::None),
            UnreadForm::of(req, payload),
        );
        Box::pin(async move {
            let signed = signed.await?;
            G::admit(&signed)?;
            let form = unread.typed::<T>(&signed).await?;
            Ok(CsrfForm {
                signed,
                form,
                gate: std::marker::PhantomData,
            })
        })
    }
}

/// What a form on a case asks to do, for the check made before its body is read: each gate
/// asks the operation's own crate (the console decides nothing).
pub trait CaseGate {
    fn check(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), ApiError>;
}

macro_rules! case_gate {
    ($name:ident, $attempt:ident, $doc:literal) => {
        #[doc = $doc]
        pub struct $name;

        impl CaseGate for $name {
            fn check(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), ApiError> {
                let attempt = hotline_cases::guard::Attempt::$attempt;
                Ok(hotline_cases::guard::may_attempt(
                    conn, caller, id, attempt,
                )?)
            }
        }
    };
}

case_gate!(ReadsCase, Read, "Whoever reads the case (a note).");
case_gate!(MovesCase, Move, "A role that moves cases.");
case_gate!(LinksCase, Link, "A role that links duplicates.");
case_gate!(DecidesPlan, DecidePlan, "The commune's chair.");
case_gate!(GuardsPrivacy, Privacy, "A supervisor.");
case_gate!(
    AssignsManager,
    Assign,
    "Whoever assigns managers: the commune's chair, the department."
);
case_gate!(
    ProposesTransfer,
    Transfer,
    "Whoever takes part in transfers: the commune's group and chair, the department."
);

/// A role that refers cases, to a case within its reach.
pub struct RefersCase;

impl CaseGate for RefersCase {
    fn check(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<(), ApiError> {
        hotline_routing::refer::may_refer(caller)?;
        ReadsCase::check(conn, caller, id)
    }
}

/// A form on one case (`/console/cases/{id}/…`): the session checked, then (gate `G`) that
/// the caller may try this on a case within its reach, and only then the body read, its token
/// checked, its fields typed as `T`.
pub struct CaseForm<T, G = ReadsCase> {
    pub signed: Signed,
    /// The case's id, as the path gives it.
    pub id: String,
    pub form: T,
    gate: std::marker::PhantomData<G>,
}

impl<T: DeserializeOwned + 'static, G: CaseGate + 'static> FromRequest for CaseForm<T, G> {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let (signed, unread) = (
            Signed::from_request(req, &mut Payload::None),
            UnreadForm::of(req, payload),
        );
        Box::pin(async move {
            let signed = signed.await?;
            let state = state.ok_or(ConsoleError::Misconfigured)?;
            let (caller, case) = (signed.caller.clone(), id.clone());
            state.db(move |conn| G::check(conn, &caller, &case)).await?;
            let form = unread.typed::<T>(&signed).await?;
            Ok(CaseForm {
                signed,
                id,
                form,
                gate: std::marker::PhantomData,
            })
        })
    }
}

/// A form sent before anyone is signed in (the sign-in form): bounded and typed the same way;
/// its token is the caller's to check.
pub struct OpenForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for OpenForm<T> {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let fields = read_fields(&req, payload)
                .await
                .map_err(ConsoleError::Form)?;
            Ok(OpenForm(fields.typed::<T>().map_err(ConsoleError::Form)?))
        })
    }
}
