//! `alga keys generate`, `alga sign` and `alga verify`.

use std::path::PathBuf;

use crate::cli::{KeysGenerateArgs, SignAlgorithm, SignArgs, VerifyArgs};
use crate::error::UserError;
use crate::output::Printer;
use crate::signing::files::{read_crls, sign_bundle};
use crate::signing::keys::{load_signing_key, password, read_text};
use crate::signing::{self, SignError, cosign, x509};

fn refuse_existing(paths: &[&PathBuf]) -> anyhow::Result<()> {
    for p in paths {
        if p.exists() {
            return Err(UserError::with_hint(
                format!("`{}` already exists", p.display()),
                "choose another `--out` folder, or move the old keys away",
            )
            .into());
        }
    }
    Ok(())
}

pub fn keys(args: KeysGenerateArgs, printer: &Printer) -> anyhow::Result<()> {
    if args.algorithm != SignAlgorithm::X509 && (args.ca.is_some() || args.ca_key.is_some()) {
        return Err(UserError::with_hint(
            "`--ca` and `--ca-key` are for `--algorithm x509`",
            "drop them, or generate x509 keys",
        )
        .into());
    }
    match args.algorithm {
        SignAlgorithm::X509 => return keys_x509(&args, printer),
        SignAlgorithm::Pgp | SignAlgorithm::Cosign => {}
    }
    let (private, public) = match args.algorithm {
        SignAlgorithm::Pgp => (args.out.join("pgp.key.asc"), args.out.join("pgp.pub.asc")),
        _ => (args.out.join("cosign.key"), args.out.join("cosign.pub")),
    };
    refuse_existing(&[&private, &public])?;
    let (key, pub_text, what) = match args.algorithm {
        SignAlgorithm::Pgp => {
            let userid = args.name.as_deref().unwrap_or("alga signer");
            // A passphrase is optional: ALGA_PGP_PASSPHRASE protects the key when set.
            let passphrase = std::env::var_os("ALGA_PGP_PASSPHRASE")
                .filter(|p| !p.is_empty())
                .map(|p| p.into_encoded_bytes());
            let (secret, public) = signing::pgp::generate(userid, passphrase.as_deref())?;
            let what = if passphrase.is_some() {
                "an OpenPGP v4 key (protected with ALGA_PGP_PASSPHRASE)"
            } else {
                "an OpenPGP v4 key (unencrypted: keep pgp.key.asc private, or set ALGA_PGP_PASSPHRASE)"
            };
            (secret, public, what)
        }
        _ => {
            let (key, public) = cosign::generate(&password()?)?;
            (key, public, "a cosign key pair (ECDSA P-256)")
        }
    };
    crate::fsutil::write_atomic_mode(&private, key.as_bytes(), 0o600)?;
    crate::fsutil::write_atomic(&public, pub_text.as_bytes())?;
    printer.status("Generated", what);
    printer.result(
        &serde_json::json!({ "privateKey": private, "publicKey": public }),
        || format!("{}\n{}", private.display(), public.display()),
    );
    Ok(())
}

/// x509: a development CA (unless `--ca` names one) and a publisher certificate it issues.
fn keys_x509(args: &KeysGenerateArgs, printer: &Printer) -> anyhow::Result<()> {
    let name = args.name.as_deref().unwrap_or("alga publisher");
    let key_path = args.out.join("publisher.key");
    let cert_path = args.out.join("publisher.pem");
    let mut validity = x509::Validity::days(args.days);
    if let Some(from) = args.not_before {
        validity.not_before = from;
    }
    if let Some(until) = args.not_after {
        validity.not_after = until;
    }
    if validity.not_after <= validity.not_before {
        return Err(UserError::with_hint(
            "`--not-after` is not after `--not-before`",
            "give a validity period that ends after it starts",
        )
        .into());
    }
    let (ca, new_ca) = match (&args.ca, &args.ca_key) {
        (Some(cert), Some(key)) => {
            let ca = x509::Issued {
                cert_pem: read_text(cert, "the CA certificate (PEM)")?,
                key_pem: read_text(key, "the CA private key (PEM)")?,
            };
            (ca, None)
        }
        (None, None) => {
            let ca_cert = args.out.join("ca.pem");
            let ca_key = args.out.join("ca.key");
            refuse_existing(&[&ca_cert, &ca_key, &key_path, &cert_path])?;
            let ca = x509::generate_ca(name, x509::Validity::days(args.days.max(3650)))?;
            (ca, Some((ca_cert, ca_key)))
        }
        _ => {
            return Err(UserError::with_hint(
                "`--ca` and `--ca-key` go together",
                "pass the CA certificate with `--ca` and its private key with `--ca-key`",
            )
            .into());
        }
    };
    refuse_existing(&[&key_path, &cert_path])?;
    let publisher = x509::issue_publisher(&ca, name, validity)?;
    let mut files = serde_json::Map::new();
    if let Some((ca_cert, ca_key)) = &new_ca {
        crate::fsutil::write_atomic_mode(ca_key, ca.key_pem.as_bytes(), 0o600)?;
        crate::fsutil::write_atomic(ca_cert, ca.cert_pem.as_bytes())?;
        files.insert("caKey".into(), serde_json::json!(ca_key));
        files.insert("caCertificate".into(), serde_json::json!(ca_cert));
    }
    crate::fsutil::write_atomic_mode(&key_path, publisher.key_pem.as_bytes(), 0o600)?;
    crate::fsutil::write_atomic(&cert_path, publisher.cert_pem.as_bytes())?;
    files.insert("privateKey".into(), serde_json::json!(key_path));
    files.insert("certificate".into(), serde_json::json!(cert_path));
    printer.status(
        "Generated",
        &format!(
            "{}a publisher certificate for `{name}` (ECDSA P-256, codeSigning, {} days)",
            if new_ca.is_some() {
                "a development CA and "
            } else {
                ""
            },
            (validity.not_after - validity.not_before).whole_days()
        ),
    );
    if new_ca.is_some() {
        printer
            .detail("verifiers trust ca.pem (`alga verify --trust ca.pem`); keep ca.key offline");
    }
    printer.result(&serde_json::Value::Object(files), || {
        let mut lines = Vec::new();
        if let Some((c, k)) = &new_ca {
            lines.push(c.display().to_string());
            lines.push(k.display().to_string());
        }
        lines.push(cert_path.display().to_string());
        lines.push(key_path.display().to_string());
        lines.join("\n")
    });
    Ok(())
}

pub fn sign(args: SignArgs, printer: &Printer) -> anyhow::Result<()> {
    let key_path = args.key.ok_or_else(|| {
        UserError::with_hint(
            "`--key` is required",
            "pass the private key file (cosign.key, pgp.key.asc or publisher.key with --cert)",
        )
    })?;
    let key = load_signing_key(
        args.algorithm.map(Into::into),
        &key_path,
        args.cert.as_deref(),
        args.chain.as_deref(),
    )?;
    let (sig, written) = sign_bundle(&args.bundle, &key, args.export, args.tsa.as_deref())?;
    printer.status(
        "Signed",
        &format!(
            "{} ({}, {})",
            args.bundle.display(),
            sig.algorithm,
            sig.subject.digest
        ),
    );
    printer.result(
        &serde_json::json!({ "signature": sig, "written": written }),
        || {
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    Ok(())
}

pub fn verify(args: VerifyArgs, printer: &Printer) -> anyhow::Result<()> {
    let trust = args.trust.ok_or(SignError::NoTrust)?;
    // SIGNING_TRUST_BUNDLE holds PEM text on the server; a path works too.
    let (trust_path, _guard) = if trust.contains("-----BEGIN") {
        let file = tempfile::NamedTempFile::new()?;
        std::fs::write(file.path(), &trust)?;
        (file.path().to_path_buf(), Some(file))
    } else {
        (PathBuf::from(&trust), None)
    };
    let signature = args
        .signature
        .unwrap_or_else(|| signing::signature_path(&args.bundle));
    let mut policy = signing::x509::Policy {
        at: args.at.map(std::time::SystemTime::from),
        crls: Vec::new(),
    };
    for path in &args.crl {
        policy.crls.extend(read_crls(path)?);
    }
    let report = signing::verify(&args.bundle, &signature, &trust_path, &policy)?;
    if let Some(why) = &report.timestamp_ignored {
        printer.warn(&format!(
            "the timestamp in the signature was not used: {why}"
        ));
    }
    printer.result(&report, || {
        format!(
            "verified {} ({}, {} `{}`, {}, signed by {}): {}",
            args.bundle.display(),
            report.algorithm,
            report.source,
            signature.display(),
            report.subject.digest,
            report.signer.as_deref().unwrap_or("?"),
            report.checks.join(", ")
        )
    });
    Ok(())
}
