//! A PNG without its text and metadata chunks (EXIF, text, XMP, time) or anything after its
//! end. Chunks are read as they stream past; what draws the picture passes unchanged, each
//! chunk with its own checksum, so nothing needs recomputing.

use super::Broken;

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The ancillary chunks kept: those about colour and transparency. Every critical chunk
/// (an upper-case first letter) is kept; every other ancillary chunk (text, EXIF, time,
/// private data) goes.
const KEPT_ANCILLARY: [&[u8; 4]; 10] = [
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP", b"hIST",
];

/// The largest chunk the format allows.
const MAX_CHUNK: u32 = (1 << 31) - 1;

#[derive(Debug)]
enum State {
    Signature {
        seen: usize,
    },
    /// A chunk's length and type.
    Header {
        buf: [u8; 8],
        have: usize,
    },
    /// A chunk's data and checksum: `remaining` bytes, copied or skipped.
    Body {
        remaining: u64,
        keep: bool,
        end: bool,
    },
    Ended,
}

/// The stripper of one PNG stream.
#[derive(Debug)]
pub struct Png {
    state: State,
}

impl Default for Png {
    fn default() -> Self {
        Png {
            state: State::Signature { seen: 0 },
        }
    }
}

impl Png {
    /// Take `input`, writing what is kept to `out`.
    pub fn push(&mut self, mut input: &[u8], out: &mut Vec<u8>) -> Result<(), Broken> {
        while !input.is_empty() {
            match &mut self.state {
                State::Signature { seen } => {
                    let n = (SIGNATURE.len() - *seen).min(input.len());
                    if input[..n] != SIGNATURE[*seen..*seen + n] {
                        return Err(Broken("PNG"));
                    }
                    out.extend_from_slice(&input[..n]);
                    *seen += n;
                    input = &input[n..];
                    if *seen == SIGNATURE.len() {
                        self.state = State::Header {
                            buf: [0; 8],
                            have: 0,
                        };
                    }
                }
                State::Header { buf, have } => {
                    let n = (8 - *have).min(input.len());
                    buf[*have..*have + n].copy_from_slice(&input[..n]);
                    *have += n;
                    input = &input[n..];
                    if *have == 8 {
                        let header = *buf;
                        self.state = chunk(&header, out)?;
                    }
                }
                State::Body {
                    remaining,
                    keep,
                    end,
                } => {
                    let n = usize::try_from(*remaining)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
                    if *keep {
                        out.extend_from_slice(&input[..n]);
                    }
                    *remaining -= n as u64;
                    input = &input[n..];
                    if *remaining == 0 {
                        self.state = if *end {
                            State::Ended
                        } else {
                            State::Header {
                                buf: [0; 8],
                                have: 0,
                            }
                        };
                    }
                }
                State::Ended => return Ok(()),
            }
        }
        Ok(())
    }

    /// The stream is over: refused unless the picture was whole.
    pub fn finish(&self) -> Result<(), Broken> {
        match self.state {
            State::Ended => Ok(()),
            _ => Err(Broken("PNG")),
        }
    }
}

/// What follows a chunk's header: its data and checksum, copied or skipped.
fn chunk(header: &[u8; 8], out: &mut Vec<u8>) -> Result<State, Broken> {
    let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    let kind = &header[4..8];
    if length > MAX_CHUNK || !kind.iter().all(u8::is_ascii_alphabetic) {
        return Err(Broken("PNG"));
    }
    let critical = kind[0].is_ascii_uppercase();
    let keep = critical || KEPT_ANCILLARY.iter().any(|k| k[..] == *kind);
    if keep {
        out.extend_from_slice(header);
    }
    Ok(State::Body {
        remaining: u64::from(length) + 4,
        keep,
        end: kind == b"IEND",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk_of(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let len = u32::try_from(data.len()).unwrap().to_be_bytes();
        [&len[..], kind, data, &[1, 2, 3, 4]].concat()
    }

    #[test]
    fn text_and_exif_go_and_the_picture_stays_whatever_the_pieces() {
        let ihdr = chunk_of(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        let exif = chunk_of(b"eXIf", b"MM\0*GPS 16.4637");
        let text = chunk_of(b"tEXt", b"Comment\0Nha so 5");
        let itxt = chunk_of(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x/>");
        let time = chunk_of(b"tIME", &[7, 234, 12, 7, 9, 0, 0]);
        let phys = chunk_of(b"pHYs", &[0, 0, 11, 19, 0, 0, 11, 19, 1]);
        let idat = chunk_of(b"IDAT", &[0x78, 0x9C, 0x63, 0, 1]);
        let iend = chunk_of(b"IEND", &[]);
        let input = [
            &SIGNATURE[..],
            &ihdr,
            &exif,
            &text,
            &phys,
            &itxt,
            &time,
            &idat,
            &iend,
            b"trailing GPS",
        ]
        .concat();
        let expected = [&SIGNATURE[..], &ihdr, &phys, &idat, &iend].concat();
        for piece in [1, 3, 8, 13, input.len()] {
            let mut png = Png::default();
            let mut out = Vec::new();
            for part in input.chunks(piece) {
                png.push(part, &mut out).unwrap();
            }
            png.finish().unwrap();
            assert_eq!(out, expected, "in pieces of {piece}");
        }
        let mut cut = Png::default();
        cut.push(&input[..40], &mut Vec::new()).unwrap();
        assert!(cut.finish().is_err());
        assert!(Png::default().push(b"\x89PNX", &mut Vec::new()).is_err());
        let mut bad = Png::default();
        let header = [&SIGNATURE[..], &[0xFF, 0xFF, 0xFF, 0xFF], b"IDAT"].concat();
        assert!(bad.push(&header, &mut Vec::new()).is_err(), "over 2^31");
    }
}
