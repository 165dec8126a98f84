//! Metadata taken out of pictures as they stream in: a phone's photo of a paper carries where
//! it was taken (often the family's home), when, and on what. PDFs pass unchanged.

mod jpeg;
mod png;

use hotline_domain::document::MediaType;

/// A file that is not the whole picture its first bytes announce (named by its format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken(pub &'static str);

/// The stripper for one file.
#[derive(Debug)]
pub enum Stripper {
    Jpeg(jpeg::Jpeg),
    Png(png::Png),
    Pass,
}

impl Stripper {
    pub fn for_type(media: MediaType) -> Self {
        match media {
            MediaType::Jpeg => Stripper::Jpeg(jpeg::Jpeg::default()),
            MediaType::Png => Stripper::Png(png::Png::default()),
            MediaType::Pdf => Stripper::Pass,
        }
    }

    /// Take `input`, writing what is kept to `out`.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Broken> {
        match self {
            Stripper::Jpeg(j) => j.push(input, out),
            Stripper::Png(p) => p.push(input, out),
            Stripper::Pass => {
                out.extend_from_slice(input);
                Ok(())
            }
        }
    }

    /// The file is over: whether it was whole.
    pub fn finish(&self) -> Result<(), Broken> {
        match self {
            Stripper::Jpeg(j) => j.finish(),
            Stripper::Png(p) => p.finish(),
            Stripper::Pass => Ok(()),
        }
    }
}
