//! The dev registry's upload and finalize routes called directly: the key and admin header,
//! query and body checks, each finalize mismatch, manifests, unsafe archives, signed bundles only.

use super::*;

pub(crate) fn upload(
    dev: &Dev,
    query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> common::http::Reply {
    http(
        &dev.addr,
        "POST",
        &format!("/api/ext-bundles/upload-proxy?{query}"),
        headers,
        body,
    )
}

const ADMIN: [(&str, &str); 2] = [("x-api-key", KEY), ("x-alga-admin", "true")];

pub(crate) fn staged(dev: &Dev, bytes: &[u8]) -> String {
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

pub(crate) fn finalize(dev: &Dev, body: Value) -> common::http::Reply {
    http(
        &dev.addr,
        "POST",
        "/api/ext-bundles/finalize",
        &[ADMIN[0], ADMIN[1], ("content-type", "application/json")],
        body.to_string().as_bytes(),
    )
}

pub(crate) fn staging_is_empty(h: &Path) -> bool {
    std::fs::read_dir(h.join("p/.alga/registry/sha256/_staging"))
        .unwrap()
        .next()
        .is_none()
}

/// A temp home whose project `p` the dev registry serves, packed: (home, server, bundle bytes).
pub(crate) fn registry_and_bundle() -> (tempfile::TempDir, Dev, Vec<u8>) {
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
pub(crate) fn nothing_registered(h: &Path) -> bool {
    std::fs::read_dir(h.join("p/.alga/registry/sha256"))
        .unwrap()
        .all(|e| e.unwrap().file_name() == "_staging")
}

/// A finalize body for the staged `key` that agrees with the bundle `good` of `p` in every field.
pub(crate) fn complete(h: &Path, key: &str, good: &[u8]) -> Value {
    json!({"key": key, "size": good.len(), "declaredHash": hex::encode(sha2::Sha256::digest(good)),
           "manifestJson": std::fs::read_to_string(h.join("p/manifest.json")).unwrap()})
}

#[test]
pub(crate) fn upload_needs_the_api_key_and_the_admin_header() {
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
pub(crate) fn upload_checks_its_query_and_body_and_stages_nothing_refused() {
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
pub(crate) fn finalize_refuses_an_unknown_key_and_each_mismatch_and_keeps_the_upload() {
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
pub(crate) fn a_bad_manifest_lists_every_issue_and_an_unsafe_archive_is_refused() {
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
pub(crate) fn the_good_bundle_registers_with_the_servers_response_shape() {
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
pub(crate) fn the_v1_routes_answer_validation_errors_in_their_own_shape_and_need_the_key() {
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
pub(crate) fn a_registry_with_a_trust_bundle_takes_signed_bundles_only() {
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
