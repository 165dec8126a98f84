//! Cases: numbering (`number`), writing a case and its moves (`write`), reading one in a
//! scope (`read`), a page of a list (`list`) and a search by the words of the index
//! (`search`). What a scope lets a caller see is `super::scope`'s.

mod list;
mod number;
mod read;
pub mod search;
mod write;

pub use list::{list, CaseWithCategories};
pub use number::*;
pub use read::*;
pub use write::*;
