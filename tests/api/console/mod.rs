//! The web console over HTTP, as a browser would speak to it (cookies by hand): sessions,
//! form tokens, scoped and audited pages, and sessions that end by time or deactivation.

use awc::http::{header, Method, StatusCode};

use crate::helpers::{abuse_report, minutes_before, referral_id, TestApp, PASSWORD};

mod casework;
mod sessions;

mod activities;
mod admin;
mod audit_a11y;
mod calls;
mod figures;
mod hardening;
mod imports;
mod keys;
mod links;
mod lists;
mod managers;
mod oversight;
mod papers;
mod privacy;
mod steps;
mod tour;
mod transfers;
mod webhooks;

/// axe-core's source, when installed (see `audit_a11y`).
pub(crate) fn axe() -> Option<String> {
    audit_a11y::axe_source()
}

/// A browser's cookie jar of one: the cookies this test holds, as one header value.
#[derive(Default)]
pub struct Jar(Vec<(String, String)>);

impl Jar {
    pub fn take(&mut self, headers: &header::HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let raw = v.to_str().unwrap();
            let (pair, _) = raw.split_once(';').unwrap_or((raw, ""));
            let (name, value) = pair.split_once('=').unwrap();
            self.0.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.0.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    pub fn header(&self) -> String {
        self.0
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub struct Page {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub html: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    /// The value of the first hidden `csrf` input.
    pub fn csrf(&self) -> String {
        let at = self
            .html
            .find("name=\"csrf\" value=\"")
            .expect("a form token")
            + 19;
        self.html[at..].split('"').next().unwrap().to_owned()
    }

    pub fn set_cookie(&self, name: &str) -> String {
        self.headers
            .get_all(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} cookie set"))
    }
}

pub async fn visit(
    app: &TestApp,
    jar: &mut Jar,
    method: Method,
    path: &str,
    form: Option<&[(&str, &str)]>,
) -> Page {
    // A browser's navigation is step by step here: each redirect is looked at, not followed.
    let client = awc::Client::builder().disable_redirects().finish();
    let mut req = client
        .request(method, format!("{}{}", app.base, path))
        .insert_header((header::COOKIE, jar.header()));
    if form.is_some() {
        req = req.insert_header((header::ORIGIN, app.base.clone()));
    }
    let mut res = match form {
        Some(f) => req.send_form(&f).await.unwrap(),
        None => req.send().await.unwrap(),
    };
    jar.take(res.headers());
    let body = res.body().limit(4 * 1024 * 1024).await.unwrap();
    Page {
        status: res.status(),
        headers: res.headers().clone(),
        html: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Open `path` as the holder of `jar`.
pub async fn get(app: &TestApp, jar: &mut Jar, path: &str) -> Page {
    visit(app, jar, Method::GET, path, None).await
}

/// Post a page's form at `path`, its form token first, as a browser sends it.
pub async fn submit(
    app: &TestApp,
    jar: &mut Jar,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> Page {
    let mut form = vec![("csrf", csrf)];
    form.extend_from_slice(fields);
    visit(app, jar, Method::POST, path, Some(&form)).await
}

/// Post the sign-in form with its token, as `username` with `password`, asking to go to
/// `next` afterwards.
pub async fn post_sign_in(
    app: &TestApp,
    jar: &mut Jar,
    csrf: &str,
    (username, password): (&str, &str),
    next: &str,
) -> Page {
    let fields = [
        ("username", username),
        ("password", password),
        ("next", next),
    ];
    submit(app, jar, "/console/sign-in", csrf, &fields).await
}

/// Sign in through the form as `username`; returns the jar holding the session.
pub async fn sign_in(app: &TestApp, username: &str) -> Jar {
    let mut jar = Jar::default();
    let csrf = visit(app, &mut jar, Method::GET, "/", None).await.csrf();
    let credentials = (username, PASSWORD);
    let done = post_sign_in(app, &mut jar, &csrf, credentials, "/console/tasks").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    jar
}

/// Where the screenshots of the console go (a test artefact under `target/`).
pub fn screens() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-screens");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
