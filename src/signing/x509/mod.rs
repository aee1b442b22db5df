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

fn no_code_signing(leaf: &Certificate) -> SignError {
    SignError::Certificate(format!(
        "the certificate of {} does not allow code signing (no codeSigning extended key usage)",
        subject_of(leaf)
    ))
}

/// The PEM text of certificates.
pub fn to_pem(certs: &[Certificate]) -> Vec<String> {
    certs
        .iter()
        .filter_map(|c| c.to_pem(x509_cert::der::pem::LineEnding::LF).ok())
        .collect()
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

mod chain;
mod verify;
pub use chain::{check_crl, crls_in};
pub use verify::{AtSource, Policy, Verified, verify};

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
