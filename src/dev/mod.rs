//! The local Alga host: the runner environment, the HTTP server with its host page, and the
//! watch-and-rebuild loop.

pub mod app;
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
/// `.alga/bundles/<hash>`; returns that folder. The files stream to disk (into a folder of their
/// own, moved into place once the whole bundle checked out), so memory does not grow with the
/// bundle.
pub fn unpack_bundle(bundle: &Path, state_dir: &Path) -> anyhow::Result<PathBuf> {
    let bundles = state_dir.join("bundles");
    std::fs::create_dir_all(&bundles)
        .with_context(|| format!("cannot create `{}`", bundles.display()))?;
    sweep_unfinished(&bundles);
    let staging = tempfile::Builder::new()
        .prefix(".unpacking-")
        .tempdir_in(&bundles)
        .with_context(|| format!("cannot create a folder in `{}`", bundles.display()))?;
    let unpacked = staging.path().join("b");
    let info = crate::bundle::unpack_bundle(bundle, &crate::bundle::Limits::default(), &unpacked)
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
    let root = bundles.join(&hex[..16]);
    // The same bytes were unpacked before: replace them (an older copy may be incomplete).
    if root.exists() {
        std::fs::remove_dir_all(&root)
            .with_context(|| format!("cannot remove the old `{}`", root.display()))?;
    }
    std::fs::rename(&unpacked, &root)
        .with_context(|| format!("cannot move the unpacked bundle to `{}`", root.display()))?;
    Ok(root)
}

/// Removes what unpacking left behind when it was killed (an hour old: another `alga dev` on
/// the same project may be unpacking now).
fn sweep_unfinished(bundles: &Path) {
    let Ok(entries) = std::fs::read_dir(bundles) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if old && e.file_name().to_string_lossy().starts_with(".unpacking-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
