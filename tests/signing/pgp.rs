//! OpenPGP signatures: gpgv and sqv accept ours, ours accept gpg's, passphrases, revocation.

use super::*;

/// The test bundle packed and signed with a new OpenPGP key (`pgp.key.asc`, SIGNATURE and the
/// `.asc` sidecar), and a GNUPGHOME; returns (bundle, gnupg folder).
pub(crate) fn pgp_setup(h: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
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
pub(crate) fn pgp_signatures_made_here_pass_gpgv_and_sqv() {
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
pub(crate) fn gpg_signatures_verify_here() {
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

#[test]
pub(crate) fn pgp_keys_may_have_a_passphrase() {
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

/// A GNUPGHOME folder, private as gpg wants it.
pub(crate) fn gnupg_home(dir: &Path) {
    std::fs::create_dir(dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
}

/// gpg in `home`, failing the test with its stderr.
pub(crate) fn gpg_in(home: &Path, gnupg: &Path, args: &[&str], stdin: &str) {
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
pub(crate) fn a_pgp_certificate_revoked_in_the_trust_bundle_is_refused() {
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
pub(crate) fn sequoia_fingerprint(armored: &str) -> String {
    use sequoia_openpgp::parse::Parse;
    sequoia_openpgp::Cert::from_bytes(armored.as_bytes())
        .unwrap()
        .fingerprint()
        .to_hex()
}
