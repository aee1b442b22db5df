//! Why packing or reading a bundle failed, with hints.

use std::path::PathBuf;

use crate::error::Explain;
use crate::manifest::ManifestError;

/// Why `alga pack` refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("the manifest declares `api.endpoints` but there is no handler component in `{}`", project.display())]
    MissingWasm { project: PathBuf },
    #[error("the manifest declares a `ui` but the project has no `ui/` or `dist/ui/` folder")]
    MissingUi,
    #[error("`{}` has no `{}`, the page `ui.entry` names", dir.display(), entry.trim_start_matches("ui/"))]
    MissingUiEntry { dir: PathBuf, entry: String },
    #[error("`{}` is a symbolic link; bundles hold regular files only", path.display())]
    Symlink { path: PathBuf },
    #[error("`{}` is not a regular file ({kind})", path.display())]
    SpecialFile { path: PathBuf, kind: &'static str },
    #[error("`{}` has a name that is not UTF-8", path.display())]
    NonUtf8Path { path: PathBuf },
    #[error("`{first}` and `{second}` differ only in letter case")]
    CaseCollision { first: String, second: String },
    #[error("`{path}` has {why}")]
    WindowsName { path: String, why: &'static str },
    #[error("`{path}` is not matched by any glob in the manifest's `assets`")]
    NotInAssets { path: String, globs: Vec<String> },
    #[error("`{}` already exists", path.display())]
    OutputExists { path: PathBuf },
    #[error("`{}` changed while it was being packed", path.display())]
    Changed { path: PathBuf },
    #[error("the bundle would be {size} bytes, more than the server's limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl PackError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> PackError {
        let context = context.into();
        move |source| PackError::Io { context, source }
    }
}

impl Explain for PackError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            PackError::Manifest(m) => return m.hint(),
            PackError::MissingWasm { .. } => {
                "run `alga build` first (it writes `dist/main.wasm`), or remove `api` for a UI-only extension".into()
            }
            PackError::MissingUi => "create `ui/index.html`, or remove `ui` from manifest.json".into(),
            PackError::MissingUiEntry { .. } => {
                "build the UI first (`alga build`), or set `ui.entry` to the page the UI starts from".into()
            }
            PackError::Symlink { .. } => "replace the link with a copy of the file it points to".into(),
            PackError::SpecialFile { .. } => "remove it from the project".into(),
            PackError::NonUtf8Path { .. } => "rename the file with a UTF-8 name".into(),
            PackError::WindowsName { .. } => {
                "rename it; the bundle is unpacked and served on Windows too, where the name means something else".into()
            }
            PackError::CaseCollision { .. } => {
                "rename one of them; such bundles unpack badly on case-insensitive file systems".into()
            }
            PackError::NotInAssets { globs, .. } => format!(
                "the manifest's `assets` are {}; add a glob that matches the file, or delete it",
                globs.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ")
            ),
            PackError::OutputExists { .. } => "pass `--force` to replace it".into(),
            PackError::Changed { .. } => "something is still writing the project; run pack again when it is done".into(),
            PackError::TooLarge { .. } => "remove large files from `ui/`, or compress them".into(),
            PackError::Io { .. } => return None,
        })
    }

    fn details(&self) -> Vec<String> {
        match self {
            PackError::Manifest(m) => m.details(),
            _ => Vec::new(),
        }
    }

    fn data(&self) -> Option<serde_json::Value> {
        match self {
            PackError::Manifest(m) => m.data(),
            _ => None,
        }
    }
}

/// Why a bundle could not be read safely.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{}`", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("not a zstd stream (the file does not start with the zstd magic number)")]
    NotZstd,
    #[error("the zstd stream is corrupt: {0}")]
    Corrupt(String),
    #[error("the tar archive is corrupt: {0}")]
    Tar(String),
    #[error("the bundle unpacks to more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("`{path}` is {size} bytes, more than the limit of {limit} bytes")]
    FileTooLarge { path: String, size: u64, limit: u64 },
    #[error("the bundle has more than {limit} entries")]
    TooManyEntries { limit: u64 },
    #[error("entry `{path}` escapes the bundle root")]
    PathTraversal { path: String },
    #[error("entry `{path}` has an absolute path")]
    AbsolutePath { path: String },
    #[error("entry `{path}` has an empty or invalid path")]
    BadPath { path: String },
    #[error("entry `{path}` is a {kind} to `{target}`")]
    Link {
        path: String,
        kind: &'static str,
        target: String,
    },
    #[error("entry `{path}` is a {kind}, not a regular file")]
    SpecialFile { path: String, kind: &'static str },
    #[error("entry `{path}` appears more than once")]
    Duplicate { path: String },
    #[error("entries `{first}` and `{second}` differ only in letter case")]
    CaseDuplicate { first: String, second: String },
    #[error("entry `{path}` has {why}")]
    WindowsName { path: String, why: &'static str },
    #[error("entry `{path}` is both a file and the folder of another entry")]
    FileAndFolder { path: String },
    #[error("cannot write `{}` while unpacking", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Explain for ReadError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            ReadError::Open { .. } => return None,
            ReadError::Write { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists || source.kind() == std::io::ErrorKind::NotADirectory => {
                "a file and a folder of the bundle have the same name; `alga pack` never makes such bundles".into()
            }
            ReadError::Write { .. } => "check the free space and permissions of the state folder (`.alga/`)".into(),
            ReadError::NotZstd | ReadError::Corrupt(_) | ReadError::Tar(_) => {
                "make bundles with `alga pack`; the file may be truncated or not a bundle".into()
            }
            ReadError::TooLarge { .. } | ReadError::FileTooLarge { .. } | ReadError::TooManyEntries { .. } => {
                "raise the limit with `--max-size`, `--max-file-size` or `--max-files` only if you trust the bundle".into()
            }
            _ => "this bundle is unsafe to unpack; do not install it. `alga pack` never makes such entries".into(),
        })
    }
}
