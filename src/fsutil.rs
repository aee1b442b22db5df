//! File writes that never leave half a file behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// How the temporary files of [`write_atomic_all`] are named: `.alga-XXXXXX.tmp`.
const TEMP_PREFIX: &str = ".alga-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is that of a temporary file [`write_atomic_all`] writes before its rename
/// (one left behind when alga was stopped during a write).
pub fn is_write_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, 0o644)
}

/// Like [`write_atomic`], with the file's permission bits (Unix) set before the rename.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    write_atomic_all(&[(path, bytes, mode)])
}

/// Writes several files (path, bytes, permission bits) as one step, each through a temporary
/// file in its folder and a rename: every file is written and flushed to disk before any is
/// renamed into place, so a failure leaves all of them as they were.
pub fn write_atomic_all(files: &[(&Path, &[u8], u32)]) -> io::Result<()> {
    let mut temps = Vec::with_capacity(files.len());
    for (path, bytes, mode) in files {
        let dir = parent_dir(path);
        std::fs::create_dir_all(&dir)?;
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)?;
        temp.write_all(bytes)?;
        temps.push((temp, *path, *mode));
    }
    for (temp, _, mode) in &temps {
        temp.as_file().sync_all()?;
        set_mode(temp.path(), *mode)?;
    }
    for (temp, path, _) in temps {
        temp.persist(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// Gives a finished output file the usual `rw-r--r--` permissions.
pub fn set_mode_0644(path: &Path) -> io::Result<()> {
    set_mode(path, 0o644)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/f.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
            1
        );
    }

    #[test]
    fn writes_all_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("sub/b");
        write_atomic(&a, b"old").unwrap();
        write_atomic_all(&[(&a, b"new a", 0o644), (&b, b"new b", 0o600)]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&b).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        // The second file cannot be written (its folder is a file): the first stays as it was.
        let blocked = a.join("c");
        let err = write_atomic_all(&[(&b, b"newer b", 0o644), (&blocked, b"c", 0o644)]);
        assert!(err.is_err());
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b"], "no temporary file is left behind");
    }
}
