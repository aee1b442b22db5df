//! The canonical `bundle.tar.zst`: packing, safe reading and digests.

mod error;
mod hashing;
mod names;
mod pack;
mod read;
mod tarfmt;

pub use error::{PackError, ReadError};
pub use hashing::{FileHasher, read_hashed, sha256_file};
pub use names::windows_special;
pub use pack::{PackOptions, pack, sidecar_path};
pub use read::{
    BundleInfo, Digests, Limits, read_bundle, read_bundle_hashing, read_bundle_with, unpack_bundle,
};

/// Compression level of a release bundle.
pub const DEFAULT_LEVEL: i32 = 19;

/// Compression level of `--fast` (local loops).
pub const FAST_LEVEL: i32 = 1;

/// File extensions the Runner serves from `ui/`; other files are refused with 400.
pub const UI_SERVED_EXTENSIONS: [&str; 12] = [
    "html", "js", "css", "json", "map", "svg", "png", "jpg", "jpeg", "webp", "woff", "woff2",
];

/// Formats a digest as `sha256:<hex>`.
pub fn sha256_label(digest: &[u8]) -> String {
    format!("sha256:{}", hex::encode(digest))
}
