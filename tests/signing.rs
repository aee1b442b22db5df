//! cosign-compatible signing: keys, SIGNATURE, sidecars, verification with its ordered checks,
//! and interoperability with openssl in both directions.

mod common;

use std::path::Path;

use base64::Engine as _;
use common::{alga, openssl_p256, packed_ui_project as packed, run_ok, ui_project};
use predicates::prelude::*;

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

#[test]
fn generated_cosign_keys_are_private_and_encrypted() {
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
fn export_writes_a_signature_and_a_sigstore_bundle_for_the_bundle() {
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
fn exported_sidecars_verify_alone_and_one_for_other_bytes_fails_on_its_digest() {
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
fn verify_reports_its_checks_in_order_and_takes_the_trust_bundle_as_pem_text() {
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
fn openssl_accepts_the_exported_signature() {
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
fn openssl_made_keys_and_signatures_work_here() {
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
fn verify_trusts_only_the_signers_in_the_trust_bundle() {
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
fn one_flipped_byte_in_the_bundle_fails_on_its_digest() {
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
fn a_truncated_signature_does_not_verify() {
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
fn a_signature_naming_another_digest_is_refused() {
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
fn a_placeholder_is_not_a_signature_file_and_the_good_one_restored_verifies() {
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
fn a_wrong_or_missing_password_and_a_missing_trust_bundle_are_named() {
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
fn x509_signing_needs_the_publisher_certificate() {
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
fn existing_keys_are_never_overwritten() {
    let home = cosign_keys();
    alga(home.path())
        .env("COSIGN_PASSWORD", "x")
        .args(["keys", "generate", "--algorithm", "cosign", "--out", "k"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn pack_signs_in_the_same_step() {
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
fn sigstore_js_accepts_the_exported_bundle() {
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

/// The test bundle packed and signed with a new OpenPGP key (`pgp.key.asc`, SIGNATURE and the
/// `.asc` sidecar), and a GNUPGHOME; returns (bundle, gnupg folder).
fn pgp_setup(h: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let bundle = packed(h);
    alga(h)
        .args([
            "keys",
            "generate",
            "--algorithm",
            "pgp",
            "--name",
            "Alga Test <test@example.com>",
        ])
        .assert()
        .success();
    alga(h)
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--algorithm",
            "pgp",
            "--key",
            "pgp.key.asc",
            "--export",
        ])
        .assert()
        .success();
    let gnupg = h.join("gnupg");
    gnupg_home(&gnupg);
    (bundle, gnupg)
}

#[test]
fn pgp_signatures_made_here_pass_gpgv_and_sqv() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (bundle, gnupg) = pgp_setup(h);
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "pgp.pub.asc"])
        .assert()
        .success();
    let asc = h.join("p/dist/bundle.tar.zst.asc");
    assert!(
        std::fs::read_to_string(&asc)
            .unwrap()
            .starts_with("-----BEGIN PGP SIGNATURE-----")
    );

    // gpgv with a binary keyring, and sqv with the armored certificate.
    let keyring = std::fs::File::create(h.join("pub.gpg")).unwrap();
    let dearmor = common::peer("gpg")
        .args(["--batch", "--dearmor"])
        .stdin(std::fs::File::open(h.join("pgp.pub.asc")).unwrap())
        .stdout(keyring)
        .env("GNUPGHOME", &gnupg)
        .status()
        .unwrap();
    assert!(dearmor.success());
    let gpgv = common::peer("gpgv")
        .arg("--keyring")
        .arg(h.join("pub.gpg"))
        .arg(&asc)
        .arg(&bundle)
        .env("GNUPGHOME", &gnupg)
        .output()
        .unwrap();
    assert!(
        gpgv.status.success(),
        "{}",
        String::from_utf8_lossy(&gpgv.stderr)
    );
    let sqv = common::peer("sqv")
        .arg("--keyring")
        .arg(h.join("pgp.pub.asc"))
        .arg(&asc)
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        sqv.status.success(),
        "{}",
        String::from_utf8_lossy(&sqv.stderr)
    );

    // A flipped byte.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let mid = bytes.len() / 3;
    bytes[mid] ^= 0x20;
    std::fs::write(&bundle, &bytes).unwrap();
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "pgp.pub.asc"])
        .assert()
        .code(11);
}

#[test]
fn gpg_signatures_verify_here() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (bundle, gnupg) = pgp_setup(h);
    // The reverse: gpg's key and detached signature verify here.
    let gpg = |args: &[&str]| {
        let out = common::peer("gpg")
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(args)
            .env("GNUPGHOME", &gnupg)
            .current_dir(h)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    gpg(&[
        "--quick-gen-key",
        "GPG Test <gpg@example.com>",
        "ed25519",
        "sign",
        "never",
    ]);
    gpg(&[
        "--armor",
        "--output",
        "gpg.pub.asc",
        "--export",
        "gpg@example.com",
    ]);
    gpg(&[
        "--armor",
        "--output",
        "gpg.sig.asc",
        "--detach-sign",
        bundle.to_str().unwrap(),
    ]);
    let digest = std::fs::read_to_string(h.join("p/dist/bundle.sha256")).unwrap();
    let sig = serde_json::json!({
        "subject": {"name": "bundle.tar.zst", "digest": format!("sha256:{}", digest.trim()),
                    "size": std::fs::metadata(&bundle).unwrap().len(), "tar_digest": "sha256:00"},
        "algorithm": "pgp",
        "signature": std::fs::read_to_string(h.join("gpg.sig.asc")).unwrap(),
    });
    std::fs::write(h.join("GPG-SIG.json"), serde_json::to_vec(&sig).unwrap()).unwrap();
    alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "GPG-SIG.json",
            "--trust",
            "gpg.pub.asc",
        ])
        .assert()
        .success();
    // gpg's armored file as it is, without a SIGNATURE around it.
    alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "gpg.sig.asc",
        ])
        .args(["--trust", "gpg.pub.asc"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(pgp,"));
    // Not trusted: our key only.
    alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "GPG-SIG.json",
            "--trust",
            "pgp.pub.asc",
        ])
        .assert()
        .code(13);
    // Our signature, someone else's trust.
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "gpg.pub.asc"])
        .assert()
        .code(13);
}

fn openssl(h: &Path, args: &[&str]) {
    run_ok(common::peer("openssl").args(args).current_dir(h));
}

/// `alga sign` of the test bundle with an x509 key and certificate.
fn sign_x509(h: &Path, key: &str, cert: &str) -> assert_cmd::assert::Assert {
    alga(h)
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--key",
            key,
            "--cert",
            cert,
        ])
        .assert()
}

/// `openssl cms -sign` of the bundle (detached, binary) into `out`.
fn openssl_cms_sign(h: &Path, bundle: &Path, cert: &str, key: &str, out: &str, extra: &[&str]) {
    run_ok(
        common::peer("openssl")
            .args(["cms", "-sign", "-binary", "-in"])
            .arg(bundle)
            .args(["-signer", cert, "-inkey", key, "-out", out])
            .args(extra)
            .current_dir(h),
    );
}

/// `openssl cms -verify` of a detached PEM CMS against a CA file: whether it accepts.
fn openssl_cms_accepts(h: &Path, bundle: &Path, p7s: &str, ca: &str) -> bool {
    common::peer("openssl")
        .args(["cms", "-verify", "-binary", "-content"])
        .arg(bundle)
        .args([
            "-inform", "PEM", "-in", p7s, "-CAfile", ca, "-purpose", "any",
        ])
        .args(["-out", "/dev/null"])
        .current_dir(h)
        .output()
        .unwrap()
        .status
        .success()
}

fn x509_keys(h: &Path, dir: &str, extra: &[&str]) {
    std::fs::create_dir_all(h.join(dir)).unwrap();
    alga(h)
        .args(["keys", "generate", "--algorithm", "x509", "--out", dir])
        .args(extra)
        .assert()
        .success();
}

fn verify_with(h: &Path, signature: Option<&str>, trust: &str) -> assert_cmd::assert::Assert {
    let mut cmd = alga(h);
    cmd.args(["verify", "p/dist/bundle.tar.zst", "--trust", trust]);
    if let Some(s) = signature {
        cmd.args(["--signature", s]);
    }
    cmd.assert()
}

/// The test bundle packed and an x509 CA with a publisher ("Acme Extensions") in `k/`.
fn x509_setup(h: &Path) -> std::path::PathBuf {
    let bundle = packed(h);
    x509_keys(h, "k", &["--name", "Acme Extensions"]);
    bundle
}

#[test]
fn x509_signatures_made_here_pass_openssl_cms() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = x509_setup(h);
    #[cfg(unix)]
    for f in ["k/ca.key", "k/publisher.key"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(h.join(f)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    // openssl reads the certificates: P-256, codeSigning EKU, issued by the CA.
    let text = run_ok(
        common::peer("openssl")
            .args(["x509", "-noout", "-text", "-in", "k/publisher.pem"])
            .current_dir(h),
    );
    assert!(text.contains("Code Signing"), "{text}");
    assert!(text.contains("prime256v1"), "{text}");
    assert!(text.contains("Acme Extensions development CA"), "{text}");
    openssl(
        h,
        &[
            "verify",
            "-CAfile",
            "k/ca.pem",
            "-purpose",
            "any",
            "k/publisher.pem",
        ],
    );

    alga(h)
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--key",
            "k/publisher.key",
            "--cert",
            "k/publisher.pem",
            "--export",
        ])
        .assert()
        .success();
    let sig: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.join("p/dist/SIGNATURE")).unwrap()).unwrap();
    assert_eq!(sig["algorithm"], "x509");
    assert_eq!(sig["public_key_hint"], "CN=Acme Extensions");
    assert_eq!(sig["certificates"].as_array().unwrap().len(), 1);
    let p7s = std::fs::read_to_string(h.join("p/dist/bundle.tar.zst.p7s")).unwrap();
    assert!(p7s.starts_with("-----BEGIN CMS-----"), "{p7s}");

    // The peer tool accepts our detached CMS, and reads the signed attributes we promise.
    assert!(openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "k/ca.pem"
    ));
    let printed = run_ok(
        common::peer("openssl")
            .args([
                "cms",
                "-cmsout",
                "-print",
                "-inform",
                "PEM",
                "-in",
                "p/dist/bundle.tar.zst.p7s",
            ])
            .current_dir(h),
    );
    for attr in [
        "contentType",
        "messageDigest",
        "signingTime",
        "ecdsa-with-SHA256",
    ] {
        assert!(printed.contains(attr), "{attr} missing in {printed}");
    }

    // The same key in openssl's SEC1 form (`EC PRIVATE KEY`, with its curve and public key)
    // signs too.
    openssl(h, &["ec", "-in", "k/publisher.key", "-out", "sec1.key"]);
    assert!(
        std::fs::read_to_string(h.join("sec1.key"))
            .unwrap()
            .contains("BEGIN EC PRIVATE KEY")
    );
    std::fs::remove_file(h.join("p/dist/bundle.tar.zst.p7s")).unwrap();
    alga(h)
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--key",
            "sec1.key",
            "--cert",
            "k/publisher.pem",
            "--export",
        ])
        .assert()
        .success();
    assert!(openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "k/ca.pem"
    ));

    // Ours verifies, from SIGNATURE and from the sidecar alone.
    let out = verify_with(h, None, "k/ca.pem")
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("signed by CN=Acme Extensions"));
    let out = alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--signature",
            "p/dist/bundle.tar.zst.p7s",
            "--trust",
            "k/ca.pem",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["source"], "CMS signature");
    assert!(report["signing_time"].as_str().unwrap().starts_with("20"));
}

#[test]
fn openssl_cms_signatures_verify_here() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = x509_setup(h);
    // openssl's own signatures verify here: PEM with attributes, DER without.
    openssl_cms_sign(
        h,
        &bundle,
        "k/publisher.pem",
        "k/publisher.key",
        "openssl.p7s",
        &["-md", "sha256", "-outform", "PEM"],
    );
    verify_with(h, Some("openssl.p7s"), "k/ca.pem").success();
    // With SHA-384 (the bundle's bytes then hashed again, streamed), and a flipped byte.
    openssl_cms_sign(
        h,
        &bundle,
        "k/publisher.pem",
        "k/publisher.key",
        "sha384.p7s",
        &["-md", "sha384", "-outform", "PEM"],
    );
    verify_with(h, Some("sha384.p7s"), "k/ca.pem").success();
    let original = std::fs::read(&bundle).unwrap();
    let mut flipped = original.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    std::fs::write(&bundle, &flipped).unwrap();
    verify_with(h, Some("sha384.p7s"), "k/ca.pem").code(12);
    std::fs::write(&bundle, &original).unwrap();
    openssl_cms_sign(
        h,
        &bundle,
        "k/publisher.pem",
        "k/publisher.key",
        "openssl.der",
        &["-noattr", "-outform", "DER"],
    );
    verify_with(h, Some("openssl.der"), "k/ca.pem").success();
}

#[test]
fn another_publisher_of_the_ca_signs_through_pack() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = x509_setup(h);
    // Another publisher from the same CA (`--ca`), through `alga pack --sign`.
    x509_keys(
        h,
        "k2",
        &[
            "--ca", "k/ca.pem", "--ca-key", "k/ca.key", "--name", "Second",
        ],
    );
    assert!(!h.join("k2/ca.key").exists());
    alga(h)
        .args([
            "pack",
            "-q",
            "--project",
            "p",
            "--fast",
            "--force",
            "--sign",
            "k2/publisher.key",
            "--cert",
            "k2/publisher.pem",
            "--export",
        ])
        .assert()
        .success();
    verify_with(h, None, "k/ca.pem")
        .success()
        .stdout(predicate::str::contains("signed by CN=Second"));
    assert!(openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "k/ca.pem"
    ));
}

#[test]
fn x509_certificate_failures_each_have_their_own_exit_code() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    x509_keys(h, "k", &[]);
    x509_keys(h, "other", &[]);
    alga(h)
        .args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--key",
            "k/publisher.key",
            "--cert",
            "k/publisher.pem",
            "--export",
        ])
        .assert()
        .success();

    // Untrusted root.
    verify_with(h, None, "other/ca.pem")
        .code(13)
        .stderr(predicate::str::contains("not in the trust bundle"));
    // A key that is not the certificate's.
    sign_x509(h, "other/publisher.key", "k/publisher.pem")
        .code(1)
        .stderr(predicate::str::contains(
            "does not belong to the certificate",
        ));

    // Expired: alga refuses to sign with it; openssl signs anyway and alga rejects that.
    x509_keys(
        h,
        "old",
        &[
            "--ca",
            "k/ca.pem",
            "--ca-key",
            "k/ca.key",
            "--not-before",
            "2020-01-01",
            "--not-after",
            "2021-01-01",
        ],
    );
    sign_x509(h, "old/publisher.key", "old/publisher.pem")
        .code(14)
        .stderr(predicate::str::contains("expired on 2021-01-01"));
    openssl_cms_sign(
        h,
        &bundle,
        "old/publisher.pem",
        "old/publisher.key",
        "expired.p7s",
        &["-outform", "PEM"],
    );
    verify_with(h, Some("expired.p7s"), "k/ca.pem")
        .code(14)
        .stderr(predicate::str::contains("expired on 2021-01-01"));

    // No codeSigning EKU (an openssl-issued v3 certificate with key usage only).
    std::fs::write(
        h.join("ext.cnf"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n",
    )
    .unwrap();
    openssl(
        h,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "noeku.key",
            "-subj",
            "/CN=No EKU",
            "-out",
            "noeku.csr",
        ],
    );
    openssl(
        h,
        &[
            "x509",
            "-req",
            "-in",
            "noeku.csr",
            "-CA",
            "k/ca.pem",
            "-CAkey",
            "k/ca.key",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
            "-out",
            "noeku.pem",
        ],
    );
    sign_x509(h, "noeku.key", "noeku.pem")
        .code(14)
        .stderr(predicate::str::contains("does not allow code signing"));
    openssl_cms_sign(
        h,
        &bundle,
        "noeku.pem",
        "noeku.key",
        "noeku.p7s",
        &["-outform", "PEM"],
    );
    verify_with(h, Some("noeku.p7s"), "k/ca.pem")
        .code(14)
        .stderr(predicate::str::contains("does not allow code signing"));
}

#[test]
fn x509_tampered_signatures_each_have_their_own_exit_code() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = x509_setup(h);
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "k/publisher.key"])
        .args(["--cert", "k/publisher.pem", "--export"])
        .assert()
        .success();

    // Truncated signature.
    let p7s = std::fs::read(h.join("p/dist/bundle.tar.zst.p7s")).unwrap();
    let der = base64::engine::general_purpose::STANDARD
        .decode(
            String::from_utf8_lossy(&p7s)
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    std::fs::write(h.join("short.der"), &der[..der.len() - 40]).unwrap();
    verify_with(h, Some("short.der"), "k/ca.pem")
        .code(12)
        .stderr(predicate::str::contains("damaged"));

    // SIGNATURE naming another digest.
    let sig_path = h.join("p/dist/SIGNATURE");
    let original = std::fs::read_to_string(&sig_path).unwrap();
    let mut sig: serde_json::Value = serde_json::from_str(&original).unwrap();
    sig["subject"]["digest"] = format!("sha256:{}", "cd".repeat(32)).into();
    std::fs::write(&sig_path, serde_json::to_vec(&sig).unwrap()).unwrap();
    verify_with(h, None, "k/ca.pem")
        .code(11)
        .stderr(predicate::str::contains("SIGNATURE is for sha256:cdcd"));
    std::fs::write(&sig_path, &original).unwrap();

    // One flipped byte: SIGNATURE's digest (11), the CMS message digest (12), and openssl agrees.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&bundle, &bytes).unwrap();
    verify_with(h, None, "k/ca.pem").code(11);
    verify_with(h, Some("p/dist/bundle.tar.zst.p7s"), "k/ca.pem")
        .code(12)
        .stderr(predicate::str::contains("message digest"));
    assert!(!openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "k/ca.pem"
    ));
}

#[test]
fn pgp_keys_may_have_a_passphrase() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    packed(h);
    alga(h)
        .env("ALGA_PGP_PASSPHRASE", "open sesame")
        .args(["keys", "generate", "--algorithm", "pgp"])
        .assert()
        .success()
        .stderr(predicate::str::contains("protected"));
    let sign = |pass: Option<&str>| {
        let mut cmd = alga(h);
        cmd.env_remove("ALGA_PGP_PASSPHRASE").args([
            "sign",
            "p/dist/bundle.tar.zst",
            "--key",
            "pgp.key.asc",
        ]);
        if let Some(p) = pass {
            cmd.env("ALGA_PGP_PASSPHRASE", p);
        }
        cmd.assert()
    };
    sign(None)
        .code(1)
        .stderr(predicate::str::contains("passphrase-protected"));
    sign(Some("wrong"))
        .code(1)
        .stderr(predicate::str::contains("does not unlock"));
    assert!(!h.join("p/dist/SIGNATURE").exists());
    sign(Some("open sesame")).success();
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "pgp.pub.asc"])
        .assert()
        .success();
}

#[test]
fn x509_chains_through_an_intermediate() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    // An openssl root and intermediate; alga issues the publisher from the intermediate.
    std::fs::write(
        h.join("int.cnf"),
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
    )
    .unwrap();
    openssl(
        h,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "root.key",
            "-out",
            "root.pem",
            "-subj",
            "/CN=Test Root",
            "-days",
            "30",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        h,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "int.key",
            "-subj",
            "/CN=Test Intermediate",
            "-out",
            "int.csr",
        ],
    );
    openssl(
        h,
        &[
            "x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-days",
            "30", "-extfile", "int.cnf", "-out", "int.pem",
        ],
    );
    x509_keys(
        h,
        "k",
        &["--ca", "int.pem", "--ca-key", "int.key", "--days", "10"],
    );
    // Without the intermediate the chain does not reach the root.
    sign_x509(h, "k/publisher.key", "k/publisher.pem").success();
    verify_with(h, None, "root.pem").code(13);
    // With it: alga and openssl both accept, trusting only the root.
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "k/publisher.key"])
        .args([
            "--cert",
            "k/publisher.pem",
            "--chain",
            "int.pem",
            "--export",
        ])
        .assert()
        .success();
    let sig: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.join("p/dist/SIGNATURE")).unwrap()).unwrap();
    assert_eq!(sig["certificates"].as_array().unwrap().len(), 2);
    verify_with(h, None, "root.pem").success();
    assert!(openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "root.pem"
    ));
}

/// A GNUPGHOME folder, private as gpg wants it.
fn gnupg_home(dir: &Path) {
    std::fs::create_dir(dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
}

/// gpg in `home`, failing the test with its stderr.
fn gpg_in(home: &Path, gnupg: &Path, args: &[&str], stdin: &str) {
    use std::io::Write;
    let mut child = common::peer("gpg")
        .args(["--no-tty", "--yes", "--pinentry-mode", "loopback"])
        .args(["--passphrase", "", "--command-fd", "0"])
        .args(args)
        .env("GNUPGHOME", gnupg)
        .current_dir(home)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "gpg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_pgp_certificate_revoked_in_the_trust_bundle_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    packed(h);
    alga(h)
        .args(["keys", "generate", "--algorithm", "pgp"])
        .args(["--name", "Alga Test <test@example.com>"])
        .assert()
        .success();
    // The SIGNATURE carries the signer's certificate as it was when signing; the .asc does not.
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--algorithm", "pgp"])
        .args(["--key", "pgp.key.asc", "--export"])
        .assert()
        .success();
    let signature: serde_json::Value =
        serde_json::from_slice(&std::fs::read(h.join("p/dist/SIGNATURE")).unwrap()).unwrap();
    assert!(signature["public_key"].is_string());

    // The publisher revokes the key with gpg (reason: the key was compromised) and the trust
    // bundle is updated with the revoked certificate.
    let gnupg = h.join("gnupg");
    gnupg_home(&gnupg);
    gpg_in(h, &gnupg, &["--import", "pgp.key.asc"], "");
    let fpr = sequoia_fingerprint(&std::fs::read_to_string(h.join("pgp.pub.asc")).unwrap());
    gpg_in(
        h,
        &gnupg,
        &["--output", "rev.asc", "--gen-revoke", &fpr],
        "y\n1\nthe key leaked\n\ny\n",
    );
    gpg_in(h, &gnupg, &["--import", "rev.asc"], "");
    gpg_in(
        h,
        &gnupg,
        &["--armor", "--output", "revoked.asc", "--export", &fpr],
        "",
    );

    for signature in ["p/dist/SIGNATURE", "p/dist/bundle.tar.zst.asc"] {
        alga(h)
            .args(["verify", "p/dist/bundle.tar.zst", "--signature", signature])
            .args(["--trust", "pgp.pub.asc"])
            .assert()
            .success();
        alga(h)
            .args(["verify", "p/dist/bundle.tar.zst", "--signature", signature])
            .args(["--trust", "revoked.asc"])
            .assert()
            .code(14)
            .stderr(predicate::str::contains("revoked"));
    }
    // However the trust file is put together: the old certificate followed by the revoked
    // one (an updated trust file), or gpg's revocation certificate before the certificate.
    let old = std::fs::read_to_string(h.join("pgp.pub.asc")).unwrap();
    let revoked = std::fs::read_to_string(h.join("revoked.asc")).unwrap();
    let revocation = std::fs::read_to_string(h.join("rev.asc")).unwrap();
    std::fs::write(h.join("updated.asc"), format!("{old}\n{revoked}")).unwrap();
    std::fs::write(h.join("rev-first.asc"), format!("{revocation}\n{old}")).unwrap();
    for trust in ["updated.asc", "rev-first.asc"] {
        for signature in ["p/dist/SIGNATURE", "p/dist/bundle.tar.zst.asc"] {
            alga(h)
                .args(["verify", "p/dist/bundle.tar.zst", "--signature", signature])
                .args(["--trust", trust])
                .assert()
                .code(14);
        }
    }
    // A keyring of two certificates in one armored block (`gpg --export --armor A B`) trusts
    // both.
    std::fs::create_dir(h.join("k2")).unwrap();
    alga(h)
        .args(["keys", "generate", "--algorithm", "pgp", "--out", "k2"])
        .args(["--name", "Second <second@example.com>"])
        .assert()
        .success();
    let gnupg2 = h.join("gnupg2");
    gnupg_home(&gnupg2);
    gpg_in(
        h,
        &gnupg2,
        &["--import", "pgp.pub.asc", "k2/pgp.pub.asc"],
        "",
    );
    let second = sequoia_fingerprint(&std::fs::read_to_string(h.join("k2/pgp.pub.asc")).unwrap());
    gpg_in(
        h,
        &gnupg2,
        &["--armor", "--output", "both.asc", "--export", &fpr, &second],
        "",
    );
    assert_eq!(
        std::fs::read_to_string(h.join("both.asc"))
            .unwrap()
            .matches("BEGIN PGP PUBLIC KEY BLOCK")
            .count(),
        1
    );
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--algorithm", "pgp"])
        .args(["--key", "k2/pgp.key.asc"])
        .assert()
        .success();
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "both.asc"])
        .assert()
        .success();
}

/// The primary key's fingerprint of an armored certificate, as gpg prints it.
fn sequoia_fingerprint(armored: &str) -> String {
    use sequoia_openpgp::parse::Parse;
    sequoia_openpgp::Cert::from_bytes(armored.as_bytes())
        .unwrap()
        .fingerprint()
        .to_hex()
}

/// Certificates made here with any validity (rcgen), and CMS signatures and RFC 3161 timestamp
/// tokens built with the cms crate, as a signer or authority could write them.
mod forge {
    use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
    use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
    use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
    use p256::ecdsa::{DerSignature, SigningKey};
    use p256::pkcs8::DecodePrivateKey;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    use time::{Duration, OffsetDateTime};
    use x509_cert::Certificate;
    use x509_cert::der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec};
    use x509_cert::der::{Decode, Encode};
    use x509_cert::spki::AlgorithmIdentifierOwned;

    const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
    const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
    const ID_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
    const ID_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
    const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

    pub struct Issued {
        pub key: KeyPair,
        pub cert: rcgen::Certificate,
        pub params: CertificateParams,
    }

    impl Issued {
        pub fn pem(&self) -> String {
            self.cert.pem()
        }
        fn x509(&self) -> Certificate {
            Certificate::from_der(self.cert.der()).unwrap()
        }
        fn signing_key(&self) -> SigningKey {
            SigningKey::from_pkcs8_pem(&self.key.serialize_pem()).unwrap()
        }
        pub fn issuer(&self) -> Issuer<'_, &KeyPair> {
            Issuer::from_ca_cert_der(self.cert.der(), &self.key).unwrap()
        }
        pub fn serial(&self) -> rcgen::SerialNumber {
            self.params.serial_number.clone().unwrap()
        }
    }

    /// Days from now.
    pub fn days(n: i64) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::days(n)
    }

    fn params(name: &str, from: i64, until: i64, serial: u8) -> CertificateParams {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, name);
        p.not_before = days(from);
        p.not_after = days(until);
        p.serial_number = Some(rcgen::SerialNumber::from_slice(&[serial, 1, 2, 3]));
        p
    }

    pub fn ca(name: &str) -> Issued {
        ca_valid(name, (-400, 400))
    }

    /// A CA valid from `from` to `until` days from now.
    pub fn ca_valid(name: &str, (from, until): (i64, i64)) -> Issued {
        let mut p = params(name, from, until, 1);
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let cert = p.self_signed(&key).unwrap();
        Issued {
            key,
            cert,
            params: p,
        }
    }

    /// A CA certificate issued by `ca` (no extended key usage), valid as long as it.
    pub fn intermediate(ca: &Issued, name: &str, serial: u8) -> Issued {
        let mut p = params(name, -400, 400, serial);
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let cert = p.signed_by(&key, &ca.issuer()).unwrap();
        Issued {
            key,
            cert,
            params: p,
        }
    }

    /// A time-stamping authority's certificate as RFC 3161 wants it: timeStamping the only
    /// extended key usage, critical.
    pub fn tsa(ca: &Issued, name: &str, (from, until): (i64, i64), serial: u8) -> Issued {
        let mut p = params(name, from, until, serial);
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        // SEQUENCE { id-kp-timeStamping }
        let eku = [
            0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08,
        ];
        let mut ext = rcgen::CustomExtension::from_oid_content(&[2, 5, 29, 37], eku.to_vec());
        ext.set_criticality(true);
        p.custom_extensions = vec![ext];
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let cert = p.signed_by(&key, &ca.issuer()).unwrap();
        Issued {
            key,
            cert,
            params: p,
        }
    }

    /// An end-entity certificate valid from `from` to `until` days from now, for `purpose`.
    pub fn leaf(
        ca: &Issued,
        name: &str,
        (from, until): (i64, i64),
        purpose: ExtendedKeyUsagePurpose,
        serial: u8,
    ) -> Issued {
        let mut p = params(name, from, until, serial);
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![purpose];
        let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let cert = p.signed_by(&key, &ca.issuer()).unwrap();
        Issued {
            key,
            cert,
            params: p,
        }
    }

    fn time_attribute(at: OffsetDateTime) -> x509_cert::attr::Attribute {
        let utc = x509_cert::der::asn1::UtcTime::from_system_time(at.into()).unwrap();
        let mut values = SetOfVec::new();
        values
            .insert(Any::from_der(&utc.to_der().unwrap()).unwrap())
            .unwrap();
        x509_cert::attr::Attribute {
            oid: ID_SIGNING_TIME,
            values,
        }
    }

    /// A SignedData signed by `signer` over `eci` (detached when `digest` is given); the
    /// signer claims `signing_time` when given.
    fn signed(
        signer: &Issued,
        chain: &[&Issued],
        eci: &EncapsulatedContentInfo,
        digest: Option<&[u8]>,
        signing_time: Option<OffsetDateTime>,
    ) -> SignedData {
        let leaf = signer.x509();
        let key = signer.signing_key();
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate.issuer.clone(),
            serial_number: leaf.tbs_certificate.serial_number.clone(),
        });
        let alg = AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        };
        let mut info = SignerInfoBuilder::new(&key, sid, alg.clone(), eci, digest).unwrap();
        if let Some(t) = signing_time {
            info.add_signed_attribute(time_attribute(t)).unwrap();
        }
        let mut builder = SignedDataBuilder::new(eci);
        builder.add_digest_algorithm(alg).unwrap();
        builder
            .add_certificate(CertificateChoices::Certificate(leaf))
            .unwrap();
        for more in chain {
            builder
                .add_certificate(CertificateChoices::Certificate(more.x509()))
                .unwrap();
        }
        builder
            .add_signer_info::<SigningKey, DerSignature>(info)
            .unwrap();
        let ci = builder.build().unwrap();
        ci.content.decode_as().unwrap()
    }

    fn content_info(sd: &SignedData) -> Vec<u8> {
        cms::content_info::ContentInfo {
            content_type: ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2"),
            content: Any::encode_from(sd).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    /// A detached CMS over a bundle whose SHA-256 is `digest`, claiming `signing_time`.
    pub fn cms(signer: &Issued, digest: &[u8], signing_time: OffsetDateTime) -> Vec<u8> {
        let eci = EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        };
        content_info(&signed(signer, &[], &eci, Some(digest), Some(signing_time)))
    }

    fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match body.len() {
            n if n < 0x80 => out.push(n as u8),
            n if n < 0x100 => out.extend([0x81, n as u8]),
            n => out.extend([0x82, (n >> 8) as u8, n as u8]),
        }
        out.extend_from_slice(body);
        out
    }

    /// A TSTInfo stamping `imprint` (SHA-256) at `at`.
    fn tst_info(imprint: &[u8], at: OffsetDateTime) -> Vec<u8> {
        let gen_time = format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}Z",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        );
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        };
        let mut body = Vec::new();
        body.extend(1u8.to_der().unwrap());
        body.extend(
            ObjectIdentifier::new_unwrap("1.3.6.1.4.1.4146.2.3")
                .to_der()
                .unwrap(),
        );
        let mut imprint_body = sha256.to_der().unwrap();
        imprint_body.extend(OctetString::new(imprint).unwrap().to_der().unwrap());
        body.extend(der_tlv(0x30, &imprint_body));
        body.extend(42u32.to_der().unwrap());
        body.extend(der_tlv(0x18, gen_time.as_bytes()));
        der_tlv(0x30, &body)
    }

    /// `cms` with a timestamp token by `tsa` in its signer's unsigned attributes, stamping
    /// `at` over the signer's signature (or over `imprint_of` instead, when given).
    pub fn with_timestamp(
        cms: &[u8],
        tsa: &Issued,
        at: OffsetDateTime,
        imprint_of: Option<&[u8]>,
    ) -> Vec<u8> {
        with_timestamp_chain(cms, tsa, &[], at, imprint_of)
    }

    /// [`with_timestamp`], the token also carrying `chain`.
    pub fn with_timestamp_chain(
        cms: &[u8],
        tsa: &Issued,
        chain: &[&Issued],
        at: OffsetDateTime,
        imprint_of: Option<&[u8]>,
    ) -> Vec<u8> {
        use sha2::Digest;
        let ci = cms::content_info::ContentInfo::from_der(cms).unwrap();
        let mut sd: SignedData = ci.content.decode_as().unwrap();
        let mut infos = sd.signer_infos.0.into_vec();
        let signature = infos[0].signature.as_bytes().to_vec();
        let imprint = sha2::Sha256::digest(imprint_of.unwrap_or(&signature));
        let tst = tst_info(&imprint, at);
        let eci = EncapsulatedContentInfo {
            econtent_type: ID_TST_INFO,
            econtent: Some(Any::encode_from(&OctetString::new(tst).unwrap()).unwrap()),
        };
        let token = content_info(&signed(tsa, chain, &eci, None, None));
        let mut values = SetOfVec::new();
        values.insert(Any::from_der(&token).unwrap()).unwrap();
        let mut attrs = SetOfVec::new();
        attrs
            .insert(x509_cert::attr::Attribute {
                oid: ID_TOKEN,
                values,
            })
            .unwrap();
        infos[0].unsigned_attrs = Some(attrs);
        sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos).unwrap());
        content_info(&sd)
    }

    /// A CRL by `ca` revoking `serials` (key compromise), current.
    pub fn crl(ca: &Issued, serials: &[rcgen::SerialNumber]) -> String {
        crl_of(ca, serials, (-1, 30))
    }

    /// A CRL by `ca` revoking `serials`, issued and due for renewal `days` from now.
    pub fn crl_of(
        ca: &Issued,
        serials: &[rcgen::SerialNumber],
        (issued, due): (i64, i64),
    ) -> String {
        let params = rcgen::CertificateRevocationListParams {
            this_update: days(issued),
            next_update: days(due),
            crl_number: rcgen::SerialNumber::from(1u64),
            issuing_distribution_point: None,
            revoked_certs: serials
                .iter()
                .map(|s| rcgen::RevokedCertParams {
                    serial_number: s.clone(),
                    revocation_time: days(issued),
                    reason_code: Some(rcgen::RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: rcgen::KeyIdMethod::Sha256,
        };
        params.signed_by(&ca.issuer()).unwrap().pem().unwrap()
    }
}

#[test]
fn x509_validity_is_checked_now_unless_a_trusted_timestamp_or_at_says_when() {
    use rcgen::ExtendedKeyUsagePurpose::{CodeSigning, TimeStamping};
    let write = |h: &Path, name: &str, bytes: &[u8]| std::fs::write(h.join(name), bytes).unwrap();
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    let digest = hex::decode(
        std::fs::read_to_string(h.join("p/dist/bundle.sha256"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let ca = forge::ca("Trusted CA");
    std::fs::write(h.join("ca.pem"), ca.pem()).unwrap();
    // A publisher whose certificate expired 30 days ago signs today, claiming a signing time
    // inside its validity.
    let expired = forge::leaf(&ca, "Expired Publisher", (-60, -30), CodeSigning, 2);
    let back_dated = forge::cms(&expired, &digest, forge::days(-45));
    std::fs::write(h.join("back-dated.p7s"), &back_dated).unwrap();
    let verify = |sig: &str, extra: &[&str]| {
        let mut cmd = alga(h);
        cmd.args(["verify", "p/dist/bundle.tar.zst", "--signature", sig])
            .args(["--trust", "ca.pem"])
            .args(extra);
        cmd.assert()
    };
    verify("back-dated.p7s", &[])
        .code(14)
        .stderr(predicate::str::contains("expired on"))
        .stderr(predicate::str::contains("before the verification time"));
    // On purpose, at a time inside the validity.
    let at = forge::days(-45)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    verify("back-dated.p7s", &["--at", &at])
        .success()
        .stdout(predicate::str::contains("certificate valid at --at"));

    // A timestamp token from a trusted authority dates the signature: it verifies.
    let tsa = forge::tsa(&ca, "Trusted TSA", (-400, 400), 3);
    let stamped = forge::with_timestamp(&back_dated, &tsa, forge::days(-45), None);
    std::fs::write(h.join("stamped.p7s"), &stamped).unwrap();
    let out = verify("stamped.p7s", &["--json"]).success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(report["timestamp"].is_string(), "{report}");
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "certificate valid at the trusted timestamp with codeSigning"),
        "{report}"
    );
    // ...but not one over another signature, by an authority not trusted, or by a certificate
    // that is not a time-stamping authority's.
    let other = forge::with_timestamp(&back_dated, &tsa, forge::days(-45), Some(b"other"));
    std::fs::write(h.join("other.p7s"), &other).unwrap();
    verify("other.p7s", &[])
        .code(12)
        .stderr(predicate::str::contains("stamps another signature"));
    // A token whose authority is not trusted here is not used (as openssl ignores it): the
    // certificate is checked now, and the message says why the timestamp did not count.
    let foreign_ca = forge::ca("Other CA");
    let foreign_tsa = forge::tsa(&foreign_ca, "Other TSA", (-400, 400), 4);
    let foreign = forge::with_timestamp(&back_dated, &foreign_tsa, forge::days(-45), None);
    write(h, "foreign.p7s", &foreign);
    verify("foreign.p7s", &[])
        .code(14)
        .stderr(predicate::str::contains(
            "the timestamp in the CMS was not used: its authority CN=Other TSA is not in the trust bundle",
        ));
    // Not a time-stamping authority's certificate: the signer's own, one that also signs code,
    // one whose timeStamping purpose is not critical.
    let signer_stamp = forge::with_timestamp(&back_dated, &expired, forge::days(-45), None);
    write(h, "self-stamped.p7s", &signer_stamp);
    verify("self-stamped.p7s", &[])
        .code(14)
        .stderr(predicate::str::contains(
            "is not a time-stamping authority's",
        ));
    let lax = forge::leaf(&ca, "Lax TSA", (-400, 400), TimeStamping, 7);
    let lax_stamp = forge::with_timestamp(&back_dated, &lax, forge::days(-45), None);
    write(h, "lax.p7s", &lax_stamp);
    verify("lax.p7s", &[])
        .code(14)
        .stderr(predicate::str::contains(
            "must be timeStamping only, and critical",
        ));
    // An authority whose certificate was issued after the time it claims to stamp.
    let young = forge::tsa(&ca, "Young TSA", (-10, 400), 8);
    let young_stamp = forge::with_timestamp(&back_dated, &young, forge::days(-45), None);
    write(h, "young.p7s", &young_stamp);
    verify("young.p7s", &[])
        .code(14)
        .stderr(predicate::str::contains("was not used: its authority"));
    // An authority behind an intermediate CA that lists no purposes is fine.
    let inter = forge::intermediate(&ca, "TSA Intermediate", 9);
    let deep = forge::tsa(&inter, "Deep TSA", (-400, 400), 10);
    let deep_stamp =
        forge::with_timestamp_chain(&back_dated, &deep, &[&inter], forge::days(-45), None);
    write(h, "deep.p7s", &deep_stamp);
    verify("deep.p7s", &[]).success();
    // A signature valid now verifies whatever its timestamp, with a warning when it is not used.
    let current = forge::leaf(&ca, "Current Publisher", (-10, 300), CodeSigning, 11);
    let now_signed = forge::cms(&current, &digest, forge::days(0));
    let stamped_foreign = forge::with_timestamp(&now_signed, &foreign_tsa, forge::days(0), None);
    write(h, "current.p7s", &stamped_foreign);
    verify("current.p7s", &[])
        .success()
        .stderr(predicate::str::contains(
            "the timestamp in the signature was not used",
        ));
    drop(bundle);
}

#[test]
fn x509_trust_anchors_are_ca_certificates_valid_at_the_time() {
    use rcgen::ExtendedKeyUsagePurpose::CodeSigning;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    packed(h);
    let digest = hex::decode(
        std::fs::read_to_string(h.join("p/dist/bundle.sha256"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let verify = |sig: &str, trust: &str| {
        let mut cmd = alga(h);
        cmd.args(["verify", "p/dist/bundle.tar.zst", "--signature", sig])
            .args(["--trust", trust]);
        cmd.assert()
    };
    // A publisher's own certificate in the trust bundle is not a CA: its key cannot issue.
    let ca = forge::ca("Trusted CA");
    let publisher = forge::leaf(&ca, "Publisher", (-10, 300), CodeSigning, 2);
    std::fs::write(h.join("publisher.pem"), publisher.pem()).unwrap();
    let mallory = forge::leaf(&publisher, "Mallory", (-10, 300), CodeSigning, 3);
    std::fs::write(
        h.join("mallory.p7s"),
        forge::cms(&mallory, &digest, forge::days(0)),
    )
    .unwrap();
    verify("mallory.p7s", "publisher.pem").code(13);
    // A CA that has expired anchors nothing (openssl: "certificate has expired").
    let old = forge::ca_valid("Old CA", (-800, -1));
    std::fs::write(h.join("old.pem"), old.pem()).unwrap();
    let under_old = forge::leaf(&old, "Publisher", (-10, 300), CodeSigning, 4);
    std::fs::write(
        h.join("old.p7s"),
        forge::cms(&under_old, &digest, forge::days(0)),
    )
    .unwrap();
    verify("old.p7s", "old.pem")
        .code(14)
        .stderr(predicate::str::contains(
            "no CA certificate of the trust bundle is valid at the verification time",
        ));
}

#[test]
fn x509_certificates_revoked_by_a_crl_are_refused() {
    use rcgen::ExtendedKeyUsagePurpose::CodeSigning;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    packed(h);
    let ca = forge::ca("Trusted CA");
    std::fs::write(h.join("ca.pem"), ca.pem()).unwrap();
    let publisher = forge::leaf(&ca, "Publisher", (-10, 300), CodeSigning, 5);
    std::fs::write(h.join("publisher.pem"), publisher.pem()).unwrap();
    std::fs::write(h.join("publisher.key"), publisher.key.serialize_pem()).unwrap();
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "publisher.key"])
        .args(["--cert", "publisher.pem"])
        .assert()
        .success();
    let verify = |trust: &str, extra: &[&str]| {
        let mut cmd = alga(h);
        cmd.args(["verify", "p/dist/bundle.tar.zst", "--trust", trust])
            .args(extra);
        cmd.assert()
    };
    verify("ca.pem", &[]).success();
    // A CRL that revokes another certificate changes nothing; one that revokes the
    // publisher's refuses it, given with --crl or in the trust bundle.
    let unrelated = forge::leaf(&ca, "Someone", (-10, 300), CodeSigning, 6);
    std::fs::write(h.join("other.crl"), forge::crl(&ca, &[unrelated.serial()])).unwrap();
    verify("ca.pem", &["--crl", "other.crl"])
        .success()
        .stdout(predicate::str::contains("not revoked by the CRLs given"));
    let revoking = forge::crl(&ca, &[publisher.serial()]);
    std::fs::write(h.join("revoked.crl"), &revoking).unwrap();
    verify("ca.pem", &["--crl", "revoked.crl"])
        .code(14)
        .stderr(predicate::str::contains("a CRL revokes a certificate"));
    std::fs::write(h.join("trust.pem"), format!("{}{revoking}", ca.pem())).unwrap();
    verify("trust.pem", &[]).code(14);
    // A CRL signed by another CA is refused as such.
    let foreign_ca = forge::ca("Trusted CA");
    std::fs::write(
        h.join("forged.crl"),
        forge::crl(&foreign_ca, &[publisher.serial()]),
    )
    .unwrap();
    verify("ca.pem", &["--crl", "forged.crl"]).code(14);
    // Of several CRLs from one CA the newest counts, whatever their order: an older one that
    // revokes nothing does not hide a newer one, and an expired older one does not fail.
    let old_empty = forge::crl_of(&ca, &[], (-5, 30));
    std::fs::write(h.join("trust-old.pem"), format!("{}{old_empty}", ca.pem())).unwrap();
    verify("trust-old.pem", &[]).success();
    verify("trust-old.pem", &["--crl", "revoked.crl"]).code(14);
    std::fs::write(h.join("old-empty.crl"), &old_empty).unwrap();
    verify(
        "ca.pem",
        &["--crl", "revoked.crl", "--crl", "old-empty.crl"],
    )
    .code(14);
    let lapsed = forge::crl_of(&ca, &[], (-60, -30));
    std::fs::write(
        h.join("lapsed.crl"),
        format!("{lapsed}{}", forge::crl(&ca, &[])),
    )
    .unwrap();
    verify("ca.pem", &["--crl", "lapsed.crl"]).success();
    std::fs::write(h.join("only-lapsed.crl"), &lapsed).unwrap();
    verify("ca.pem", &["--crl", "only-lapsed.crl"])
        .code(14)
        .stderr(predicate::str::contains("due for renewal"));
    // A damaged CRL in the trust bundle is an error, not a CRL less.
    let damaged = revoking.replacen("MI", "M!", 1);
    std::fs::write(
        h.join("trust-damaged.pem"),
        format!("{}{damaged}", ca.pem()),
    )
    .unwrap();
    verify("trust-damaged.pem", &[])
        .code(14)
        .stderr(predicate::str::contains("CRL number 1"));
    // A CRL of another CA covers nothing here, and the report does not claim it does.
    let foreign = forge::ca("Foreign CA");
    std::fs::write(h.join("foreign.crl"), forge::crl(&foreign, &[])).unwrap();
    verify("ca.pem", &["--crl", "foreign.crl"])
        .success()
        .stdout(predicate::str::contains("not revoked").not());
    // --at and --crl are for x509 signatures.
    alga(h)
        .args([
            "keys",
            "generate",
            "--algorithm",
            "pgp",
            "--name",
            "P <p@example.com>",
        ])
        .assert()
        .success();
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "pgp.key.asc"])
        .assert()
        .success();
    verify("pgp.pub.asc", &["--at", "2020-01-01"])
        .code(2)
        .stderr(predicate::str::contains("apply to x509 signatures"));
    // A file that is not a CRL is named.
    std::fs::write(h.join("junk.crl"), "not a crl").unwrap();
    verify("ca.pem", &["--crl", "junk.crl"])
        .code(1)
        .stderr(predicate::str::contains("junk.crl` (--crl) holds no CRL"));
}

/// A time-stamping authority on 127.0.0.1 whose replies `openssl ts -reply` makes, with its
/// own CA (`tsa-ca.pem`) in `h`; returns its URL. It answers until the test ends.
fn openssl_tsa(h: &Path) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let ext = "[tsa]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n";
    std::fs::write(h.join("tsa-ext.cnf"), ext).unwrap();
    let config = "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ./tsa-serial\ncrypto_device = builtin\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1, millisecs:500\nclock_precision_digits = 0\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n";
    std::fs::write(h.join("tsa.cnf"), config).unwrap();
    std::fs::write(h.join("tsa-serial"), "01\n").unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    openssl(
        h,
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-keyout",
                "tsa-ca.key",
                "-out",
                "tsa-ca.pem",
                "-subj",
                "/CN=Test TSA CA",
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        ]
        .concat(),
    );
    openssl(
        h,
        &[
            &["req"][..],
            &ec,
            &[
                "-keyout",
                "tsa.key",
                "-out",
                "tsa.csr",
                "-subj",
                "/CN=Test TSA",
            ],
        ]
        .concat(),
    );
    openssl(
        h,
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "tsa-ca.pem",
            "-CAkey",
            "tsa-ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.pem",
            "-days",
            "30",
            "-extfile",
            "tsa-ext.cnf",
            "-extensions",
            "tsa",
        ],
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let dir = h.to_path_buf();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().flatten().enumerate() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut query = vec![0u8; length];
            reader.read_exact(&mut query).unwrap();
            let (tsq, tsr) = (format!("q{n}.tsq"), format!("r{n}.tsr"));
            std::fs::write(dir.join(&tsq), &query).unwrap();
            openssl(
                &dir,
                &[
                    "ts",
                    "-reply",
                    "-config",
                    "tsa.cnf",
                    "-queryfile",
                    &tsq,
                    "-signer",
                    "tsa.pem",
                    "-inkey",
                    "tsa.key",
                    "-out",
                    &tsr,
                ],
            );
            let reply = std::fs::read(dir.join(&tsr)).unwrap();
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/timestamp-reply\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                reply.len()
            )
            .unwrap();
            stream.write_all(&reply).unwrap();
        }
    });
    url
}

#[test]
fn x509_sign_asks_a_time_stamping_authority_and_verify_trusts_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let bundle = packed(h);
    x509_keys(h, "k", &[]);
    let url = openssl_tsa(h);
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "k/publisher.key"])
        .args(["--cert", "k/publisher.pem", "--tsa", &url, "--export"])
        .assert()
        .success();
    // The authority's CA trusted too: the timestamp dates the signature.
    let trust = format!(
        "{}{}",
        std::fs::read_to_string(h.join("k/ca.pem")).unwrap(),
        std::fs::read_to_string(h.join("tsa-ca.pem")).unwrap()
    );
    std::fs::write(h.join("trust.pem"), trust).unwrap();
    let out = alga(h)
        .args([
            "verify",
            "p/dist/bundle.tar.zst",
            "--trust",
            "trust.pem",
            "--json",
        ])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(report["timestamp"].is_string(), "{report}");
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "timestamp from a trusted authority"),
        "{report}"
    );
    // Without the authority's CA the token is not used (the certificate is valid now anyway),
    // and a warning says so.
    alga(h)
        .args(["verify", "p/dist/bundle.tar.zst", "--trust", "k/ca.pem"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "the timestamp in the signature was not used: its authority CN=Test TSA is not in the trust bundle",
        ));
    // openssl still accepts the CMS with the token in it.
    assert!(openssl_cms_accepts(
        h,
        &bundle,
        "p/dist/bundle.tar.zst.p7s",
        "k/ca.pem"
    ));
    // And openssl's own check of the token, over the signature it stamps.
    let p7s = std::fs::read_to_string(h.join("p/dist/bundle.tar.zst.p7s")).unwrap();
    let der = alga::signing::x509::cms_der(p7s.as_bytes()).unwrap();
    std::fs::write(
        h.join("signature.bin"),
        alga::signing::tsp::signature_of(&der).unwrap(),
    )
    .unwrap();
    std::fs::write(
        h.join("r0.token"),
        token_of_reply(&std::fs::read(h.join("r0.tsr")).unwrap()),
    )
    .unwrap();
    openssl(
        h,
        &[
            "ts",
            "-verify",
            "-data",
            "signature.bin",
            "-in",
            "r0.token",
            "-token_in",
            "-CAfile",
            "tsa-ca.pem",
        ],
    );

    // A TSA that cannot be reached is named, and nothing is written.
    std::fs::remove_file(h.join("p/dist/SIGNATURE")).unwrap();
    alga(h)
        .args(["sign", "p/dist/bundle.tar.zst", "--key", "k/publisher.key"])
        .args(["--cert", "k/publisher.pem", "--tsa", "http://127.0.0.1:9/"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no timestamp from `http://127.0.0.1:9/`",
        ));
    assert!(!h.join("p/dist/SIGNATURE").exists());
}

/// The token (ContentInfo) of a DER TimeStampResp.
fn token_of_reply(der: &[u8]) -> Vec<u8> {
    alga::signing::tsp::token_of_response(der).unwrap()
}
