//! Where a contact came from, in the form that compares: a phone number in Vietnam's national
//! form (an account handle folds like an offender's: `evidence::fold_handle`). Only keyed
//! hashes of these are kept without consent.

/// A phone number as digits in national form: "+84 90 512 3456", "0084905123456" and
/// "0905.123.456" all become "0905123456". `None` when it is not a plausible number.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let international = raw.trim_start().starts_with('+');
    let mut digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("00") {
        digits = rest.to_owned();
    } else if !international && digits.starts_with('0') {
        return (3..=15).contains(&digits.len()).then_some(digits);
    }
    // Vietnam's country code gives way to the trunk prefix 0; other countries keep theirs.
    if let Some(national) = digits.strip_prefix("84").filter(|n| n.len() >= 8) {
        digits = format!("0{national}");
    } else if international || raw.trim_start().starts_with("00") {
        digits = format!("+{digits}");
    }
    let count = digits.chars().filter(char::is_ascii_digit).count();
    (3..=15).contains(&count).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_written_many_ways_is_one_number() {
        for raw in [
            "0905123456",
            "0905 123 456",
            "0905.123.456",
            "+84 905 123 456",
            "+84905123456",
            "0084 905 123 456",
            "(+84) 905-123-456",
        ] {
            assert_eq!(normalise_phone(raw).as_deref(), Some("0905123456"), "{raw}");
        }
        assert_eq!(normalise_phone("111").as_deref(), Some("111"));
        assert_eq!(
            normalise_phone("+1 202 555 0100").as_deref(),
            Some("+12025550100")
        );
        assert_eq!(normalise_phone("12"), None);
        assert_eq!(normalise_phone("không có"), None);
    }
}
