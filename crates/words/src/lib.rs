//! What people read, in Vietnamese, in one place so that another language can follow: the
//! console, the printed case file and the public form all take their words from here. Every
//! word a page shows is a constant, and every sentence that carries a number is a function
//! (word order and number grouping belong to the language). The catalogue is split by the
//! area of the pages that use it, and every name is also at the root, so a page writes
//! `text::SAVE` whichever area a word lives in (two areas cannot name a word alike: the
//! compiler refuses the ambiguity).
//!
//! What is not here: the vocabulary of codes (statuses, categories, roles, platforms) is the
//! domain's `label_vi`, and the messages of the rules are raised by the operations that apply
//! them, for the API and the pages alike. A test keeps the templates and the page modules free
//! of words of their own.

pub mod admin;
pub mod calls;
pub mod case;
pub mod cases;
pub mod chrome;
pub mod documents;
pub mod figures;
pub mod imports;
pub mod inbox;
pub mod managers;
pub mod oversight;
pub mod privacy;
pub mod public;
pub mod record;
pub mod steps;
pub mod tasks;
pub mod transfers;

pub use admin::*;
pub use calls::*;
pub use case::*;
pub use cases::*;
pub use chrome::*;
pub use documents::*;
pub use figures::*;
pub use imports::*;
pub use inbox::*;
pub use managers::*;
pub use oversight::*;
pub use privacy::*;
pub use public::*;
pub use record::*;
pub use steps::*;
pub use tasks::*;
pub use transfers::*;

#[cfg(test)]
mod own_words;
#[cfg(test)]
mod sentences;
