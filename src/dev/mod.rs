//! The local Alga host: the runner environment, the HTTP server with its host page, and the
//! watch-and-rebuild loop.

pub mod env;
pub mod guard;
pub mod idempotency;
pub mod registry;
pub mod server;
pub mod static_ui;
pub mod watch;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::UserError;

/// Checks a bundle (hash against its sidecar when present) and unpacks it under
/// `.alga/bundles/<hash>`; returns that folder.
pub fn unpack_bundle(bundle: &Path, state_dir: &Path) -> anyhow::Result<PathBuf> {
    let info = crate::bundle::read_bundle(bundle, &crate::bundle::Limits::default(), |_| true)
        .with_context(|| format!("cannot read bundle `{}`", bundle.display()))?;
    let sidecar = crate::bundle::sidecar_path(bundle);
    if let Ok(text) = std::fs::read_to_string(&sidecar) {
        let want = text.trim().trim_start_matches("sha256:");
        let got = info.content_hash.trim_start_matches("sha256:");
        if want != got {
            return Err(UserError::with_hint(
                format!(
                    "`{}` has hash sha256:{got}, but `{}` says sha256:{want}",
                    bundle.display(),
                    sidecar.display()
                ),
                "the bundle changed after it was packed; pack it again",
            )
            .into());
        }
    }
    let hex = info.content_hash.trim_start_matches("sha256:");
    let root = state_dir.join("bundles").join(&hex[..16]);
    for (path, bytes) in &info.kept {
        crate::fsutil::write_atomic(&root.join(path), bytes)?;
    }
    Ok(root)
}
