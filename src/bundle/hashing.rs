//! Readers and writers that hash and count what passes through them.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

/// Hashes (SHA-256) and counts every byte written through it.
pub struct HashWriter<W> {
    inner: W,
    hasher: Sha256,
    count: u64,
}

impl<W: Write> HashWriter<W> {
    pub fn new(inner: W) -> Self {
        HashWriter {
            inner,
            hasher: Sha256::new(),
            count: 0,
        }
    }

    /// The inner writer, the digest and the byte count.
    pub fn finish(self) -> (W, [u8; 32], u64) {
        (self.inner, self.hasher.finalize().into(), self.count)
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What hashes (SHA-256) the compressed bytes of a bundle as they are read. A signer's own
/// SHA-256 context can stand in for the plain hash, so that each byte is hashed once for both
/// the bundle's digest and the signature.
pub trait FileHasher: Send {
    fn feed(&mut self, data: &[u8]) -> io::Result<()>;
    /// The SHA-256 of the bytes so far.
    fn sha256(&self) -> [u8; 32];
}

impl FileHasher for Sha256 {
    fn feed(&mut self, data: &[u8]) -> io::Result<()> {
        self.update(data);
        Ok(())
    }

    fn sha256(&self) -> [u8; 32] {
        self.clone().finalize().into()
    }
}

/// Hashes (SHA-256) and counts every byte read through it; fails once more than `limit`
/// bytes have been read, so a decompression bomb stops early.
pub struct HashReader<R> {
    inner: R,
    hasher: Option<Sha256>,
    count: u64,
    limit: u64,
}

impl<R: Read> HashReader<R> {
    pub fn new(inner: R, limit: u64) -> Self {
        HashReader {
            inner,
            hasher: Some(Sha256::new()),
            count: 0,
            limit,
        }
    }

    /// Counts and limits without hashing (`finish` then gives an all-zero digest).
    pub fn counting(inner: R, limit: u64) -> Self {
        HashReader {
            hasher: None,
            ..HashReader::new(inner, limit)
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    #[cfg(test)]
    pub fn finish(self) -> ([u8; 32], u64) {
        let (_, digest, count) = self.finish_inner();
        (digest, count)
    }

    /// The inner reader, the digest and the byte count.
    pub fn finish_inner(self) -> (R, [u8; 32], u64) {
        (
            self.inner,
            self.hasher.map(|h| h.finalize().into()).unwrap_or([0; 32]),
            self.count,
        )
    }
}

/// The error a [`HashReader`] returns past its limit.
#[derive(Debug, thiserror::Error)]
#[error("read limit of {limit} bytes exceeded")]
pub struct LimitExceeded {
    pub limit: u64,
}

impl<R: Read> Read for HashReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        if self.count > self.limit {
            return Err(io::Error::other(LimitExceeded { limit: self.limit }));
        }
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// Bytes of one chunk read by [`read_hashing_aside`]: small enough that the chunks in flight stay
/// in the cores' caches and recycle the same few pages.
/// Reads `file` to its end through `consume`, feeding every byte to `hasher` on the way (so a
/// bundle is read once for its digest and its contents); returns what `consume` returned and how
/// many bytes were read. Bytes `consume` leaves unread are not hashed: callers that need the
/// whole file's digest read to the end.
pub fn read_hashed<T>(
    file: File,
    hasher: &mut dyn FileHasher,
    consume: impl FnOnce(&mut (dyn BufRead + Send)) -> T,
) -> io::Result<(T, u64)> {
    let mut counted = HashReader::counting(
        Hashed {
            inner: file,
            hasher,
        },
        u64::MAX,
    );
    let out = consume(&mut BufReader::with_capacity(256 << 10, &mut counted));
    Ok((out, counted.count()))
}

/// Feeds what it reads to a [`FileHasher`].
struct Hashed<'a, R> {
    inner: R,
    hasher: &'a mut dyn FileHasher,
}

impl<R: Read> Read for Hashed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.feed(&buf[..n])?;
        Ok(n)
    }
}

/// SHA-256 and size of a file.
pub fn sha256_file(path: &Path) -> io::Result<([u8; 32], u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hasher.finalize().into(), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_and_reader_agree() {
        let mut w = HashWriter::new(Vec::new());
        w.write_all(b"hello world").unwrap();
        let (bytes, digest, n) = w.finish();
        assert_eq!(n, 11);
        let mut r = HashReader::new(bytes.as_slice(), 100);
        io::copy(&mut r, &mut io::sink()).unwrap();
        assert_eq!(r.finish(), (digest, 11));
        assert_eq!(
            hex::encode(digest),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
    }

    /// Hashes, and keeps every byte it was given.
    #[test]
    fn reader_stops_at_limit() {
        let data = vec![0u8; 1000];
        let mut r = HashReader::new(data.as_slice(), 999);
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert!(err.get_ref().unwrap().is::<LimitExceeded>());
    }

    #[test]
    fn read_hashed_gives_every_byte_in_order_and_hashes_what_was_read() {
        let data: Vec<u8> = (0..(3 << 20) + 77).map(|i| (i * 13 % 255) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, &data).unwrap();
        let mut hasher = Sha256::new();
        let (out, size) = read_hashed(File::open(&path).unwrap(), &mut hasher, |r| {
            let mut out = Vec::new();
            r.read_to_end(&mut out).unwrap();
            out
        })
        .unwrap();
        assert_eq!(out, data);
        assert_eq!(size, data.len() as u64);
        assert_eq!(hasher.sha256(), <[u8; 32]>::from(Sha256::digest(&data)));
        // A folder is not readable: the error reaches the consumer.
        let folder = File::open(dir.path()).unwrap();
        let (failed, _) = read_hashed(folder, &mut Sha256::new(), |r| {
            r.read(&mut [0u8; 16]).is_err()
        })
        .unwrap();
        assert!(failed);
    }
}
