//! cosign and sigstore interoperability beyond openssl: keys written by the real cosign, and
//! sigstore bundles written by sigstore-js, read by alga.

mod common;

use std::path::Path;

use base64::Engine as _;
use common::{alga, openssl_p256, packed_ui_project as packed, run_ok};
use predicates::prelude::*;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cosign")
        .join(name)
}

#[test]
fn keys_written_by_cosign_sign_and_openssl_verifies() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    for key in ["cosign-label.key", "sigstore-label.key"] {
        alga(h)
            .env("COSIGN_PASSWORD", "hello")
            .args(["sign", "p/dist/bundle.tar.zst", "--export", "--key"])
            .arg(fixture(key))
            .assert()
            .success()
            .stderr(predicate::str::contains(
                "Signed p/dist/bundle.tar.zst (cosign",
            ));
        // The public half, as SIGNATURE carries it, is the trust for both openssl and alga.
        let sig: serde_json::Value =
            serde_json::from_slice(&std::fs::read(h.join("p/dist/SIGNATURE")).unwrap()).unwrap();
        assert_eq!(sig["algorithm"], "cosign", "{key}");
        let public = sig["public_key"].as_str().unwrap();
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{key}");
        std::fs::write(h.join("cosign.pub"), public).unwrap();
        common::cosign_sig_to_der(&h.join("p/dist/bundle.tar.zst.sig"), &h.join("sig.der"));
        run_ok(
            common::peer("openssl")
                .args([
                    "dgst",
                    "-sha256",
                    "-verify",
                    "cosign.pub",
                    "-signature",
                    "sig.der",
                ])
                .arg(&bundle)
                .current_dir(h),
        );
        alga(h)
            .args(["verify", "p/dist/bundle.tar.zst", "--trust", "cosign.pub"])
            .assert()
            .success();
        // The exported .sig alone, a peer file with no signer named, verifies too.
        alga(h)
            .args(["verify", "p/dist/bundle.tar.zst", "--trust", "cosign.pub"])
            .args(["--signature", "p/dist/bundle.tar.zst.sig"])
            .assert()
            .success()
            .stdout(predicate::str::contains("cosign signature"));
    }
    // The wrong password: the key file is named, nothing is written.
    std::fs::remove_file(h.join("p/dist/SIGNATURE")).unwrap();
    alga(h)
        .env("COSIGN_PASSWORD", "wrong")
        .args(["sign", "p/dist/bundle.tar.zst", "--key"])
        .arg(fixture("sigstore-label.key"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sigstore-label.key"))
        .stderr(predicate::str::contains(
            "the password does not open the key",
        ))
        .stderr(predicate::str::contains("hint: set COSIGN_PASSWORD"));
    assert!(!h.join("p/dist/SIGNATURE").exists());
}

#[test]
fn a_hostile_cosign_key_is_refused_before_scrypt_runs() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    packed(h);
    // scrypt with N = 2^40 would ask for 1 PiB; N = 1000 is not a power of two.
    for n in ["1099511627776", "1000"] {
        let doc = format!(
            r#"{{"kdf":{{"name":"scrypt","params":{{"N":{n},"r":8,"p":1}},"salt":"AAAA"}},"cipher":{{"name":"nacl/secretbox","nonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},"ciphertext":"AAAA"}}"#
        );
        let pem = format!(
            "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n{}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(doc)
        );
        std::fs::write(h.join("hostile.key"), pem).unwrap();
        alga(h)
            .env("COSIGN_PASSWORD", "x")
            .args(["sign", "p/dist/bundle.tar.zst", "--key", "hostile.key"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("hostile.key"))
            .stderr(predicate::str::contains("unsupported scrypt parameters"));
    }
}

#[test]
fn sigstore_js_bundles_verify_here() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    openssl_p256(h, "key.pem", "pub.pem");
    openssl_p256(h, "other.pem", "other.pub");
    // sigstore-js from the npm registry signs: a message-signature bundle with a key hint.
    let js = common::node_driver(
        h,
        "js",
        "sigstore/sign.mjs",
        &["@sigstore/sign@4", "@sigstore/bundle@4"],
    );
    run_ok(
        common::peer("node")
            .arg("sign.mjs")
            .arg(&bundle)
            .arg(h.join("key.pem"))
            .arg(h.join("pub.pem"))
            .arg(h.join("js.sigstore.json"))
            .current_dir(&js),
    );
    let made: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.join("js.sigstore.json")).unwrap()).unwrap();
    assert!(
        made["mediaType"]
            .as_str()
            .unwrap()
            .starts_with("application/vnd.dev.sigstore.bundle")
    );
    let verify = |trust: &str| {
        alga(h)
            .args([
                "verify",
                "p/dist/bundle.tar.zst",
                "--signature",
                "js.sigstore.json",
            ])
            .args(["--trust", trust])
            .assert()
    };
    verify("pub.pem")
        .success()
        .stdout(predicate::str::contains("sigstore bundle"));
    // Another key: nothing in the trust verifies it, and alga says both things that could be.
    verify("other.pub")
        .code(12)
        .stderr(predicate::str::contains("no key in the trust bundle"))
        .stderr(predicate::str::contains("names no signer"));
    // The bundle changed after sigstore-js signed it: the message digest no longer matches.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&bundle, bytes).unwrap();
    verify("pub.pem").code(11);
}
