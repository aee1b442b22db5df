//! The compile cache: components compiled to native code, kept in the user's cache folder
//! (`$XDG_CACHE_HOME/alga/components`, as wasmtime keeps its own) and never in a project, where a
//! cloned repository could ship one.
//!
//! A file is named after its key (the SHA-256 of the component bytes, the wasmtime version and
//! the engine's settings) and records that key in a header. Loading it checks the folder and the
//! file (owned by this user, writable by nobody else) and the recorded key before wasmtime sees a
//! byte of it; a file that fails any check is ignored and compiled again.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// The first bytes of a cache file.
const MAGIC: &[u8; 16] = b"alga-cwasm v1\n\0\0";
/// The wasmtime this binary embeds (part of the key, with the engine's settings).
pub(crate) const WASMTIME: &str = "wasmtime-48.0.8";
/// Bigger files are not read.
const MAX_FILE: u64 = 1 << 30;
/// What follows a cache file's key (64 hex digits) in its name.
const SUFFIX: &str = ".cwasm";
/// The most the compiled components may take on disk (a JavaScript handler's is about 37 MB,
/// and each handler edit makes one); the least recently used go first.
const MAX_COMPONENTS_BYTES: u64 = 2 << 30;
/// A temporary file this old was left by a write that never finished (alga was stopped).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// The user's cache folder of alga: `$XDG_CACHE_HOME/alga`, else the platform's cache folder.
pub fn user_cache_dir() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = absolute("XDG_CACHE_HOME").or_else(|| {
        if cfg!(windows) {
            absolute("LOCALAPPDATA")
        } else if cfg!(target_os = "macos") {
            absolute("HOME").map(|h| h.join("Library").join("Caches"))
        } else {
            absolute("HOME").map(|h| h.join(".cache"))
        }
    })?;
    Some(base.join("alga"))
}

/// The folder of compiled components inside `cache_dir`.
pub fn components_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("components")
}

/// What a compiled component is stored under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of the component whose bytes have SHA-256 `component`, compiled by `engine`.
    pub fn new(component: &[u8; 32], engine: &Engine) -> Key {
        let mut h = Sha256::new();
        h.update(MAGIC);
        h.update(component);
        h.update(WASMTIME.as_bytes());
        std::hash::Hash::hash(
            &engine.precompile_compatibility_hash(),
            &mut HashWriter(&mut h),
        );
        Key(h.finalize().into())
    }
}

/// Feeds `std::hash::Hash` output into a SHA-256.
struct HashWriter<'a>(&'a mut Sha256);

impl std::hash::Hasher for HashWriter<'_> {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// A folder of compiled components.
#[derive(Debug, Clone)]
pub struct CompileCache {
    dir: PathBuf,
}

/// Why a cache file was not used (for a `-v` note).
#[derive(Debug)]
pub struct Skipped(pub String);

impl CompileCache {
    pub fn new(dir: PathBuf) -> CompileCache {
        CompileCache { dir }
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{}{SUFFIX}", hex::encode(key.0)))
    }

    /// The component stored under `key`: `Ok(None)` when there is none, `Err` when there is a
    /// file that fails a check (it is then compiled again and replaced).
    pub fn load(&self, engine: &Engine, key: &Key) -> Result<Option<Component>, Skipped> {
        let path = self.path(key);
        let Some(bytes) = read_private(&self.dir, &path)? else {
            return Ok(None);
        };
        let header = MAGIC.len() + 32;
        if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
            return Err(skipped(&path, "is not an alga cache file"));
        }
        if bytes[MAGIC.len()..header] != key.0 {
            return Err(skipped(
                &path,
                "was compiled from another component or by another engine",
            ));
        }
        // SAFETY: the bytes are what `Component::serialize` of an engine with these settings
        // wrote for this component (the recorded key says so), in a file only this user can
        // write; wasmtime checks the engine compatibility again.
        let component = unsafe { Component::deserialize(engine, &bytes[header..]) }
            .map_err(|e| skipped(&path, &format!("does not load ({e})")))?;
        // Used now: the last to go when the folder is pruned. Best effort.
        if let Ok(file) = open_no_follow(&path) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Ok(Some(component))
    }

    /// Stores a compiled component under `key` (owner-only, written atomically). Best effort:
    /// a cache that cannot be written only costs a compilation next time.
    pub fn store(&self, key: &Key, component: &Component) -> Result<(), Skipped> {
        let serialized = component
            .serialize()
            .map_err(|e| Skipped(format!("the compiled component cannot be saved: {e}")))?;
        let mut bytes = Vec::with_capacity(MAGIC.len() + 32 + serialized.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&key.0);
        bytes.extend_from_slice(&serialized);
        let path = self.path(key);
        write_private(&self.dir, &path, &bytes)?;
        prune(&self.dir, MAX_COMPONENTS_BYTES, Some(&path));
        Ok(())
    }
}

/// Keeps the cache folder `dir` under `max_bytes`: removes what interrupted writes left, then
/// the least recently used compiled components (by modification time, which loading sets) until
/// the rest fits, never `keep`. Only in a folder that passes the cache's checks, and only files
/// of the cache's own names. Best effort: what cannot be removed stays.
pub(crate) fn prune(dir: &Path, max_bytes: u64, keep: Option<&Path>) {
    if private_folders(dir).is_err() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut files = Vec::new();
    for entry in entries.flatten() {
        // Not followed: a link is nobody's file here, and removing it removes only the link.
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            continue;
        }
        let modified = meta.modified().unwrap_or(now);
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if crate::fsutil::is_write_temp(&name) {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age > STALE_TEMP)
            {
                let _ = std::fs::remove_file(entry.path());
            }
        } else if name
            .strip_suffix(SUFFIX)
            .is_some_and(|key| key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            files.push((modified, meta.len(), entry.path()));
        }
    }
    let mut total: u64 = files.iter().map(|(_, len, _)| len).sum();
    files.sort();
    for (_, len, path) in files {
        if total <= max_bytes {
            break;
        }
        if Some(path.as_path()) == keep {
            continue;
        }
        // Gone already counts as removed (another alga pruning at the same time).
        match std::fs::remove_file(&path) {
            Ok(()) => total -= len,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => total -= len,
            Err(_) => {}
        }
    }
}

/// The bytes of `path` in the cache folder `dir`: `Ok(None)` when there is no such file, `Err`
/// when the folders or the file fail a check (only this user may change them) or it cannot be
/// read.
pub(crate) fn read_private(dir: &Path, path: &Path) -> Result<Option<Vec<u8>>, Skipped> {
    let mut file = match open_no_follow(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(skipped(path, &format!("cannot be opened ({e})"))),
    };
    // The folders first: only their owner may change what they hold.
    private_folders(dir)?;
    // Then the file that was opened (not whatever the path names by now).
    let meta = file
        .metadata()
        .map_err(|e| skipped(path, &format!("cannot be read ({e})")))?;
    if !meta.is_file() {
        return Err(skipped(path, "is not a regular file"));
    }
    if meta.len() > MAX_FILE {
        return Err(skipped(path, "is too large"));
    }
    private_meta(&meta).map_err(|why| skipped(path, &why))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(MAX_FILE)
        .read_to_end(&mut bytes)
        .map_err(|e| skipped(path, &format!("cannot be read ({e})")))?;
    Ok(Some(bytes))
}

/// Writes `bytes` to `path` in the cache folder `dir` (created owner-only), atomically and
/// readable by this user only.
pub(crate) fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), Skipped> {
    create_private_dir(dir).map_err(|e| skipped(dir, &e.to_string()))?;
    crate::fsutil::write_atomic_mode(path, bytes, 0o600)
        .map_err(|e| skipped(path, &format!("cannot be written ({e})")))
}

fn skipped(path: &Path, why: &str) -> Skipped {
    Skipped(format!(
        "compile cache: `{}` {why}; compiling instead",
        path.display()
    ))
}

/// Creates `dir` and its parents; the folders this creates are owner-only, and `dir` and its
/// parent (`alga`) are made so when this user owns them.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    for folder in [Some(dir), dir.parent()].into_iter().flatten() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = std::fs::symlink_metadata(folder)?;
        if meta.is_dir() && meta.uid() == my_uid() && meta.mode() & 0o077 != 0 {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Opens a file, refusing a symbolic link in its place.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Checks the cache's folder and its parent (`alga`): real folders of this user that nobody
/// else may use; and the folder above (`$XDG_CACHE_HOME`): this user's or root's, and
/// writable by others only with the sticky bit (as /tmp), so that nobody can swap ours.
fn private_folders(dir: &Path) -> Result<(), Skipped> {
    let mut folders = dir.ancestors();
    for folder in folders.by_ref().take(2) {
        let meta = std::fs::symlink_metadata(folder)
            .map_err(|e| skipped(folder, &format!("cannot be read ({e})")))?;
        if !meta.is_dir() {
            return Err(skipped(folder, "is not a folder (a symbolic link?)"));
        }
        private_meta(&meta).map_err(|why| skipped(folder, &why))?;
    }
    #[cfg(unix)]
    if let Some(base) = folders.next() {
        use std::os::unix::fs::MetadataExt;
        let meta =
            std::fs::metadata(base).map_err(|e| skipped(base, &format!("cannot be read ({e})")))?;
        let owner_ok = meta.uid() == my_uid() || meta.uid() == 0;
        let sticky = meta.mode() & 0o1000 != 0;
        if !owner_ok || (meta.mode() & 0o022 != 0 && !sticky) {
            return Err(skipped(
                base,
                "may be changed by other users, who could swap the cache for theirs",
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn my_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(unix)]
fn private_meta(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let me = my_uid();
    if meta.uid() != me {
        return Err(format!("belongs to user {}, not to this one", meta.uid()));
    }
    if meta.mode() & 0o077 != 0 {
        return Err(format!(
            "may be used by other users (mode {:04o}; the cache keeps 0700 folders and 0600 files)",
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_meta(_: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// What `alga cache clean` removed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Cleaned {
    pub files: u64,
    pub bytes: u64,
}

/// Removes every compiled component and compiled function in `cache_dir`.
pub fn clean(cache_dir: &Path) -> std::io::Result<Cleaned> {
    let mut cleaned = Cleaned::default();
    for dir in [
        components_dir(cache_dir),
        super::incremental::functions_dir(cache_dir),
    ] {
        clean_dir(&dir, &mut cleaned)?;
    }
    Ok(cleaned)
}

fn clean_dir(dir: &Path, cleaned: &mut Cleaned) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let meta = entry.metadata()?;
        if !meta.is_dir() {
            std::fs::remove_file(entry.path())?;
            cleaned.files += 1;
            cleaned.bytes += meta.len();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_removes_the_least_recently_used_and_what_interrupted_writes_left() {
        let home = tempfile::tempdir().unwrap();
        let cache = home.path().join("alga/components");
        create_private_dir(&cache).unwrap();
        let hours_ago =
            |h: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(h * 3600 + 60);
        let file = |name: &str, len: usize, modified: std::time::SystemTime| {
            let path = cache.join(name);
            std::fs::write(&path, vec![0u8; len]).unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(modified).unwrap();
            path
        };
        let key = |c: char| format!("{}.cwasm", c.to_string().repeat(64));
        file(&key('a'), 100, hours_ago(5));
        file(&key('b'), 100, hours_ago(1));
        let newest = file(&key('c'), 100, hours_ago(3));
        file(".alga-stale.tmp", 10, hours_ago(2));
        file(".alga-writing.tmp", 10, std::time::SystemTime::now());
        file("notes.txt", 1000, hours_ago(9));
        std::fs::create_dir(cache.join("sub")).unwrap();

        prune(&cache, 1000, None);
        assert_eq!(
            names(&cache),
            ["-writing.tmp", "aa", "bb", "cc", "notes.txt", "sub"]
        );
        // Over the limit: the least recently used components go first, never the one just
        // written, and nothing else.
        prune(&cache, 150, Some(&newest));
        assert_eq!(names(&cache), ["-writing.tmp", "cc", "notes.txt", "sub"]);
        prune(&cache, 0, None);
        assert_eq!(names(&cache), ["-writing.tmp", "notes.txt", "sub"]);

        // A folder that fails the cache's checks is not touched.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file(&key('d'), 100, hours_ago(4));
            let open = std::fs::Permissions::from_mode(0o777);
            std::fs::set_permissions(&cache, open).unwrap();
            prune(&cache, 0, None);
            assert_eq!(names(&cache), ["-writing.tmp", "dd", "notes.txt", "sub"]);
        }
    }

    /// The names in `dir`, sorted: temporary files without `.alga`, keys cut to two characters.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                match (name.strip_prefix(".alga"), name.strip_suffix(".cwasm")) {
                    (Some(temp), _) => temp.to_string(),
                    (_, Some(key)) => key[..2].to_string(),
                    _ => name,
                }
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_key_names_the_wasmtime_this_binary_embeds() {
        let lock = include_str!("../../Cargo.lock");
        let version = lock
            .split("name = \"wasmtime\"\nversion = \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("wasmtime in Cargo.lock");
        assert_eq!(WASMTIME, format!("wasmtime-{version}"));
    }
}
