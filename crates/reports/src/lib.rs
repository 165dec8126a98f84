//! Figures: what the province reports every period, counted from the cases of a place.
//! `period` resolves the days asked for (Vietnam's calendar, the plan's reporting periods
//! from `settings`), `scope` the place a caller reads, `figures` counts every table, `export`
//! writes them as CSV and XLSX with small counts suppressed, and `api` serves them. Every
//! figure read or exported is audited.

pub mod activities;
pub mod api;
pub mod daily;
pub mod due;
mod error;
pub mod export;
pub mod figures;
pub mod period;
pub mod read;
pub mod scope;
pub mod settings;
pub mod table;
#[cfg(test)]
mod test_support;

pub use error::ReportsError;
pub use settings::FigureSettings;
