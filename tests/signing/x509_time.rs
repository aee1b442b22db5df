//! x509 signatures over time: validity now, at a trusted timestamp or `--at`; trust anchors;
//! CRLs; RFC 3161 time-stamping authorities.

use super::*;

#[test]
pub(crate) fn x509_validity_is_checked_now_unless_a_trusted_timestamp_or_at_says_when() {
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
pub(crate) fn x509_trust_anchors_are_ca_certificates_valid_at_the_time() {
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
pub(crate) fn x509_certificates_revoked_by_a_crl_are_refused() {
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
pub(crate) fn openssl_tsa(h: &Path) -> String {
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
pub(crate) fn x509_sign_asks_a_time_stamping_authority_and_verify_trusts_it() {
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
pub(crate) fn token_of_reply(der: &[u8]) -> Vec<u8> {
    alga::signing::tsp::token_of_response(der).unwrap()
}
