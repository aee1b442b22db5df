//! Detached signatures over the exact bytes of `bundle.tar.zst`, recorded in a `SIGNATURE` JSON
//! file next to the bundle: x509 (detached CMS), OpenPGP and cosign-compatible signatures.
//! `alga verify` also reads the peer tools' own files (`.p7s`, `.asc`, `.sig`, `.sigstore.json`).

pub mod cosign;
pub mod files;
pub mod keys;
pub mod pgp;
pub mod tsp;
pub mod x509;

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
    /// core when there is one, see [`bundle::read_hashed`]). Returns what `use_bytes` returned, and whether it read exactly
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

/// Every OpenPGP certificate in a trust file: armored blocks, concatenated, each a certificate,
/// a keyring or a revocation certificate (as `gpg --gen-revoke` writes it). Copies of one
/// certificate are merged, and revocations join the certificate they revoke, whatever the order.
fn pgp_trust(text: &str) -> Vec<sequoia_openpgp::Cert> {
    let begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    let end = "-----END PGP PUBLIC KEY BLOCK-----";
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(begin) {
        let stop = rest[i..]
            .find(end)
            .map_or(rest.len(), |j| i + j + end.len());
        blocks.push(&rest[i..stop]);
        rest = &rest[stop..];
    }
    pgp::merge_keyring(&blocks)
}

/// Verifies an OpenPGP SIGNATURE; returns the signer's fingerprint.
fn verify_pgp(
    sig: &SignatureFile,
    content: &Content,
    trust_text: &str,
    trust: &Path,
) -> Result<String, SignError> {
    let untrusted = || SignError::Untrusted {
        trust: trust.to_path_buf(),
    };
    let mut trusted = pgp_trust(trust_text);
    // An embedded certificate only names the signer: the trust bundle's copy, with its
    // revocations, expiry and key flags, is the one that verifies.
    if let Some(public) = sig.public_key.as_deref() {
        let named: Vec<_> = pgp::certs(public.as_bytes())
            .iter()
            .map(|c| c.fingerprint())
            .collect();
        trusted.retain(|c| named.contains(&c.fingerprint()));
        if trusted.is_empty() {
            // Tell an altered bundle from a signer that is not trusted.
            return match pgp_check(content, pgp::certs(public.as_bytes()), &sig.signature)? {
                pgp::Outcome::Good(_) | pgp::Outcome::Unusable(_) => Err(untrusted()),
                _ => Err(SignError::BadSignature),
            };
        }
    }
    match pgp_check(content, trusted, &sig.signature)? {
        pgp::Outcome::Good(fp) => Ok(fp),
        pgp::Outcome::UnknownSigner => Err(untrusted()),
        pgp::Outcome::Unusable(why) => Err(SignError::Withdrawn(why)),
        pgp::Outcome::Bad => Err(SignError::BadSignature),
    }
}

/// Checks an OpenPGP signature over the content, streamed (see [`Content::stream`]): a good
/// signature counts only for the bytes the scan checked.
fn pgp_check(
    content: &Content,
    certs: Vec<sequoia_openpgp::Cert>,
    signature: &str,
) -> Result<pgp::Outcome, SignError> {
    let (outcome, same) = content.stream(|r| pgp::verify_reader(certs, signature.as_bytes(), r))?;
    // A good signature read every byte.
    if matches!(outcome, pgp::Outcome::Good(_)) && !same {
        return Err(content.changed());
    }
    Ok(outcome)
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

/// What verification established.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub subject: Subject,
    pub algorithm: String,
    /// What was read: `SIGNATURE`, or the peer tool's file kind.
    pub source: &'static str,
    pub signer: Option<String>,
    /// x509: the signingTime the signer claimed (RFC 3339); reported, not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_time: Option<String>,
    /// x509: the time of a verified RFC 3161 timestamp (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// x509: why a timestamp in the CMS was not used (its authority is not trusted here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ignored: Option<String>,
    /// x509: when the certificates were checked valid (RFC 3339): now, `--at`, or the timestamp's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificates_checked_at: Option<String>,
    pub checks: Vec<&'static str>,
}

/// Verifies a cosign SIGNATURE; returns the signer's key hint.
fn verify_cosign(
    sig: &SignatureFile,
    content: &Content,
    trust_text: &str,
    trust: &Path,
) -> Result<String, SignError> {
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(sig.signature.trim())
        .map_err(|_| SignError::BadSignature)?;
    let trusted = cosign::load_public_keys(trust_text);
    let signer = match sig.public_key.as_deref().and_then(cosign::public_from_pem) {
        // The embedded key only names the signer: the trust bundle's key decides.
        Some(named) => match trusted.iter().find(|k| **k == named) {
            Some(key) if cosign::verify_digest(key, &content.sha256, &der) => *key,
            Some(_) => return Err(SignError::BadSignature),
            // Tell an altered bundle from a signer that is not trusted.
            None if cosign::verify_digest(&named, &content.sha256, &der) => {
                return Err(SignError::Untrusted {
                    trust: trust.to_path_buf(),
                });
            }
            None => return Err(SignError::BadSignature),
        },
        // Without an embedded key (a peer tool's signature), a trusted key must verify it.
        None => *trusted
            .iter()
            .find(|k| cosign::verify_digest(k, &content.sha256, &der))
            .ok_or_else(|| SignError::NoTrustedKeyVerifies {
                trust: trust.to_path_buf(),
            })?,
    };
    Ok(cosign::public_parts(&signer)
        .map(|(_, hint)| hint)
        .unwrap_or_default())
}

/// A signature file: a `SIGNATURE`, or one of the peer tools' own files, wrapped as one. A peer
/// file names no subject, so its subject is the bundle itself (a sigstore bundle's message
/// digest is kept, so that it is checked).
fn parse_signature(
    text: &[u8],
    path: &Path,
    bundle: &Path,
    content: &Content,
) -> Result<(SignatureFile, &'static str), SignError> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let malformed = |message: String| SignError::Malformed {
        path: path.to_path_buf(),
        message,
    };
    let own = |algorithm: &str, signature: String, digest: Option<String>| SignatureFile {
        subject: Subject {
            name: bundle
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            digest: digest.unwrap_or_else(|| content.label()),
            size: content.size,
            tar_digest: String::new(),
        },
        algorithm: algorithm.into(),
        signature,
        public_key: None,
        public_key_hint: None,
        certificates: None,
    };
    let trimmed = text.trim_ascii_start();
    if trimmed.starts_with(b"{") {
        let value: serde_json::Value =
            serde_json::from_slice(text).map_err(|e| malformed(e.to_string()))?;
        let media = value
            .get("mediaType")
            .and_then(|m| m.as_str())
            .unwrap_or("");
        if media.starts_with("application/vnd.dev.sigstore.bundle") {
            let ms = value
                .pointer("/messageSignature")
                .ok_or_else(|| malformed("the sigstore bundle has no messageSignature".into()))?;
            let algorithm = ms
                .pointer("/messageDigest/algorithm")
                .and_then(|a| a.as_str())
                .unwrap_or("");
            if algorithm != "SHA2_256" {
                return Err(malformed(format!(
                    "the sigstore bundle's digest algorithm is `{algorithm}`, not SHA2_256"
                )));
            }
            let digest = ms
                .pointer("/messageDigest/digest")
                .and_then(|d| d.as_str())
                .and_then(|d| b64.decode(d).ok())
                .ok_or_else(|| {
                    malformed("the sigstore bundle's messageDigest is damaged".into())
                })?;
            let signature = ms
                .pointer("/signature")
                .and_then(|d| d.as_str())
                .ok_or_else(|| malformed("the sigstore bundle has no signature".into()))?;
            let digest = crate::bundle::sha256_label(&digest);
            return Ok((
                own("cosign", signature.to_string(), Some(digest)),
                "sigstore bundle",
            ));
        }
        let sig: SignatureFile =
            serde_json::from_value(value).map_err(|e| malformed(e.to_string()))?;
        return Ok((sig, "SIGNATURE"));
    }
    if trimmed.starts_with(b"-----BEGIN PGP SIGNATURE-----") {
        let armored = String::from_utf8_lossy(text).into_owned();
        return Ok((own("pgp", armored, None), "OpenPGP signature"));
    }
    // A CMS, even a damaged one, starts with the signedData OID (then fails the signature check).
    const SIGNED_DATA_OID: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    if let Some(der) = x509::cms_der(text)
        && der.get(..24).is_some_and(|head| {
            head.windows(SIGNED_DATA_OID.len())
                .any(|w| w == SIGNED_DATA_OID)
        })
    {
        return Ok((own("x509", b64.encode(&der), None), "CMS signature"));
    }
    let compact: Vec<u8> = text
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = if text.first() == Some(&0x30) {
        Some(text.to_vec())
    } else {
        b64.decode(&compact).ok()
    };
    if let Some(der) = der.filter(|d| d.first() == Some(&0x30) && d.len() < 200) {
        return Ok((own("cosign", b64.encode(&der), None), "cosign signature"));
    }
    Err(malformed(
        "neither a SIGNATURE JSON nor a CMS, OpenPGP, cosign or sigstore signature".into(),
    ))
}

/// RFC 3339 text of a time (whole seconds).
fn rfc3339(t: std::time::SystemTime) -> String {
    let d = time::OffsetDateTime::from(t);
    d.replace_nanosecond(0)
        .unwrap_or(d)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Verifies an x509 (CMS) SIGNATURE.
fn verify_x509(
    sig: &SignatureFile,
    content: &Content,
    trust_text: &str,
    trust: &Path,
    policy: &x509::Policy,
) -> Result<x509::Verified, SignError> {
    let der = x509::cms_der(sig.signature.as_bytes()).ok_or_else(|| {
        SignError::BadSignatureBecause("the CMS is not DER, PEM or base64".into())
    })?;
    x509::verify(&der, content, trust_text, trust, policy)
}

/// The checks of SIGNING.md, in order, each failing with its own error. The bundle is scanned
/// once (its digest taken as the archive is read); the results are reported in
/// the order of the checks.
pub fn verify(
    bundle: &Path,
    signature: &Path,
    trust: &Path,
    policy: &x509::Policy,
) -> Result<VerifyReport, SignError> {
    let digests = bundle::Digests {
        files: false,
        tar: false,
    };
    let scan = bundle::read_bundle_with(
        bundle,
        &Limits::default(),
        |p| p == "manifest.json",
        digests,
    );
    let (sha256, size) = match &scan {
        Ok(info) => (digest_bytes(&info.content_hash), info.size),
        // Unsafe or not a bundle: still check readable and digest first.
        Err(_) => bundle::sha256_file(bundle).map_err(|source| SignError::Unreadable {
            path: bundle.to_path_buf(),
            source,
        })?,
    };
    let content = Content::new(bundle, sha256, size);
    let sig_text = read(signature)?;
    let (sig, source) = parse_signature(&sig_text, signature, bundle, &content)?;
    let mut checks = vec!["readable"];
    let digest = content.label();
    if digest != sig.subject.digest {
        return Err(SignError::DigestMismatch {
            expected: sig.subject.digest.clone(),
            actual: digest,
        });
    }
    if size != sig.subject.size {
        return Err(SignError::SizeMismatch {
            expected: sig.subject.size,
            actual: size,
        });
    }
    checks.push("digest");
    let trust_text = String::from_utf8_lossy(&read(trust)?).into_owned();
    if sig.algorithm != "x509" && (policy.at.is_some() || !policy.crls.is_empty()) {
        return Err(SignError::X509Only {
            algorithm: sig.algorithm.clone(),
        });
    }
    let mut x509_verified = None;
    let signer = match sig.algorithm.as_str() {
        "cosign" => verify_cosign(&sig, &content, &trust_text, trust)?,
        "pgp" => verify_pgp(&sig, &content, &trust_text, trust)?,
        "x509" => {
            let verified = verify_x509(&sig, &content, &trust_text, trust, policy)?;
            let signer = verified.signer.clone();
            x509_verified = Some(verified);
            signer
        }
        other => {
            return Err(SignError::Malformed {
                path: signature.to_path_buf(),
                message: format!("unknown algorithm `{other}` (expected x509, pgp or cosign)"),
            });
        }
    };
    checks.push("signature");
    checks.push("trusted signer");
    if let Some(v) = &x509_verified {
        checks.push(match v.at_source {
            x509::AtSource::Now => "certificate valid now with codeSigning",
            x509::AtSource::Given => "certificate valid at --at with codeSigning",
            x509::AtSource::Timestamp => {
                "certificate valid at the trusted timestamp with codeSigning"
            }
        });
        if v.timestamp.is_some() {
            checks.push("timestamp from a trusted authority");
        }
        if v.crls > 0 {
            checks.push("not revoked by the CRLs given");
        }
    }
    let info = scan.map_err(|e| SignError::Layout(e.to_string()))?;
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
        source,
        signer: Some(signer),
        signing_time: x509_verified
            .as_ref()
            .and_then(|v| v.signing_time)
            .map(rfc3339),
        timestamp: x509_verified
            .as_ref()
            .and_then(|v| v.timestamp)
            .map(rfc3339),
        timestamp_ignored: x509_verified
            .as_ref()
            .and_then(|v| v.timestamp_ignored.clone()),
        certificates_checked_at: x509_verified.as_ref().map(|v| rfc3339(v.at)),
        checks,
    })
}

/// Fuzzing entry point: a signature file from untrusted bytes, parsed as `alga verify` does
/// (SIGNATURE JSON or a peer tool's file), then its signature taken apart and checked against
/// fixed content and an empty trust bundle. Must never panic.
pub fn fuzz_signature(data: &[u8]) {
    let path = Path::new("SIGNATURE");
    let content = Content::in_memory(b"fuzz bundle bytes".to_vec());
    let Ok((sig, _)) = parse_signature(data, path, Path::new("bundle.tar.zst"), &content) else {
        return;
    };
    let trust = Path::new("trust.pem");
    let _ = match sig.algorithm.as_str() {
        "x509" => {
            verify_x509(&sig, &content, "", trust, &x509::Policy::default()).map(|_| String::new())
        }
        "pgp" => verify_pgp(&sig, &content, "", trust),
        "cosign" => verify_cosign(&sig, &content, "", trust),
        _ => Ok(String::new()),
    };
    // The embedded material, read as a trust bundle of its own.
    let own_trust =
        sig.certificates.unwrap_or_default().join("\n") + sig.public_key.as_deref().unwrap_or("");
    let _ = x509::certificates(&own_trust);
    let _ = cosign::load_public_keys(&own_trust);
    let _ = pgp_trust(&own_trust);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pgp_signature_counts_only_for_the_bytes_the_scan_checked() {
        use sha2::Digest;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b");
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 241) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let (secret, public) = pgp::generate("T <t@example.com>", None).unwrap();
        let signature = pgp::sign(&secret, None, &data).unwrap();
        let sha256: [u8; 32] = sha2::Sha256::digest(&data).into();
        let size = data.len() as u64;

        let scanned = Content::new(&path, sha256, size);
        let certs = pgp::certs(public.as_bytes());
        assert!(matches!(
            pgp_check(&scanned, certs.clone(), &signature).unwrap(),
            pgp::Outcome::Good(_)
        ));
        // Not read into memory on the way.
        assert!(scanned.bytes.get().is_none());

        // The scan saw other bytes (the file changed since): a good signature does not count.
        let other = Content::new(&path, [7; 32], size);
        assert!(matches!(
            pgp_check(&other, certs.clone(), &signature),
            Err(SignError::Changed { .. })
        ));
        // A bad signature stays a bad signature.
        let (other_secret, _) = pgp::generate("O <o@example.com>", None).unwrap();
        let foreign = pgp::sign(&other_secret, None, &data).unwrap();
        assert_eq!(
            pgp_check(&scanned, certs.clone(), &foreign).unwrap(),
            pgp::Outcome::UnknownSigner
        );
        std::fs::write(&path, &data[1..]).unwrap();
        let changed = Content::new(&path, sha256, size);
        assert_eq!(
            pgp_check(&changed, certs, &signature).unwrap(),
            pgp::Outcome::Bad
        );
    }
}
