//! x509 (CMS) signatures: openssl cms in both directions, certificate and tampering failures
//! with their exit codes, chains through an intermediate.

use super::*;

pub(crate) fn openssl(h: &Path, args: &[&str]) {
    run_ok(common::peer("openssl").args(args).current_dir(h));
}

/// `alga sign` of the test bundle with an x509 key and certificate.
pub(crate) fn sign_x509(h: &Path, key: &str, cert: &str) -> assert_cmd::assert::Assert {
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
pub(crate) fn openssl_cms_sign(
    h: &Path,
    bundle: &Path,
    cert: &str,
    key: &str,
    out: &str,
    extra: &[&str],
) {
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
pub(crate) fn openssl_cms_accepts(h: &Path, bundle: &Path, p7s: &str, ca: &str) -> bool {
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

pub(crate) fn x509_keys(h: &Path, dir: &str, extra: &[&str]) {
    std::fs::create_dir_all(h.join(dir)).unwrap();
    alga(h)
        .args(["keys", "generate", "--algorithm", "x509", "--out", dir])
        .args(extra)
        .assert()
        .success();
}

pub(crate) fn verify_with(
    h: &Path,
    signature: Option<&str>,
    trust: &str,
) -> assert_cmd::assert::Assert {
    let mut cmd = alga(h);
    cmd.args(["verify", "p/dist/bundle.tar.zst", "--trust", trust]);
    if let Some(s) = signature {
        cmd.args(["--signature", s]);
    }
    cmd.assert()
}

/// The test bundle packed and an x509 CA with a publisher ("Acme Extensions") in `k/`.
pub(crate) fn x509_setup(h: &Path) -> std::path::PathBuf {
    let bundle = packed(h);
    x509_keys(h, "k", &["--name", "Acme Extensions"]);
    bundle
}

#[test]
pub(crate) fn x509_signatures_made_here_pass_openssl_cms() {
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
pub(crate) fn openssl_cms_signatures_verify_here() {
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
pub(crate) fn another_publisher_of_the_ca_signs_through_pack() {
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
pub(crate) fn x509_certificate_failures_each_have_their_own_exit_code() {
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
pub(crate) fn x509_tampered_signatures_each_have_their_own_exit_code() {
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
pub(crate) fn x509_chains_through_an_intermediate() {
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
