//! The web console: the pages people work in, server-rendered over the same operations as
//! the JSON API. Sessions live in the database behind an opaque cookie (`session`), every
//! form carries the session's token (`csrf`), every page is scoped and audited by the
//! operation it calls, and what a page fails with becomes a Vietnamese page in one place
//! (`error`). Texts people read are in one catalogue (`text`).

mod csrf;
mod error;
mod form;
mod page;
mod pages;
pub mod session;
mod signed;
pub use hotline_words as text;

pub use error::ConsoleError;
pub use session::SessionSettings;

/// The console's paths and methods, for the answer to a method a path does not take.
pub const PAGES: &[(&str, &[&str])] = &[
    ("/", &["GET"]),
    ("/console", &["GET"]),
    ("/console/", &["GET"]),
    ("/console/sign-in", &["POST"]),
    ("/console/sign-out", &["POST"]),
    ("/console/tasks", &["GET"]),
    ("/console/inbox", &["GET"]),
    ("/console/referrals/{id}/{action}", &["POST"]),
    ("/console/calls/new", &["GET"]),
    ("/console/calls", &["POST"]),
    ("/console/calls/places", &["POST"]),
    ("/console/calls/hints", &["POST"]),
    ("/console/cases", &["GET"]),
    ("/cases/{id}", &["GET"]),
    ("/console/cases/{id}/record", &["GET"]),
    ("/console/cases/{id}/move", &["POST"]),
    ("/console/cases/{id}/notes", &["POST"]),
    ("/console/cases/{id}/plan/{decision}", &["POST"]),
    ("/console/cases/{id}/steps/{step}", &["POST"]),
    ("/console/cases/{id}/duplicate", &["POST"]),
    ("/console/cases/{id}/referrals", &["POST"]),
    ("/console/cases/{id}/hold", &["POST"]),
    ("/console/cases/{id}/hold/lift", &["POST"]),
    ("/console/cases/{id}/correct", &["POST"]),
    ("/console/cases/{id}/erase", &["POST"]),
    ("/console/cases/{id}/manager", &["POST"]),
    ("/console/cases/{id}/transfer", &["POST"]),
    ("/console/cases/{id}/documents", &["POST"]),
    ("/console/cases/{id}/steps/{step}/form", &["GET"]),
    ("/console/documents/{id}", &["GET"]),
    ("/console/caseloads", &["GET"]),
    ("/console/caseloads/{user}", &["GET", "POST"]),
    ("/console/transfers", &["GET"]),
    ("/console/transfers/{id}/{answer}", &["POST"]),
    ("/console/cases/{id}/children/{child}/export", &["GET"]),
    ("/console/activities", &["GET", "POST"]),
    ("/console/stats", &["GET"]),
    ("/console/stats/export", &["GET"]),
    ("/console/stats/print", &["GET"]),
    ("/console/oversight", &["GET"]),
    ("/console/audit", &["GET"]),
    ("/console/audit/access", &["GET"]),
    ("/console/audit/verify", &["POST"]),
    ("/console/mail", &["GET"]),
    ("/console/mail/{id}/resend", &["POST"]),
    ("/console/admin/users", &["GET", "POST"]),
    ("/console/admin/users/{id}/{action}", &["POST"]),
    ("/console/admin/agencies", &["GET"]),
    ("/console/admin/agencies/{code}", &["GET", "POST"]),
    ("/console/admin/rules", &["GET"]),
    ("/console/imports", &["GET"]),
    ("/console/imports/{id}/place", &["POST"]),
    ("/console/webhooks", &["GET"]),
    ("/console/webhooks/{id}/replay", &["POST"]),
    ("/console/static/console.css", &["GET"]),
    ("/console/static/htmx-2.0.11.min.js", &["GET"]),
];

/// Register the console's pages, its stylesheet and its script.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(pages::static_files::stylesheet)
        .service(pages::static_files::htmx)
        .service(pages::calls::show)
        .service(pages::calls::submit)
        .service(pages::calls::place_choices)
        .service(pages::calls::hints)
        .service(pages::sign_in::show)
        .service(pages::sign_in::console_home)
        .service(pages::sign_in::console_home_slash)
        .service(pages::sign_in::submit)
        .service(pages::sign_in::sign_out)
        .service(pages::tasks::show)
        .service(pages::inbox::show)
        .service(pages::inbox::act)
        .service(pages::cases::list)
        .service(pages::case::show)
        .service(pages::case::actions::move_case)
        .service(pages::case::actions::add_case_note)
        .service(pages::case::actions::decide_plan)
        .service(pages::case::steps::save)
        .service(pages::case::actions::link)
        .service(pages::case::actions::refer)
        .service(pages::case::actions::hold)
        .service(pages::case::actions::lift)
        .service(pages::case::actions::correct_child)
        .service(pages::case::actions::erase)
        .service(pages::case::actions::assign_manager)
        .service(pages::case::actions::propose_transfer)
        .service(pages::case::papers::upload)
        .service(pages::case::papers::download)
        .service(pages::case::papers::step_form)
        .service(pages::caseloads::show)
        .service(pages::caseloads::show_handover)
        .service(pages::caseloads::reassign)
        .service(pages::transfers::show)
        .service(pages::transfers::answer)
        .service(pages::case::export::export)
        .service(pages::case::record)
        .service(pages::activities::show)
        .service(pages::activities::record)
        .service(pages::stats::show)
        .service(pages::stats::download)
        .service(pages::stats::print)
        .service(pages::oversight::show_dashboard)
        .service(pages::oversight::show_audit)
        .service(pages::oversight::show_access)
        .service(pages::oversight::verify)
        .service(pages::oversight::show_mail)
        .service(pages::oversight::resend)
        .service(pages::imports::show)
        .service(pages::imports::place)
        .service(pages::webhooks::show)
        .service(pages::webhooks::replay)
        .service(pages::admin::show_users)
        .service(pages::admin::add_user)
        .service(pages::admin::act_on_user)
        .service(pages::admin::show_agencies)
        .service(pages::admin::show_agency)
        .service(pages::admin::correct_agency)
        .service(pages::admin::show_rules);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `#[get("…")]` and `#[post("…")]` in the console's sources, as (path, method).
    fn routes_in(dir: &Path, found: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                routes_in(&path, found);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for line in text.lines().map(str::trim) {
                for method in ["get", "post"] {
                    if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                        if let Some(route) = rest.split('"').next() {
                            found.push((route.to_owned(), method.to_uppercase()));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_list_of_pages_is_the_routes_registered() {
        let mut written = Vec::new();
        routes_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut written,
        );
        written.sort();
        let mut listed: Vec<(String, String)> = super::PAGES
            .iter()
            .flat_map(|(path, methods)| {
                methods
                    .iter()
                    .map(|m| ((*path).to_owned(), (*m).to_owned()))
            })
            .collect();
        listed.sort();
        assert_eq!(written, listed);
        // And every handler is registered, once: each route's function is a service.
        let lib = include_str!("lib.rs");
        let code = lib.split("#[cfg(test)]").next().unwrap_or_default();
        let registered = code.matches(".service(pages::").count();
        assert_eq!(
            registered,
            written.len(),
            "a route written but not registered, or twice"
        );
    }
}
