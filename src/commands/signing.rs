//! `alga keys generate`, `alga sign` and `alga verify`.

use std::path::PathBuf;

use crate::cli::{KeysGenerateArgs, SignAlgorithm, SignArgs, VerifyArgs};
use crate::error::UserError;
use crate::output::Printer;
use crate::signing::{self, SignError, cosign};

fn algorithm_name(a: SignAlgorithm) -> &'static str {
    match a {
        SignAlgorithm::X509 => "x509",
        SignAlgorithm::Pgp => "pgp",
        SignAlgorithm::Cosign => "cosign",
    }
}

fn require_built(a: SignAlgorithm) -> Result<(), SignError> {
    match a {
        SignAlgorithm::Cosign | SignAlgorithm::Pgp => Ok(()),
        other => Err(SignError::Unavailable(algorithm_name(other).into())),
    }
}

/// The key password, as cosign reads it.
/// The key password, as cosign reads it: COSIGN_PASSWORD, else a prompt on the terminal.
fn password() -> Result<Vec<u8>, SignError> {
    if let Some(p) = std::env::var_os("COSIGN_PASSWORD") {
        return Ok(p.into_encoded_bytes());
    }
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return rpassword::prompt_password("Enter password for private key: ")
            .map(String::into_bytes)
            .map_err(|_| SignError::NoPassword);
    }
    Err(SignError::NoPassword)
}

pub fn keys(args: KeysGenerateArgs, printer: &Printer) -> anyhow::Result<()> {
    require_built(args.algorithm)?;
    let (private, public) = match args.algorithm {
        SignAlgorithm::Pgp => (args.out.join("pgp.key.asc"), args.out.join("pgp.pub.asc")),
        _ => (args.out.join("cosign.key"), args.out.join("cosign.pub")),
    };
    for p in [&private, &public] {
        if p.exists() {
            return Err(UserError::with_hint(
                format!("`{}` already exists", p.display()),
                "choose another `--out` folder, or move the old keys away",
            )
            .into());
        }
    }
    let (key, pub_text, what) = match args.algorithm {
        SignAlgorithm::Pgp => {
            let userid = args.name.as_deref().unwrap_or("alga signer");
            let (secret, public) = signing::pgp::generate(userid)?;
            (
                secret,
                public,
                "an OpenPGP v4 key (unencrypted; keep pgp.key.asc private)",
            )
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

pub fn sign(args: SignArgs, printer: &Printer) -> anyhow::Result<()> {
    let algorithm = args.algorithm.ok_or_else(|| {
        UserError::with_hint("`--algorithm` is required", "use `--algorithm cosign`")
    })?;
    require_built(algorithm)?;
    let key_path = args
        .key
        .ok_or_else(|| UserError::with_hint("`--key` is required", "pass the private key file"))?;
    let key_text = read_key(&key_path)?;
    let written = match algorithm {
        SignAlgorithm::Pgp => sign_bundle_pgp(&args.bundle, &key_text, args.export)?,
        _ => sign_bundle(&args.bundle, &key_text, args.export)?,
    };
    let sig: signing::SignatureFile = serde_json::from_slice(&std::fs::read(&written[0])?)?;
    printer.status(
        "Signed",
        &format!("{} ({})", args.bundle.display(), sig.subject.digest),
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

/// Signs `bundle` with a cosign key and writes SIGNATURE (and the sidecars with `export`);
/// returns the files written, SIGNATURE first.
pub fn sign_bundle(
    bundle: &std::path::Path,
    key_text: &str,
    export: bool,
) -> anyhow::Result<Vec<PathBuf>> {
    use base64::Engine as _;
    let (sig, der) = signing::sign_cosign(bundle, key_text, &password()?)?;
    let out = signing::signature_path(bundle);
    let text = serde_json::to_vec_pretty(&sig).expect("SIGNATURE serializes");
    crate::fsutil::write_atomic(&out, &text)?;
    let mut written = vec![out];
    if export {
        let name = bundle
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sig_path = bundle.with_file_name(format!("{name}.sig"));
        let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
        crate::fsutil::write_atomic(&sig_path, b64.as_bytes())?;
        let digest =
            hex::decode(sig.subject.digest.trim_start_matches("sha256:")).unwrap_or_default();
        let hint = sig.public_key_hint.as_deref().unwrap_or("");
        let bundle_json = cosign::sigstore_bundle(&digest, &der, hint);
        let json_path = bundle.with_file_name(format!("{name}.sigstore.json"));
        crate::fsutil::write_atomic(&json_path, &serde_json::to_vec_pretty(&bundle_json)?)?;
        written.push(sig_path);
        written.push(json_path);
    }
    Ok(written)
}

/// Signs `bundle` with an OpenPGP key: SIGNATURE, and `BUNDLE.asc` with `export`.
fn sign_bundle_pgp(
    bundle: &std::path::Path,
    secret: &str,
    export: bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let (sig, armored) = signing::sign_pgp(bundle, secret)?;
    let out = signing::signature_path(bundle);
    crate::fsutil::write_atomic(&out, &serde_json::to_vec_pretty(&sig)?)?;
    let mut written = vec![out];
    if export {
        let name = bundle
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let asc = bundle.with_file_name(format!("{name}.asc"));
        crate::fsutil::write_atomic(&asc, armored.as_bytes())?;
        written.push(asc);
    }
    Ok(written)
}

/// Reads a signing key file, naming it when it cannot be read.
pub fn read_key(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        UserError::with_hint(
            format!("cannot read `{}`: {e}", path.display()),
            "pass the cosign.key file",
        )
        .into()
    })
}

/// Checks that the key opens with COSIGN_PASSWORD (before work that should not be wasted).
pub fn check_key(key_text: &str) -> anyhow::Result<()> {
    cosign::load_private(key_text, &password()?)?;
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
    let report = signing::verify(&args.bundle, &signature, &trust_path)?;
    printer.result(&report, || {
        format!(
            "verified {} ({}, {}): {}",
            args.bundle.display(),
            report.algorithm,
            report.subject.digest,
            report.checks.join(", ")
        )
    });
    Ok(())
}
