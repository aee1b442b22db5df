//! Reading an untrusted bundle: bounded, refusing unsafe entries, noting what is not canonical.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::ReadError;
use super::hashing::{CHUNK, Chunks, FileHasher, HashReader, Hashed, LimitExceeded, pipelined};
use super::sha256_label;

/// Bounds on what reading a bundle may consume.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Unpacked (tar) bytes.
    pub max_unpacked: u64,
    /// Bytes of one file.
    pub max_file: u64,
    /// Entries of any kind.
    pub max_entries: u64,
    /// zstd window (log2 bytes); bounds the decoder's memory.
    pub window_log_max: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_unpacked: 1 << 30,
            max_file: 256 << 20,
            max_entries: 10_000,
            window_log_max: 27,
        }
    }
}

/// A regular file in a bundle.
#[derive(Debug, Clone, Serialize)]
pub struct BundleEntry {
    pub path: String,
    pub size: u64,
    pub mode: String,
    /// `sha256:<hex>` of the file (empty when the reader was asked not to compute it).
    pub sha256: String,
}

/// What a bundle holds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleInfo {
    pub content_hash: String,
    pub tar_digest: String,
    pub size: u64,
    pub tar_size: u64,
    pub files: Vec<BundleEntry>,
    /// Ways the archive departs from what `alga pack` writes (empty when canonical).
    pub not_canonical: Vec<String>,
    /// Contents of the files the caller asked to keep.
    #[serde(skip)]
    pub kept: BTreeMap<String, Vec<u8>>,
}

fn is_zstd(path: &Path) -> Result<bool, ReadError> {
    let open = |source| ReadError::Open {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(open)?;
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        let n = f.read(&mut magic[got..]).map_err(open)?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(got == 4 && magic == [0x28, 0xb5, 0x2f, 0xfd])
}

/// A zstd decoding failure, told apart from tar parsing failures that wrap it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct ZstdFailed(String);

/// Tags the decoder's errors as [`ZstdFailed`].
struct ZstdReader<R>(R);

impl<R: Read> Read for ZstdReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                io::Error::other(ZstdFailed("the stream ends early (truncated file?)".into()))
            } else {
                io::Error::other(ZstdFailed(e.to_string()))
            }
        })
    }
}

/// Finds an error of type `T` in `err` or its sources (the tar crate wraps reader errors).
fn find<T: std::error::Error + 'static>(err: &io::Error) -> Option<&T> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = err
        .get_ref()
        .map(|e| e as &(dyn std::error::Error + 'static));
    while let Some(e) = cur {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        if let Some(io) = e.downcast_ref::<io::Error>()
            && let Some(inner) = io.get_ref()
        {
            cur = Some(inner);
            continue;
        }
        cur = e.source();
    }
    None
}

/// Maps an I/O error from the decode pipeline to what went wrong.
fn classify(err: io::Error, limits: &Limits, tar_stage: bool) -> ReadError {
    if find::<LimitExceeded>(&err).is_some() {
        return ReadError::TooLarge {
            limit: limits.max_unpacked,
        };
    }
    if let Some(z) = find::<ZstdFailed>(&err) {
        return ReadError::Corrupt(z.0.clone());
    }
    let text = if err.kind() == io::ErrorKind::UnexpectedEof {
        "unexpected end of data".to_string()
    } else {
        err.to_string()
    };
    if tar_stage {
        ReadError::Tar(text)
    } else {
        ReadError::Corrupt(text)
    }
}

/// Reads `path` as a bundle; files for which `keep` answers true are returned in full.
pub fn read_bundle(
    path: &Path,
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
) -> Result<BundleInfo, ReadError> {
    read_bundle_with(path, limits, keep, Digests::ALL)
}

/// Which digests besides the compressed file's a bundle scan computes.
#[derive(Debug, Clone, Copy)]
pub struct Digests {
    /// Each file's (`BundleEntry::sha256`).
    pub files: bool,
    /// The inner tar's (`BundleInfo::tar_digest`).
    pub tar: bool,
}

impl Digests {
    pub const ALL: Digests = Digests {
        files: true,
        tar: true,
    };
}

/// [`read_bundle`], computing only the digests asked for (signing needs the tar's, verifying
/// neither: the layout is still read and checked in full). The digest of the compressed file
/// is taken from the same read of the file.
pub fn read_bundle_with(
    path: &Path,
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
    digests: Digests,
) -> Result<BundleInfo, ReadError> {
    read_bundle_hashing(path, limits, keep, digests, &mut Sha256::new())
}

/// [`read_bundle_with`], hashing the compressed file with `hasher` (an OpenPGP signer's hash
/// context, so that the bundle is hashed once for its digest and the signature).
pub fn read_bundle_hashing(
    path: &Path,
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
    digests: Digests,
    hasher: &mut dyn FileHasher,
) -> Result<BundleInfo, ReadError> {
    read_inner(path, limits, keep, digests, hasher, None)
}

/// Reads `path` as [`read_bundle`] does, writing each file under `dest` as it streams: memory
/// stays the same whatever the bundle's size. `dest` must not exist yet; it is created (and
/// whatever was written is left for the caller to remove when reading fails).
pub fn unpack_bundle(path: &Path, limits: &Limits, dest: &Path) -> Result<BundleInfo, ReadError> {
    std::fs::create_dir(dest).map_err(|source| ReadError::Write {
        path: dest.to_path_buf(),
        source,
    })?;
    read_inner(
        path,
        limits,
        |_| false,
        Digests::ALL,
        &mut Sha256::new(),
        Some(dest),
    )
}

fn read_inner(
    path: &Path,
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
    digests: Digests,
    hasher: &mut dyn FileHasher,
    dest: Option<&Path>,
) -> Result<BundleInfo, ReadError> {
    if !is_zstd(path)? {
        return Err(ReadError::NotZstd);
    }
    let open = |source| ReadError::Open {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(open)?;
    // One thread reads, hashes and decompresses; the other checks and hashes the archive.
    let (scanned, size) = pipelined(
        |tar| {
            let mut file = Hashed::new(file, hasher);
            decompress(&mut file, limits.window_log_max, tar);
            file.count()
        },
        |tar| scan(tar, limits, keep, digests, dest),
    )
    .map_err(open)?;
    let mut info = scanned?;
    info.content_hash = sha256_label(&hasher.sha256());
    info.size = size;
    Ok(info)
}

/// Decompresses `file` into `tar`, then reads what follows the zstd stream too (so that the
/// digest of the compressed bytes covers every byte). Failures reach the reader of `tar` as
/// [`ZstdFailed`].
fn decompress(file: &mut impl Read, window_log_max: u32, tar: &mut Chunks) {
    let zstd_failed = |why: String| io::Error::other(ZstdFailed(why));
    let mut decoder =
        match zstd::stream::read::Decoder::with_buffer(io::BufReader::with_capacity(CHUNK, file)) {
            Ok(d) => d,
            Err(e) => return tar.fail(zstd_failed(e.to_string())),
        };
    if let Err(e) = decoder.window_log_max(window_log_max) {
        return tar.fail(zstd_failed(e.to_string()));
    }
    if !tar.send_all(&mut ZstdReader(&mut decoder)) {
        return;
    }
    let mut rest = decoder.finish();
    if let Err(e) = io::copy(&mut rest, &mut io::sink()) {
        tar.fail(zstd_failed(format!(
            "cannot read past the zstd stream: {e}"
        )));
    }
}

/// The archive part of [`read_bundle_with`], reading the decompressed archive from `tar` to its
/// end (so that the reading thread reads the compressed file to its end too).
fn scan(
    tar: &mut (dyn BufRead + Send),
    limits: &Limits,
    keep: impl Fn(&str) -> bool,
    digests: Digests,
    dest: Option<&Path>,
) -> Result<BundleInfo, ReadError> {
    let tar_reader = if digests.tar {
        HashReader::new(tar, limits.max_unpacked)
    } else {
        HashReader::counting(tar, limits.max_unpacked)
    };
    let mut archive = tar::Archive::new(tar_reader);
    let mut seen = Seen::default();
    let mut files = Vec::new();
    let mut kept = BTreeMap::new();
    // One buffer for the contents of every entry.
    let mut buf = vec![0u8; 64 * 1024];
    let entries = archive.entries().map_err(|e| classify(e, limits, true))?;
    for (count, entry) in entries.enumerate() {
        let mut entry = entry.map_err(|e| classify(e, limits, true))?;
        if count as u64 >= limits.max_entries {
            return Err(ReadError::TooManyEntries {
                limit: limits.max_entries,
            });
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let path = check_path(&raw)?;
        if !regular_file(&entry, &raw, &mut seen.notes)? {
            continue;
        }
        let header = entry.header();
        let size = header.size().map_err(|e| ReadError::Tar(e.to_string()))?;
        if size > limits.max_file {
            return Err(ReadError::FileTooLarge {
                path,
                size,
                limit: limits.max_file,
            });
        }
        seen.admit(&path)?;
        let mode = header.mode().unwrap_or(0);
        note_header(&mut seen.notes, &raw, &path, header, mode);
        seen.note_order(&path);
        let keep_it = keep(&path);
        let mut out = dest.map(|d| create_entry(d, &path)).transpose()?;
        let (read, digest, bytes) = copy_entry(
            &mut entry,
            &mut buf,
            (digests.files, keep_it),
            out.as_mut(),
            limits,
        )?;
        if read != size {
            return Err(ReadError::Corrupt(format!(
                "`{path}` is cut short ({read} of {size} bytes)"
            )));
        }
        if let Some((mut file, target)) = out {
            file.flush().map_err(|source| ReadError::Write {
                path: target,
                source,
            })?;
        }
        if keep_it {
            kept.insert(path.clone(), bytes);
        }
        files.push(BundleEntry {
            path,
            size,
            mode: format!("{:04o}", mode & 0o7777),
            sha256: digest.unwrap_or_default(),
        });
    }
    let mut reader = archive.into_inner();
    // Whatever follows the end-of-archive marker still counts toward the digest and limits.
    io::copy(&mut reader, &mut io::sink()).map_err(|e| classify(e, limits, false))?;
    let (_, tar_digest, tar_size) = reader.finish_inner();
    Ok(BundleInfo {
        // Filled in by the caller from the compressed bytes read.
        content_hash: String::new(),
        tar_digest: if digests.tar {
            sha256_label(&tar_digest)
        } else {
            String::new()
        },
        size: 0,
        tar_size,
        files,
        not_canonical: seen.notes,
        kept,
    })
}

/// The paths of a bundle so far, to refuse duplicates and clashes, and the notes on what is not
/// canonical.
#[derive(Default)]
struct Seen {
    /// Each file's path, lowercased, to the path as written.
    lower: HashMap<String, String>,
    /// Every folder of a file, lowercased.
    folders: std::collections::HashSet<String>,
    previous: Option<String>,
    notes: Vec<String>,
}

impl Seen {
    /// Takes a file's path: refused when it was seen (in any letter case) or is both a file and
    /// another entry's folder.
    fn admit(&mut self, path: &str) -> Result<(), ReadError> {
        let folded = path.to_lowercase();
        if let Some(first) = self.lower.get(&folded) {
            return Err(if first == path {
                ReadError::Duplicate { path: path.into() }
            } else {
                ReadError::CaseDuplicate {
                    first: first.clone(),
                    second: path.into(),
                }
            });
        }
        // A file may not also be a folder of another entry (`ui` and `ui/index.html`).
        let clash = self.folders.contains(&folded)
            || folded
                .match_indices('/')
                .any(|(i, _)| self.lower.contains_key(&folded[..i]));
        if clash {
            return Err(ReadError::FileAndFolder { path: path.into() });
        }
        self.lower.insert(folded.clone(), path.to_string());
        for (i, _) in folded.match_indices('/') {
            self.folders.insert(folded[..i].to_string());
        }
        Ok(())
    }

    /// Notes a path out of order.
    fn note_order(&mut self, path: &str) {
        if let Some(prev) = &self.previous
            && prev.as_bytes() >= path.as_bytes()
        {
            self.notes
                .push(format!("entries are not sorted (`{path}` after `{prev}`)"));
        }
        self.previous = Some(path.to_string());
    }
}

/// Whether an entry is a regular file (directories are noted and skipped); links and special
/// files are refused.
fn regular_file<R: Read>(
    entry: &tar::Entry<R>,
    raw: &str,
    notes: &mut Vec<String>,
) -> Result<bool, ReadError> {
    let kind = entry.header().entry_type();
    let special = |kind| ReadError::SpecialFile {
        path: raw.into(),
        kind,
    };
    match kind {
        tar::EntryType::Regular | tar::EntryType::Continuous => Ok(true),
        tar::EntryType::Directory => {
            notes.push(format!("has a directory entry `{raw}`"));
            Ok(false)
        }
        tar::EntryType::Symlink | tar::EntryType::Link => Err(ReadError::Link {
            path: raw.into(),
            kind: if kind == tar::EntryType::Symlink {
                "symbolic link"
            } else {
                "hard link"
            },
            target: entry
                .link_name_bytes()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default(),
        }),
        tar::EntryType::Char | tar::EntryType::Block => Err(special("device")),
        tar::EntryType::Fifo => Err(special("named pipe")),
        _ => Err(special("entry of an unknown type")),
    }
}

/// Reads an entry's contents through `buf`: hashed and kept when asked (`(hash, keep)`), and
/// written to `out`. Returns the bytes read, the digest and the kept bytes.
fn copy_entry(
    entry: &mut impl Read,
    buf: &mut [u8],
    (hash, keep): (bool, bool),
    mut out: Option<&mut (std::io::BufWriter<File>, std::path::PathBuf)>,
    limits: &Limits,
) -> Result<(u64, Option<String>, Vec<u8>), ReadError> {
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut read = 0u64;
    loop {
        let n = entry.read(buf).map_err(|e| classify(e, limits, false))?;
        if n == 0 {
            break;
        }
        read += n as u64;
        if hash {
            hasher.update(&buf[..n]);
        }
        if keep {
            kept.extend_from_slice(&buf[..n]);
        }
        if let Some((file, target)) = &mut out {
            file.write_all(&buf[..n])
                .map_err(|source| ReadError::Write {
                    path: target.clone(),
                    source,
                })?;
        }
    }
    Ok((read, hash.then(|| sha256_label(&hasher.finalize())), kept))
}

/// Creates the file of entry `path` (checked already) under `dest`, with its folders; never
/// replaces anything.
fn create_entry(
    dest: &Path,
    path: &str,
) -> Result<(std::io::BufWriter<File>, std::path::PathBuf), ReadError> {
    let target = path.split('/').fold(dest.to_path_buf(), |p, s| p.join(s));
    let failed = |source| ReadError::Write {
        path: target.clone(),
        source,
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(failed)?;
    Ok((std::io::BufWriter::with_capacity(256 << 10, file), target))
}

/// Normalises an entry path (`./` prefixes dropped) and refuses unsafe ones.
fn check_path(raw: &str) -> Result<String, ReadError> {
    if raw.starts_with('/') || raw.starts_with('\\') || raw.get(1..3) == Some(":\\") {
        return Err(ReadError::AbsolutePath { path: raw.into() });
    }
    let mut rest = raw;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let trimmed = rest.trim_end_matches('/');
    if trimmed.is_empty() || trimmed.contains('\0') {
        return Err(ReadError::BadPath { path: raw.into() });
    }
    let segments: Vec<&str> = trimmed.split(['/', '\\']).collect();
    if segments.contains(&"..") {
        return Err(ReadError::PathTraversal { path: raw.into() });
    }
    if segments.iter().any(|s| s.is_empty() || *s == ".") {
        return Err(ReadError::BadPath { path: raw.into() });
    }
    if let Some(why) = segments.iter().find_map(|s| super::windows_special(s)) {
        return Err(ReadError::WindowsName {
            path: raw.into(),
            why,
        });
    }
    Ok(trimmed.to_string())
}

fn note_header(notes: &mut Vec<String>, raw: &str, path: &str, h: &tar::Header, mode: u32) {
    if raw != path {
        notes.push(format!("`{raw}` is not written as `{path}`"));
    }
    if h.mtime().unwrap_or(1) != 0 {
        notes.push(format!("`{path}` has a modification time"));
    }
    if h.uid().unwrap_or(1) != 0 || h.gid().unwrap_or(1) != 0 {
        notes.push(format!("`{path}` has a non-zero owner"));
    }
    let named = h.username_bytes().is_some_and(|b| !b.is_empty())
        || h.groupname_bytes().is_some_and(|b| !b.is_empty());
    if named {
        notes.push(format!("`{path}` has owner names"));
    }
    if mode & 0o7777 != 0o644 && mode & 0o7777 != 0o755 {
        notes.push(format!("`{path}` has mode {:04o}", mode & 0o7777));
    }
    if path.split('/').any(|s| s.starts_with('.')) {
        notes.push(format!("`{path}` is hidden and the Runner will drop it"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(check_path("./ui/a.js").unwrap(), "ui/a.js");
        assert!(matches!(
            check_path("../x"),
            Err(ReadError::PathTraversal { .. })
        ));
        assert!(matches!(
            check_path("ui/../../x"),
            Err(ReadError::PathTraversal { .. })
        ));
        assert!(matches!(
            check_path("/etc/passwd"),
            Err(ReadError::AbsolutePath { .. })
        ));
        assert!(matches!(check_path("a//b"), Err(ReadError::BadPath { .. })));
        assert!(matches!(check_path("./"), Err(ReadError::BadPath { .. })));
        for windows in ["C:/x", "C:x", "ui/C:x", "ui/con.js", "ui/a.", "ui/a:stream"] {
            assert!(
                matches!(check_path(windows), Err(ReadError::WindowsName { .. })),
                "{windows}"
            );
        }
    }
}
