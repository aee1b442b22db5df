//! `alga verify`: the ordered checks of SIGNING.md (readable, digest, signature, trusted
//! signer, certificate, canonical layout, manifest) over a SIGNATURE or a peer tool's file, for
//! each algorithm; the trust bundle decides who is trusted.

use std::path::Path;

use serde::Serialize;

use super::{Content, SignError, SignatureFile, Subject, cosign, digest_bytes, pgp, read, x509};
use crate::bundle::{self, Limits};

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
            .map(crate::output::rfc3339),
        timestamp: x509_verified
            .as_ref()
            .and_then(|v| v.timestamp)
            .map(crate::output::rfc3339),
        timestamp_ignored: x509_verified
            .as_ref()
            .and_then(|v| v.timestamp_ignored.clone()),
        certificates_checked_at: x509_verified.as_ref().map(|v| crate::output::rfc3339(v.at)),
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
