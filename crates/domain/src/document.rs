//! Papers filed on a case: which files are taken (known by their bytes, never their names),
//! what a paper hangs on, and who adds and reads it. A paper follows the reach of what it is
//! attached to: the step records' readers read the case's own papers and its step records'
//! papers; a referral's papers are read by them and by the agency it went to.

use uuid::Uuid;

use crate::{casework, AgencyRef, Category, DocumentStep, Role};

/// The file types taken: what a scanner or a phone makes of a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
}

impl MediaType {
    /// How many leading bytes [`MediaType::sniff`] needs.
    pub const SNIFF_BYTES: usize = 8;

    /// The type a file's first bytes announce, or `None` for anything else (HTML, SVG, a
    /// program, whatever its name says).
    pub fn sniff(head: &[u8]) -> Option<MediaType> {
        if head.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else {
            None
        }
    }

    /// The media type, as stored and sent.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
        }
    }

    pub fn from_mime(mime: &str) -> Option<MediaType> {
        [MediaType::Pdf, MediaType::Jpeg, MediaType::Png]
            .into_iter()
            .find(|m| m.mime() == mime)
    }

    /// The file name's ending a download is given.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
        }
    }

    /// A photograph or a scan as a picture (not a PDF).
    pub fn is_image(self) -> bool {
        matches!(self, MediaType::Jpeg | MediaType::Png)
    }
}

/// What a paper hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// The case as a whole.
    Case,
    /// One of the case's step records.
    Step(DocumentStep),
    /// A referral, to the agency named.
    Referral { agency: Uuid },
}

/// Whether `role` of `agency` reads a paper attached to `attachment` of a case it can see.
pub fn reads_document(role: Role, agency: Option<&AgencyRef>, attachment: Attachment) -> bool {
    if casework::reads_step_records(role, agency.map(|a| a.kind)) {
        return true;
    }
    match attachment {
        Attachment::Referral { agency: to } => {
            matches!(role, Role::Police | Role::AgencyOfficer) && agency.is_some_and(|a| a.id == to)
        }
        Attachment::Case | Attachment::Step(_) => false,
    }
}

/// Whether `role` of `agency` files a paper on `attachment`: whoever reads there (the
/// operators, who take reports and read no case file, file nothing).
pub fn adds_document(role: Role, agency: Option<&AgencyRef>, attachment: Attachment) -> bool {
    reads_document(role, agency, attachment)
}

/// Whether any paper of a case can be filed or read by `role`: asked before a body is read.
pub fn handles_documents(role: Role, agency: Option<&AgencyRef>) -> bool {
    casework::reads_step_records(role, agency.map(|a| a.kind))
        || matches!(role, Role::Police | Role::AgencyOfficer)
}

/// Whether a picture filed on a case of these categories must be declared a scan of a paper.
/// Abuse imagery is never held: on a case of sexual abuse or online sexual exploitation a
/// photograph is taken only as a paper's scan, as the uploader declares.
pub fn picture_needs_paper_declaration(categories: &[Category]) -> bool {
    categories.iter().any(|c| {
        matches!(
            c,
            Category::SexualAbuse | Category::OnlineSexualExploitation
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AgencyKind, Jurisdiction};

    fn agency(kind: AgencyKind) -> AgencyRef {
        AgencyRef {
            id: Uuid::from_u128(7),
            code: "x".into(),
            kind,
            jurisdiction: Jurisdiction::Province(46),
        }
    }

    #[test]
    fn files_are_known_by_their_bytes() {
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(MediaType::sniff(b"\x89PNG\r\n\x1a\n"), Some(MediaType::Png));
        for refused in [
            &b"<html><body>%PDF-"[..],
            b"<?xml version=\"1.0\"?><svg",
            b"<svg xmlns",
            b"GIF89a",
            b"MZ\x90\x00",
            b"",
            b"%PD",
        ] {
            assert_eq!(MediaType::sniff(refused), None, "{refused:?}");
        }
        assert_eq!(MediaType::from_mime("image/png"), Some(MediaType::Png));
        assert_eq!(MediaType::from_mime("text/html"), None);
    }

    #[test]
    fn the_police_read_only_their_referrals_papers() {
        let police = agency(AgencyKind::Police);
        let theirs = Attachment::Referral { agency: police.id };
        let others = Attachment::Referral {
            agency: Uuid::from_u128(8),
        };
        assert!(reads_document(Role::Police, Some(&police), theirs));
        assert!(!reads_document(Role::Police, Some(&police), others));
        assert!(!reads_document(
            Role::Police,
            Some(&police),
            Attachment::Step(DocumentStep::Plan)
        ));
        assert!(!reads_document(
            Role::Police,
            Some(&police),
            Attachment::Case
        ));
        let dept = agency(AgencyKind::ChildProtectionDept);
        for a in [
            Attachment::Case,
            Attachment::Step(DocumentStep::Plan),
            others,
        ] {
            assert!(reads_document(Role::AgencyOfficer, Some(&dept), a));
            assert!(reads_document(Role::CommuneWorker, None, a));
            assert!(!reads_document(Role::Operator, None, a));
            assert!(!reads_document(Role::Admin, None, a));
        }
        assert!(handles_documents(Role::Police, Some(&police)));
        assert!(!handles_documents(Role::Operator, Some(&dept)));
    }

    #[test]
    fn pictures_on_sexual_abuse_cases_must_be_declared_papers() {
        assert!(picture_needs_paper_declaration(&[
            Category::Neglect,
            Category::OnlineSexualExploitation
        ]));
        assert!(picture_needs_paper_declaration(&[Category::SexualAbuse]));
        assert!(!picture_needs_paper_declaration(&[
            Category::PhysicalViolence
        ]));
        assert!(!MediaType::Pdf.is_image() && MediaType::Png.is_image());
    }
}
