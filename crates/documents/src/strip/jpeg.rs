//! A JPEG without what a phone writes about it: EXIF (the camera, the time, the GPS
//! position), XMP, IPTC, comments, and anything after the picture ends (a phone's trailer, a
//! second picture, a video). Segments are read as they stream past, so no picture is ever
//! held whole; what draws the picture (tables, frame, scans) passes through unchanged.

use super::Broken;

/// Start of scan: entropy-coded data follows its header.
const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;
const SOI: u8 = 0xD8;
/// JFIF, and Adobe's (which says how colours are coded): needed to draw the picture.
const APP0: u8 = 0xE0;
const APP14: u8 = 0xEE;

#[derive(Debug)]
enum State {
    /// Expecting the start of image (`FF D8`); `seen` of its bytes so far.
    Start { seen: u8 },
    /// Expecting `FF`, the start of a marker.
    Marker,
    /// After `FF`: the marker's code (more `FF`s are fill).
    Code,
    /// A segment's two length bytes.
    Length { code: u8, first: Option<u8> },
    /// A segment's body: `remaining` bytes, copied or skipped.
    Body {
        remaining: usize,
        keep: bool,
        scan: bool,
    },
    /// Entropy-coded data; `ff` after an `FF` not yet known to be a marker.
    Entropy { ff: bool },
    /// After the end of image: everything is dropped.
    Ended,
}

/// Whether a segment with this marker is copied: every segment that draws the picture, and
/// of the application segments only JFIF's and Adobe's. EXIF and XMP (APP1), ICC and
/// multi-picture data (APP2), IPTC (APP13) and comments go.
fn kept(code: u8) -> bool {
    match code {
        0xE0..=0xEF => code == APP0 || code == APP14,
        0xFE => false,
        _ => true,
    }
}

/// The stripper of one JPEG stream.
#[derive(Debug)]
pub struct Jpeg {
    state: State,
}

impl Default for Jpeg {
    fn default() -> Self {
        Jpeg {
            state: State::Start { seen: 0 },
        }
    }
}

impl Jpeg {
    /// Take `input`, writing what is kept to `out`.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<(), Broken> {
        while let Some((&b, rest)) = input.split_first() {
            match &mut self.state {
                State::Body {
                    remaining,
                    keep,
                    scan,
                } => {
                    // Copy or skip as much of the body as this input holds, at once.
                    let n = (*remaining).min(input.len());
                    if *keep {
                        out.extend_from_slice(&input[..n]);
                    }
                    *remaining -= n;
                    input = &input[n..];
                    if *remaining == 0 {
                        self.state = if *scan {
                            State::Entropy { ff: false }
                        } else {
                            State::Marker
                        };
                    }
                    continue;
                }
                State::Entropy { ff: false } => {
                    // Copy up to the next FF at once.
                    let n = input.iter().position(|&c| c == 0xFF).unwrap_or(input.len());
                    out.extend_from_slice(&input[..n]);
                    input = &input[n..];
                    if !input.is_empty() {
                        self.state = State::Entropy { ff: true };
                        input = &input[1..];
                    }
                    continue;
                }
                State::Ended => return Ok(()),
                _ => {}
            }
            input = rest;
            self.byte(b, out)?;
        }
        Ok(())
    }

    fn byte(&mut self, b: u8, out: &mut Vec<u8>) -> Result<(), Broken> {
        self.state = match std::mem::replace(&mut self.state, State::Ended) {
            State::Start { seen: 0 } if b == 0xFF => State::Start { seen: 1 },
            State::Start { seen: 1 } if b == SOI => {
                out.extend_from_slice(&[0xFF, SOI]);
                State::Marker
            }
            State::Start { .. } => return Err(Broken("JPEG")),
            State::Marker if b == 0xFF => State::Code,
            State::Marker => return Err(Broken("JPEG")),
            State::Code => after_ff(b, false, out)?,
            State::Entropy { ff: true } => after_ff(b, true, out)?,
            State::Length { code, first: None } => State::Length {
                code,
                first: Some(b),
            },
            State::Length {
                code,
                first: Some(hi),
            } => {
                let length = usize::from(u16::from_be_bytes([hi, b]));
                if length < 2 {
                    return Err(Broken("JPEG"));
                }
                let keep = kept(code);
                if keep {
                    out.extend_from_slice(&[0xFF, code, hi, b]);
                }
                let remaining = length - 2;
                let scan = code == SOS;
                match (remaining, scan) {
                    (0, true) => State::Entropy { ff: false },
                    (0, false) => State::Marker,
                    _ => State::Body {
                        remaining,
                        keep,
                        scan,
                    },
                }
            }
            // Handled in `push`.
            other @ (State::Body { .. } | State::Entropy { ff: false } | State::Ended) => other,
        };
        Ok(())
    }

    /// The stream is over: refused unless the picture was whole.
    pub fn finish(&self) -> Result<(), Broken> {
        match self.state {
            State::Ended => Ok(()),
            _ => Err(Broken("JPEG")),
        }
    }
}

/// The byte after an `FF`: fill, stuffing or a restart inside a scan, or a marker.
fn after_ff(b: u8, in_scan: bool, out: &mut Vec<u8>) -> Result<State, Broken> {
    Ok(match b {
        0xFF => {
            if in_scan {
                State::Entropy { ff: true }
            } else {
                State::Code
            }
        }
        0x00 if in_scan => {
            out.extend_from_slice(&[0xFF, 0x00]);
            State::Entropy { ff: false }
        }
        0xD0..=0xD7 | 0x01 => {
            out.extend_from_slice(&[0xFF, b]);
            if in_scan {
                State::Entropy { ff: false }
            } else {
                State::Marker
            }
        }
        EOI => {
            out.extend_from_slice(&[0xFF, EOI]);
            State::Ended
        }
        0x00 | SOI => return Err(Broken("JPEG")),
        code => State::Length { code, first: None },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(code: u8, body: &[u8]) -> Vec<u8> {
        let len = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, code, len[0], len[1]][..], body].concat()
    }

    fn picture() -> (Vec<u8>, Vec<u8>) {
        let jfif = segment(APP0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = segment(0xE1, b"Exif\0\0GPS 16.4637 N 107.5909 E");
        let xmp = segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>");
        let comment = segment(0xFE, b"Nha so 5, ngo 12");
        let dqt = segment(0xDB, &[0u8; 65]);
        let sof = segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        let sos = segment(SOS, &[1, 1, 0, 0, 63, 0]);
        let scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        let eoi = [0xFF, EOI];
        let trailer = b"MotionPhoto_Data GPS";
        let input = [
            &[0xFF, SOI][..],
            &jfif,
            &exif,
            &xmp,
            &comment,
            &dqt,
            &sof,
            &sos,
            &scan,
            &eoi,
            trailer,
        ]
        .concat();
        let expected = [&[0xFF, SOI][..], &jfif, &dqt, &sof, &sos, &scan, &eoi].concat();
        (input, expected)
    }

    #[test]
    fn metadata_goes_and_the_picture_stays_whatever_the_pieces() {
        let (input, expected) = picture();
        for piece in [1, 2, 3, 7, 64, input.len()] {
            let mut jpeg = Jpeg::default();
            let mut out = Vec::new();
            for part in input.chunks(piece) {
                jpeg.push(part, &mut out).unwrap();
            }
            jpeg.finish().unwrap();
            assert_eq!(out, expected, "in pieces of {piece}");
        }
    }

    #[test]
    fn broken_pictures_are_refused() {
        let (input, _) = picture();
        let mut cut = Jpeg::default();
        let mut out = Vec::new();
        cut.push(&input[..input.len() / 2], &mut out).unwrap();
        assert!(cut.finish().is_err(), "cut short");
        for bad in [
            &b"\xFF\xD8\xFF\xE1\x00\x01"[..],
            b"\xFF\xD8\x00",
            b"\xFF\xD9",
        ] {
            let mut jpeg = Jpeg::default();
            let pushed = jpeg.push(bad, &mut Vec::new());
            assert!(pushed.is_err() || jpeg.finish().is_err(), "{bad:?}");
        }
    }
}
