//! x509 signatures: a development CA and publisher certificates (ECDSA P-256, codeSigning EKU),
//! detached CMS SignedData over the bundle bytes (SHA-256, signed content-type, messageDigest
//! and signingTime attributes, leaf and intermediates included), and verification of the
//! signature, the chain to a trust bundle, the validity now (or at a trusted timestamp's time),
//! revocation by CRLs and the EKU.

use std::time::{Duration, SystemTime};

use cms::builder::{SignedDataBuilder, SignerInfoBuilder, create_signing_time_attribute};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm, UnixTime};
use sha2_10::Digest;
use x509_cert::Certificate;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, DecodePem, Encode, EncodePem};
use x509_cert::spki::AlgorithmIdentifierOwned;

use super::SignError;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const ID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const ID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ID_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const ID_CODE_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.3");
const ID_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
/// The DER value of the codeSigning key purpose, as webpki wants it.
const CODE_SIGNING_DER: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03];
/// The DER value of the timeStamping key purpose.
const TIME_STAMPING_DER: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];

/// How long a signature's claimed signing time may lie ahead of this machine's clock.
const CLOCK_SKEW: Duration = Duration::from_secs(300);

/// Validity of a certificate to issue.
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub not_before: time::OffsetDateTime,
    pub not_after: time::OffsetDateTime,
}

impl Validity {
    /// From now (less a minute for clock skew) for `days` days.
    pub fn days(days: u32) -> Self {
        let now = time::OffsetDateTime::now_utc();
        Validity {
            not_before: now - time::Duration::minutes(1),
            not_after: now + time::Duration::days(i64::from(days)),
        }
    }
}

/// A private key and its certificate, both PEM.
pub struct Issued {
    pub key_pem: String,
    pub cert_pem: String,
}

fn rcgen_error(e: rcgen::Error) -> SignError {
    SignError::Key(format!("cannot create the certificate: {e}"))
}

fn new_p256() -> Result<rcgen::KeyPair, SignError> {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(rcgen_error)
}

/// A self-signed development CA that may issue end-entity certificates only.
pub fn generate_ca(name: &str, validity: Validity) -> Result<Issued, SignError> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyUsagePurpose};
    let key = new_p256()?;
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(rcgen_error)?;
    params
        .distinguished_name
        .push(DnType::CommonName, format!("{name} development CA"));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = validity.not_before;
    params.not_after = validity.not_after;
    let cert = params.self_signed(&key).map_err(rcgen_error)?;
    Ok(Issued {
        key_pem: key.serialize_pem(),
        cert_pem: cert.pem(),
    })
}

/// A publisher (code signing) certificate issued by the CA in `ca`; its validity ends no later
/// than the CA's.
pub fn issue_publisher(ca: &Issued, name: &str, validity: Validity) -> Result<Issued, SignError> {
    use rcgen::{
        CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        SerialNumber,
    };
    let ca_cert = Certificate::from_pem(ca.cert_pem.as_bytes())
        .map_err(|e| SignError::Key(format!("the CA certificate is not a PEM certificate: {e}")))?;
    let ca_key = KeyPair::from_pem(&ca.key_pem)
        .map_err(|e| SignError::Key(format!("the CA key is not a PEM private key: {e}")))?;
    if rcgen::PublicKeyData::subject_public_key_info(&ca_key) != spki_der(&ca_cert)? {
        return Err(SignError::Key(
            "the CA key does not belong to the CA certificate".into(),
        ));
    }
    let issuer = Issuer::from_ca_cert_pem(&ca.cert_pem, ca_key).map_err(rcgen_error)?;
    let key = new_p256()?;
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(rcgen_error)?;
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::CodeSigning];
    params.use_authority_key_identifier_extension = true;
    let mut serial = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
    serial[0] &= 0x7f;
    params.serial_number = Some(SerialNumber::from_slice(&serial));
    let ca_end = time::OffsetDateTime::from_unix_timestamp(
        ca_cert
            .tbs_certificate
            .validity
            .not_after
            .to_unix_duration()
            .as_secs() as i64,
    )
    .unwrap_or(validity.not_after);
    params.not_before = validity.not_before;
    params.not_after = validity.not_after.min(ca_end);
    let cert = params.signed_by(&key, &issuer).map_err(rcgen_error)?;
    Ok(Issued {
        key_pem: key.serialize_pem(),
        cert_pem: cert.pem(),
    })
}

fn spki_der(cert: &Certificate) -> Result<Vec<u8>, SignError> {
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| SignError::Key(format!("bad certificate key: {e}")))
}

/// Every certificate in a PEM text (other blocks, such as public keys, are skipped).
pub fn certificates(pem: &str) -> Vec<Certificate> {
    let begin = "-----BEGIN CERTIFICATE-----";
    let end = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(i) = rest.find(begin) {
        let Some(j) = rest[i..].find(end) else { break };
        let block = &rest[i..i + j + end.len()];
        if let Ok(cert) = Certificate::from_pem(block.as_bytes()) {
            out.push(cert);
        }
        rest = &rest[i + j + end.len()..];
    }
    out
}

/// A P-256 private key in PKCS#8 or SEC1 PEM.
pub fn load_key(pem: &str) -> Result<SigningKey, SignError> {
    super::cosign::key_from_pem(pem).map_err(|why| {
        SignError::Key(format!(
            "the key is not an ECDSA P-256 private key in PEM (PKCS#8 or SEC1): {why}"
        ))
    })
}

/// A certificate's subject, for messages.
pub fn subject_of(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

fn validity_of(cert: &Certificate) -> (SystemTime, SystemTime) {
    let v = &cert.tbs_certificate.validity;
    (v.not_before.to_system_time(), v.not_after.to_system_time())
}

fn has_code_signing(cert: &Certificate) -> bool {
    let Some(exts) = &cert.tbs_certificate.extensions else {
        return false;
    };
    exts.iter()
        .filter(|e| e.extn_id == ID_EXT_KEY_USAGE)
        .any(|e| {
            x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes())
                .map(|eku| eku.0.contains(&ID_CODE_SIGNING))
                .unwrap_or(false)
        })
}

fn date(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute(),
                d.second()
            )
        })
        .unwrap_or_else(|_| format!("{secs}s after 1970"))
}

/// The certificate checks `alga sign` makes before signing: the key belongs to the
/// certificate, the certificate is valid now and allows code signing.
pub fn check_signer(key: &SigningKey, leaf: &Certificate) -> Result<(), SignError> {
    let public = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|e| SignError::Key(e.to_string()))?;
    if public.as_bytes() != spki_der(leaf)? {
        return Err(SignError::Key(format!(
            "the key does not belong to the certificate of {}",
            subject_of(leaf)
        )));
    }
    let (from, until) = validity_of(leaf);
    let now = SystemTime::now();
    if now > until {
        return Err(SignError::Certificate(format!(
            "the certificate of {} expired on {}",
            subject_of(leaf),
            date(until)
        )));
    }
    if now < from {
        return Err(SignError::Certificate(format!(
            "the certificate of {} is not valid before {}",
            subject_of(leaf),
            date(from)
        )));
    }
    if !has_code_signing(leaf) {
        return Err(no_code_signing(leaf));
    }
    Ok(())
}

/// A detached CMS SignedData (DER) over the content whose SHA-256 is `digest`, signed by `key` with the certificate
/// `leaf`; `chain` (intermediates) is included after the leaf.
pub fn sign(
    digest: &[u8; 32],
    key: &SigningKey,
    leaf: &Certificate,
    chain: &[Certificate],
) -> Result<Vec<u8>, SignError> {
    check_signer(key, leaf)?;
    let cms_error = |e: cms::builder::Error| SignError::Key(format!("cannot build the CMS: {e}"));
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: leaf.tbs_certificate.issuer.clone(),
        serial_number: leaf.tbs_certificate.serial_number.clone(),
    });
    let digest_alg = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let mut signer = SignerInfoBuilder::new(key, sid, digest_alg.clone(), &eci, Some(digest))
        .map_err(cms_error)?;
    signer
        .add_signed_attribute(create_signing_time_attribute().map_err(cms_error)?)
        .map_err(cms_error)?;
    let mut builder = SignedDataBuilder::new(&eci);
    builder
        .add_digest_algorithm(digest_alg)
        .map_err(cms_error)?;
    for cert in std::iter::once(leaf).chain(chain) {
        builder
            .add_certificate(CertificateChoices::Certificate(cert.clone()))
            .map_err(cms_error)?;
    }
    builder
        .add_signer_info::<SigningKey, DerSignature>(signer)
        .map_err(cms_error)?;
    let info = builder.build().map_err(cms_error)?;
    info.to_der()
        .map_err(|e| SignError::Key(format!("cannot encode the CMS: {e}")))
}

/// PEM (`CMS` label) of a DER CMS, as `openssl cms -inform PEM` reads it.
pub fn cms_pem(der: &[u8]) -> String {
    super::cosign::pem("CMS", der)
}

/// The DER of a CMS given as DER, PEM (CMS or PKCS7 label) or bare base64.
pub fn cms_der(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.first() == Some(&0x30) {
        return Some(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    if let Some(der) = super::cosign::pem_body(text, &["CMS", "PKCS7"]) {
        return Some(der);
    }
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
        .filter(|d| d.first() == Some(&0x30))
}

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
    fn describe(self) -> &'static str {
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

fn bad(why: impl Into<String>) -> SignError {
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
    content: &super::Content,
) -> Result<Option<Vec<u8>>, SignError> {
    Ok(Some(match *alg {
        ID_SHA256 => content.sha256.to_vec(),
        ID_SHA384 => streamed_digest::<sha2_10::Sha384>(content)?,
        ID_SHA512 => streamed_digest::<sha2_10::Sha512>(content)?,
        _ => return Ok(None),
    }))
}

/// The content's digest with `D`, from its bytes streamed (see [`super::Content::stream`]).
fn streamed_digest<D: Digest>(content: &super::Content) -> Result<Vec<u8>, SignError> {
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

fn end_entity<'a>(
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

/// The trust a chain is checked against: anchors from the trust bundle, and CRLs.
struct Trust<'t> {
    /// The trust bundle's CA certificates.
    anchors: Vec<(Certificate, CertificateDer<'static>)>,
    crls: Vec<webpki::CertRevocationList<'static>>,
    path: &'t std::path::Path,
}

impl<'t> Trust<'t> {
    /// `crls` are read already (see [`crls_in`]); of several from one issuer only the newest
    /// (latest thisUpdate; the later one given on a tie) counts, as the others are superseded.
    fn new(
        trusted: &[Certificate],
        crls: &[Vec<u8>],
        path: &'t std::path::Path,
    ) -> Result<Trust<'t>, SignError> {
        let mut newest: Vec<(webpki::CertRevocationList<'static>, SystemTime)> = Vec::new();
        for der in crls {
            let (crl, issued) = read_crl(der).map_err(SignError::Certificate)?;
            match newest.iter_mut().find(|(c, _)| c.issuer() == crl.issuer()) {
                Some(slot) if slot.1 <= issued => *slot = (crl, issued),
                Some(_) => {}
                None => newest.push((crl, issued)),
            }
        }
        Ok(Trust {
            anchors: trusted
                .iter()
                .filter(|c| can_be_anchor(c))
                .filter_map(|c| Some((c.clone(), CertificateDer::from(c.to_der().ok()?))))
                .collect(),
            crls: newest.into_iter().map(|(c, _)| c).collect(),
            path,
        })
    }

    /// Checks `leaf`'s chain through `intermediates` to an anchor, valid at `at` (with `source`
    /// naming that time in messages), not revoked by any CRL, with the extended key usage `eku`
    /// where a certificate of the path lists purposes. Returns how many CRLs covered the path.
    fn chain(
        &self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        at: SystemTime,
        source: AtSource,
        eku: webpki::KeyUsage,
    ) -> Result<usize, SignError> {
        // An anchor is a CA certificate valid at that time, as openssl takes it.
        let anchors: Vec<_> = self
            .anchors
            .iter()
            .filter(|(cert, _)| {
                let (from, until) = validity_of(cert);
                from <= at && at <= until
            })
            .filter_map(|(_, der)| webpki::anchor_from_trusted_cert(der).ok())
            .collect();
        if anchors.is_empty() {
            return Err(match self.anchors.first() {
                Some((ca, _)) => SignError::Certificate(format!(
                    "no CA certificate of the trust bundle is valid at {} {} ({} is valid from {} to {})",
                    source.describe(),
                    date(at),
                    subject_of(ca),
                    date(validity_of(ca).0),
                    date(validity_of(ca).1)
                )),
                None => SignError::Untrusted {
                    trust: self.path.to_path_buf(),
                },
            });
        }
        let intermediates: Vec<CertificateDer<'static>> = intermediates
            .iter()
            .filter(|c| *c != leaf)
            .filter_map(|c| c.to_der().ok())
            .map(CertificateDer::from)
            .collect();
        let leaf_der = CertificateDer::from(
            leaf.to_der()
                .map_err(|e| bad(format!("the signer's certificate is damaged ({e})")))?,
        );
        let ee = end_entity(&leaf_der, leaf)?;
        let crls: Vec<&webpki::CertRevocationList> = self.crls.iter().collect();
        // Every certificate of the chain is looked up in the CRLs given; one whose issuer has
        // no CRL here is not held against it (as openssl without -crl_check_all).
        let revocation = webpki::RevocationOptionsBuilder::new(&crls).ok().map(|b| {
            b.with_depth(webpki::RevocationCheckDepth::Chain)
                .with_status_policy(webpki::UnknownStatusPolicy::Allow)
                .with_expiration_policy(webpki::ExpirationPolicy::Enforce)
                .build()
        });
        let unix = UnixTime::since_unix_epoch(
            at.duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default(),
        );
        ee.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &anchors,
            &intermediates,
            unix,
            eku,
            revocation,
            None,
        )
        .map(|path| {
            let issuers: Vec<&[u8]> = std::iter::once(path.end_entity().issuer())
                .chain(path.intermediate_certificates().map(|c| c.issuer()))
                .collect();
            self.crls
                .iter()
                .filter(|crl| issuers.contains(&crl.issuer()))
                .count()
        })
        .map_err(|e| chain_error(e, leaf, at, source, self.path))
    }
}

/// Whether `der` is a CRL that can be used.
pub fn check_crl(der: &[u8]) -> Result<(), String> {
    read_crl(der).map(|_| ())
}

/// A CRL and its thisUpdate.
fn read_crl(der: &[u8]) -> Result<(webpki::CertRevocationList<'static>, SystemTime), String> {
    let parsed = x509_cert::crl::CertificateList::from_der(der)
        .map_err(|e| format!("a CRL cannot be read ({e})"))?;
    let crl = webpki::OwnedCertRevocationList::from_der(der)
        .map_err(|e| format!("a CRL cannot be read ({e:?})"))?;
    Ok((
        crl.into(),
        parsed.tbs_cert_list.this_update.to_system_time(),
    ))
}

/// Whether a trusted certificate may anchor a chain: a CA (basicConstraints cA, or a version 1
/// self-signed certificate without extensions) that may sign certificates.
fn can_be_anchor(cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
    let tbs = &cert.tbs_certificate;
    let Some(exts) = &tbs.extensions else {
        return tbs.issuer == tbs.subject;
    };
    let find = |oid: &str| {
        exts.iter()
            .find(|e| e.extn_id == ObjectIdentifier::new_unwrap(oid))
    };
    let is_ca = find("2.5.29.19")
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|bc| bc.ca);
    let may_sign = find("2.5.29.15").is_none_or(|e| {
        KeyUsage::from_der(e.extn_value.as_bytes())
            .is_ok_and(|ku| ku.0.contains(KeyUsages::KeyCertSign))
    });
    is_ca && may_sign
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
    if sd.encap_content_info.econtent_type != super::tsp::ID_CT_TST_INFO {
        return Err(bad("the timestamp token does not hold a TSTInfo"));
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| bad("the timestamp token has no content"))?;
    let tst_der = super::tsp::tst_info_bytes(econtent).map_err(bad)?;
    let tst = super::tsp::parse_tst_info(&tst_der).map_err(bad)?;
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
        super::tsp::ID_CT_TST_INFO,
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
    content: &super::Content,
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
        let stamp = match super::tsp::token_of(si).map_err(bad)? {
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

/// Every CRL in a PEM text (`X509 CRL` blocks), as DER; a block that cannot be read is an
/// error (a damaged CRL must not quietly turn revocation off).
pub fn crls_in(pem: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    let mut rest = pem;
    let begin = "-----BEGIN X509 CRL-----";
    let end = "-----END X509 CRL-----";
    while let Some(i) = rest.find(begin) {
        let Some(j) = rest[i..].find(end) else {
            return Err(format!("CRL number {} has no end line", out.len() + 1));
        };
        let block = &rest[i..i + j + end.len()];
        let der = super::cosign::pem_body(block, &["X509 CRL"])
            .ok_or_else(|| format!("CRL number {} is not valid PEM", out.len() + 1))?;
        read_crl(&der).map_err(|why| format!("CRL number {}: {why}", out.len() + 1))?;
        out.push(der);
        rest = &rest[i + j + end.len()..];
    }
    Ok(out)
}

fn no_code_signing(leaf: &Certificate) -> SignError {
    SignError::Certificate(format!(
        "the certificate of {} does not allow code signing (no codeSigning extended key usage)",
        subject_of(leaf)
    ))
}

fn chain_error(
    e: webpki::Error,
    leaf: &Certificate,
    at: SystemTime,
    source: AtSource,
    trust: &std::path::Path,
) -> SignError {
    let who = subject_of(leaf);
    let when = source.describe();
    match e {
        webpki::Error::CertExpired { not_after, .. } => SignError::Certificate(format!(
            "a certificate in the chain of {who} expired on {}, before {when} {}",
            date(SystemTime::UNIX_EPOCH + Duration::from_secs(not_after.as_secs())),
            date(at)
        )),
        webpki::Error::CertNotValidYet { not_before, .. } => SignError::Certificate(format!(
            "a certificate in the chain of {who} is valid only from {}, after {when} {}",
            date(SystemTime::UNIX_EPOCH + Duration::from_secs(not_before.as_secs())),
            date(at)
        )),
        webpki::Error::CertRevoked => {
            SignError::Withdrawn(format!("a CRL revokes a certificate in the chain of {who}"))
        }
        webpki::Error::CrlExpired { next_update, .. } => SignError::Certificate(format!(
            "a CRL for the chain of {who} was due for renewal on {}, before {when} {}: get a current one",
            date(SystemTime::UNIX_EPOCH + Duration::from_secs(next_update.as_secs())),
            date(at)
        )),
        webpki::Error::InvalidCrlSignatureForPublicKey
        | webpki::Error::UnsupportedCrlSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedCrlSignatureAlgorithmForPublicKeyContext(_) => {
            SignError::Certificate(format!(
                "a CRL for the chain of {who} is not signed by its issuer ({e:?})"
            ))
        }
        #[allow(deprecated)]
        webpki::Error::RequiredEkuNotFound | webpki::Error::RequiredEkuNotFoundContext(_) => {
            SignError::Certificate(format!(
                "a certificate in the chain of {who} does not allow this purpose (extended key usage)"
            ))
        }
        // An issuer of the same name whose key did not sign the certificate is another CA.
        webpki::Error::UnknownIssuer | webpki::Error::InvalidSignatureForPublicKey => {
            SignError::Untrusted {
                trust: trust.to_path_buf(),
            }
        }
        other => SignError::Certificate(format!(
            "the certificate chain of {who} is not valid: {other:?}"
        )),
    }
}

/// The PEM text of certificates.
pub fn to_pem(certs: &[Certificate]) -> Vec<String> {
    certs
        .iter()
        .filter_map(|c| c.to_pem(x509_cert::der::pem::LineEnding::LF).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publisher() -> (Issued, Issued) {
        let ca = generate_ca("Test", Validity::days(30)).unwrap();
        let p = issue_publisher(&ca, "Signer", Validity::days(10)).unwrap();
        (ca, p)
    }

    #[test]
    fn signs_and_verifies_and_notices_tampering() {
        let (ca, p) = publisher();
        let key = load_key(&p.key_pem).unwrap();
        let leaf = certificates(&p.cert_pem).remove(0);
        let content = crate::signing::Content::in_memory(b"bundle bytes".to_vec());
        let der = sign(&content.sha256, &key, &leaf, &[]).unwrap();
        let trust = std::path::Path::new("trust.pem");
        let ok = verify(&der, &content, &ca.cert_pem, trust, &Policy::default()).unwrap();
        assert_eq!(ok.signer, "CN=Signer");
        assert!(ok.signing_time.is_some());
        assert!(matches!(
            verify(
                &der,
                &crate::signing::Content::in_memory(b"bundle bytez".to_vec()),
                &ca.cert_pem,
                trust,
                &Policy::default()
            ),
            Err(SignError::BadSignatureBecause(_))
        ));
        let (other_ca, _) = publisher();
        assert!(matches!(
            verify(
                &der,
                &content,
                &other_ca.cert_pem,
                trust,
                &Policy::default()
            ),
            Err(SignError::Untrusted { .. })
        ));
        // PEM and base64 forms read back to the same DER.
        assert_eq!(cms_der(cms_pem(&der).as_bytes()).unwrap(), der);
    }

    #[test]
    fn publisher_validity_ends_with_the_ca() {
        let ca = generate_ca("Short", Validity::days(2)).unwrap();
        let p = issue_publisher(&ca, "Long", Validity::days(400)).unwrap();
        let ca_cert = certificates(&ca.cert_pem).remove(0);
        let leaf = certificates(&p.cert_pem).remove(0);
        assert!(validity_of(&leaf).1 <= validity_of(&ca_cert).1);
        assert!(has_code_signing(&leaf));
        assert!(!has_code_signing(&ca_cert));
    }
}
