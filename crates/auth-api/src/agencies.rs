//! Agencies, for the administrator: the list, and the correction of an agency's name and
//! mail address (where referral mail goes). Kind and place stay as the configuration says,
//! since routing rests on them. Corrections are audited; none reads a case.

use chrono::{DateTime, Utc};
use hotline_audit::Entry;
use hotline_http::{Caller, FieldError};
use hotline_store::models::AgencyRow;
use hotline_store::queries::agencies;
use hotline_store::DbConnection;

use crate::accounts::{admin_only, email_ok, AccountError};

/// The longest agency name kept (the longest configured one is about 90 characters).
pub const NAME_MAX: usize = 200;

/// Every agency, by kind and code.
pub fn list_agencies(
    conn: &mut DbConnection,
    caller: &Caller,
) -> Result<Vec<AgencyRow>, AccountError> {
    admin_only(caller)?;
    Ok(agencies::all(conn)?)
}

/// One agency, by code.
pub fn agency(
    conn: &mut DbConnection,
    caller: &Caller,
    code: &str,
) -> Result<AgencyRow, AccountError> {
    admin_only(caller)?;
    agencies::by_code(conn, code)?.ok_or(AccountError::NotFound)
}

/// A correction as typed: the name, and the address (empty: the agency gets no mail).
#[derive(Debug, Clone, Default)]
pub struct AgencyCorrection {
    pub name: String,
    pub email: String,
}

impl AgencyCorrection {
    /// The name and address to keep, or every problem at once.
    fn checked(&self) -> Result<(String, Option<String>), AccountError> {
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let email = self.email.trim();
        let mut errors = Vec::new();
        if name.is_empty() {
            errors.push(FieldError::new("name", "Nhập tên cơ quan."));
        } else if name.chars().count() > NAME_MAX {
            errors.push(FieldError::new(
                "name",
                format!("Tên cơ quan dài quá {NAME_MAX} ký tự."),
            ));
        }
        if !email.is_empty() && !email_ok(email) {
            errors.push(FieldError::new(
                "email",
                "Địa chỉ thư điện tử không hợp lệ (ví dụ: tenlienhe@hue.gov.vn).",
            ));
        }
        if !errors.is_empty() {
            return Err(AccountError::Invalid(errors));
        }
        Ok((name, (!email.is_empty()).then(|| email.to_owned())))
    }
}

/// Correct agency `code`'s name and address (`agency.update`, with which fields changed).
pub fn correct_agency(
    conn: &mut DbConnection,
    caller: &Caller,
    code: &str,
    correction: &AgencyCorrection,
    now: DateTime<Utc>,
) -> Result<AgencyRow, AccountError> {
    admin_only(caller)?;
    let (name, email) = correction.checked()?;
    let by = caller.user_id().unwrap_or_default();
    caller.audited(conn, now, |conn| {
        let before = agencies::by_code(conn, code)?.ok_or(AccountError::NotFound)?;
        agencies::correct(
            conn,
            &before.id,
            (&name, email.as_deref()),
            (&by, now.naive_utc()),
        )?;
        let changed: Vec<&str> = [
            ("name", before.name != name),
            ("email", before.email != email),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect();
        let entry = Entry::new("agency.update")
            .on("agency", before.id.clone())
            .detail(serde_json::json!({"code": before.code, "changed": changed}));
        let at = now.naive_utc();
        let after = AgencyRow {
            name,
            email,
            updated_at: at,
            edited_at: Some(at),
            edited_by: Some(by.clone()),
            ..before
        };
        Ok((after, entry))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_needs_a_name_and_a_plausible_address() {
        let ok = AgencyCorrection {
            name: "  Công an   thành phố Huế ".into(),
            email: " cahue@hue.gov.vn ".into(),
        };
        assert_eq!(
            ok.checked().ok(),
            Some((
                "Công an thành phố Huế".to_owned(),
                Some("cahue@hue.gov.vn".to_owned())
            ))
        );
        let no_mail = AgencyCorrection {
            name: "Sở Y tế".into(),
            email: "   ".into(),
        };
        assert_eq!(no_mail.checked().ok(), Some(("Sở Y tế".to_owned(), None)));
        let bad = AgencyCorrection {
            name: " ".into(),
            email: "not an address".into(),
        };
        match bad.checked() {
            Err(AccountError::Invalid(errors)) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["name", "email"]);
            }
            other => panic!("expected both fields refused, got {other:?}"),
        }
    }
}
