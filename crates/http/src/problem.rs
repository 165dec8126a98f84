//! RFC 9457 problem details.

use serde::Serialize;
use utoipa::ToSchema;

/// A problem details document (`application/problem+json`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field-level failures, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::FieldError>,
    /// For a refused case transition: the states the case may move to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// For a move the case's file does not support yet: what it lacks (a step's code,
    /// `approved_plan`, or `review_decision:<code>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

pub const CONTENT_TYPE: &str = "application/problem+json";
