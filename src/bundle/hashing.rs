//! Readers and writers that hash and count what passes through them.

use std::fs::File;
use std::io::{self, BufRead, Read, Write};
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

/// Reads `file` through `consume`, feeding every byte to `hasher` on the way (so a bundle is
/// read once for its digest and its contents); returns what `consume` returned and how many
/// bytes were read. A second thread reads and hashes (see [`pipelined`]). It may read a few
/// chunks ahead of what `consume` takes; callers that need the whole file's digest read to the
/// end.
pub fn read_hashed<T>(
    file: File,
    hasher: &mut dyn FileHasher,
    consume: impl FnOnce(&mut (dyn BufRead + Send)) -> T,
) -> io::Result<(T, u64)> {
    pipelined(
        |chunks| {
            let mut file = Hashed::new(file, hasher);
            chunks.send_all(&mut file);
            file.count()
        },
        consume,
    )
}

/// Runs `produce` on a second thread, which sends what it reads through a [`Chunks`]; `consume`
/// reads those bytes, in order, as one buffered reader. The work of reading a bundle is split
/// so that both cores have about as much: one reads, hashes and decompresses, the other checks
/// and hashes the archive. Returns what both returned.
pub fn pipelined<T, P: Send>(
    produce: impl FnOnce(&mut Chunks) -> P + Send,
    consume: impl FnOnce(&mut (dyn BufRead + Send)) -> T,
) -> io::Result<(T, P)> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(8);
    std::thread::scope(|scope| {
        let producer = std::thread::Builder::new()
            .name("read".into())
            .spawn_scoped(scope, move || produce(&mut Chunks { tx }))
            .map_err(|e| {
                io::Error::new(e.kind(), format!("cannot start the reading thread: {e}"))
            })?;
        let mut reader = ChunkReader {
            rx,
            buf: Vec::new(),
            pos: 0,
            failed: None,
        };
        let out = consume(&mut reader);
        drop(reader);
        let produced = producer
            .join()
            .map_err(|_| io::Error::other("the reading thread failed"))?;
        Ok((out, produced))
    })
}

/// Bytes a chunk of [`pipelined`] holds.
pub const CHUNK: usize = 64 << 10;

/// The producing side of [`pipelined`].
pub struct Chunks {
    tx: std::sync::mpsc::SyncSender<io::Result<Vec<u8>>>,
}

impl Chunks {
    /// Sends what `source` reads, in chunks, until it ends, fails (the consumer then gets the
    /// error) or nobody takes the chunks any more. Whether it reached the end.
    pub fn send_all(&mut self, source: &mut impl Read) -> bool {
        loop {
            // Read into fresh capacity: nothing to zero first.
            let mut buf = Vec::with_capacity(CHUNK);
            match source.take(CHUNK as u64).read_to_end(&mut buf) {
                Ok(0) => return true,
                Ok(_) => {
                    if self.tx.send(Ok(buf)).is_err() {
                        return false;
                    }
                }
                Err(e) => {
                    // What was read before the failure comes first (an archive's reader may
                    // find something wrong in it that says more than the failure).
                    if !buf.is_empty() && self.tx.send(Ok(buf)).is_err() {
                        return false;
                    }
                    self.fail(e);
                    return false;
                }
            }
        }
    }

    /// Gives the consumer `error` in place of more bytes.
    pub fn fail(&mut self, error: io::Error) {
        let _ = self.tx.send(Err(error));
    }
}

/// Hashes (with a [`FileHasher`]) and counts what is read through it.
pub struct Hashed<'a, R> {
    inner: R,
    hasher: &'a mut dyn FileHasher,
    count: u64,
}

impl<'a, R: Read> Hashed<'a, R> {
    pub fn new(inner: R, hasher: &'a mut dyn FileHasher) -> Self {
        Hashed {
            inner,
            hasher,
            count: 0,
        }
    }

    /// The bytes read so far.
    pub fn count(&self) -> u64 {
        self.count
    }
}

impl<R: Read> Read for Hashed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.feed(&buf[..n])?;
        self.count += n as u64;
        Ok(n)
    }
}

/// The consuming side of [`pipelined`]: the chunks as one buffered reader.
struct ChunkReader {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    buf: Vec<u8>,
    pos: usize,
    /// A read error, given again on every later read.
    failed: Option<std::sync::Arc<io::Error>>,
}

/// An error given again: the same text and kind, and the first error as its source (so that
/// what it wraps can still be found).
#[derive(Debug)]
struct Again(std::sync::Arc<io::Error>);

impl std::fmt::Display for Again {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Again {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl BufRead for ChunkReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() && self.failed.is_none() {
            self.pos = 0;
            self.buf = match self.rx.recv() {
                Ok(Ok(buf)) => buf,
                Ok(Err(e)) => {
                    self.failed = Some(std::sync::Arc::new(e));
                    Vec::new()
                }
                // The producer ended.
                Err(_) => Vec::new(),
            };
        }
        if self.pos >= self.buf.len()
            && let Some(first) = &self.failed
        {
            return Err(io::Error::new(first.kind(), Again(first.clone())));
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
    }
}

impl Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
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
        // Small reads, and a hasher that records what it is fed, in order.
        let mut hasher = Recording::default();
        let (out, size) = read_hashed(File::open(&path).unwrap(), &mut hasher, |r| {
            let mut out = Vec::new();
            let mut buf = [0u8; 512];
            loop {
                match r.read(&mut buf).unwrap() {
                    0 => break out,
                    n => out.extend_from_slice(&buf[..n]),
                }
            }
        })
        .unwrap();
        assert_eq!(out, data);
        assert_eq!(hasher.seen, data);
        assert_eq!(size, data.len() as u64);
        assert_eq!(hasher.sha256(), <[u8; 32]>::from(Sha256::digest(&data)));
        // An empty file.
        let empty = dir.path().join("e");
        std::fs::write(&empty, b"").unwrap();
        let mut hasher = Sha256::new();
        let (n, size) = read_hashed(File::open(&empty).unwrap(), &mut hasher, |r| {
            io::copy(r, &mut io::sink()).unwrap()
        })
        .unwrap();
        assert_eq!((n, size), (0, 0));
        assert_eq!(hasher.sha256(), <[u8; 32]>::from(Sha256::digest(b"")));
        // A consumer that stops early stops the reader too.
        let (first, read) = read_hashed(File::open(&path).unwrap(), &mut Sha256::new(), |r| {
            r.fill_buf().unwrap().first().copied()
        })
        .unwrap();
        assert_eq!(first, Some(data[0]));
        assert!(read < data.len() as u64);
        // A folder is not readable: the error reaches the consumer.
        let folder = File::open(dir.path()).unwrap();
        let (failed, _) = read_hashed(folder, &mut Sha256::new(), |r| {
            let mut buf = [0u8; 16];
            [r.read(&mut buf).is_err(), r.read(&mut buf).is_err()]
        })
        .unwrap();
        assert_eq!(
            failed,
            [true, true],
            "the error is given again on every read"
        );
    }

    /// Gives `good` bytes, then fails.
    struct FailsAfter {
        good: usize,
    }

    impl Read for FailsAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.good == 0 {
                return Err(io::Error::other(LimitExceeded { limit: 7 }));
            }
            let n = buf.len().min(self.good);
            buf[..n].fill(b'x');
            self.good -= n;
            Ok(n)
        }
    }

    #[test]
    fn bytes_read_before_a_failure_reach_the_consumer_before_it() {
        // Less than a chunk, then the failure inside the same chunk's read.
        let ((got, err), ()) = pipelined(
            |chunks| {
                chunks.send_all(&mut FailsAfter { good: 1000 });
            },
            |r| {
                let mut got = Vec::new();
                let err = r.read_to_end(&mut got).unwrap_err();
                (got, err)
            },
        )
        .unwrap();
        assert_eq!(got, vec![b'x'; 1000]);
        // The typed error is still found under the one given again.
        let again = err.get_ref().unwrap();
        let first = again.source().unwrap().downcast_ref::<io::Error>().unwrap();
        assert!(first.get_ref().unwrap().is::<LimitExceeded>());
    }

    #[derive(Default)]
    struct Recording {
        seen: Vec<u8>,
    }

    impl FileHasher for Recording {
        fn feed(&mut self, data: &[u8]) -> io::Result<()> {
            self.seen.extend_from_slice(data);
            Ok(())
        }

        fn sha256(&self) -> [u8; 32] {
            Sha256::digest(&self.seen).into()
        }
    }
}
