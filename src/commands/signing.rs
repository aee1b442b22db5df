//! `alga keys generate`, `alga sign` and `alga verify`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{KeysGenerateArgs, SignAlgorithm, SignArgs, VerifyArgs};
use crate::error::UserError;
use crate::output::Printer;
use crate::signing::{self, SignError, cosign, x509};

fn algorithm_name(a: SignAlgorithm) -> &'static str {
    match a {
        SignAlgorithm::X509 => "x509",
        SignAlgorithm::Pgp => "pgp",
        SignAlgorithm::Cosign => "cosign",
    }
}

/// A secret from an environment variable, else a prompt when there is a terminal.
fn secret_from(var: &str, prompt: &str, missing: SignError) -> Result<Vec<u8>, SignError> {
    if let Some(p) = std::env::var_os(var) {
        return Ok(p.into_encoded_bytes());
    }
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map(String::into_bytes)
            .map_err(|_| missing);
    }
    Err(missing)
}

/// The key password, as cosign reads it: COSIGN_PASSWORD, else a prompt on the terminal.
fn password() -> Result<Vec<u8>, SignError> {
    secret_from(
        "COSIGN_PASSWORD",
        "Enter password for private key: ",
        SignError::NoPassword,
    )
}

/// ALGA_PGP_PASSPHRASE, else a prompt on the terminal.
fn pgp_passphrase() -> Result<Vec<u8>, SignError> {
    secret_from(
        "ALGA_PGP_PASSPHRASE",
        "Enter passphrase for the OpenPGP key: ",
        SignError::NoPassphrase,
    )
}

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

fn read_text(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        UserError::with_hint(
            format!("cannot read `{}`: {e}", path.display()),
            format!("pass {what}"),
        )
        .into()
    })
}

/// A signing key, read and checked (password, passphrase, certificate) before any work.
pub enum SigningKey {
    /// Opened once (an encrypted cosign.key costs a scrypt run).
    Cosign(p256::ecdsa::SigningKey),
    /// Unlocked once (a protected key costs an S2K run).
    Pgp(signing::pgp::Unlocked),
    /// Read and checked against the certificate once.
    X509 {
        key: p256::ecdsa::SigningKey,
        cert: String,
        chain: Option<String>,
    },
}

/// The algorithm a key file is for, when not given: an OpenPGP block is pgp, a key with a
/// certificate is x509, any other key cosign.
fn detect_algorithm(key_text: &str, cert: Option<&Path>) -> SignAlgorithm {
    if key_text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") {
        SignAlgorithm::Pgp
    } else if cert.is_some() {
        SignAlgorithm::X509
    } else {
        SignAlgorithm::Cosign
    }
}

/// Reads the key (and certificate) and checks they can sign.
pub fn load_signing_key(
    algorithm: Option<SignAlgorithm>,
    key: &Path,
    cert: Option<&Path>,
    chain: Option<&Path>,
) -> anyhow::Result<SigningKey> {
    let key_text = read_text(key, "the private key file")?;
    let algorithm = algorithm.unwrap_or_else(|| detect_algorithm(&key_text, cert));
    if algorithm != SignAlgorithm::X509 && (cert.is_some() || chain.is_some()) {
        return Err(UserError::with_hint(
            format!(
                "`--cert` and `--chain` are for x509, not `{}`",
                algorithm_name(algorithm)
            ),
            "drop them, or sign with `--algorithm x509`",
        )
        .into());
    }
    Ok(match algorithm {
        SignAlgorithm::Cosign => {
            // A plain PKCS#8 or SEC1 key has no password to ask for.
            let password = if cosign::is_encrypted(&key_text) {
                password()?
            } else {
                Vec::new()
            };
            SigningKey::Cosign(
                cosign::load_private(&key_text, &password)
                    .with_context(|| format!("cannot open the signing key `{}`", key.display()))?,
            )
        }
        SignAlgorithm::Pgp => {
            // Unlocked now, so that a wrong passphrase fails before packing.
            let passphrase = if signing::pgp::needs_passphrase(&key_text)? {
                Some(pgp_passphrase()?)
            } else {
                None
            };
            SigningKey::Pgp(
                signing::pgp::unlock(&key_text, passphrase.as_deref())
                    .with_context(|| format!("cannot open the signing key `{}`", key.display()))?,
            )
        }
        SignAlgorithm::X509 => {
            let cert = cert.ok_or_else(|| {
                UserError::with_hint(
                    "x509 signing needs the publisher certificate",
                    "pass `--cert publisher.pem` (from `alga keys generate --algorithm x509`)",
                )
            })?;
            let cert_text = read_text(cert, "the publisher certificate (PEM)")?;
            let chain_text = chain
                .map(|c| read_text(c, "the intermediate certificates (PEM)"))
                .transpose()?;
            SigningKey::X509 {
                key: signing::x509_key(&key_text, &cert_text)?,
                cert: cert_text,
                chain: chain_text,
            }
        }
    })
}

fn export_path(bundle: &Path, ext: &str) -> PathBuf {
    let name = bundle
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    bundle.with_file_name(format!("{name}.{ext}"))
}

/// Signs `bundle`, writes SIGNATURE (and the peer sidecars with `export`); returns the
/// SIGNATURE and the files written, SIGNATURE first.
pub fn sign_bundle(
    bundle: &Path,
    key: &SigningKey,
    export: bool,
    tsa: Option<&str>,
) -> anyhow::Result<(signing::SignatureFile, Vec<PathBuf>)> {
    if tsa.is_some() && !matches!(key, SigningKey::X509 { .. }) {
        return Err(UserError::with_hint(
            "`--tsa` timestamps x509 signatures only",
            "sign with `--cert` (x509), or leave out `--tsa`",
        )
        .into());
    }
    use base64::Engine as _;
    let mut sidecars: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let sig = match key {
        SigningKey::Cosign(key) => {
            let (sig, der) = signing::sign_cosign(bundle, key)?;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
            sidecars.push((export_path(bundle, "sig"), b64.into_bytes()));
            let digest =
                hex::decode(sig.subject.digest.trim_start_matches("sha256:")).unwrap_or_default();
            let hint = sig.public_key_hint.as_deref().unwrap_or("");
            let json = cosign::sigstore_bundle(&digest, &der, hint);
            sidecars.push((
                export_path(bundle, "sigstore.json"),
                serde_json::to_vec_pretty(&json)?,
            ));
            sig
        }
        SigningKey::Pgp(key) => {
            let (sig, armored) = signing::sign_pgp(bundle, key)?;
            sidecars.push((export_path(bundle, "asc"), armored.into_bytes()));
            sig
        }
        SigningKey::X509 { key, cert, chain } => {
            let (sig, der) = signing::sign_x509(bundle, key, cert, chain.as_deref(), tsa)?;
            sidecars.push((export_path(bundle, "p7s"), x509::cms_pem(&der).into_bytes()));
            sig
        }
    };
    let mut files = vec![(
        signing::signature_path(bundle),
        serde_json::to_vec_pretty(&sig)?,
    )];
    if export {
        files.extend(sidecars);
    }
    // SIGNATURE and the sidecars change together: all are written before any replaces its
    // old version.
    let writes: Vec<(&Path, &[u8], u32)> = files
        .iter()
        .map(|(path, bytes)| (path.as_path(), bytes.as_slice(), 0o644))
        .collect();
    crate::fsutil::write_atomic_all(&writes)?;
    Ok((sig, files.into_iter().map(|(path, _)| path).collect()))
}

pub fn sign(args: SignArgs, printer: &Printer) -> anyhow::Result<()> {
    let key_path = args.key.ok_or_else(|| {
        UserError::with_hint(
            "`--key` is required",
            "pass the private key file (cosign.key, pgp.key.asc or publisher.key with --cert)",
        )
    })?;
    let key = load_signing_key(
        args.algorithm,
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

/// The CRLs in a `--crl` file: PEM `X509 CRL` blocks, or one DER CRL.
fn read_crls(path: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::Error::new(e).context(format!("cannot read `{}` (--crl)", path.display()))
    })?;
    let hint =
        "pass a CRL in PEM (-----BEGIN X509 CRL-----) or DER, as `openssl ca -gencrl` writes it";
    let unreadable =
        |why: String| UserError::with_hint(format!("`{}` (--crl): {why}", path.display()), hint);
    let crls = if bytes.first() == Some(&0x30) {
        signing::x509::check_crl(&bytes).map_err(unreadable)?;
        vec![bytes]
    } else {
        signing::x509::crls_in(&String::from_utf8_lossy(&bytes)).map_err(unreadable)?
    };
    if crls.is_empty() {
        return Err(UserError::with_hint(
            format!("`{}` (--crl) holds no CRL", path.display()),
            hint,
        )
        .into());
    }
    Ok(crls)
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
