//! Readers and writers that hash and count what passes through them.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

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

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.inner
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
const CHUNK: usize = 32 << 10;
/// Chunks in flight: enough that neither thread waits on the other for long.
const CHUNKS: usize = 4;

type Chunk = io::Result<(Vec<u8>, usize)>;

/// The chunks of a file read by [`read_hashing_aside`], in order.
pub struct ChunkReader {
    /// Waits for a chunk by spinning a while before sleeping (each thread has a core of its own).
    spin: bool,
    full: Receiver<Chunk>,
    empty: SyncSender<Vec<u8>>,
    buf: Vec<u8>,
    len: usize,
    pos: usize,
    state: State,
}

/// Where a [`ChunkReader`] is in the file.
enum State {
    Reading,
    /// At the end of the file.
    Ended,
    /// After a read error, which every later read repeats.
    Failed(io::ErrorKind, String),
}

impl BufRead for ChunkReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.len && matches!(self.state, State::Reading) {
            let used = std::mem::take(&mut self.buf);
            if used.capacity() > 0 {
                // Never blocks: the channel holds every chunk there is.
                let _ = self.empty.send(used);
            }
            self.len = 0;
            self.pos = 0;
            match receive(&self.full, self.spin) {
                Ok(Ok((_, 0))) | Err(_) => self.state = State::Ended,
                Ok(Ok((buf, n))) => {
                    self.buf = buf;
                    self.len = n;
                }
                Ok(Err(e)) => self.state = State::Failed(e.kind(), e.to_string()),
            }
        }
        if self.pos >= self.len
            && let State::Failed(kind, text) = &self.state
        {
            return Err(io::Error::new(*kind, text.clone()));
        }
        Ok(&self.buf[self.pos..self.len])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.len);
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

/// Reads `file` on a second thread, on the other core of `cores` if given, that feeds every
/// chunk to `hasher` as it reads; `consume` gets the same chunks in order. The file's digest
/// then costs no time beside what `consume` does with the bytes (decompressing them, and
/// hashing them again). Returns what `consume` returned and the size of what was read: the
/// whole file when `consume` read to its end.
pub fn read_hashing_aside<T>(
    cores: Option<&TwoCores>,
    file: File,
    hasher: &mut dyn FileHasher,
    consume: impl FnOnce(&mut ChunkReader) -> T,
) -> io::Result<(T, u64)> {
    let (full_tx, full_rx) = sync_channel::<Chunk>(CHUNKS);
    let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(CHUNKS);
    for _ in 0..CHUNKS {
        let _ = empty_tx.send(vec![0u8; CHUNK]);
    }
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("hash".into())
            .spawn_scoped(scope, move || {
                if let Some(cores) = cores {
                    cores.enter_second();
                }
                hash_chunks(file, hasher, empty_rx, full_tx, cores.is_some())
            })
            .map_err(|e| {
                io::Error::new(e.kind(), format!("cannot start the hashing thread: {e}"))
            })?;
        let mut chunks = ChunkReader {
            spin: cores.is_some(),
            full: full_rx,
            empty: empty_tx,
            buf: Vec::new(),
            len: 0,
            pos: 0,
            state: State::Reading,
        };
        let out = consume(&mut chunks);
        // Ends the reading thread if `consume` stopped early.
        drop(chunks);
        let size = reader
            .join()
            .map_err(|_| io::Error::other("the hashing thread failed"))?;
        Ok((out, size))
    })
}

/// Reads `file` for `consume`, every byte hashed with `hasher` on the way: on a second core
/// while `consume` works on this one ([`read_hashing_aside`]) when the process has two, else
/// on this thread. Returns what `consume` returned and the number of bytes read.
pub fn read_hashed<T>(
    file: File,
    hasher: &mut dyn FileHasher,
    consume: impl FnOnce(&mut (dyn BufRead + Send)) -> T,
) -> io::Result<(T, u64)> {
    if let Some(cores) = TwoCores::take() {
        return read_hashing_aside(Some(&cores), file, hasher, |chunks| consume(chunks));
    }
    let mut counted = HashReader::counting(
        Hashed {
            inner: file,
            hasher,
        },
        u64::MAX,
    );
    // Large reads: a syscall per 8 KiB costs more than the decompression of stored blocks.
    let out = consume(&mut BufReader::with_capacity(256 << 10, &mut counted));
    Ok((out, counted.count()))
}

/// Feeds what it reads to `hasher`.
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

/// Two cores for the two threads of [`read_hashing_aside`]: while it lives, the calling thread is
/// held to the core it runs on and the second thread to the others. Left to the scheduler, the
/// two often share one core and take turns (measured: the scan then takes half as long again).
#[cfg(target_os = "linux")]
pub struct TwoCores {
    original: libc::cpu_set_t,
    others: libc::cpu_set_t,
}

#[cfg(target_os = "linux")]
const CPU_SET_SIZE: usize = std::mem::size_of::<libc::cpu_set_t>();

#[cfg(target_os = "linux")]
impl TwoCores {
    /// `None` when the process may use a single core (or its affinity cannot be read or set):
    /// a second thread would then only take turns with the first.
    pub fn take() -> Option<TwoCores> {
        // SAFETY: cpu_set_t is plain data, and the calls are given its size.
        unsafe {
            let mut original: libc::cpu_set_t = std::mem::zeroed();
            if libc::sched_getaffinity(0, CPU_SET_SIZE, &mut original) != 0 {
                return None;
            }
            let cpu = usize::try_from(libc::sched_getcpu()).ok()?;
            if cpu >= 8 * CPU_SET_SIZE || !libc::CPU_ISSET(cpu, &original) {
                return None;
            }
            let mut others = original;
            libc::CPU_CLR(cpu, &mut others);
            if libc::CPU_COUNT(&others) == 0 {
                return None;
            }
            let mut here: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut here);
            if libc::sched_setaffinity(0, CPU_SET_SIZE, &here) != 0 {
                return None;
            }
            Some(TwoCores { original, others })
        }
    }

    /// Moves the calling (second) thread onto the other cores.
    fn enter_second(&self) {
        allow(&self.others);
    }
}

#[cfg(target_os = "linux")]
impl Drop for TwoCores {
    fn drop(&mut self) {
        allow(&self.original);
    }
}

/// Lets the calling thread run on the cores of `set`.
#[cfg(target_os = "linux")]
fn allow(set: &libc::cpu_set_t) {
    // SAFETY: as in `take`. A failure leaves the thread where it was: slower, not wrong.
    unsafe {
        libc::sched_setaffinity(0, CPU_SET_SIZE, set);
    }
}

/// Two cores for the two threads of [`read_hashing_aside`], where threads cannot be placed.
#[cfg(not(target_os = "linux"))]
pub struct TwoCores;

#[cfg(not(target_os = "linux"))]
impl TwoCores {
    /// `None` when the process may use a single core.
    pub fn take() -> Option<TwoCores> {
        (std::thread::available_parallelism().map_or(1, |n| n.get()) > 1).then_some(TwoCores)
    }

    fn enter_second(&self) {}
}

/// How long a thread of [`read_hashing_aside`] spins for the next chunk before it sleeps: about
/// the time it takes to read and hash two chunks. Waking a sleeping thread costs a system call
/// (and on a virtual machine an interrupt between cores) for every chunk otherwise.
const SPIN: std::time::Duration = std::time::Duration::from_micros(50);

/// The next message of `rx`, spinning for up to [`SPIN`] first when `spin`.
fn receive<T>(rx: &Receiver<T>, spin: bool) -> Result<T, std::sync::mpsc::RecvError> {
    use std::sync::mpsc::{RecvError, TryRecvError};
    if spin {
        let start = std::time::Instant::now();
        loop {
            match rx.try_recv() {
                Ok(v) => return Ok(v),
                Err(TryRecvError::Disconnected) => return Err(RecvError),
                Err(TryRecvError::Empty) if start.elapsed() > SPIN => break,
                Err(TryRecvError::Empty) => std::hint::spin_loop(),
            }
        }
    }
    rx.recv()
}

/// The reading thread of [`read_hashing_aside`].
fn hash_chunks(
    mut file: File,
    hasher: &mut dyn FileHasher,
    empty: Receiver<Vec<u8>>,
    full: SyncSender<Chunk>,
    spin: bool,
) -> u64 {
    let mut size = 0u64;
    while let Ok(mut buf) = receive(&empty, spin) {
        let read = loop {
            match file.read(&mut buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let chunk = read.and_then(|n| {
            hasher.feed(&buf[..n])?;
            size += n as u64;
            Ok(n)
        });
        let last = !matches!(chunk, Ok(n) if n > 0);
        if full.send(chunk.map(|n| (buf, n))).is_err() || last {
            break;
        }
    }
    size
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

    #[test]
    fn aside_hashing_gives_every_byte_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // Not a multiple of the chunk size, and more chunks than are in flight.
        let data: Vec<u8> = (0..(CHUNK * CHUNKS * 3 + 1234))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&path, &data).unwrap();
        // Left to the scheduler, and on two cores of their own (the threads then spin).
        for cores in [None, TwoCores::take()] {
            let mut hasher = Recording::default();
            let file = File::open(&path).unwrap();
            let (read, size) = read_hashing_aside(cores.as_ref(), file, &mut hasher, |r| {
                let mut out = Vec::new();
                // Small reads, as the tar reader makes for headers.
                let mut buf = [0u8; 512];
                loop {
                    let n = r.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    out.extend_from_slice(&buf[..n]);
                }
                out
            })
            .unwrap();
            assert_eq!(read, data);
            assert_eq!(hasher.seen, data);
            assert_eq!(size, data.len() as u64);
            assert_eq!(hasher.sha256(), <[u8; 32]>::from(Sha256::digest(&data)));
        }

        // A reader that stops early ends the reading thread too.
        let file = File::open(&path).unwrap();
        let (first, size) = read_hashing_aside(None, file, &mut Sha256::new(), |r| {
            r.fill_buf().unwrap().first().copied()
        })
        .unwrap();
        assert_eq!(first, Some(data[0]));
        assert!(size < data.len() as u64);

        // An empty file.
        let empty = dir.path().join("e");
        std::fs::write(&empty, b"").unwrap();
        let file = File::open(&empty).unwrap();
        let mut hasher = Sha256::new();
        let (n, size) = read_hashing_aside(None, file, &mut hasher, |r| {
            io::copy(r, &mut io::sink()).unwrap()
        })
        .unwrap();
        assert_eq!((n, size), (0, 0));
        assert_eq!(hasher.sha256(), <[u8; 32]>::from(Sha256::digest(b"")));

        // A read error reaches the reader, and stays.
        let folder = File::open(dir.path()).unwrap();
        let (errors, _) = read_hashing_aside(None, folder, &mut Sha256::new(), |r| {
            let mut buf = [0u8; 16];
            [r.read(&mut buf).is_err(), r.read(&mut buf).is_err()]
        })
        .unwrap();
        assert_eq!(errors, [true, true]);
    }

    #[test]
    fn reader_stops_at_limit() {
        let data = vec![0u8; 1000];
        let mut r = HashReader::new(data.as_slice(), 999);
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert!(err.get_ref().unwrap().is::<LimitExceeded>());
    }

    #[cfg(target_os = "linux")]
    fn affinity() -> Vec<usize> {
        // SAFETY: plain data, given its size.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            assert_eq!(libc::sched_getaffinity(0, CPU_SET_SIZE, &mut set), 0);
            (0..8 * CPU_SET_SIZE)
                .filter(|&c| libc::CPU_ISSET(c, &set))
                .collect()
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn read_hashed_on_one_core_or_two() {
        let data: Vec<u8> = (0..(CHUNK * 5 + 77))
            .map(|i| (i * 13 % 255) as u8)
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, &data).unwrap();
        let read_all = || {
            let mut hasher = Sha256::new();
            let (out, size) = read_hashed(File::open(&path).unwrap(), &mut hasher, |r| {
                let mut out = Vec::new();
                r.read_to_end(&mut out).unwrap();
                out
            })
            .unwrap();
            (out, size, hasher.sha256())
        };
        let expected = (
            data.clone(),
            data.len() as u64,
            <[u8; 32]>::from(Sha256::digest(&data)),
        );
        assert_eq!(read_all(), expected);
        // Held to one core, the same on this thread alone.
        let before = affinity();
        // SAFETY: plain data, given its size.
        unsafe {
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(before[0], &mut one);
            assert_eq!(libc::sched_setaffinity(0, CPU_SET_SIZE, &one), 0);
        }
        assert!(TwoCores::take().is_none());
        let alone = read_all();
        allow_all(&before);
        assert_eq!(alone, expected);
    }

    #[cfg(target_os = "linux")]
    fn allow_all(cpus: &[usize]) {
        // SAFETY: plain data, given its size.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            for &c in cpus {
                libc::CPU_SET(c, &mut set);
            }
            assert_eq!(libc::sched_setaffinity(0, CPU_SET_SIZE, &set), 0);
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn two_cores_place_the_threads_apart_and_restore_the_affinity() {
        let before = affinity();
        let Some(cores) = TwoCores::take() else {
            assert_eq!(before.len(), 1, "two cores to use, yet none taken");
            return;
        };
        let here = affinity();
        assert_eq!(here.len(), 1, "the calling thread is held to one core");
        assert!(before.contains(&here[0]));
        let there = std::thread::scope(|s| {
            s.spawn(|| {
                cores.enter_second();
                affinity()
            })
            .join()
            .unwrap()
        });
        assert!(!there.is_empty() && !there.contains(&here[0]));
        assert!(there.iter().all(|c| before.contains(c)));
        drop(cores);
        assert_eq!(affinity(), before, "restored when dropped");
    }
}
