//! The console's pages, each over the operation it shows.

pub mod activities;
pub mod admin;
pub mod calls;
pub mod case;
pub mod caseloads;
pub mod cases;
pub mod imports;
pub mod inbox;
pub mod oversight;
pub mod sign_in;
pub mod static_files;
pub mod stats;
pub mod tasks;
pub mod transfers;
pub mod webhooks;

use chrono::{DateTime, Utc};

pub(crate) use hotline_domain::codes::{choices as codes, Choices as Codes};

/// A case's categories as people read them, in one line.
pub(crate) fn categories_vi(codes: &[String]) -> String {
    use hotline_domain::codes::label_or_code as label;
    use hotline_domain::Category;
    codes
        .iter()
        .map(|k| label::<Category>(k, Category::label_vi))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A page that shows what was wrong with the fields it was asked with.
pub(crate) trait ShowsErrors {
    fn set_errors(&mut self, errors: Vec<(String, String)>);
}

/// A page over what an operation found: `fill`ed with it (200), or, when the operation
/// refused the fields it was asked with, the page as it is with them named (422).
pub(crate) fn filled<T, P: askama::Template + ShowsErrors>(
    found: Result<T, hotline_http::ApiError>,
    mut page: P,
    fill: impl FnOnce(P, T) -> P,
) -> Result<actix_web::HttpResponse, crate::error::ConsoleError> {
    use hotline_http::{ApiError, Failure};
    match found {
        Ok(found) => Ok(crate::page::respond(
            actix_web::http::StatusCode::OK,
            &fill(page, found),
        )),
        Err(ApiError::Failed(Failure::Invalid(errors))) => {
            page.set_errors(errors.into_iter().map(|e| (e.field, e.message)).collect());
            Ok(crate::page::respond(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                &page,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The periods a figures or activities page offers: the calendar's, then the plan's.
pub(crate) fn period_presets(settings: &hotline_reports::FigureSettings) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = crate::text::CALENDAR_PRESETS
        .iter()
        .map(|(code, label)| ((*code).to_owned(), (*label).to_owned()))
        .collect();
    list.extend(
        settings
            .plan_periods
            .iter()
            .map(|p| (p.code.clone(), p.name.clone())),
    );
    list
}

/// `path` with the given query parameters; absent or empty ones are left out.
pub(crate) fn query_link(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            url.append_pair(name, v);
        }
    }
    format!("{path}?{}", url.finish())
}

/// A time as people read it: in Vietnam, to the minute.
pub(crate) fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&hotline_domain::time::vietnam())
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// What a possible duplicate shares with the report, in words.
pub(crate) fn matched_on_vi(kinds: &[String]) -> String {
    kinds
        .iter()
        .map(|k| crate::text::matched_on(k))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::text::grouped;

    #[test]
    fn counts_are_grouped_by_dots() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1.000");
        assert_eq!(grouped(100_000), "100.000");
        assert_eq!(grouped(1_234_567), "1.234.567");
    }
}
