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
use hotline_http::{ApiError, AppState, Caller};
use hotline_store::DbConnection;
use serde::de::DeserializeOwned;

use crate::error::ConsoleError;
use crate::signed::Signed;

/// More fields than any of the console's forms has (the call form, the largest, has about
/// seventy with every category ticked).
pub const MAX_FIELDS: usize = 200;
/// Longer than any name the console gives a field.
pub const MAX_NAME_BYTES: usize = 64;
/// The body limit when the application's own is not at hand.
const DEFAULT_MAX_BYTES: usize = 256 * 1024;

/// Why a form was refused before anything was done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not an `application/x-www-form-urlencoded` body.
    NotAForm,
    /// Larger than the service accepts.
    TooLarge,
    /// The connection failed while the body was read.
    Unreadable,
    /// More fields than any form has.
    TooManyFields,
    /// A name no form uses (too long, empty, or with other characters).
    BadName,
    /// A name this form does not have.
    Unknown(String),
    /// A name sent more than once where the form has it once.
    Repeated(String),
    /// A field the form needs, absent.
    Missing(String),
    /// A value that does not fit its field (the name, when it is known).
    Invalid(Option<String>),
}

/// The characters of the console's field names: letters, digits and `- _ . [ ] # @`.
fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'[' | b']' | b'#' | b'@')
}

/// The name a serde message quotes between backticks (`unknown field `x``).
fn quoted(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

impl Refusal {
    fn of_serde(message: &str) -> Refusal {
        let name = quoted(message);
        match name {
            Some(n) if message.starts_with("unknown field") => Refusal::Unknown(n),
            Some(n) if message.starts_with("duplicate field") => Refusal::Repeated(n),
            Some(n) if message.starts_with("missing field") => Refusal::Missing(n),
            other => Refusal::Invalid(other),
        }
    }
}

/// A form's fields in the order sent, bounded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Split an `application/x-www-form-urlencoded` body. Invalid escapes stay as sent and
    /// invalid UTF-8 becomes U+FFFD: a value is text, whatever the browser sent.
    pub fn parse(body: &[u8]) -> Result<Fields, Refusal> {
        let mut fields = Vec::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            if fields.len() == MAX_FIELDS {
                return Err(Refusal::TooManyFields);
            }
            if name.is_empty() || name.len() > MAX_NAME_BYTES || !name.bytes().all(name_byte) {
                return Err(Refusal::BadName);
            }
            fields.push((name.into_owned(), value.into_owned()));
        }
        Ok(Fields(fields))
    }

    /// The value of `name`, taken out of the fields; refused when sent twice.
    pub fn take(&mut self, name: &str) -> Result<Option<String>, Refusal> {
        let mut found = None;
        let mut kept = Vec::with_capacity(self.0.len());
        for (n, v) in std::mem::take(&mut self.0) {
            if n != name {
                kept.push((n, v));
            } else if found.replace(v).is_some() {
                return Err(Refusal::Repeated(n));
            }
        }
        self.0 = kept;
        Ok(found)
    }

    /// The fields, in the order sent.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The form's typed structure. Its type refuses names it does not have
    /// (`#[serde(deny_unknown_fields)]`), and a name sent twice is refused here.
    pub fn typed<T: DeserializeOwned>(self) -> Result<T, Refusal> {
        let mut seen = std::collections::HashSet::new();
        if let Some((name, _)) = self.0.iter().find(|(n, _)| !seen.insert(n.as_str())) {
            return Err(Refusal::Repeated(name.clone()));
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish();
        serde_urlencoded::from_str(&encoded).map_err(|e| Refusal::of_serde(&e.to_string()))
    }
}

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
}

impl FromRequest for UnreadForm {
    type Error = ConsoleError;
    type Future = std::future::Ready<Result<Self, ConsoleError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        std::future::ready(Ok(UnreadForm {
            req: req.clone(),
            payload: payload.take(),
        }))
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
        let signed = Signed::from_request(req, &mut Payload::None);
        let unread = UnreadForm {
            req: req.clone(),
            payload: payload.take(),
        };
        Box::pin(async move {
            let signed = signed.await?;
            G::admit(&signed)?;
            let fields = unread.read(&signed).await?;
            let form = fields.typed::<T>().map_err(ConsoleError::Form)?;
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
        let signed = Signed::from_request(req, &mut Payload::None);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let unread = UnreadForm {
            req: req.clone(),
            payload: payload.take(),
        };
        Box::pin(async move {
            let signed = signed.await?;
            let state = state.ok_or(ConsoleError::Misconfigured)?;
            let (caller, case) = (signed.caller.clone(), id.clone());
            state.db(move |conn| G::check(conn, &caller, &case)).await?;
            let fields = unread.read(&signed).await?;
            let form = fields.typed::<T>().map_err(ConsoleError::Form)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Note {
        text: String,
        note: Option<String>,
    }

    #[test]
    fn a_form_becomes_its_type_and_nothing_else() {
        let fields = Fields::parse(b"text=xin+ch%C3%A0o&note=").unwrap();
        assert_eq!(
            fields.typed::<Note>().unwrap(),
            Note {
                text: "xin chào".into(),
                note: Some(String::new())
            }
        );
        let unknown = Fields::parse(b"text=a&contacts.100000000.who=x").unwrap();
        assert_eq!(
            unknown.typed::<Note>(),
            Err(Refusal::Unknown("contacts.100000000.who".into()))
        );
        let twice = Fields::parse(b"text=a&text=b").unwrap();
        assert_eq!(twice.typed::<Note>(), Err(Refusal::Repeated("text".into())));
        let missing = Fields::parse(b"note=a").unwrap();
        assert_eq!(
            missing.typed::<Note>(),
            Err(Refusal::Missing("text".into()))
        );
    }

    #[test]
    fn hostile_bodies_are_refused_before_any_work() {
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(Fields::parse(many.as_bytes()), Err(Refusal::TooManyFields));
        let deep = format!("{}=x", "a.".repeat(5000));
        assert_eq!(Fields::parse(deep.as_bytes()), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"=x"), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"a%00b=x"), Err(Refusal::BadName));
        assert_eq!(Fields::parse(b"a+b=x"), Err(Refusal::BadName));
        // Broken escapes and bytes that are no UTF-8 are text, not a failure.
        let odd = Fields::parse(b"text=%E0%A4%A&note=%ff%fe").unwrap();
        let note: Note = odd.typed().unwrap();
        assert_eq!(note.text, "\u{fffd}%A");
        assert_eq!(note.note.as_deref(), Some("\u{fffd}\u{fffd}"));
    }

    #[test]
    fn the_token_is_taken_once() {
        let mut fields = Fields::parse(b"csrf=t&text=a").unwrap();
        assert_eq!(fields.take("csrf").unwrap().as_deref(), Some("t"));
        assert_eq!(fields.pairs().count(), 1);
        let mut twice = Fields::parse(b"csrf=t&csrf=u").unwrap();
        assert_eq!(twice.take("csrf"), Err(Refusal::Repeated("csrf".into())));
    }
}
