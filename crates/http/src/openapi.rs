//! Making the generated OpenAPI document say what the server does, for every operation at
//! once: errors are `application/problem+json` (the `Problem` schema), and every failure a
//! request of its kind can meet is listed: 401 and 403 where a token is needed, 400, 413, 415
//! and 422 where a body is read, 404 where an id is in the path, 422 where there are query
//! parameters, 429 with `Retry-After` where it is already named, and 500 and 503 everywhere.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};

use crate::problem::CONTENT_TYPE;

/// Apply to the whole document, after every part of it has been merged.
pub fn describe_failures(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            describe(op);
        }
    }
}

fn problem(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

fn describe(op: &mut Operation) {
    // What the handlers documented as JSON errors are problem documents.
    for (status, response) in op.responses.responses.iter_mut() {
        if let (true, RefOr::T(response)) = (status.starts_with(['4', '5']), response) {
            if let Some(content) = response.content.shift_remove("application/json") {
                response.content.insert(CONTENT_TYPE.to_owned(), content);
            }
            if status == "429" {
                let seconds = HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer))
                    .description(Some("Seconds to wait before trying again."))
                    .build();
                response.headers.insert("Retry-After".into(), seconds);
            }
        }
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    let in_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
    let in_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let with_body = op.request_body.is_some();
    let mut add = |status: &str, description: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(problem(description)));
    };
    if secured {
        add("401", "No valid bearer token.");
        add("403", "The caller's role may not do this.");
    }
    if with_body {
        add("400", "The body is not JSON.");
        add("413", "The body is too large.");
        add("415", "The body is not declared as JSON.");
        add("422", "A field does not fit; `errors` names each.");
    }
    if in_query {
        add("400", "The query string cannot be read.");
        add("422", "A parameter does not fit; `errors` names each.");
    }
    if in_path {
        add("404", "Nothing by that id within the caller's reach.");
    }
    add("500", "A fault on the server (logged).");
    add(
        "503",
        "The database or the audit log cannot serve now; retry.",
    );
}
