//! Detached signatures over the exact bytes of `bundle.tar.zst`, recorded in a `SIGNATURE` JSON
//! file next to the bundle. cosign-compatible and OpenPGP signatures are built; x509 (CMS) is
//! refused as not available yet.

pub mod cosign;
pub mod pgp;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bundle::{self, Limits};

/// Exit codes of `alga verify`, one per failed check.
pub mod exit {
    pub const UNREADABLE: i32 = 10;
    pub const DIGEST: i32 = 11;
    pub const SIGNATURE: i32 = 12;
    pub const UNTRUSTED: i32 = 13;
    pub const LAYOUT: i32 = 15;
    pub const MANIFEST: i32 = 16;
    pub const MALFORMED: i32 = 17;
}

/// What the signature is over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    /// `sha256:<hex>` of the compressed bundle.
    pub digest: String,
    pub size: u64,
    /// `sha256:<hex>` of the inner tar.
    pub tar_digest: String,
}

/// The `SIGNATURE` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureFile {
    pub subject: Subject,
    pub algorithm: String,
    /// The peer tool's own format (cosign: base64 DER ECDSA).
    pub signature: String,
    /// The signer's public key (PEM), so a verifier can tell a bad signature from an untrusted key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_hint: Option<String>,
}

/// Why signing or verifying failed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("`--algorithm {0}` is not available yet")]
    Unavailable(String),
    #[error("{0}")]
    Key(String),
    #[error("the password does not open the key")]
    WrongPassword,
    #[error("COSIGN_PASSWORD is not set and there is no terminal to ask on")]
    NoPassword,
    #[error("cannot read `{}`", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` is not a SIGNATURE file: {message}", path.display())]
    Malformed { path: PathBuf, message: String },
    #[error("the bundle's digest is {actual}, but SIGNATURE is for {expected}")]
    DigestMismatch { expected: String, actual: String },
    #[error("the bundle is {actual} bytes, but SIGNATURE says {expected}")]
    SizeMismatch { expected: u64, actual: u64 },
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the signer's key is not in the trust bundle `{}`", trust.display())]
    Untrusted { trust: PathBuf },
    #[error("no trust bundle given")]
    NoTrust,
    #[error("the bundle is not canonical: {0}")]
    Layout(String),
    #[error("the bundle's manifest is invalid: {0}")]
    Manifest(String),
}

impl SignError {
    pub fn exit_code(&self) -> Option<i32> {
        Some(match self {
            SignError::Unreadable { .. } => exit::UNREADABLE,
            SignError::Malformed { .. } => exit::MALFORMED,
            SignError::DigestMismatch { .. } | SignError::SizeMismatch { .. } => exit::DIGEST,
            SignError::BadSignature => exit::SIGNATURE,
            SignError::Untrusted { .. } => exit::UNTRUSTED,
            SignError::Layout(_) => exit::LAYOUT,
            SignError::Manifest(_) => exit::MANIFEST,
            SignError::Unavailable(_) => crate::error::exit::UNAVAILABLE,
            _ => return None,
        })
    }
}

impl crate::error::Explain for SignError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            SignError::Unavailable(_) => {
                "this release signs and verifies with `--algorithm cosign`".into()
            }
            SignError::WrongPassword => "set COSIGN_PASSWORD to the key's password".into(),
            SignError::NoPassword => {
                "export COSIGN_PASSWORD (it may be empty, as with cosign)".into()
            }
            SignError::DigestMismatch { .. } | SignError::SizeMismatch { .. } => {
                "the bundle changed after it was signed, or SIGNATURE belongs to another bundle"
                    .into()
            }
            SignError::BadSignature => {
                "the bundle or its SIGNATURE was altered; do not install it".into()
            }
            SignError::Untrusted { .. } => {
                "add the publisher's public key to the trust bundle if you trust it".into()
            }
            SignError::NoTrust => {
                "pass `--trust FILE` (PEM public keys) or set SIGNING_TRUST_BUNDLE".into()
            }
            SignError::Malformed { .. } => "sign the bundle again with `alga sign`".into(),
            SignError::Layout(_) | SignError::Manifest(_) => {
                "pack it again with `alga pack`".into()
            }
            _ => return None,
        })
    }
}

/// The default `SIGNATURE` path: beside the bundle.
pub fn signature_path(bundle: &Path) -> PathBuf {
    bundle.with_file_name("SIGNATURE")
}

fn read(path: &Path) -> Result<Vec<u8>, SignError> {
    std::fs::read(path).map_err(|source| SignError::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// Signs `bundle` with a cosign key; returns the SIGNATURE and the DER signature.
pub fn sign_cosign(
    bundle: &Path,
    key_text: &str,
    password: &[u8],
) -> Result<(SignatureFile, Vec<u8>), SignError> {
    let key = cosign::load_private(key_text, password)?;
    let bytes = read(bundle)?;
    let info = bundle::read_bundle(bundle, &Limits::default(), |_| false)
        .map_err(|e| SignError::Layout(e.to_string()))?;
    let der = cosign::sign(&key, &bytes);
    let (public, hint) = cosign::public_parts(key.verifying_key())?;
    use base64::Engine as _;
    Ok((
        SignatureFile {
            subject: subject(bundle, info, bytes.len() as u64),
            algorithm: "cosign".into(),
            signature: base64::engine::general_purpose::STANDARD.encode(&der),
            public_key: Some(public),
            public_key_hint: Some(hint),
        },
        der,
    ))
}

/// Signs `bundle` with an OpenPGP secret key (armored); returns the SIGNATURE and the armored
/// detached signature.
pub fn sign_pgp(bundle: &Path, secret: &str) -> Result<(SignatureFile, String), SignError> {
    let bytes = read(bundle)?;
    let info = bundle::read_bundle(bundle, &Limits::default(), |_| false)
        .map_err(|e| SignError::Layout(e.to_string()))?;
    let armored = pgp::sign(secret, &bytes)?;
    let public = pgp::public_of(secret)?;
    let fingerprint = pgp::certs(public.as_bytes())
        .first()
        .map(|c| c.fingerprint().to_hex());
    Ok((
        SignatureFile {
            subject: subject(bundle, info, bytes.len() as u64),
            algorithm: "pgp".into(),
            signature: armored.clone(),
            public_key: Some(public),
            public_key_hint: fingerprint,
        },
        armored,
    ))
}

fn subject(bundle: &Path, info: bundle::BundleInfo, size: u64) -> Subject {
    Subject {
        name: bundle
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        digest: info.content_hash,
        size,
        tar_digest: info.tar_digest,
    }
}

/// Every OpenPGP certificate in a trust file (armored blocks may be concatenated).
fn pgp_trust(text: &str) -> Vec<sequoia_openpgp::Cert> {
    let marker = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    let mut out = Vec::new();
    for (i, _) in text.match_indices(marker) {
        out.extend(pgp::certs(&text.as_bytes()[i..]).into_iter().take(1));
    }
    out
}

/// Verifies an OpenPGP SIGNATURE; returns the signer's fingerprint.
fn verify_pgp(
    sig: &SignatureFile,
    bytes: &[u8],
    trust_text: &str,
    trust: &Path,
) -> Result<String, SignError> {
    let trusted = pgp_trust(trust_text);
    match sig.public_key.as_deref() {
        Some(public) => match pgp::verify(
            pgp::certs(public.as_bytes()),
            sig.signature.as_bytes(),
            bytes,
        ) {
            pgp::Outcome::Good(fp) => {
                if trusted.iter().any(|c| c.fingerprint().to_hex() == fp) {
                    Ok(fp)
                } else {
                    Err(SignError::Untrusted {
                        trust: trust.to_path_buf(),
                    })
                }
            }
            _ => Err(SignError::BadSignature),
        },
        None => match pgp::verify(trusted, sig.signature.as_bytes(), bytes) {
            pgp::Outcome::Good(fp) => Ok(fp),
            pgp::Outcome::UnknownSigner => Err(SignError::Untrusted {
                trust: trust.to_path_buf(),
            }),
            pgp::Outcome::Bad => Err(SignError::BadSignature),
        },
    }
}

/// What verification established.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub subject: Subject,
    pub algorithm: String,
    pub signer: Option<String>,
    pub checks: Vec<&'static str>,
}

/// Verifies a cosign SIGNATURE; returns the signer's key hint.
fn verify_cosign(
    sig: &SignatureFile,
    bytes: &[u8],
    trust_text: &str,
    trust: &Path,
) -> Result<String, SignError> {
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(sig.signature.trim())
        .map_err(|_| SignError::BadSignature)?;
    let trusted = cosign::load_public_keys(trust_text);
    let signer = match sig.public_key.as_deref().and_then(cosign::public_from_pem) {
        Some(key) => {
            if !cosign::verify(&key, bytes, &der) {
                return Err(SignError::BadSignature);
            }
            if !trusted.contains(&key) {
                return Err(SignError::Untrusted {
                    trust: trust.to_path_buf(),
                });
            }
            key
        }
        // Without an embedded key (a peer tool's signature), a trusted key must verify it.
        None => *trusted
            .iter()
            .find(|k| cosign::verify(k, bytes, &der))
            .ok_or(SignError::BadSignature)?,
    };
    Ok(cosign::public_parts(&signer)
        .map(|(_, hint)| hint)
        .unwrap_or_default())
}

/// The checks of SIGNING.md, in order, each failing with its own error.
pub fn verify(bundle: &Path, signature: &Path, trust: &Path) -> Result<VerifyReport, SignError> {
    let bytes = read(bundle)?;
    let sig_text = read(signature)?;
    let sig: SignatureFile =
        serde_json::from_slice(&sig_text).map_err(|e| SignError::Malformed {
            path: signature.to_path_buf(),
            message: e.to_string(),
        })?;
    let mut checks = vec!["readable"];
    let digest = {
        use sha2::Digest;
        crate::bundle::sha256_label(&sha2::Sha256::digest(&bytes))
    };
    if digest != sig.subject.digest {
        return Err(SignError::DigestMismatch {
            expected: sig.subject.digest.clone(),
            actual: digest,
        });
    }
    if bytes.len() as u64 != sig.subject.size {
        return Err(SignError::SizeMismatch {
            expected: sig.subject.size,
            actual: bytes.len() as u64,
        });
    }
    checks.push("digest");
    let trust_text = String::from_utf8_lossy(&read(trust)?).into_owned();
    let signer = match sig.algorithm.as_str() {
        "cosign" => verify_cosign(&sig, &bytes, &trust_text, trust)?,
        "pgp" => verify_pgp(&sig, &bytes, &trust_text, trust)?,
        other => return Err(SignError::Unavailable(other.to_string())),
    };
    checks.push("signature");
    checks.push("trusted signer");
    let info = bundle::read_bundle(bundle, &Limits::default(), |p| p == "manifest.json")
        .map_err(|e| SignError::Layout(e.to_string()))?;
    if !info.not_canonical.is_empty() {
        return Err(SignError::Layout(info.not_canonical.join("; ")));
    }
    checks.push("canonical layout");
    let manifest = info
        .kept
        .get("manifest.json")
        .ok_or_else(|| SignError::Manifest("the bundle has no manifest.json".into()))?;
    let text = String::from_utf8_lossy(manifest);
    crate::manifest::parse(&text, Path::new("manifest.json")).map_err(|e| {
        let mut msg = e.to_string();
        for d in crate::error::Explain::details(&e) {
            msg.push_str(&format!("; {}", d.trim()));
        }
        SignError::Manifest(msg)
    })?;
    checks.push("manifest");
    Ok(VerifyReport {
        subject: sig.subject,
        algorithm: sig.algorithm,
        signer: Some(signer),
        checks,
    })
}
