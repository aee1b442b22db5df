//! Certificates made here with any validity (rcgen), and CMS signatures and RFC 3161 timestamp
//! tokens built with the cms crate, as a signer or authority could write them.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use time::{Duration, OffsetDateTime};
use x509_cert::Certificate;
use x509_cert::der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec};
use x509_cert::der::{Decode, Encode};
use x509_cert::spki::AlgorithmIdentifierOwned;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

pub struct Issued {
    pub key: KeyPair,
    pub cert: rcgen::Certificate,
    pub params: CertificateParams,
}

impl Issued {
    pub fn pem(&self) -> String {
        self.cert.pem()
    }
    fn x509(&self) -> Certificate {
        Certificate::from_der(self.cert.der()).unwrap()
    }
    fn signing_key(&self) -> SigningKey {
        SigningKey::from_pkcs8_pem(&self.key.serialize_pem()).unwrap()
    }
    pub fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_ca_cert_der(self.cert.der(), &self.key).unwrap()
    }
    pub fn serial(&self) -> rcgen::SerialNumber {
        self.params.serial_number.clone().unwrap()
    }
}

/// Days from now.
pub fn days(n: i64) -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::days(n)
}

fn params(name: &str, from: i64, until: i64, serial: u8) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.not_before = days(from);
    p.not_after = days(until);
    p.serial_number = Some(rcgen::SerialNumber::from_slice(&[serial, 1, 2, 3]));
    p
}

pub fn ca(name: &str) -> Issued {
    ca_valid(name, (-400, 400))
}

/// A CA valid from `from` to `until` days from now.
pub fn ca_valid(name: &str, (from, until): (i64, i64)) -> Issued {
    let mut p = params(name, from, until, 1);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = p.self_signed(&key).unwrap();
    Issued {
        key,
        cert,
        params: p,
    }
}

/// A CA certificate issued by `ca` (no extended key usage), valid as long as it.
pub fn intermediate(ca: &Issued, name: &str, serial: u8) -> Issued {
    let mut p = params(name, -400, 400, serial);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = p.signed_by(&key, &ca.issuer()).unwrap();
    Issued {
        key,
        cert,
        params: p,
    }
}

/// A time-stamping authority's certificate as RFC 3161 wants it: timeStamping the only
/// extended key usage, critical.
pub fn tsa(ca: &Issued, name: &str, (from, until): (i64, i64), serial: u8) -> Issued {
    let mut p = params(name, from, until, serial);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    // SEQUENCE { id-kp-timeStamping }
    let eku = [
        0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08,
    ];
    let mut ext = rcgen::CustomExtension::from_oid_content(&[2, 5, 29, 37], eku.to_vec());
    ext.set_criticality(true);
    p.custom_extensions = vec![ext];
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = p.signed_by(&key, &ca.issuer()).unwrap();
    Issued {
        key,
        cert,
        params: p,
    }
}

/// An end-entity certificate valid from `from` to `until` days from now, for `purpose`.
pub fn leaf(
    ca: &Issued,
    name: &str,
    (from, until): (i64, i64),
    purpose: ExtendedKeyUsagePurpose,
    serial: u8,
) -> Issued {
    let mut p = params(name, from, until, serial);
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![purpose];
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = p.signed_by(&key, &ca.issuer()).unwrap();
    Issued {
        key,
        cert,
        params: p,
    }
}

fn time_attribute(at: OffsetDateTime) -> x509_cert::attr::Attribute {
    let utc = x509_cert::der::asn1::UtcTime::from_system_time(at.into()).unwrap();
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(&utc.to_der().unwrap()).unwrap())
        .unwrap();
    x509_cert::attr::Attribute {
        oid: ID_SIGNING_TIME,
        values,
    }
}

/// A SignedData signed by `signer` over `eci` (detached when `digest` is given); the
/// signer claims `signing_time` when given.
fn signed(
    signer: &Issued,
    chain: &[&Issued],
    eci: &EncapsulatedContentInfo,
    digest: Option<&[u8]>,
    signing_time: Option<OffsetDateTime>,
) -> SignedData {
    let leaf = signer.x509();
    let key = signer.signing_key();
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: leaf.tbs_certificate.issuer.clone(),
        serial_number: leaf.tbs_certificate.serial_number.clone(),
    });
    let alg = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let mut info = SignerInfoBuilder::new(&key, sid, alg.clone(), eci, digest).unwrap();
    if let Some(t) = signing_time {
        info.add_signed_attribute(time_attribute(t)).unwrap();
    }
    let mut builder = SignedDataBuilder::new(eci);
    builder.add_digest_algorithm(alg).unwrap();
    builder
        .add_certificate(CertificateChoices::Certificate(leaf))
        .unwrap();
    for more in chain {
        builder
            .add_certificate(CertificateChoices::Certificate(more.x509()))
            .unwrap();
    }
    builder
        .add_signer_info::<SigningKey, DerSignature>(info)
        .unwrap();
    let ci = builder.build().unwrap();
    ci.content.decode_as().unwrap()
}

fn content_info(sd: &SignedData) -> Vec<u8> {
    cms::content_info::ContentInfo {
        content_type: ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2"),
        content: Any::encode_from(sd).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// A detached CMS over a bundle whose SHA-256 is `digest`, claiming `signing_time`.
pub fn cms(signer: &Issued, digest: &[u8], signing_time: OffsetDateTime) -> Vec<u8> {
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    content_info(&signed(signer, &[], &eci, Some(digest), Some(signing_time)))
}

fn der_tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match body.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(body);
    out
}

/// A TSTInfo stamping `imprint` (SHA-256) at `at`.
fn tst_info(imprint: &[u8], at: OffsetDateTime) -> Vec<u8> {
    let gen_time = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let mut body = Vec::new();
    body.extend(1u8.to_der().unwrap());
    body.extend(
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.4146.2.3")
            .to_der()
            .unwrap(),
    );
    let mut imprint_body = sha256.to_der().unwrap();
    imprint_body.extend(OctetString::new(imprint).unwrap().to_der().unwrap());
    body.extend(der_tlv(0x30, &imprint_body));
    body.extend(42u32.to_der().unwrap());
    body.extend(der_tlv(0x18, gen_time.as_bytes()));
    der_tlv(0x30, &body)
}

/// `cms` with a timestamp token by `tsa` in its signer's unsigned attributes, stamping
/// `at` over the signer's signature (or over `imprint_of` instead, when given).
pub fn with_timestamp(
    cms: &[u8],
    tsa: &Issued,
    at: OffsetDateTime,
    imprint_of: Option<&[u8]>,
) -> Vec<u8> {
    with_timestamp_chain(cms, tsa, &[], at, imprint_of)
}

/// [`with_timestamp`], the token also carrying `chain`.
pub fn with_timestamp_chain(
    cms: &[u8],
    tsa: &Issued,
    chain: &[&Issued],
    at: OffsetDateTime,
    imprint_of: Option<&[u8]>,
) -> Vec<u8> {
    use sha2::Digest;
    let ci = cms::content_info::ContentInfo::from_der(cms).unwrap();
    let mut sd: SignedData = ci.content.decode_as().unwrap();
    let mut infos = sd.signer_infos.0.into_vec();
    let signature = infos[0].signature.as_bytes().to_vec();
    let imprint = sha2::Sha256::digest(imprint_of.unwrap_or(&signature));
    let tst = tst_info(&imprint, at);
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_TST_INFO,
        econtent: Some(Any::encode_from(&OctetString::new(tst).unwrap()).unwrap()),
    };
    let token = content_info(&signed(tsa, chain, &eci, None, None));
    let mut values = SetOfVec::new();
    values.insert(Any::from_der(&token).unwrap()).unwrap();
    let mut attrs = SetOfVec::new();
    attrs
        .insert(x509_cert::attr::Attribute {
            oid: ID_TOKEN,
            values,
        })
        .unwrap();
    infos[0].unsigned_attrs = Some(attrs);
    sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos).unwrap());
    content_info(&sd)
}

/// A CRL by `ca` revoking `serials` (key compromise), current.
pub fn crl(ca: &Issued, serials: &[rcgen::SerialNumber]) -> String {
    crl_of(ca, serials, (-1, 30))
}

/// A CRL by `ca` revoking `serials`, issued and due for renewal `days` from now.
pub fn crl_of(ca: &Issued, serials: &[rcgen::SerialNumber], (issued, due): (i64, i64)) -> String {
    let params = rcgen::CertificateRevocationListParams {
        this_update: days(issued),
        next_update: days(due),
        crl_number: rcgen::SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: serials
            .iter()
            .map(|s| rcgen::RevokedCertParams {
                serial_number: s.clone(),
                revocation_time: days(issued),
                reason_code: Some(rcgen::RevocationReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    };
    params.signed_by(&ca.issuer()).unwrap().pem().unwrap()
}
