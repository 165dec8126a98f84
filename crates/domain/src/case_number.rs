//! Case numbers: `46-2026-000123` = province code, year of receipt, sequence in that province
//! and year. Gap-free allocation is the store's job; this is only the format.

use std::fmt;
use std::str::FromStr;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    pub province_code: u16,
    pub year: u16,
    pub sequence: u32,
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}-{:04}-{:06}",
            self.province_code, self.year, self.sequence
        )
    }
}

impl FromStr for CaseNumber {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::BadCaseNumber(s.to_owned());
        let mut parts = s.split('-');
        let (Some(p), Some(y), Some(n), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(p, 2..=2) || !digits(y, 4..=4) || !digits(n, 6..=9) {
            return Err(bad());
        }
        Ok(CaseNumber {
            province_code: p.parse().map_err(|_| bad())?,
            year: y.parse().map_err(|_| bad())?,
            sequence: n.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_padding() {
        let n = CaseNumber {
            province_code: 1,
            year: 2026,
            sequence: 123,
        };
        assert_eq!(n.to_string(), "01-2026-000123");
        assert_eq!(
            "46-2026-000123".parse::<CaseNumber>().unwrap().sequence,
            123
        );
    }

    #[test]
    fn sequence_grows_past_six_digits() {
        let n = CaseNumber {
            province_code: 46,
            year: 2026,
            sequence: 1_234_567,
        };
        assert_eq!(n.to_string().parse::<CaseNumber>().unwrap(), n);
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "46-2026-12",
            "4-2026-000001",
            "46-26-000001",
            "46-2026-00000x",
            "46-2026-000001-1",
            "",
        ] {
            assert!(s.parse::<CaseNumber>().is_err(), "{s}");
        }
    }
}
