//! `alga extension publish|install|uninstall` end to end against `alga dev --registry` over
//! loopback, the registry's own checks, and the client's error paths against a scripted server.

mod client;
#[path = "../common/mod.rs"]
mod common;
mod registry;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::http::{Dev, http, start};
use common::{RawEntry, alga, raw_tar, ui_project, zstd};
use predicates::prelude::*;
use serde_json::{Value, json};
use sha2::Digest;
// The helpers of each file, for the others.
#[allow(unused_imports)]
use {client::*, registry::*};

const KEY: &str = "s3cret-key-value";

fn health(dev: &Dev) -> Value {
    http(&dev.addr, "GET", "/healthz", &[], b"").json()
}

/// A UI-only project `name` with `version` and a marker in its page.
fn project(home: &Path, name: &str, version: &str) {
    let dir = ui_project(home, name);
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        manifest.replace("\"0.1.0\"", &format!("\"{version}\"")),
    )
    .unwrap();
    std::fs::write(
        dir.join("ui/index.html"),
        format!("<!doctype html><title>{name} {version}</title>"),
    )
    .unwrap();
}

/// `alga extension publish` against the dev registry; `--json` in `extra` for the result.
fn publish(home: &Path, dev: &Dev, target: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    alga(home)
        .args(["extension", "publish", target])
        .args([
            "--api-key",
            KEY,
            "--base-url",
            &format!("http://{}", dev.addr),
        ])
        .args(extra)
        .assert()
}

fn json_of(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&a.get_output().stdout).unwrap()
}

/// A temp home with projects `p` (0.1.0, served by the dev registry) and `q` (2.0.0).
fn registry_and_q() -> (tempfile::TempDir, Dev) {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    project(h, "p", "0.1.0");
    project(h, "q", "2.0.0");
    let dev = start(h, &["--project", "p", "--registry", "--api-key", KEY]);
    (home, dev)
}

/// Publishes the folder `q` (packed, installed); returns its registry id.
fn publish_q(h: &Path, dev: &Dev) -> String {
    let v = json_of(&publish(h, dev, "q", &["--json"]).success());
    v["registryId"].as_str().unwrap().to_string()
}

#[test]
fn a_published_folder_is_packed_stored_installed_and_served() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    assert_eq!(health(&dev)["version"], "0.1.0");
    let out = publish(h, &dev, "q", &["--json"]).success();
    let v = json_of(&out);
    let registry_id = v["registryId"].as_str().unwrap().to_string();
    let sidecar = std::fs::read_to_string(h.join("q/dist/bundle.sha256")).unwrap();
    assert_eq!(v["contentHash"], format!("sha256:{}", sidecar.trim()));
    assert_eq!(v["version"], "2.0.0");
    assert_eq!(v["installed"], true);
    assert!(v["installId"].as_str().unwrap().len() == 36);
    assert_eq!(v["signed"], false);
    // Stored content-addressed, byte for byte.
    let stored = h.join(format!(
        "p/.alga/registry/sha256/{}/bundle.tar.zst",
        sidecar.trim()
    ));
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        std::fs::read(h.join("q/dist/bundle.tar.zst")).unwrap()
    );
    let hz = health(&dev);
    assert_eq!(hz["version"], "2.0.0");
    assert_eq!(hz["installed"]["registryId"], registry_id.as_str());
    // The installed UI is what the dev host serves now.
    let ui_hash = hz["uiHash"].as_str().unwrap().to_string();
    let page = http(
        &dev.ui_addr(),
        "GET",
        &format!("/ext-ui/x/{ui_hash}/index.html"),
        &[],
        b"",
    );
    assert!(page.text().contains("q 2.0.0"), "{}", page.text());
}

#[test]
fn publishing_the_same_version_again_is_a_409_saying_what_to_do() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    publish_q(h, &dev);
    publish(h, &dev, "q/dist/bundle.tar.zst", &[])
        .code(4)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("bump `version`"));
}

#[test]
fn uninstall_serves_the_project_again_and_install_takes_an_id_and_a_known_version() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    let registry_id = publish_q(h, &dev);
    alga(h)
        .args(["extension", "uninstall", &registry_id, "--api-key", KEY])
        .args(["--base-url", &format!("http://{}", dev.addr)])
        .assert()
        .success();
    let hz = health(&dev);
    assert_eq!(hz["version"], "0.1.0");
    assert!(hz["installed"].is_null());

    // By id and version (`-v` after install, as the reference CLI spells it).
    alga(h)
        .args([
            "extension",
            "install",
            &registry_id,
            "-v",
            "2.0.0",
            "--api-key",
            KEY,
        ])
        .args(["--url", &format!("http://{}", dev.addr), "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"installId\""));
    assert_eq!(health(&dev)["version"], "2.0.0");
    alga(h)
        .args(["extension", "install", &registry_id, "--version", "9.9.9"])
        .args([
            "--api-key",
            KEY,
            "--base-url",
            &format!("http://{}", dev.addr),
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not found"))
        .stderr(predicate::str::contains("registry id and version"));
}

#[test]
fn wildcard_versions_take_the_next_patch_and_no_install_registers_only() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    let manifest = std::fs::read_to_string(h.join("q/manifest.json")).unwrap();
    std::fs::write(
        h.join("q/manifest.json"),
        manifest.replace("\"2.0.0\"", "\"3.1.*\""),
    )
    .unwrap();
    for expected in ["3.1.0", "3.1.1"] {
        // Change a byte so that each publish is a new bundle.
        std::fs::write(h.join("q/ui/main.js"), format!("// {expected}\n")).unwrap();
        let v = json_of(&publish(h, &dev, "q", &["--json"]).success());
        assert_eq!(v["version"], expected);
        assert_eq!(health(&dev)["version"], "3.1.*");
        assert_eq!(health(&dev)["installed"]["version"], expected);
    }

    // --no-install registers only.
    std::fs::write(h.join("q/ui/main.js"), "// no install\n").unwrap();
    let v = json_of(&publish(h, &dev, "q", &["--no-install", "--json"]).success());
    assert_eq!(v["installed"], false);
    assert!(v["installId"].is_null());
    assert_eq!(health(&dev)["installed"]["version"], "3.1.1");
}

#[test]
fn a_wrong_key_or_none_is_refused_and_never_echoed() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    // A wrong key: refused, and in no output, not even with -v.
    let bad = alga(h)
        .args([
            "-v",
            "extension",
            "publish",
            "q",
            "--api-key",
            "wrong-key-123",
        ])
        .args(["--base-url", &format!("http://{}", dev.addr)])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("Invalid API key"))
        .stderr(predicate::str::contains("--api-key"));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&bad.get_output().stdout),
        String::from_utf8_lossy(&bad.get_output().stderr)
    );
    assert!(!all.contains("wrong-key-123"), "{all}");
    // No key at all: refused before anything is sent.
    alga(h)
        .args(["extension", "publish", "q"])
        .args(["--base-url", &format!("http://{}", dev.addr)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no API key given"));
}

#[test]
fn the_api_key_from_the_environment_works_and_is_not_echoed() {
    let (home, dev) = registry_and_q();
    let h = home.path();
    let registry_id = publish_q(h, &dev);
    let ok = alga(h)
        .env("ALGA_API_KEY", KEY)
        .args(["-vv", "extension", "uninstall", &registry_id])
        .args(["--base-url", &format!("http://{}", dev.addr)])
        .assert()
        .success();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&ok.get_output().stdout),
        String::from_utf8_lossy(&ok.get_output().stderr)
    );
    assert!(!all.contains(KEY), "{all}");
}
