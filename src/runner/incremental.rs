//! Cranelift's incremental compilation cache, kept on disk next to the compile cache
//! (`$XDG_CACHE_HOME/alga/functions`): the machine code of each function, under a key that
//! Cranelift computes from the function's body and the compiler's settings. A handler built
//! again after a one-line edit is the same JavaScript engine with other data, so nearly every
//! function is found here and only what changed is compiled.
//!
//! The file is checked as the compile cache's files are (owned by this user, writable by
//! nobody else) and ends with the SHA-256 of what precedes it, so that a torn or damaged file
//! is ignored rather than read. It keeps the functions the last compilation used, then older
//! ones up to [`MAX_BYTES`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::cache::{Skipped, read_private, write_private};

/// The first bytes of the file.
const MAGIC: &[u8; 16] = b"alga-fncache v1\n";
/// The file holds at most this much code (the functions used last always stay).
const MAX_BYTES: usize = 512 << 20;

/// The folder of the function cache inside the user's cache folder of alga.
pub fn functions_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("functions")
}

/// How a compilation used the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Functions looked up.
    pub lookups: u64,
    /// Functions compiled (not found, or found unreadable).
    pub compiled: u64,
}

/// The cache file as read: its bytes, and where each value lies in them.
#[derive(Default)]
struct Stored {
    bytes: Vec<u8>,
    index: HashMap<Box<[u8]>, (usize, usize)>,
}

/// Wasmtime's [`wasmtime::CacheStore`] on one file in the user's cache folder.
pub struct FunctionCache {
    dir: PathBuf,
    /// What the file holds: read on the first lookup (a component found in the compile cache
    /// never needs it), and replaced by what is written.
    stored: Mutex<Option<Arc<Stored>>>,
    /// Why the file was not read, for a `-v` note.
    note: Mutex<Option<String>>,
    /// Functions compiled since the file was last written.
    fresh: Mutex<HashMap<Box<[u8]>, Vec<u8>>>,
    /// Keys found or compiled since the file was last written.
    used: Mutex<HashSet<Box<[u8]>>>,
    /// Whether functions were compiled since the file was last written.
    unsaved: std::sync::atomic::AtomicBool,
    /// Held while the file is written: one write at a time, each from the last one's result.
    writing: Mutex<()>,
    lookups: AtomicU64,
    compiled: AtomicU64,
}

impl std::fmt::Debug for FunctionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FunctionCache")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl FunctionCache {
    pub fn new(dir: PathBuf) -> FunctionCache {
        FunctionCache {
            dir,
            stored: Mutex::new(None),
            note: Mutex::new(None),
            fresh: Mutex::default(),
            used: Mutex::default(),
            unsaved: Default::default(),
            writing: Mutex::new(()),
            lookups: AtomicU64::new(0),
            compiled: AtomicU64::new(0),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.bin", super::cache::WASMTIME))
    }

    /// Lookups and compilations so far.
    pub fn counts(&self) -> Counts {
        Counts {
            lookups: self.lookups.load(Ordering::Relaxed),
            compiled: self.compiled.load(Ordering::Relaxed),
        }
    }

    /// Why the file was not read, once.
    pub fn take_note(&self) -> Option<String> {
        lock(&self.note).take()
    }

    fn stored(&self) -> Arc<Stored> {
        lock(&self.stored)
            .get_or_insert_with(|| {
                let path = self.path();
                let read = read_private(&self.dir, &path).and_then(|bytes| match bytes {
                    None => Ok(Stored::default()),
                    Some(bytes) => parse(bytes).ok_or_else(|| {
                        Skipped(format!(
                            "function cache: `{}` is damaged; compiling every function",
                            path.display()
                        ))
                    }),
                });
                Arc::new(read.unwrap_or_else(|skipped| {
                    *lock(&self.note) = Some(skipped.0);
                    Stored::default()
                }))
            })
            .clone()
    }

    /// Writes the functions used since the last write (and others, up to [`MAX_BYTES`]) when
    /// some were compiled; what was written is then what this process looks up. Best effort: a
    /// cache that cannot be written only costs compilations.
    pub fn persist(&self) -> Result<(), Skipped> {
        let _writing = lock(&self.writing);
        if !self.unsaved.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        let used = std::mem::take(&mut *lock(&self.used));
        // A copy: what is compiled meanwhile stays, and so does this until it is stored.
        let fresh = lock(&self.fresh).clone();
        let stored = self.stored();
        let value = |k: &[u8]| -> Option<&[u8]> {
            fresh
                .get(k)
                .map(Vec::as_slice)
                .or_else(|| stored.index.get(k).map(|&(a, b)| &stored.bytes[a..b]))
        };
        // Those used since the last write first, then the rest while there is room.
        let mut keys: Vec<&[u8]> = used.iter().map(|k| &k[..]).collect();
        let must = keys.len();
        let mut rest: Vec<&[u8]> = fresh
            .keys()
            .chain(stored.index.keys())
            .map(|k| &k[..])
            .collect();
        rest.sort_unstable();
        rest.dedup();
        keys.extend(rest.into_iter().filter(|k| !used.contains(*k)));
        let mut out = Vec::with_capacity(MAGIC.len() + 64);
        out.extend_from_slice(MAGIC);
        let mut index = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            let Some(v) = value(k) else { continue };
            if i >= must && out.len() + v.len() > MAX_BYTES {
                break;
            }
            for part in [*k, v] {
                out.extend_from_slice(&(part.len() as u32).to_le_bytes());
                out.extend_from_slice(part);
            }
            index.insert(Box::from(*k), (out.len() - v.len(), out.len()));
        }
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        let written = write_private(&self.dir, &self.path(), &out);
        if written.is_ok() {
            // What writes that alga was stopped during left (the file itself is bounded above).
            super::cache::prune(&self.dir, u64::MAX, None);
        }
        *lock(&self.stored) = Some(Arc::new(Stored { bytes: out, index }));
        lock(&self.fresh).retain(|k, _| !fresh.contains_key(k));
        written
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Reads the entries of a cache file; `None` when it is not one or is damaged.
fn parse(bytes: Vec<u8>) -> Option<Stored> {
    let body_end = bytes.len().checked_sub(32)?;
    if body_end < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    if Sha256::digest(&bytes[..body_end]).as_slice() != &bytes[body_end..] {
        return None;
    }
    let mut index = HashMap::new();
    let mut at = MAGIC.len();
    let part = |at: &mut usize| -> Option<(usize, usize)> {
        let len = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?) as usize;
        let start = *at + 4;
        let end = start.checked_add(len).filter(|&e| e <= body_end)?;
        *at = end;
        Some((start, end))
    };
    while at < body_end {
        let (ka, kb) = part(&mut at)?;
        let value = part(&mut at)?;
        index.insert(bytes[ka..kb].into(), value);
    }
    Some(Stored { bytes, index })
}

impl wasmtime::CacheStore for FunctionCache {
    fn get(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let stored = self.stored();
        let found = match stored.index.get(key) {
            Some(&(a, b)) => Some(Cow::Owned(stored.bytes[a..b].to_vec())),
            None => lock(&self.fresh).get(key).cloned().map(Cow::Owned),
        };
        if found.is_some() {
            lock(&self.used).insert(key.into());
        }
        found
    }

    fn insert(&self, key: &[u8], value: Vec<u8>) -> bool {
        self.compiled.fetch_add(1, Ordering::Relaxed);
        lock(&self.used).insert(key.into());
        lock(&self.fresh).insert(key.into(), value);
        self.unsaved.store(true, Ordering::Relaxed);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::CacheStore;

    #[test]
    fn functions_survive_a_round_trip_and_damage_is_ignored() {
        let home = tempfile::tempdir().unwrap();
        let dir = functions_dir(&home.path().join("alga"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let cache = FunctionCache::new(dir.clone());
        assert_eq!(cache.get(b"k1"), None);
        assert!(cache.insert(b"k1", b"code one".to_vec()));
        assert!(cache.insert(b"k2", vec![7; 1000]));
        assert_eq!(cache.get(b"k1").as_deref(), Some(&b"code one"[..]));
        cache.persist().unwrap();
        assert_eq!(
            cache.counts(),
            Counts {
                lookups: 2,
                compiled: 2
            }
        );
        // What was written is what this process looks up next.
        assert_eq!(cache.get(b"k1").as_deref(), Some(&b"code one"[..]));

        let again = FunctionCache::new(dir.clone());
        assert_eq!(again.get(b"k2").as_deref(), Some(&[7u8; 1000][..]));
        assert_eq!(again.get(b"k3"), None);
        assert_eq!(
            again.counts(),
            Counts {
                lookups: 2,
                compiled: 0
            }
        );
        assert!(again.take_note().is_none());

        // A flipped byte: the file is not read, and the note says why.
        let path = dir.join(format!("{}.bin", super::super::cache::WASMTIME));
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[MAGIC.len() + 6] ^= 1;
        crate::fsutil::write_atomic_mode(&path, &bytes, 0o600).unwrap();
        let damaged = FunctionCache::new(dir);
        assert_eq!(damaged.get(b"k1"), None);
        assert!(damaged.take_note().unwrap().contains("damaged"));
    }

    #[test]
    fn cut_or_foreign_files_are_not_read() {
        let body = [
            &MAGIC[..],
            &3u32.to_le_bytes(),
            b"abc",
            &9u32.to_le_bytes(),
            b"x",
        ]
        .concat();
        let with_digest = |b: &[u8]| [b, Sha256::digest(b).as_slice()].concat();
        // A value longer than the file.
        assert!(parse(with_digest(&body)).is_none());
        assert!(parse(with_digest(b"not a cache file")).is_none());
        assert!(parse(Vec::new()).is_none());
        let good = [
            &MAGIC[..],
            &1u32.to_le_bytes(),
            b"k",
            &1u32.to_le_bytes(),
            b"v",
        ]
        .concat();
        let stored = parse(with_digest(&good)).unwrap();
        assert_eq!(stored.index.len(), 1);
    }
}
