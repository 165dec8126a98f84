//! Papers as a client files them: a `multipart/form-data` body written by hand, so that a
//! test controls every byte (a file's name, its declared type, the order of the parts).

use serde_json::Value;

use super::{Response, TestApp};

const BOUNDARY: &str = "hotline-test-boundary-7MA4YWxkTrZu0gW";

/// The body of a form of `fields`, then `file` (its name and bytes) when given.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    if let Some((filename, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A small PDF holding `text`.
pub fn pdf(text: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

/// The common fields of a paper filed on a step.
pub fn on_step(step: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "signed_form"),
        ("title", "Biên bản xác minh có chữ ký"),
        ("dated", "2026-12-01"),
        ("step", step),
    ]
}

/// What the database holds of papers: rows, rows whose file key is still there, chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPapers {
    pub rows: i64,
    pub keyed: i64,
    pub chunks: i64,
}

impl TestApp {
    pub fn stored_papers(&self) -> StoredPapers {
        use diesel::prelude::*;
        use hotline_store::schema::{case_documents, document_chunks};
        let mut conn = self.conn();
        let count = |q: Result<i64, diesel::result::Error>| q.unwrap();
        StoredPapers {
            rows: count(case_documents::table.count().get_result(&mut *conn)),
            keyed: count(
                case_documents::table
                    .filter(case_documents::file_key.is_not_null())
                    .count()
                    .get_result(&mut *conn),
            ),
            chunks: count(document_chunks::table.count().get_result(&mut *conn)),
        }
    }

    /// POST a form to case `case_id`'s papers.
    pub async fn upload(
        &self,
        case_id: &str,
        token: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Response {
        let req = self
            .request(
                awc::http::Method::POST,
                &format!("/api/v1/cases/{case_id}/documents"),
                Some(token),
            )
            .insert_header((
                "Content-Type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            ));
        let mut res = req.send_body(multipart(fields, file)).await.unwrap();
        let bytes = res.body().limit(1024 * 1024).await.unwrap();
        Response {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    /// GET a paper's file: the status, the headers and the bytes.
    pub async fn download(
        &self,
        id: &str,
        token: &str,
    ) -> (awc::http::StatusCode, awc::http::header::HeaderMap, Vec<u8>) {
        let mut res = self
            .request(
                awc::http::Method::GET,
                &format!("/api/v1/documents/{id}"),
                Some(token),
            )
            .send()
            .await
            .unwrap();
        let bytes = res.body().limit(64 * 1024 * 1024).await.unwrap();
        (res.status(), res.headers().clone(), bytes.to_vec())
    }
}
