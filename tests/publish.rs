//! `alga extension publish|install|uninstall` end to end against `alga dev --registry` over
//! loopback, the registry's own checks, and the client's error paths against a scripted server.

mod common;

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

fn upload(dev: &Dev, query: &str, headers: &[(&str, &str)], body: &[u8]) -> common::http::Reply {
    http(
        &dev.addr,
        "POST",
        &format!("/api/ext-bundles/upload-proxy?{query}"),
        headers,
        body,
    )
}

const ADMIN: [(&str, &str); 2] = [("x-api-key", KEY), ("x-alga-admin", "true")];

fn staged(dev: &Dev, bytes: &[u8]) -> String {
    let hex = hex::encode(sha2::Sha256::digest(bytes));
    let r = upload(
        dev,
        &format!(
            "filename=bundle.tar.zst&size={}&declaredHash={hex}",
            bytes.len()
        ),
        &ADMIN,
        bytes,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["upload"]["key"].as_str().unwrap().to_string()
}

fn finalize(dev: &Dev, body: Value) -> common::http::Reply {
    http(
        &dev.addr,
        "POST",
        "/api/ext-bundles/finalize",
        &[ADMIN[0], ADMIN[1], ("content-type", "application/json")],
        body.to_string().as_bytes(),
    )
}

fn staging_is_empty(h: &Path) -> bool {
    std::fs::read_dir(h.join("p/.alga/registry/sha256/_staging"))
        .unwrap()
        .next()
        .is_none()
}

/// A temp home whose project `p` the dev registry serves, packed: (home, server, bundle bytes).
fn registry_and_bundle() -> (tempfile::TempDir, Dev, Vec<u8>) {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    project(h, "p", "0.1.0");
    let dev = start(h, &["--project", "p", "--registry", "--api-key", KEY]);
    alga(h)
        .args(["pack", "-q", "--project", "p", "--fast"])
        .assert()
        .success();
    let good = std::fs::read(h.join("p/dist/bundle.tar.zst")).unwrap();
    (home, dev, good)
}

/// Whether the registry holds nothing but its staging folder.
fn nothing_registered(h: &Path) -> bool {
    std::fs::read_dir(h.join("p/.alga/registry/sha256"))
        .unwrap()
        .all(|e| e.unwrap().file_name() == "_staging")
}

/// A finalize body for the staged `key` that agrees with the bundle `good` of `p` in every field.
fn complete(h: &Path, key: &str, good: &[u8]) -> Value {
    json!({"key": key, "size": good.len(), "declaredHash": hex::encode(sha2::Sha256::digest(good)),
           "manifestJson": std::fs::read_to_string(h.join("p/manifest.json")).unwrap()})
}

#[test]
fn upload_needs_the_api_key_and_the_admin_header() {
    let (_home, dev, good) = registry_and_bundle();
    let q = format!("filename=bundle.tar.zst&size={}", good.len());
    // The middleware's 401, the admin header's 403 with its reason header.
    let r = upload(&dev, &q, &[("x-alga-admin", "true")], &good);
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), json!({"error": "Unauthorized: API key missing"}));
    let r = upload(&dev, &q, &[("x-api-key", KEY)], &good);
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["code"], "RBAC_FORBIDDEN");
    assert_eq!(
        r.header("x-upload-proxy-why"),
        Some("rbac_forbidden_missing_admin_header")
    );
    assert!(r.header("x-request-id").is_some());
}

#[test]
fn upload_checks_its_query_and_body_and_stages_nothing_refused() {
    let (home, dev, good) = registry_and_bundle();
    for (query, why) in [
        ("size=10", "filename_required"),
        ("filename=b", "size_required"),
        ("filename=b&size=-3", "size_invalid"),
        ("filename=b&size=209715201", "size_exceeds_cap"),
        (
            "filename=b&size=10&declaredHash=ABC",
            "declared_hash_invalid",
        ),
    ] {
        let r = upload(&dev, query, &ADMIN, b"0123456789");
        assert_eq!(r.status, 400, "{query}");
        assert_eq!(r.header("x-upload-proxy-why"), Some(why), "{query}");
    }
    // The body must be exactly `size` bytes (the server trusts content-length; ours counts).
    let r = upload(
        &dev,
        &format!("filename=b&size={}", good.len() + 5),
        &[ADMIN[0], ADMIN[1]],
        &good,
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.header("x-upload-proxy-why"),
        Some("content_length_mismatch")
    );
    assert!(staging_is_empty(home.path()));
}

#[test]
fn finalize_refuses_an_unknown_key_and_each_mismatch_and_keeps_the_upload() {
    let (home, dev, good) = registry_and_bundle();
    let h = home.path();
    let r = finalize(
        &dev,
        json!({"key": "sha256/_staging/00000000-0000-4000-8000-000000000000/bundle.tar.zst"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "STAGING_NOT_FOUND");
    let key = staged(&dev, &good);
    let r = finalize(&dev, json!({"key": key, "declaredHash": "ab".repeat(32)}));
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["code"], "HASH_MISMATCH");
    assert_eq!(
        v["details"]["computed"],
        hex::encode(sha2::Sha256::digest(&good))
    );
    let r = finalize(&dev, json!({"key": key, "size": good.len() + 1}));
    assert_eq!(r.json()["code"], "SIZE_MISMATCH");
    let r = finalize(
        &dev,
        json!({"key": key, "manifestJson": "{\"name\":\"com.other.thing\"}"}),
    );
    assert_eq!(r.json()["code"], "MANIFEST_MISMATCH");
    let r = finalize(&dev, json!({"key": key, "manifestJson": {"name": "x"}}));
    assert_eq!(r.json()["code"], "INVALID_MANIFEST");
    assert!(nothing_registered(h));
    // The refusals left the upload staged: the right values register it.
    let r = finalize(&dev, complete(h, &key, &good));
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn a_bad_manifest_lists_every_issue_and_an_unsafe_archive_is_refused() {
    let (home, dev, _) = registry_and_bundle();
    let bad_manifest = zstd(&raw_tar(&[
        RawEntry::file(
            "manifest.json",
            br#"{"name":"","version":"one","runtime":"x","extra":1}"#,
        ),
        RawEntry::file("ui/index.html", b"<!doctype html>"),
    ]));
    let key = staged(&dev, &bad_manifest);
    let r = finalize(&dev, json!({"key": key}));
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["code"], "INVALID_MANIFEST");
    let issues = v["details"]["issues"].as_array().unwrap();
    assert!(issues.len() >= 3, "{v}");
    // The server does not look inside at all.
    let traversal = zstd(&raw_tar(&[
        RawEntry::file("manifest.json", common::HELLO_MANIFEST.as_bytes()),
        RawEntry::file("../evil", b"x"),
    ]));
    let key = staged(&dev, &traversal);
    assert_eq!(
        finalize(&dev, json!({"key": key})).json()["code"],
        "INVALID_BUNDLE"
    );
    assert!(nothing_registered(home.path()));
}

#[test]
fn the_good_bundle_registers_with_the_servers_response_shape() {
    let (home, dev, good) = registry_and_bundle();
    let key = staged(&dev, &good);
    let r = finalize(&dev, complete(home.path(), &key, &good));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["extension"]["name"], "com.example.hello");
    assert_eq!(v["extension"]["publisher"], "Example");
    assert_eq!(v["version"]["version"], "0.1.0");
    assert_eq!(v["contentHash"], hex::encode(sha2::Sha256::digest(&good)));
}

#[test]
fn the_v1_routes_answer_validation_errors_in_their_own_shape_and_need_the_key() {
    let (_home, dev, _) = registry_and_bundle();
    let r = http(
        &dev.addr,
        "POST",
        "/api/v1/extensions/install",
        &[("x-api-key", KEY)],
        b"not json",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "VALIDATION_ERROR");
    let r = http(
        &dev.addr,
        "POST",
        "/api/v1/extensions/uninstall",
        &[],
        b"{}",
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "Unauthorized: API key missing");
}

#[test]
fn a_registry_with_a_trust_bundle_takes_signed_bundles_only() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    project(h, "p", "0.1.0");
    project(h, "q", "1.0.0");
    std::fs::create_dir_all(h.join("k")).unwrap();
    std::fs::create_dir_all(h.join("other")).unwrap();
    for dir in ["k", "other"] {
        alga(h)
            .args(["keys", "generate", "--algorithm", "x509", "--out", dir])
            .assert()
            .success();
    }
    let dev = start(
        h,
        &[
            "--project",
            "p",
            "--registry",
            "--trust",
            "k/ca.pem",
            "--api-key",
            KEY,
        ],
    );
    alga(h)
        .args(["pack", "-q", "--project", "q"])
        .assert()
        .success();
    publish(h, &dev, "q/dist/bundle.tar.zst", &[])
        .code(4)
        .stderr(predicate::str::contains("SIGNATURE_REQUIRED"));
    // Signed by an untrusted CA's publisher.
    alga(h)
        .args([
            "sign",
            "q/dist/bundle.tar.zst",
            "--key",
            "other/publisher.key",
        ])
        .args(["--cert", "other/publisher.pem"])
        .assert()
        .success();
    publish(h, &dev, "q/dist/bundle.tar.zst", &[])
        .code(4)
        .stderr(predicate::str::contains("SIGNATURE_INVALID"))
        .stderr(predicate::str::contains("not in the trust bundle"));
    // A SIGNATURE for other bytes is not sent (and so the registry wants one).
    std::fs::write(h.join("q/ui/main.js"), "// changed\n").unwrap();
    alga(h)
        .args(["pack", "-q", "--project", "q", "--force"])
        .assert()
        .success();
    alga(h)
        .args([
            "extension",
            "publish",
            "q/dist/bundle.tar.zst",
            "--api-key",
            KEY,
        ])
        .args(["--base-url", &format!("http://{}", dev.addr)])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("publishing unsigned"))
        .stderr(predicate::str::contains("SIGNATURE_REQUIRED"));
    // Signed by the trusted publisher: accepted, verified, installed.
    alga(h)
        .args(["sign", "q/dist/bundle.tar.zst", "--key", "k/publisher.key"])
        .args(["--cert", "k/publisher.pem"])
        .assert()
        .success();
    let v = json_of(&publish(h, &dev, "q/dist/bundle.tar.zst", &["--json"]).success());
    assert_eq!(v["signed"], true);
    assert_eq!(health(&dev)["version"], "1.0.0");

    // A folder packed and signed in the publish step.
    let manifest = std::fs::read_to_string(h.join("q/manifest.json")).unwrap();
    std::fs::write(
        h.join("q/manifest.json"),
        manifest.replace("\"1.0.0\"", "\"1.1.0\""),
    )
    .unwrap();
    let v = json_of(
        &publish(
            h,
            &dev,
            "q",
            &[
                "--sign",
                "k/publisher.key",
                "--cert",
                "k/publisher.pem",
                "--json",
            ],
        )
        .success(),
    );
    assert_eq!(v["signed"], true);
    assert_eq!(v["version"], "1.1.0");
    assert_eq!(health(&dev)["version"], "1.1.0");
}

/// What a scripted server does with one request.
#[derive(Clone)]
enum Act {
    Reply(u16, &'static str),
    /// Read the request, then never answer.
    Hang,
}

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server that answers requests in order with `acts`, recording what it saw.
fn scripted(acts: Vec<Act>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    std::thread::spawn(move || {
        let mut hung = Vec::new();
        for (stream, act) in listener.incoming().zip(acts) {
            let mut stream: TcpStream = stream.unwrap();
            let req = read_request(&mut stream);
            seen2.lock().unwrap().push(req);
            match act {
                Act::Reply(status, body) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-{status}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                Act::Hang => hung.push(stream),
            }
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    (format!("http://{addr}"), seen)
}

fn read_request(stream: &mut TcpStream) -> Seen {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        reader.read_line(&mut l).unwrap();
        if l.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Seen {
        path,
        headers,
        body,
    }
}

const STAGED: &str = r#"{"upload":{"key":"sha256/_staging/1/bundle.tar.zst","strategy":"staging"},"filename":"bundle.tar.zst","size":1}"#;
const FINALIZED: &str = r#"{"extension":{"id":"reg-1","name":"com.example.hello"},"version":{"id":"ver-1","version":"0.1.0"},"contentHash":"HASH","canonicalKey":"tenants/t/extensions/reg-1/sha256/HASH/bundle.tar.zst"}"#;

fn packed(h: &Path) -> (String, String) {
    project(h, "p", "0.1.0");
    alga(h)
        .args(["pack", "-q", "--project", "p", "--fast"])
        .assert()
        .success();
    let hex = std::fs::read_to_string(h.join("p/dist/bundle.sha256"))
        .unwrap()
        .trim()
        .to_string();
    (hex.clone(), FINALIZED.replace("HASH", &hex))
}

fn publish_to(h: &Path, base: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    alga(h)
        .args(["extension", "publish", "p/dist/bundle.tar.zst"])
        .args(["--api-key", KEY, "--tenant", "tenant-9", "--base-url", base])
        .args(extra)
        .assert()
}

#[test]
fn the_client_sends_what_the_server_expects_and_retries_a_500() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (hex, finalized) = packed(h);
    let finalized: &'static str = Box::leak(finalized.into_boxed_str());
    let (base, seen) = scripted(vec![
        Act::Reply(
            500,
            r#"{"error":"Failed to store upload","code":"S3_PUT_FAILED"}"#,
        ),
        Act::Reply(200, STAGED),
        Act::Reply(200, finalized),
        Act::Reply(
            202,
            r#"{"data":{"registryId":"reg-1","version":"0.1.0","installId":"inst-1","success":true}}"#,
        ),
    ]);
    let out = publish_to(h, &base, &["--json"]).success();
    let v = json_of(&out);
    assert_eq!(v["registryId"], "reg-1");
    assert_eq!(v["installId"], "inst-1");
    assert_eq!(v["contentHash"], format!("sha256:{hex}"));
    let retries = v["retries"].as_array().unwrap();
    assert_eq!(retries.len(), 1, "{v}");
    assert!(
        retries[0]
            .as_str()
            .unwrap()
            .contains("upload attempt 1 failed (the server answered 500)")
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 4);
    let bundle = std::fs::read(h.join("p/dist/bundle.tar.zst")).unwrap();
    for up in &seen[..2] {
        assert!(up.path.starts_with("/api/ext-bundles/upload-proxy?"));
        assert!(up.path.contains("filename=bundle.tar.zst"));
        assert!(up.path.contains(&format!("size={}", bundle.len())));
        assert!(up.path.contains(&format!("declaredHash={hex}")));
        assert_eq!(up.header("x-alga-admin"), Some("true"));
        assert_eq!(up.header("x-api-key"), Some(KEY));
        assert_eq!(up.header("x-tenant-id"), Some("tenant-9"));
        assert_eq!(up.header("content-type"), Some("application/octet-stream"));
        assert_eq!(up.body, bundle);
    }
    let fin: Value = serde_json::from_slice(&seen[2].body).unwrap();
    assert_eq!(seen[2].path, "/api/ext-bundles/finalize");
    assert_eq!(seen[2].header("x-alga-admin"), Some("true"));
    assert_eq!(fin["key"], "sha256/_staging/1/bundle.tar.zst");
    assert_eq!(fin["declaredHash"], hex);
    assert_eq!(fin["size"], bundle.len());
    // The manifest from inside the bundle, as text.
    assert_eq!(
        fin["manifestJson"].as_str().unwrap(),
        std::fs::read_to_string(h.join("p/manifest.json")).unwrap()
    );
    assert!(fin.get("signature").is_none());
    let inst: Value = serde_json::from_slice(&seen[3].body).unwrap();
    assert_eq!(seen[3].path, "/api/v1/extensions/install");
    assert_eq!(seen[3].header("x-alga-admin"), None);
    assert_eq!(inst, json!({"registryId": "reg-1", "version": "0.1.0"}));
}

#[test]
fn server_down_hanging_and_uncertain_finalize_each_say_so() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (_, finalized) = packed(h);

    // Down: a port nobody listens on. Retried, then exit 5 naming the server.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    publish_to(h, &format!("http://127.0.0.1:{port}"), &[])
        .code(5)
        .stderr(predicate::str::contains("cannot reach the Alga server"))
        .stderr(predicate::str::contains("is the server running?"));

    // Hanging: the time limit ends it.
    let (base, _) = scripted(vec![Act::Hang]);
    let t = Instant::now();
    publish_to(h, &base, &["--timeout", "1500"])
        .code(5)
        .stderr(predicate::str::contains("no answer within 1500 ms"));
    assert!(t.elapsed() < Duration::from_secs(15));

    // A finalize answered by a proxy's 502, then 409 on the check: it probably went through.
    let (base, seen) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(502, "<html>bad gateway</html>"),
        Act::Reply(
            409,
            r#"{"success":false,"error":{"message":"Version \"0.1.0\" already exists for this extension. Publish a new version and try again.","code":"EXTENSION_VERSION_ALREADY_EXISTS","details":{"registryId":"reg-7","version":"0.1.0"}}}"#,
        ),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains("finalize may have succeeded"))
        .stderr(predicate::str::contains(
            "alga extension install reg-7 --version 0.1.0",
        ));
    assert_eq!(seen.lock().unwrap().len(), 3);

    // A plain 409 (no earlier attempt): the version exists.
    let (base, _) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(
            409,
            r#"{"success":false,"error":{"message":"Version \"0.1.0\" already exists","code":"EXTENSION_VERSION_ALREADY_EXISTS"}}"#,
        ),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains("finalize failed (409)"));

    // Install refused by the session guard: surfaced verbatim with what it means.
    let (base, _) = scripted(vec![
        Act::Reply(200, STAGED),
        Act::Reply(200, Box::leak(finalized.into_boxed_str())),
        Act::Reply(401, r#"{"error":"Unauthorized"}"#),
    ]);
    publish_to(h, &base, &[])
        .code(4)
        .stderr(predicate::str::contains(
            "install failed (401): Unauthorized",
        ))
        .stderr(predicate::str::contains("browser session"));

    // The Community Edition's 501.
    let (base, _) = scripted(vec![Act::Reply(
        501,
        r#"{"error":"Extension bundle upload is only available in the Enterprise Edition."}"#,
    )]);
    publish_to(h, &base, &[])
        .code(5)
        .stderr(predicate::str::contains("Enterprise Edition"));

    // Too large for the server: refused before sending (a sparse file, never read).
    let big = std::fs::File::create(h.join("big.tar.zst")).unwrap();
    big.set_len(200 * 1024 * 1024 + 1).unwrap();
    alga(h)
        .args(["extension", "publish", "big.tar.zst", "--api-key", KEY])
        .args(["--base-url", "http://127.0.0.1:9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at most 209715200"));
}

#[test]
fn the_api_key_is_not_sent_over_plain_http_to_another_machine() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["extension", "uninstall", "reg-1"],
        vec!["extension", "install", "reg-1", "--version", "1.0.0"],
        vec!["extension", "publish", "missing.tar.zst"],
    ] {
        alga(home.path())
            .args(&args)
            .args([
                "--api-key",
                "sk-plain-http",
                "--base-url",
                "http://alga.example.com",
            ])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("unencrypted"))
            .stderr(predicate::str::contains("--allow-insecure-http"))
            .stderr(predicate::str::contains("sk-plain-http").not());
    }
}

#[test]
fn unfinished_uploads_do_not_stay_in_staging() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    project(h, "p", "1.0.0");
    let staging = h.join("p/.alga/registry/sha256/_staging");
    // Left by an earlier run: removed at start.
    std::fs::create_dir_all(staging.join("left-over")).unwrap();
    std::fs::write(staging.join("left-over/bundle.tar.zst"), b"x").unwrap();
    let dev = start(h, &["--project", "p", "--registry", "--api-key", KEY]);
    assert!(staging_is_empty(h));

    // An upload never finalized, an hour old: removed by the next upload.
    let old = staging.join("old-upload");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("bundle.tar.zst"), b"x").unwrap();
    let two_hours_ago = filetime::FileTime::from_unix_time(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 7200,
        0,
    );
    filetime::set_file_mtime(old.join("bundle.tar.zst"), two_hours_ago).unwrap();
    filetime::set_file_mtime(&old, two_hours_ago).unwrap();
    let fresh = staging.join("fresh-upload");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join("bundle.tar.zst.part"), b"x").unwrap();
    let r = upload(
        &dev,
        "filename=b.tar.zst&size=3",
        &[("x-api-key", KEY), ("x-alga-admin", "true")],
        b"abc",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(!old.exists(), "an hour-old upload is removed");
    assert!(fresh.exists(), "an upload still going is kept");
}
