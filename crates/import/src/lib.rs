//! The import of a province's past registers: a spreadsheet (CSV or XLSX), one row a case,
//! its columns named by a small mapping file. Every row is checked with the rules intake
//! applies to a new report, and every problem is said with its row and column.
//!
//! * [`mapping`]: the mapping file (which column is which field, how the register spells its
//!   codes and dates), checked as it is read.
//! * [`sheet`]: the register's rows, read within bounds.
//! * [`rows`]: one row into a report, or its problems.
//! * [`problems`]: the problems written beside the input, as CSV.
//! * [`run`]: one import: check every row, then write the new ones (or nothing).
//! * [`old_units`]: the communes before the 2025 reform, and where each lies now.
//! * [`held`]: rows whose old commune was divided, until a department officer places them.
//! * [`hotline`]: the register's hotline, and the account imported cases are opened by.

pub mod held;
pub mod hotline;
pub mod mapping;
pub mod old_units;
pub mod problems;
pub mod rows;
pub mod run;
pub mod sheet;

mod error;
pub use error::ImportError;
