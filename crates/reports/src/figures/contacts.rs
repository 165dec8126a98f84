//! Contacts: every call and message, abuse reports or not, by kind, channel and caller.

use hotline_domain::{CallerAgeBand, CallerType, Channel, ContactType, Sex};

use super::count::codes;
use super::counted::Counted;
use crate::daily::figure as f;
use crate::table::{Section, Table};

pub fn tables(counted: &Counted) -> Vec<Table> {
    let s = Section::Contacts;
    vec![
        Table::breakdown(
            "contacts_by_type",
            "Liên hệ theo loại",
            s,
            counted.tally(f::CONTACT_TYPE).rows(&codes(
                ContactType::ALL,
                ContactType::code,
                ContactType::label_vi,
            )),
        ),
        Table::breakdown(
            "contacts_by_channel",
            "Liên hệ theo kênh tiếp nhận",
            s,
            counted
                .tally(f::CHANNEL)
                .rows(&codes(Channel::ALL, Channel::code, Channel::label_vi)),
        ),
        Table::breakdown(
            "contacts_by_caller_type",
            "Liên hệ theo người gọi",
            s,
            counted.tally(f::CALLER_TYPE).rows(&codes(
                CallerType::ALL,
                CallerType::code,
                CallerType::label_vi,
            )),
        ),
        Table::breakdown(
            "contacts_by_caller_sex",
            "Liên hệ theo giới tính người gọi",
            s,
            counted
                .tally(f::CALLER_SEX)
                .rows(&codes(Sex::ALL, Sex::code, Sex::label_vi)),
        ),
        Table::breakdown(
            "contacts_by_caller_age",
            "Liên hệ theo độ tuổi người gọi",
            s,
            counted.tally(f::CALLER_AGE).rows(&codes(
                CallerAgeBand::ALL,
                CallerAgeBand::code,
                CallerAgeBand::label_vi,
            )),
        ),
    ]
}
