//! cosign keys and signatures: SIGNATURE, sidecars, verification's ordered checks, openssl
//! and sigstore-js in both directions.

use super::*;

#[test]
pub(crate) fn generated_cosign_keys_are_private_and_encrypted() {
    let home = cosign_keys();
    let h = home.path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(h.join("k/cosign.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let key_text = std::fs::read_to_string(h.join("k/cosign.key")).unwrap();
    assert!(key_text.contains("ENCRYPTED SIGSTORE PRIVATE KEY"));
    assert!(!key_text.contains("correct horse"));
}

#[test]
pub(crate) fn export_writes_a_signature_and_a_sigstore_bundle_for_the_bundle() {
    let home = exported();
    let h = home.path();
    let sig = json_file(&h.join("p/dist/SIGNATURE"));
    assert_eq!(sig["algorithm"], "cosign");
    assert_eq!(sig["subject"]["name"], "bundle.tar.zst");
    assert_eq!(
        sig["subject"]["digest"],
        format!(
            "sha256:{}",
            std::fs::read_to_string(h.join("p/dist/bundle.sha256"))
                .unwrap()
                .trim()
        )
    );
    let sigstore = json_file(&h.join("p/dist/bundle.tar.zst.sigstore.json"));
    assert_eq!(
        sigstore["mediaType"],
        "application/vnd.dev.sigstore.bundle.v0.3+json"
    );
    assert_eq!(
        sigstore["messageSignature"]["messageDigest"]["algorithm"],
        "SHA2_256"
    );
}

#[test]
pub(crate) fn exported_sidecars_verify_alone_and_one_for_other_bytes_fails_on_its_digest() {
    let home = exported();
    let h = home.path();
    // A cosign-format bundle and the bare signature.
    for (file, source) in [
        ("p/dist/bundle.tar.zst.sigstore.json", "sigstore bundle"),
        ("p/dist/bundle.tar.zst.sig", "cosign signature"),
    ] {
        let out = alga(h)
            .args(["verify", "p/dist/bundle.tar.zst", "--signature", file])
            .args(["--trust", "k/cosign.pub", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(report["source"], source);
    }
    let mut other = json_file(&h.join("p/dist/bundle.tar.zst.sigstore.json"));
    other["messageSignature"]["messageDigest"]["digest"] =
        base64::engine::general_purpose::STANDARD
            .encode([7u8; 32])
            .into();
    std::fs::write(h.join("other.sigstore.json"), other.to_string()).unwrap();
    alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "other.sigstore.json",
        ])
        .args(["--trust", "k/cosign.pub"])
        .assert()
        .code(11);
}

#[test]
pub(crate) fn verify_reports_its_checks_in_order_and_takes_the_trust_bundle_as_pem_text() {
    let home = exported();
    let h = home.path();
    let out = alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--trust",
            "k/cosign.pub",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        report["checks"],
        serde_json::json!([
            "readable",
            "digest",
            "signature",
            "trusted signer",
            "canonical layout",
            "manifest"
        ])
    );
    // The trust bundle as PEM text, as the server's SIGNING_TRUST_BUNDLE gives it.
    alga(h)
        .env(
            "SIGNING_TRUST_BUNDLE",
            std::fs::read_to_string(h.join("k/cosign.pub")).unwrap(),
        )
        .args(["verify", "p/dist/bundle.tar.zst"])
        .assert()
        .success();
}

#[test]
pub(crate) fn openssl_accepts_the_exported_signature() {
    let home = exported();
    let h = home.path();
    common::cosign_sig_to_der(&h.join("p/dist/bundle.tar.zst.sig"), &h.join("sig.der"));
    let ok = common::peer("openssl")
        .args([
            "dgst",
            "-sha256",
            "-verify",
            "k/cosign.pub",
            "-signature",
            "sig.der",
        ])
        .arg(h.join("p/dist/bundle.tar.zst"))
        .current_dir(h)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Verified OK"));
}

#[test]
pub(crate) fn openssl_made_keys_and_signatures_work_here() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    let openssl = |args: &[&str]| {
        run_ok(common::peer("openssl").args(args).current_dir(h));
    };
    openssl_p256(h, "key.pem", "pub.pem");
    openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        "key.pem",
        "-out",
        "sig.der",
        bundle.to_str().unwrap(),
    ]);

    // A SIGNATURE around openssl's signature (no embedded key): verified against the trust.
    let der = std::fs::read(h.join("sig.der")).unwrap();
    let digest = std::fs::read_to_string(h.join("p/dist/bundle.sha256")).unwrap();
    let size = std::fs::metadata(&bundle).unwrap().len();
    let sig = serde_json::json!({
        "subject": {"name": "bundle.tar.zst", "digest": format!("sha256:{}", digest.trim()), "size": size, "tar_digest": "sha256:00"},
        "algorithm": "cosign",
        "signature": base64::engine::general_purpose::STANDARD.encode(&der),
    });
    std::fs::write(h.join("SIG.json"), serde_json::to_vec(&sig).unwrap()).unwrap();
    alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "SIG.json",
            "--trust",
            "pub.pem",
        ])
        .assert()
        .success();

    // alga signs with openssl's (unencrypted PKCS#8) key, asking no password; openssl verifies.
    alga(h)
        .env_remove("COSIGN_PASSWORD")
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--algorithm",
            "cosign",
            "--key",
            "key.pem",
            "--export",
        ])
        .assert()
        .success();
    common::cosign_sig_to_der(&h.join("p/dist/bundle.tar.zst.sig"), &h.join("ours.der"));
    openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        "pub.pem",
        "-signature",
        "ours.der",
        bundle.to_str().unwrap(),
    ]);
}

#[test]
pub(crate) fn verify_trusts_only_the_signers_in_the_trust_bundle() {
    let home = signed_without_sidecars();
    let h = home.path();
    std::fs::create_dir(h.join("other")).unwrap();
    keys(h, "other");
    verify_with(h, None, "k/cosign.pub").success();
    verify_with(h, None, "other/cosign.pub")
        .code(13)
        .stderr(predicate::str::contains(
            "the signer's key is not in the trust bundle",
        ));
}

#[test]
pub(crate) fn one_flipped_byte_in_the_bundle_fails_on_its_digest() {
    let home = signed_without_sidecars();
    let h = home.path();
    let bundle = h.join("p/dist/bundle.tar.zst");
    let mut flipped = std::fs::read(&bundle).unwrap();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    std::fs::write(&bundle, &flipped).unwrap();
    verify_with(h, None, "k/cosign.pub")
        .code(11)
        .stderr(predicate::str::contains("the bundle's digest is"));
}

#[test]
pub(crate) fn a_truncated_signature_does_not_verify() {
    let home = signed_without_sidecars();
    let h = home.path();
    let sig_path = h.join("p/dist/SIGNATURE");
    let good = json_file(&sig_path);
    let mut bad = good.clone();
    let s = good["signature"].as_str().unwrap();
    bad["signature"] = serde_json::Value::String(s[..s.len() - 8].to_string());
    std::fs::write(&sig_path, serde_json::to_vec(&bad).unwrap()).unwrap();
    verify_with(h, None, "k/cosign.pub")
        .code(12)
        .stderr(predicate::str::contains("the signature does not verify"));
}

#[test]
pub(crate) fn a_signature_naming_another_digest_is_refused() {
    let home = signed_without_sidecars();
    let h = home.path();
    let sig_path = h.join("p/dist/SIGNATURE");
    let mut other = json_file(&sig_path);
    other["subject"]["digest"] = serde_json::Value::String(format!("sha256:{}", "ab".repeat(32)));
    std::fs::write(&sig_path, serde_json::to_vec(&other).unwrap()).unwrap();
    verify_with(h, None, "k/cosign.pub")
        .code(11)
        .stderr(predicate::str::contains("SIGNATURE is for sha256:abab"));
}

#[test]
pub(crate) fn a_placeholder_is_not_a_signature_file_and_the_good_one_restored_verifies() {
    let home = signed_without_sidecars();
    let h = home.path();
    let sig_path = h.join("p/dist/SIGNATURE");
    let good = json_file(&sig_path);
    std::fs::write(&sig_path, b"# SIGNATURE PLACEHOLDER").unwrap();
    verify_with(h, None, "k/cosign.pub")
        .code(17)
        .stderr(predicate::str::contains("is not a SIGNATURE file"));
    std::fs::write(&sig_path, serde_json::to_vec(&good).unwrap()).unwrap();
    verify_with(h, None, "k/cosign.pub").success();
}

#[test]
pub(crate) fn a_wrong_or_missing_password_and_a_missing_trust_bundle_are_named() {
    let home = signed_without_sidecars();
    let h = home.path();
    let sign = ["sign", "p/dist/bundle.tar.zst"];
    let with_key = ["--algorithm", "cosign", "--key", "k/cosign.key"];
    alga(h)
        .env("COSIGN_PASSWORD", "wrong")
        .args(sign)
        .args(with_key)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the password does not open the key",
        ));
    alga(h)
        .args(sign)
        .args(with_key)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("COSIGN_PASSWORD is not set"));
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no trust bundle given"));
}

#[test]
pub(crate) fn x509_signing_needs_the_publisher_certificate() {
    let home = signed_without_sidecars();
    // A cosign key is not a P-256 PEM key either.
    alga(home.path())
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--algorithm",
            "x509",
            "--key",
            "k/cosign.key",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "x509 signing needs the publisher certificate",
        ));
}

#[test]
pub(crate) fn existing_keys_are_never_overwritten() {
    let home = cosign_keys();
    alga(home.path())
        .env("COSIGN_PASSWORD", "x")
        .args(["keys", "generate", "--algorithm", "cosign", "--out", "k"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
pub(crate) fn pack_signs_in_the_same_step() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ui_project(h, "p");
    std::fs::create_dir(h.join("k")).unwrap();
    keys(h, "k");
    // A wrong password is caught before anything is written.
    alga(h)
        .env("COSIGN_PASSWORD", "nope")
        .args(["pack", "--project", "p", "--sign", "k/cosign.key"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the password does not open the key",
        ));
    assert!(!h.join("p/dist").exists());
    let out = alga(h)
        .env("COSIGN_PASSWORD", "correct horse")
        .args([
            "pack",
            "--project",
            "p",
            "--sign",
            "k/cosign.key",
            "--export",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["signatureFiles"].as_array().unwrap().len(), 3);
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "k/cosign.pub"])
        .assert()
        .success()
        .stdout(predicate::str::contains("verified"));
}

#[test]
pub(crate) fn sigstore_js_accepts_the_exported_bundle() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    ui_project(h, "p");
    keys(h, ".");
    alga(h)
        .env("COSIGN_PASSWORD", "correct horse")
        .args([
            "pack",
            "-q",
            "--project",
            "p",
            "--sign",
            "cosign.key",
            "--export",
        ])
        .assert()
        .success();
    // sigstore-js from the npm registry.
    let js = common::node_driver(
        h,
        "js",
        "sigstore/verify.mjs",
        &[
            "@sigstore/verify@3",
            "@sigstore/bundle@4",
            "@sigstore/protobuf-specs",
        ],
    );
    let verify = |artifact: &Path| {
        common::peer("node")
            .arg("verify.mjs")
            .arg(artifact)
            .arg(h.join("p/dist/bundle.tar.zst.sigstore.json"))
            .arg(h.join("cosign.pub"))
            .current_dir(&js)
            .output()
            .unwrap()
    };
    let bundle = h.join("p/dist/bundle.tar.zst");
    let ok = verify(&bundle);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let mut tampered = std::fs::read(&bundle).unwrap();
    tampered.push(b'x');
    std::fs::write(h.join("tampered"), tampered).unwrap();
    let bad = verify(&h.join("tampered"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("signature verification failed"));
}
