//! Detached signatures over the exact bytes of `bundle.tar.zst`, recorded in a `SIGNATURE` JSON
//! file next to the bundle: x509 (detached CMS), OpenPGP and cosign-compatible signatures.
//! `alga verify` also reads the peer tools' own files (`.p7s`, `.asc`, `.sig`, `.sigstore.json`).

pub(crate) mod cosign;
pub(crate) mod files;
pub(crate) mod keys;
pub(crate) mod pgp;
pub mod tsp;
mod verify;
pub mod x509;

pub use verify::{VerifyReport, fuzz_signature, verify};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bundle::{self, Limits};

/// What the signature is over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    /// `sha256:<hex>` of the compressed bundle.
    pub digest: String,
    pub size: u64,
    /// `sha256:<hex>` of the inner tar (a report for a peer tool's signature file leaves it out).
    #[serde(default, skip_serializing_if = "String::is_empty")]
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
    /// x509: the signer certificate then intermediates (PEM); they are also inside the CMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<String>>,
}

/// Why signing or verifying failed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("{0}")]
    Key(String),
    #[error("the password does not open the key")]
    WrongPassword,
    #[error("COSIGN_PASSWORD is not set and there is no terminal to ask on")]
    NoPassword,
    #[error(
        "the OpenPGP key is passphrase-protected, ALGA_PGP_PASSPHRASE is not set and there is no terminal to ask on"
    )]
    NoPassphrase,
    #[error("the passphrase does not unlock the OpenPGP key")]
    WrongPassphrase,
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
    #[error("`{}` changed while it was being verified", path.display())]
    Changed { path: PathBuf },
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the signature does not verify: {0}")]
    BadSignatureBecause(String),
    #[error("no key in the trust bundle `{}` verifies the signature", trust.display())]
    NoTrustedKeyVerifies { trust: PathBuf },
    #[error("{0}")]
    Certificate(String),
    #[error("the signer's key is not in the trust bundle `{}`", trust.display())]
    Untrusted { trust: PathBuf },
    #[error("no trust bundle given")]
    NoTrust,
    #[error("the trust bundle does not accept the signer now: {0}")]
    Withdrawn(String),
    #[error("`--at` and `--crl` apply to x509 signatures; this one is {algorithm}")]
    X509Only { algorithm: String },
    #[error("no timestamp from `{url}`: {why}")]
    Timestamp { url: String, why: String },
    #[error("the bundle is not canonical: {0}")]
    Layout(String),
    #[error("the bundle's manifest is invalid: {0}")]
    Manifest(String),
}

impl crate::error::Explain for SignError {
    fn exit_code(&self) -> Option<i32> {
        use crate::error::exit;
        Some(match self {
            SignError::Unreadable { .. } => exit::VERIFY_UNREADABLE,
            SignError::Malformed { .. } => exit::VERIFY_MALFORMED,
            SignError::DigestMismatch { .. }
            | SignError::SizeMismatch { .. }
            | SignError::Changed { .. } => exit::VERIFY_DIGEST,
            SignError::BadSignature
            | SignError::BadSignatureBecause(_)
            | SignError::NoTrustedKeyVerifies { .. } => exit::VERIFY_SIGNATURE,
            SignError::Certificate(_) | SignError::Withdrawn(_) => exit::VERIFY_CERTIFICATE,
            SignError::Untrusted { .. } => exit::VERIFY_UNTRUSTED,
            SignError::Layout(_) => exit::VERIFY_LAYOUT,
            SignError::Manifest(_) => exit::VERIFY_MANIFEST,
            SignError::X509Only { .. } => exit::USAGE,
            _ => return None,
        })
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            SignError::WrongPassword => "set COSIGN_PASSWORD to the key's password".into(),
            SignError::NoPassphrase | SignError::WrongPassphrase => {
                "set ALGA_PGP_PASSPHRASE to the key's passphrase".into()
            }
            SignError::NoPassword => {
                "export COSIGN_PASSWORD (it may be empty, as with cosign)".into()
            }
            SignError::DigestMismatch { .. } | SignError::SizeMismatch { .. } => {
                "the bundle changed after it was signed, or SIGNATURE belongs to another bundle"
                    .into()
            }
            SignError::BadSignature | SignError::BadSignatureBecause(_) => {
                "the bundle or its SIGNATURE was altered; do not install it".into()
            }
            SignError::Changed { .. } => {
                "something is writing the bundle; verify it again once that has finished".into()
            }
            SignError::NoTrustedKeyVerifies { .. } => {
                "a cosign or sigstore signature file names no signer, so an altered bundle and a key that is not trusted look alike: check the bundle's origin, or add the signer's public key to the trust bundle if you trust it".into()
            }
            SignError::Certificate(_) => {
                "sign with a current publisher certificate that has the codeSigning extended key usage (`alga keys generate --algorithm x509`)".into()
            }
            SignError::Untrusted { .. } => {
                "add the publisher's public key, OpenPGP certificate or CA certificate to the trust bundle if you trust it".into()
            }
            SignError::X509Only { .. } => {
                "leave out `--at` and `--crl`: an OpenPGP certificate's revocations and expiry are in the trust bundle, and cosign keys have neither".into()
            }
            SignError::Timestamp { .. } => {
                "check the `--tsa` URL (an RFC 3161 time-stamping authority, such as http://timestamp.digicert.com), or sign without it".into()
            }
            SignError::Withdrawn(_) => {
                "the signer's key or certificate was revoked or has expired: do not install this bundle; ask the publisher for a bundle signed with a current key".into()
            }
            SignError::NoTrust => {
                "pass `--trust FILE` (PEM certificates or public keys, or OpenPGP certificates) or set SIGNING_TRUST_BUNDLE".into()
            }
            SignError::Malformed { .. } => "sign the bundle again with `alga sign`".into(),
            SignError::Layout(_) | SignError::Manifest(_) => {
                "pack it again with `alga pack`".into()
            }
            _ => return None,
        })
    }
}

/// The signed bytes: their SHA-256 is known from the bundle scan; the bytes themselves are read
/// only when a check needs them (OpenPGP, or a CMS with another digest).
pub struct Content<'a> {
    path: &'a Path,
    pub sha256: [u8; 32],
    pub size: u64,
    bytes: std::sync::OnceLock<Vec<u8>>,
}

impl<'a> Content<'a> {
    pub fn new(path: &'a Path, sha256: [u8; 32], size: u64) -> Self {
        Content {
            path,
            sha256,
            size,
            bytes: std::sync::OnceLock::new(),
        }
    }

    /// Content already in memory.
    pub fn in_memory(bytes: Vec<u8>) -> Content<'static> {
        use sha2::Digest;
        let sha256: [u8; 32] = sha2::Sha256::digest(&bytes).into();
        let size = bytes.len() as u64;
        let c = Content::new(Path::new(""), sha256, size);
        let _ = c.bytes.set(bytes);
        c
    }

    pub fn bytes(&self) -> Result<&[u8], SignError> {
        if let Some(b) = self.bytes.get() {
            return Ok(b);
        }
        let b = read(self.path)?;
        Ok(self.bytes.get_or_init(|| b))
    }

    pub fn label(&self) -> String {
        crate::bundle::sha256_label(&self.sha256)
    }

    /// Gives `use_bytes` the content to read, from memory when it is there, else from the file
    /// once more, streamed (no copy of the bundle in memory) and hashed on the way (on a second
    /// thread, see [`bundle::read_hashed`]). Returns what `use_bytes` returned, and whether it read exactly
    /// the bytes the scan checked: not so when it stopped early or the file changed since.
    pub fn stream<T>(
        &self,
        use_bytes: impl FnOnce(&mut (dyn std::io::Read + Send + Sync)) -> T,
    ) -> Result<(T, bool), SignError> {
        if let Some(bytes) = self.bytes.get() {
            let mut reader = bytes.as_slice();
            let out = use_bytes(&mut reader);
            return Ok((out, reader.is_empty()));
        }
        let unreadable = |source| SignError::Unreadable {
            path: self.path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(self.path).map_err(unreadable)?;
        let mut sha256 = sha2::Sha256::default();
        let (out, size) = bundle::read_hashed(file, &mut sha256, |bytes| {
            use_bytes(&mut Shared(std::sync::Mutex::new(bytes)))
        })
        .map_err(unreadable)?;
        let same = (bundle::FileHasher::sha256(&sha256), size) == (self.sha256, self.size);
        Ok((out, same))
    }

    pub fn path(&self) -> &Path {
        self.path
    }

    /// The error for bytes that are not the ones the scan checked.
    pub fn changed(&self) -> SignError {
        SignError::Changed {
            path: self.path.to_path_buf(),
        }
    }
}

/// A bundle's scan for signing: its info (tar digest, layout) and content digest, the bytes of
/// the bundle hashed by `hasher` (a signer's hash context, or plain SHA-256).
fn scan_for_signing(
    bundle: &Path,
    hasher: &mut dyn bundle::FileHasher,
) -> Result<(bundle::BundleInfo, [u8; 32]), SignError> {
    if let Err(source) = std::fs::metadata(bundle) {
        return Err(SignError::Unreadable {
            path: bundle.to_path_buf(),
            source,
        });
    }
    let digests = bundle::Digests {
        files: false,
        tar: true,
    };
    let info = bundle::read_bundle_hashing(bundle, &Limits::default(), |_| false, digests, hasher)
        .map_err(|e| SignError::Layout(e.to_string()))?;
    let digest = digest_bytes(&info.content_hash);
    Ok((info, digest))
}

/// The 32 bytes of a `sha256:<hex>` label.
fn digest_bytes(label: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Ok(b) = hex::decode(label.trim_start_matches("sha256:"))
        && b.len() == 32
    {
        out.copy_from_slice(&b);
    }
    out
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
    key: &p256::ecdsa::SigningKey,
) -> Result<(SignatureFile, Vec<u8>), SignError> {
    let (info, digest) = scan_for_signing(bundle, &mut sha2::Sha256::default())?;
    let der = cosign::sign_digest(key, &digest)?;
    let (public, hint) = cosign::public_parts(key.verifying_key())?;
    use base64::Engine as _;
    Ok((
        SignatureFile {
            subject: subject(bundle, info),
            algorithm: "cosign".into(),
            signature: base64::engine::general_purpose::STANDARD.encode(&der),
            public_key: Some(public),
            public_key_hint: Some(hint),
            certificates: None,
        },
        der,
    ))
}

/// Signs `bundle` with an OpenPGP secret key (armored); returns the SIGNATURE and the armored
/// detached signature.
pub fn sign_pgp(bundle: &Path, key: &pgp::Unlocked) -> Result<(SignatureFile, String), SignError> {
    // The bundle's digest and the OpenPGP signature come from one hashing of its bytes.
    let ((info, _), armored) = pgp::sign_hashing(key, |hasher| scan_for_signing(bundle, hasher))?;
    let public = key.public.clone();
    let fingerprint = pgp::certs(public.as_bytes())
        .first()
        .map(|c| c.fingerprint().to_hex());
    Ok((
        SignatureFile {
            subject: subject(bundle, info),
            algorithm: "pgp".into(),
            signature: armored.clone(),
            public_key: Some(public),
            public_key_hint: fingerprint,
            certificates: None,
        },
        armored,
    ))
}

/// Reads an x509 signing key (PEM) and checks that it can sign with the certificate (PEM): the
/// key is the certificate's, the certificate is valid now and allows code signing.
pub fn x509_key(key_pem: &str, cert_pem: &str) -> Result<p256::ecdsa::SigningKey, SignError> {
    let key = x509::load_key(key_pem)?;
    let leaf = x509::certificates(cert_pem)
        .into_iter()
        .next()
        .ok_or_else(|| SignError::Key("the certificate file holds no PEM certificate".into()))?;
    x509::check_signer(&key, &leaf)?;
    Ok(key)
}

/// Signs `bundle` with an x509 key (from [`x509_key`]) and certificate (PEM; the certificate
/// file may carry intermediates after the leaf, `chain` more of them); returns the SIGNATURE
/// and the CMS DER.
pub fn sign_x509(
    bundle: &Path,
    key: &p256::ecdsa::SigningKey,
    cert_pem: &str,
    chain_pem: Option<&str>,
    tsa: Option<&str>,
) -> Result<(SignatureFile, Vec<u8>), SignError> {
    let mut certs = x509::certificates(cert_pem);
    if certs.is_empty() {
        return Err(SignError::Key(
            "the certificate file holds no PEM certificate".into(),
        ));
    }
    let leaf = certs.remove(0);
    if let Some(chain) = chain_pem {
        let more = x509::certificates(chain);
        if more.is_empty() {
            return Err(SignError::Key(
                "the chain file holds no PEM certificate".into(),
            ));
        }
        certs.extend(more);
    }
    let (info, digest) = scan_for_signing(bundle, &mut sha2::Sha256::default())?;
    let mut der = x509::sign(&digest, key, &leaf, &certs)?;
    if let Some(url) = tsa {
        let stamp = |der: &[u8]| {
            let token = tsp::fetch_token(url, &tsp::signature_of(der)?)?;
            tsp::embed(der, &token)
        };
        der = stamp(&der).map_err(|why| SignError::Timestamp {
            url: url.to_string(),
            why,
        })?;
    }
    let mut all = vec![leaf.clone()];
    all.extend(certs);
    use base64::Engine as _;
    Ok((
        SignatureFile {
            subject: subject(bundle, info),
            algorithm: "x509".into(),
            signature: base64::engine::general_purpose::STANDARD.encode(&der),
            public_key: None,
            public_key_hint: Some(x509::subject_of(&leaf)),
            certificates: Some(x509::to_pem(&all)),
        },
        der,
    ))
}

fn subject(bundle: &Path, info: bundle::BundleInfo) -> Subject {
    let size = info.size;
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

/// A reader the verifier may hold across threads (it asks for `Sync`).
struct Shared<R>(std::sync::Mutex<R>);

impl<R: std::io::Read> std::io::Read for Shared<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.get_mut() {
            Ok(reader) => reader.read(buf),
            Err(poisoned) => poisoned.into_inner().read(buf),
        }
    }
}
