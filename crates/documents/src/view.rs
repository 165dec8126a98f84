//! A paper as the API and the console show it (the cases crate's view, which the case file
//! and the child's copy show too), and the list of a case's papers.

use serde::Serialize;
use utoipa::ToSchema;

pub use hotline_cases::papers::DocumentView;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentView>,
}
