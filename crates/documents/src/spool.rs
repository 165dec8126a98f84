//! An upload on its way in: known by its first bytes, counted against the limit, hashed,
//! stripped of metadata and sealed a chunk at a time into an unnamed temporary file, so that
//! neither memory nor the disk ever holds it in clear. The database gets it in one short
//! transaction once it is whole and checked ([`Spooled::chunks`]).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use hotline_domain::document::MediaType;
use hotline_vault::{ChunkSealer, FileKey, Vault, CHUNK_BYTES, CHUNK_OVERHEAD};
use sha2::{Digest, Sha256};

use crate::strip::Stripper;
use crate::DocumentError;

/// A file being received.
pub struct Spool {
    id: String,
    limit: u64,
    key: FileKey,
    sealer: ChunkSealer,
    head: Vec<u8>,
    stripper: Option<(MediaType, Stripper)>,
    received: u64,
    original: Sha256,
    kept: Sha256,
    kept_len: u64,
    /// Kept bytes not yet sealed (less than a chunk and a piece).
    pending: Vec<u8>,
    sealed_lens: Vec<u32>,
    file: File,
}

/// A file received whole: sealed in its temporary file, with what the checks need.
pub struct Spooled {
    pub id: String,
    pub key: FileKey,
    pub media: MediaType,
    /// The bytes kept (after metadata was taken out).
    pub size: u64,
    /// SHA-256 of the file as sent, and as kept (hex).
    pub sha256_sent: String,
    pub sha256_kept: String,
    sealed_lens: Vec<u32>,
    file: File,
}

impl Spool {
    /// A spool for document `id`, refusing files over `limit` bytes.
    pub fn new(id: String, limit: u64) -> Result<Self, DocumentError> {
        let key = FileKey::random();
        let sealer = key.chunks(&id);
        Ok(Spool {
            id,
            limit,
            key,
            sealer,
            head: Vec::with_capacity(MediaType::SNIFF_BYTES),
            stripper: None,
            received: 0,
            original: Sha256::new(),
            kept: Sha256::new(),
            kept_len: 0,
            pending: Vec::with_capacity(CHUNK_BYTES * 2),
            sealed_lens: Vec::new(),
            file: tempfile::tempfile().map_err(DocumentError::Spool)?,
        })
    }

    /// Take the next piece of the file.
    pub fn push(&mut self, piece: &[u8]) -> Result<(), DocumentError> {
        self.received += piece.len() as u64;
        if self.received > self.limit {
            return Err(DocumentError::TooLarge { limit: self.limit });
        }
        self.original.update(piece);
        if self.stripper.is_none() {
            let want = MediaType::SNIFF_BYTES - self.head.len();
            let take = want.min(piece.len());
            self.head.extend_from_slice(&piece[..take]);
            if self.head.len() < MediaType::SNIFF_BYTES {
                return Ok(());
            }
            let media = MediaType::sniff(&self.head).ok_or(DocumentError::RefusedType)?;
            let mut stripper = Stripper::for_type(media);
            let head = std::mem::take(&mut self.head);
            self.strip(&mut stripper, &head)?;
            self.strip(&mut stripper, &piece[take..])?;
            self.stripper = Some((media, stripper));
            return Ok(());
        }
        if let Some((media, mut stripper)) = self.stripper.take() {
            let stripped = self.strip(&mut stripper, piece);
            self.stripper = Some((media, stripper));
            stripped?;
        }
        Ok(())
    }

    fn strip(&mut self, stripper: &mut Stripper, piece: &[u8]) -> Result<(), DocumentError> {
        let before = self.pending.len();
        stripper
            .push(piece, &mut self.pending)
            .map_err(|b| DocumentError::BrokenFile(b.0))?;
        self.kept.update(&self.pending[before..]);
        self.kept_len += (self.pending.len() - before) as u64;
        // A chunk is sealed once more follows it: only then is it known not to be the last.
        while self.pending.len() > CHUNK_BYTES {
            let rest = self.pending.split_off(CHUNK_BYTES);
            let chunk = std::mem::replace(&mut self.pending, rest);
            self.seal(&chunk, false)?;
        }
        Ok(())
    }

    fn seal(&mut self, plain: &[u8], last: bool) -> Result<(), DocumentError> {
        let seq = u32::try_from(self.sealed_lens.len())
            .map_err(|_| DocumentError::TooLarge { limit: self.limit })?;
        let body = self.sealer.seal(seq, last, plain)?;
        self.file.write_all(&body).map_err(DocumentError::Spool)?;
        self.sealed_lens
            .push(u32::try_from(body.len()).unwrap_or(u32::MAX));
        Ok(())
    }

    /// The file is over: it must have been a whole file of a type taken.
    pub fn finish(mut self) -> Result<Spooled, DocumentError> {
        let Some((media, stripper)) = self.stripper.take() else {
            return Err(if self.received == 0 {
                DocumentError::EmptyFile
            } else {
                DocumentError::RefusedType
            });
        };
        stripper
            .finish()
            .map_err(|b| DocumentError::BrokenFile(b.0))?;
        let last = std::mem::take(&mut self.pending);
        self.seal(&last, true)?;
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(DocumentError::Spool)?;
        Ok(Spooled {
            id: self.id,
            key: self.key,
            media,
            size: self.kept_len,
            sha256_sent: hex::encode(self.original.finalize()),
            sha256_kept: hex::encode(self.kept.finalize()),
            sealed_lens: self.sealed_lens,
            file: self.file,
        })
    }
}

impl Spooled {
    /// How many chunks the file was sealed into.
    pub fn chunk_count(&self) -> usize {
        self.sealed_lens.len()
    }

    /// Each sealed chunk in order, read one at a time from the temporary file, to `write`.
    pub fn chunks<E: From<DocumentError>>(
        &mut self,
        mut write: impl FnMut(i32, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut buf = vec![0u8; CHUNK_BYTES + CHUNK_OVERHEAD];
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(DocumentError::Spool)?;
        for (seq, len) in self.sealed_lens.iter().enumerate() {
            let len = *len as usize;
            let body = buf
                .get_mut(..len)
                .ok_or(DocumentError::BrokenFile("spool"))?;
            self.file.read_exact(body).map_err(DocumentError::Spool)?;
            let seq = i32::try_from(seq).map_err(|_| DocumentError::BrokenFile("spool"))?;
            write(seq, body)?;
        }
        Ok(())
    }

    /// The file's key as the database stores it.
    pub fn sealed_key(&self, vault: &Vault) -> Result<String, DocumentError> {
        Ok(self.key.sealed(vault, &self.id)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(bytes: &[u8], piece: usize, limit: u64) -> Result<Spooled, DocumentError> {
        let mut spool = Spool::new("doc".into(), limit)?;
        for part in bytes.chunks(piece) {
            spool.push(part)?;
        }
        spool.finish()
    }

    #[test]
    fn a_file_is_sealed_in_chunks_that_open_back_to_it() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend((0..CHUNK_BYTES * 2 + 100).map(|i| (i % 251) as u8));
        let mut file = spooled(&pdf, 10_000, 10_000_000).unwrap();
        assert_eq!(file.media, MediaType::Pdf);
        assert_eq!(file.size, pdf.len() as u64);
        assert_eq!(file.sha256_sent, file.sha256_kept);
        assert_eq!(file.chunk_count(), 3);
        let sealer = file.key.chunks("doc");
        let mut back = Vec::new();
        let count = file.chunk_count();
        file.chunks(|seq, body| -> Result<(), DocumentError> {
            let last = seq as usize + 1 == count;
            back.extend(sealer.open(seq as u32, last, body)?);
            Ok(())
        })
        .unwrap();
        assert_eq!(back, pdf);
    }

    #[test]
    fn what_is_not_taken_is_refused_as_it_arrives() {
        assert!(matches!(
            spooled(b"<html><script>", 3, 1000),
            Err(DocumentError::RefusedType)
        ));
        assert!(matches!(
            spooled(b"<svg/>", 3, 1000),
            Err(DocumentError::RefusedType)
        ));
        assert!(matches!(
            spooled(b"", 3, 1000),
            Err(DocumentError::EmptyFile)
        ));
        assert!(matches!(
            spooled(&[&b"%PDF-1.7"[..], &[b' '; 2000]].concat(), 100, 1000),
            Err(DocumentError::TooLarge { limit: 1000 })
        ));
        assert!(matches!(
            spooled(b"\xFF\xD8\xFF\xE0\x00\x10JFIF", 4, 1000),
            Err(DocumentError::BrokenFile("JPEG"))
        ));
    }
}
