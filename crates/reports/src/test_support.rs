//! What the unit tests share: the shipped figures settings and a short way to write a day.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use crate::FigureSettings;

pub fn settings() -> FigureSettings {
    FigureSettings::parse(include_str!("../../../config/figures.toml")).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
