//! Contacts: every call and message, abuse reports or not, by kind, channel and caller.

use hotline_domain::{CallerAgeBand, CallerType, Channel, ContactType, Sex};
use hotline_store::queries::figures::ContactCount;

use super::count::{codes, Tally};
use crate::table::{Section, Table};

pub fn tables(counts: &[ContactCount]) -> Vec<Table> {
    let mut by_type = Tally::default();
    let mut by_channel = Tally::default();
    let mut by_caller = Tally::default();
    let mut by_sex = Tally::default();
    let mut by_age = Tally::default();
    for c in counts {
        by_type.add(Some(&c.contact_type), c.count);
        by_channel.add(Some(&c.channel), c.count);
        by_caller.add(c.caller_type.as_deref(), c.count);
        by_sex.add(c.caller_sex.as_deref(), c.count);
        by_age.add(c.caller_age_band.as_deref(), c.count);
    }
    let s = Section::Contacts;
    vec![
        Table::breakdown(
            "contacts_by_type",
            "Liên hệ theo loại",
            s,
            by_type.rows(&codes(
                ContactType::ALL,
                ContactType::code,
                ContactType::label_vi,
            )),
        ),
        Table::breakdown(
            "contacts_by_channel",
            "Liên hệ theo kênh tiếp nhận",
            s,
            by_channel.rows(&codes(Channel::ALL, Channel::code, Channel::label_vi)),
        ),
        Table::breakdown(
            "contacts_by_caller_type",
            "Liên hệ theo người gọi",
            s,
            by_caller.rows(&codes(
                CallerType::ALL,
                CallerType::code,
                CallerType::label_vi,
            )),
        ),
        Table::breakdown(
            "contacts_by_caller_sex",
            "Liên hệ theo giới tính người gọi",
            s,
            by_sex.rows(&codes(Sex::ALL, Sex::code, Sex::label_vi)),
        ),
        Table::breakdown(
            "contacts_by_caller_age",
            "Liên hệ theo độ tuổi người gọi",
            s,
            by_age.rows(&codes(
                CallerAgeBand::ALL,
                CallerAgeBand::code,
                CallerAgeBand::label_vi,
            )),
        ),
    ]
}
