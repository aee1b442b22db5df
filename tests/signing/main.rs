//! cosign-compatible signing: keys, SIGNATURE, sidecars, verification with its ordered checks,
//! and interoperability with openssl in both directions.

#[path = "../common/mod.rs"]
mod common;
mod cosign;
mod forge;
mod pgp;
mod x509;
mod x509_time;

use std::path::Path;

use base64::Engine as _;
use common::{alga, openssl_p256, packed_ui_project as packed, run_ok, ui_project};
use predicates::prelude::*;
// The helpers of each file, for the others.
#[allow(unused_imports)]
use {pgp::*, x509::*};

fn keys(home: &Path, dir: &str) {
    alga(home)
        .env("COSIGN_PASSWORD", "correct horse")
        .args(["keys", "generate", "--algorithm", "cosign", "--out", dir])
        .assert()
        .success();
}

/// A temp home with new cosign keys in `k/` (password "correct horse").
fn cosign_keys() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("k")).unwrap();
    keys(home.path(), "k");
    home
}

/// [`cosign_keys`] and the test bundle packed, then `alga sign` of it with `args`.
fn cosign_signed(args: &[&str]) -> tempfile::TempDir {
    let home = cosign_keys();
    let h = home.path();
    packed(h);
    alga(h)
        .env("COSIGN_PASSWORD", "correct horse")
        .args(["sign", "p/dist/bundle.tar.zst"])
        .args(args)
        .assert()
        .success();
    home
}

/// The test bundle signed with `k/cosign.key` and `--export`: SIGNATURE, `.sig`, sigstore bundle.
fn exported() -> tempfile::TempDir {
    cosign_signed(&["--alg", "cosign", "--key", "k/cosign.key", "--export"])
}

/// The test bundle with a SIGNATURE made with `k/cosign.key` (no sidecars).
fn signed_without_sidecars() -> tempfile::TempDir {
    cosign_signed(&["--algorithm", "cosign", "--key", "k/cosign.key"])
}

/// A JSON file, parsed.
fn json_file(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}
