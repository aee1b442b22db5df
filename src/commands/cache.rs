//! `alga cache dir|clean`: the compile caches in the user's cache folder.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::UserError;
use crate::output::{Printer, human_bytes};
use crate::runner::cache;

fn cache_dir() -> anyhow::Result<PathBuf> {
    cache::user_cache_dir().ok_or_else(|| {
        UserError::with_hint(
            "there is no cache folder: neither XDG_CACHE_HOME nor HOME is an absolute path",
            "set XDG_CACHE_HOME to a folder for alga's cache",
        )
        .into()
    })
}

#[derive(Serialize)]
struct Dir {
    dir: PathBuf,
}

pub fn dir(printer: &Printer) -> anyhow::Result<()> {
    let dir = cache_dir()?;
    printer.result(&Dir { dir: dir.clone() }, || dir.display().to_string());
    Ok(())
}

#[derive(Serialize)]
struct Cleaned {
    dir: PathBuf,
    files: u64,
    bytes: u64,
}

pub fn clean(printer: &Printer) -> anyhow::Result<()> {
    let dir = cache_dir()?;
    let cleaned = cache::clean(&dir)
        .map_err(|e| anyhow::Error::new(e).context(format!("cannot clean `{}`", dir.display())))?;
    printer.result(
        &Cleaned {
            dir: dir.clone(),
            files: cleaned.files,
            bytes: cleaned.bytes,
        },
        || {
            format!(
                "removed {} cache file(s) (compiled components and functions), {}, from {}",
                cleaned.files,
                human_bytes(cleaned.bytes),
                dir.display()
            )
        },
    );
    Ok(())
}
