//! Verifying a detached CMS signature: the signer's signature and signed attributes, its chain
//! to the trust bundle's CA certificates (valid now, at `--at`, or at the time of a timestamp
//! from a trusted authority), CRLs, and RFC 3161 timestamp tokens.

use super::chain::Trust;
use super::*;

/// How a CMS signature is judged beyond its bytes.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Check the certificates at this time instead of now (`alga verify --at`).
    pub at: Option<SystemTime>,
    /// Certificate revocation lists (DER): `--crl` files and those in the trust bundle.
    pub crls: Vec<Vec<u8>>,
}

/// Where the time the certificates were checked at came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtSource {
    /// This machine's clock.
    Now,
    /// `--at`.
    Given,
    /// An RFC 3161 timestamp from a trusted time-stamping authority.
    Timestamp,
}

impl AtSource {
    pub(super) fn describe(self) -> &'static str {
        match self {
            AtSource::Now => "the verification time",
            AtSource::Given => "the time given with --at",
            AtSource::Timestamp => "the timestamp's time",
        }
    }
}

/// What a verified CMS signature established.
#[derive(Debug)]
pub struct Verified {
    /// The signer certificate's subject.
    pub signer: String,
    /// The signingTime attribute, when present: the signer's claim, not trusted.
    pub signing_time: Option<SystemTime>,
    /// The time of a verified RFC 3161 timestamp, when the CMS carries one.
    pub timestamp: Option<SystemTime>,
    /// Why a timestamp in the CMS was not used (its authority is not trusted here).
    pub timestamp_ignored: Option<String>,
    /// When the certificates were checked valid, and where that time came from.
    pub at: SystemTime,
    pub at_source: AtSource,
    /// How many CRLs covered the chain (issued by one of its CAs).
    pub crls: usize,
}

pub(super) fn bad(why: impl Into<String>) -> SignError {
    SignError::BadSignatureBecause(why.into())
}

fn find_signer<'c>(si: &SignerInfo, certs: &'c [Certificate]) -> Option<&'c Certificate> {
    certs.iter().find(|c| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => c
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.14"))
            .any(|e| {
                x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(e.extn_value.as_bytes())
                    .map(|k| k == *ski)
                    .unwrap_or(false)
            }),
    })
}

/// The digest of `bytes` with a CMS digest algorithm.
fn hash_bytes(alg: &ObjectIdentifier, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match *alg {
        ID_SHA256 => sha2_10::Sha256::digest(bytes).to_vec(),
        ID_SHA384 => sha2_10::Sha384::digest(bytes).to_vec(),
        ID_SHA512 => sha2_10::Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

/// The content's digest with a CMS digest algorithm (SHA-256 is known already).
fn digest_of(
    alg: &ObjectIdentifier,
    content: &crate::signing::Content,
) -> Result<Option<Vec<u8>>, SignError> {
    Ok(Some(match *alg {
        ID_SHA256 => content.sha256.to_vec(),
        ID_SHA384 => streamed_digest::<sha2_10::Sha384>(content)?,
        ID_SHA512 => streamed_digest::<sha2_10::Sha512>(content)?,
        _ => return Ok(None),
    }))
}

/// The content's digest with `D`, from its bytes streamed (see [`crate::signing::Content::stream`]).
fn streamed_digest<D: Digest>(content: &crate::signing::Content) -> Result<Vec<u8>, SignError> {
    let (digest, same) = content.stream(|r| {
        let mut hasher = D::new();
        let mut buf = vec![0u8; 64 << 10];
        loop {
            match r.read(&mut buf) {
                Ok(0) => break Ok(hasher.finalize().to_vec()),
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        }
    })?;
    let digest = digest.map_err(|source| SignError::Unreadable {
        path: content.path().to_path_buf(),
        source,
    })?;
    if !same {
        return Err(content.changed());
    }
    Ok(digest)
}

/// The webpki algorithm for a signer's key and the CMS digest / signature algorithms.
fn verification_alg(
    cert: &Certificate,
    si: &SignerInfo,
) -> Option<&'static dyn SignatureVerificationAlgorithm> {
    use webpki::ring as alg;
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let sig_oid = si.signature_algorithm.oid.to_string();
    // ecdsa-with-SHA256/384/512 and sha256/384/512WithRSAEncryption name their digest;
    // a bare key algorithm (older openssl) uses the digest algorithm.
    let hash = match sig_oid.as_str() {
        "1.2.840.10045.4.3.2" | "1.2.840.113549.1.1.11" => 256,
        "1.2.840.10045.4.3.3" | "1.2.840.113549.1.1.12" => 384,
        "1.2.840.10045.4.3.4" | "1.2.840.113549.1.1.13" => 512,
        _ => match si.digest_alg.oid {
            ID_SHA256 => 256,
            ID_SHA384 => 384,
            ID_SHA512 => 512,
            _ => 0,
        },
    };
    match spki.algorithm.oid {
        ID_EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())?;
            match (curve, hash) {
                (ID_P256, 256) => Some(alg::ECDSA_P256_SHA256),
                (ID_P256, 384) => Some(alg::ECDSA_P256_SHA384),
                (ID_P384, 256) => Some(alg::ECDSA_P384_SHA256),
                (ID_P384, 384) => Some(alg::ECDSA_P384_SHA384),
                _ => None,
            }
        }
        ID_RSA => match hash {
            256 => Some(alg::RSA_PKCS1_2048_8192_SHA256),
            384 => Some(alg::RSA_PKCS1_2048_8192_SHA384),
            512 => Some(alg::RSA_PKCS1_2048_8192_SHA512),
            _ => None,
        },
        ID_ED25519 => Some(alg::ED25519),
        _ => None,
    }
}

/// The certificates a SignedData carries.
fn certificates_of(sd: &SignedData) -> Vec<Certificate> {
    sd.certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

/// The SignedData of a DER ContentInfo; `what` names it in messages.
fn signed_data(der: &[u8], what: &str) -> Result<SignedData, SignError> {
    let info = ContentInfo::from_der(der).map_err(|e| bad(format!("{what} is damaged ({e})")))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(bad(format!(
            "{what} is {}, not SignedData",
            info.content_type
        )));
    }
    info.content
        .decode_as()
        .map_err(|e| bad(format!("the SignedData of {what} is damaged ({e})")))
}

/// The content's digest with a CMS digest algorithm (`None` for an unknown algorithm).
type DigestFn<'a> = dyn Fn(&ObjectIdentifier) -> Result<Option<Vec<u8>>, SignError> + 'a;

/// Checks one SignerInfo over some content: its certificate among `certs`, the signed
/// attributes (the content's digest, its type) and the signature. Returns the signer's
/// certificate and the signingTime it claims.
fn check_signer_info<'c>(
    si: &SignerInfo,
    certs: &'c [Certificate],
    content_type: ObjectIdentifier,
    digest: &DigestFn,
    content: &dyn Fn() -> Result<Vec<u8>, SignError>,
) -> Result<(&'c Certificate, Option<SystemTime>), SignError> {
    let leaf =
        find_signer(si, certs).ok_or_else(|| bad("the signer's certificate is not in the CMS"))?;
    let wanted = digest(&si.digest_alg.oid)?.ok_or_else(|| {
        bad(format!(
            "unsupported digest algorithm {}",
            si.digest_alg.oid
        ))
    })?;
    let mut signing_time = None;
    let message = match &si.signed_attrs {
        Some(attrs) => {
            let (mut digest_ok, mut type_seen) = (false, false);
            for attr in attrs.iter() {
                let value = attr.values.get(0);
                match attr.oid {
                    ID_MESSAGE_DIGEST => {
                        let v = value
                            .and_then(|v| v.decode_as::<x509_cert::der::asn1::OctetString>().ok())
                            .ok_or_else(|| bad("the messageDigest attribute is damaged"))?;
                        digest_ok = v.as_bytes() == wanted.as_slice();
                    }
                    ID_CONTENT_TYPE => {
                        let v = value.and_then(|v| v.decode_as::<ObjectIdentifier>().ok());
                        if v != Some(content_type) {
                            return Err(bad("the content-type attribute does not match"));
                        }
                        type_seen = true;
                    }
                    ID_SIGNING_TIME => {
                        signing_time = value
                            .and_then(|v| v.to_der().ok())
                            .and_then(|d| x509_cert::time::Time::from_der(&d).ok())
                            .map(|t| t.to_system_time());
                    }
                    _ => {}
                }
            }
            if !digest_ok {
                return Err(bad(
                    "the signed message digest is not the bundle's: the bundle or the signature was altered",
                ));
            }
            // RFC 5652 section 11.1: signed attributes always name the content type.
            if !type_seen {
                return Err(bad("the signed attributes have no content-type attribute"));
            }
            attrs
                .to_der()
                .map_err(|e| bad(format!("the signed attributes are damaged ({e})")))?
        }
        None => content()?,
    };
    let alg = verification_alg(leaf, si).ok_or_else(|| {
        bad(format!(
            "unsupported key or signature algorithm ({}, {})",
            leaf.tbs_certificate.subject_public_key_info.algorithm.oid, si.signature_algorithm.oid
        ))
    })?;
    let leaf_der = CertificateDer::from(
        leaf.to_der()
            .map_err(|e| bad(format!("the signer's certificate is damaged ({e})")))?,
    );
    let ee = end_entity(&leaf_der, leaf)?;
    ee.verify_signature(alg, &message, si.signature.as_bytes())
        .map_err(|_| SignError::BadSignature)?;
    Ok((leaf, signing_time))
}

pub(super) fn end_entity<'a>(
    der: &'a CertificateDer<'a>,
    cert: &Certificate,
) -> Result<webpki::EndEntityCert<'a>, SignError> {
    webpki::EndEntityCert::try_from(der).map_err(|e| {
        SignError::Certificate(format!(
            "the certificate of {} cannot be used for verification ({e:?}; an X.509 v3 certificate is needed)",
            subject_of(cert)
        ))
    })
}

/// RFC 3161 section 2.3: a time-stamping authority's certificate has one extended key usage,
/// timeStamping, and the extension is critical.
fn tsa_purpose(cert: &Certificate) -> Result<(), String> {
    let mut ekus = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == ID_EXT_KEY_USAGE);
    let (Some(ext), None) = (ekus.next(), ekus.next()) else {
        return Err(format!(
            "the certificate of {} is not a time-stamping authority's (it needs one extended key usage extension, timeStamping)",
            subject_of(cert)
        ));
    };
    let purposes = x509_cert::ext::pkix::ExtendedKeyUsage::from_der(ext.extn_value.as_bytes())
        .map(|eku| eku.0)
        .unwrap_or_default();
    if purposes != [ID_TIME_STAMPING] || !ext.critical {
        return Err(format!(
            "the certificate of {} is not a time-stamping authority's (its extended key usage must be timeStamping only, and critical)",
            subject_of(cert)
        ));
    }
    Ok(())
}

/// What a timestamp token established.
enum Stamp {
    /// A trusted authority stamped the signature at this time.
    Trusted(SystemTime),
    /// The token is sound but its authority is not trusted here (why): it is not used.
    Ignored(String),
}

/// Checks a timestamp token over a signer's signature value: the imprint and the authority's
/// signature over the TSTInfo (failures fail verification), then the authority: a certificate
/// whose only purpose is timeStamping, chained to the trust bundle at `at` and at the time it
/// stamped, not revoked (otherwise the token is ignored, as openssl ignores it).
fn verify_timestamp(
    token: &[u8],
    signature: &[u8],
    trust: &Trust,
    trusted: &[Certificate],
    (at, source): (SystemTime, AtSource),
) -> Result<Stamp, SignError> {
    let sd = signed_data(token, "the timestamp token")?;
    if sd.encap_content_info.econtent_type != crate::signing::tsp::ID_CT_TST_INFO {
        return Err(bad("the timestamp token does not hold a TSTInfo"));
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| bad("the timestamp token has no content"))?;
    let tst_der = crate::signing::tsp::tst_info_bytes(econtent).map_err(bad)?;
    let tst = crate::signing::tsp::parse_tst_info(&tst_der).map_err(bad)?;
    match hash_bytes(&tst.imprint_alg, signature) {
        Some(h) if h == tst.imprint => {}
        Some(_) => {
            return Err(bad(
                "the timestamp stamps another signature (its message imprint differs)",
            ));
        }
        None => {
            return Err(bad(format!(
                "the timestamp's hash algorithm {} is not supported",
                tst.imprint_alg
            )));
        }
    }
    let [si] = sd.signer_infos.0.as_slice() else {
        return Err(bad("a timestamp token has exactly one signer"));
    };
    let certs = certificates_of(&sd);
    let mut all = certs.clone();
    all.extend(trusted.iter().cloned());
    let (tsa, _) = check_signer_info(
        si,
        &all,
        crate::signing::tsp::ID_CT_TST_INFO,
        &|alg| Ok(hash_bytes(alg, &tst_der)),
        &|| Ok(tst_der.clone()),
    )
    .map_err(|e| match e {
        SignError::BadSignature => bad("the timestamp token's signature does not verify"),
        SignError::BadSignatureBecause(why) => bad(format!("timestamp token: {why}")),
        other => other,
    })?;
    if tst.gen_time > SystemTime::now() + CLOCK_SKEW {
        return Err(SignError::Certificate(format!(
            "the timestamp is in the future ({})",
            date(tst.gen_time)
        )));
    }
    if let Err(why) = tsa_purpose(tsa) {
        return Ok(Stamp::Ignored(why));
    }
    // Intermediates that list purposes must list timeStamping; the leaf was checked above.
    let eku = || webpki::KeyUsage::required_if_present(TIME_STAMPING_DER);
    for (when, source) in [(at, source), (tst.gen_time, AtSource::Timestamp)] {
        if let Err(e) = trust.chain(tsa, &certs, when, source, eku()) {
            let why = match e {
                SignError::Untrusted { .. } => format!(
                    "its authority {} is not in the trust bundle",
                    subject_of(tsa)
                ),
                other => format!("its authority: {other}"),
            };
            return Ok(Stamp::Ignored(why));
        }
    }
    Ok(Stamp::Trusted(tst.gen_time))
}

/// Verifies a detached CMS SignedData (DER) over `content`: every signer's signature, then its
/// chain to `anchors_pem` (PEM certificates) with the codeSigning EKU, valid now (or at
/// `policy.at`, or at the time of a timestamp from a trusted authority), and not revoked by a CRL.
/// The signer's own signingTime is reported, never trusted.
pub fn verify(
    cms_der: &[u8],
    content: &crate::signing::Content,
    anchors_pem: &str,
    trust: &std::path::Path,
    policy: &Policy,
) -> Result<Verified, SignError> {
    let sd = signed_data(cms_der, "the CMS structure")?;
    if sd.encap_content_info.econtent.is_some() {
        return Err(bad(
            "the CMS carries its own content; a detached signature is expected",
        ));
    }
    let certs = certificates_of(&sd);
    let trusted = certificates(anchors_pem);
    let mut crls = crls_in(anchors_pem).map_err(|why| {
        SignError::Certificate(format!("the trust bundle `{}`: {why}", trust.display()))
    })?;
    crls.extend(policy.crls.iter().cloned());
    let checker = Trust::new(&trusted, &crls, trust)?;
    let mut all_certs = certs.clone();
    all_certs.extend(trusted.iter().cloned());
    let infos = sd.signer_infos.0.as_slice();
    if infos.is_empty() {
        return Err(bad("the CMS has no signer"));
    }
    let mut verified = None;
    for si in infos {
        let (leaf, signing_time) = check_signer_info(
            si,
            &all_certs,
            sd.encap_content_info.econtent_type,
            &|alg| digest_of(alg, content),
            &|| content.bytes().map(<[u8]>::to_vec),
        )?;
        let now = SystemTime::now();
        if let Some(t) = signing_time
            && t > now + CLOCK_SKEW
        {
            return Err(SignError::Certificate(format!(
                "the signature claims a signing time in the future ({})",
                date(t)
            )));
        }
        let checked = match policy.at {
            Some(t) => (t, AtSource::Given),
            None => (now, AtSource::Now),
        };
        let stamp = match crate::signing::tsp::token_of(si).map_err(bad)? {
            Some(token) => Some(verify_timestamp(
                &token,
                si.signature.as_bytes(),
                &checker,
                &trusted,
                checked,
            )?),
            None => None,
        };
        let (timestamp, ignored) = match stamp {
            Some(Stamp::Trusted(t)) => (Some(t), None),
            Some(Stamp::Ignored(why)) => (None, Some(why)),
            None => (None, None),
        };
        // The times the chain may be valid at: `--at` alone when given; else the trusted
        // timestamp's, then now.
        let attempts = match (policy.at, timestamp) {
            (Some(t), _) => vec![(t, AtSource::Given)],
            (None, Some(t)) => vec![(t, AtSource::Timestamp), (now, AtSource::Now)],
            (None, None) => vec![(now, AtSource::Now)],
        };
        let mut outcome = Err(None);
        for (at, source) in attempts {
            // Intermediates without an EKU extension are unrestricted (the usual case); one
            // that lists purposes must list codeSigning. The leaf must carry it: checked next.
            let eku = webpki::KeyUsage::required_if_present(CODE_SIGNING_DER);
            match checker.chain(leaf, &certs, at, source, eku) {
                Ok(covered) => {
                    outcome = Ok((at, source, covered));
                    break;
                }
                Err(e) => {
                    if let Err(first @ None) = &mut outcome {
                        *first = Some(e);
                    }
                }
            }
        }
        let (at, at_source, crls) = outcome.map_err(|e| {
            let e = e.expect("at least one time is tried");
            match (e, &ignored) {
                (SignError::Certificate(msg), Some(why)) => SignError::Certificate(format!(
                    "{msg} (the timestamp in the CMS was not used: {why})"
                )),
                (e, _) => e,
            }
        })?;
        if !has_code_signing(leaf) {
            return Err(no_code_signing(leaf));
        }
        verified = Some(Verified {
            signer: subject_of(leaf),
            signing_time,
            timestamp,
            timestamp_ignored: ignored,
            at,
            at_source,
            crls,
        });
    }
    Ok(verified.expect("at least one signer"))
}
