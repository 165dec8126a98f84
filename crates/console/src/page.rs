//! What every page shares: the frame around it (who is signed in, the sign-out form), the
//! headers that keep it private and unframed, and the address of the sign-in page.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use askama::Template;
use hotline_domain::Role;

/// Only this server's stylesheet; no script, no frame, forms only to here.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A page that loads htmx: this server's script file too (never inline, never eval), and
/// its requests only to here.
pub const CSP_SCRIPTED: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The frame of a page: the person signed in, if any, and the token of its forms.
pub struct Chrome {
    pub username: Option<String>,
    pub role: String,
    pub csrf: String,
    /// The person's agency has a referral inbox.
    pub inbox: bool,
    /// The person logs calls (an operator).
    pub calls: bool,
    /// The person reads cases (everyone but the administrator).
    pub cases: bool,
    /// The person oversees (a supervisor).
    pub oversight: bool,
    /// The person administers accounts.
    pub admin: bool,
    /// The person reads its area's figures.
    pub figures: bool,
    /// The person records its agency's work against the plan.
    pub activities: bool,
    /// The person reads caseloads (the chair, the department, supervisors).
    pub caseloads: bool,
    /// The person reads its side's transfers (the commune's group and chair, the department,
    /// supervisors).
    pub transfers: bool,
    /// The person places the rows of past registers held for a place (the department).
    pub imports: bool,
}

impl Chrome {
    pub fn anonymous() -> Chrome {
        Chrome {
            username: None,
            role: String::new(),
            csrf: String::new(),
            inbox: false,
            calls: false,
            cases: false,
            oversight: false,
            admin: false,
            figures: false,
            activities: false,
            caseloads: false,
            transfers: false,
            imports: false,
        }
    }
}

#[derive(Template)]
#[template(path = "problem.html")]
pub struct ProblemPage {
    pub chrome: Chrome,
    pub title: String,
    pub message: String,
    /// What was wrong, one line each (a form refused).
    pub errors: Vec<String>,
}

/// A rendered page with the console's headers.
pub fn respond(status: StatusCode, page: &impl Template) -> HttpResponse {
    respond_with(status, page, CSP)
}

/// A rendered page that loads htmx.
pub fn respond_scripted(status: StatusCode, page: &impl Template) -> HttpResponse {
    respond_with(status, page, CSP_SCRIPTED)
}

fn respond_with(status: StatusCode, page: &impl Template, csp: &'static str) -> HttpResponse {
    match page.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CONTENT_SECURITY_POLICY, csp))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .insert_header((header::REFERRER_POLICY, "same-origin"))
            .insert_header((header::X_FRAME_OPTIONS, "DENY"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "console template failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A path on this server to come back to, as this server writes it; anything else (another
/// host, `//host`, a backslash, a tab or any other control or space character a browser would
/// drop or turn into `/`) goes home. The path is parsed against this server's own origin and
/// must come out on it, so what a browser makes of it is what was checked.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?;
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if !plain {
        return None;
    }
    let origin = url::Url::parse("http://console.invalid/").ok()?;
    let parsed = origin.join(next).ok()?;
    let same = parsed.origin() == origin.origin()
        && parsed.username().is_empty()
        && parsed.password().is_none();
    // `/.//host` normalises to `//host`: a path that comes out that way is no path here.
    if !same || parsed.path().starts_with("//") {
        return None;
    }
    let mut path = parsed.path().to_owned();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(path)
}

/// Where a person starts the day: the page of their work.
pub fn home(role: Role) -> &'static str {
    match role {
        Role::Operator => "/console/calls/new",
        Role::Supervisor => "/console/oversight",
        Role::Admin => "/console/admin/users",
        Role::Police | Role::AgencyOfficer => "/console/inbox",
        Role::CommuneWorker | Role::CommuneChair => "/console/tasks",
        // The bodies that only report their work against the plan: their figures.
        Role::PlanOfficer => "/console/stats",
    }
}

/// The sign-in page that leads back to `next`.
pub fn sign_in_url(next: &str) -> String {
    let mut url = String::from("/?");
    url.push_str(
        &url::form_urlencoded::Serializer::new(String::new())
            .append_pair("next", next)
            .finish(),
    );
    url
}

/// A redirect after a form (303: the browser follows with GET).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// What a refused form says beside `field`: the rule's messages (a 422) or the conflict's
/// (a 409). Any other failure is the page's error.
pub fn refusals(
    e: hotline_http::ApiError,
    field: &str,
) -> Result<Vec<(String, String)>, crate::ConsoleError> {
    use hotline_http::{ApiError, Failure};
    match e {
        ApiError::Failed(Failure::Invalid(errors)) => Ok(errors
            .into_iter()
            .map(|e| (field.to_owned(), e.message))
            .collect()),
        ApiError::Failed(Failure::Conflict { detail, .. }) => Ok(vec![(field.to_owned(), detail)]),
        e => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_server_is_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/cases/1?x=2")).as_deref(),
            Some("/cases/1?x=2")
        );
        assert_eq!(safe_next(Some("//evil.example/")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        // A browser drops a tab or a newline inside a URL: `/\t/evil` is `//evil`.
        assert_eq!(safe_next(Some("/\t/evil.example")), None);
        assert_eq!(safe_next(Some("/\n/evil.example")), None);
        assert_eq!(safe_next(Some("/\r/evil.example")), None);
        assert_eq!(safe_next(Some("/ /evil.example")), None);
        assert_eq!(safe_next(Some("/\u{2028}/evil.example")), None);
        assert_eq!(safe_next(Some("/.//evil.example")), None);
        assert_eq!(safe_next(Some("/x/..//evil.example")), None);
        assert_eq!(
            safe_next(Some("/%2F%2Fevil.example")).as_deref(),
            Some("/%2F%2Fevil.example")
        );
        assert_eq!(
            safe_next(Some("/cases/../console/tasks")).as_deref(),
            Some("/console/tasks")
        );
        assert_eq!(safe_next(None), None);
        assert_eq!(sign_in_url("/cases/1"), "/?next=%2Fcases%2F1");
    }
}
