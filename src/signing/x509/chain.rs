//! The chain part of verifying: the trust bundle's CA certificates as anchors, CRLs (the newest
//! of each CA), and what a failed chain means for the user.

use super::verify::{AtSource, bad, end_entity};
use super::*;

/// The trust a chain is checked against: anchors from the trust bundle, and CRLs.
pub(super) struct Trust<'t> {
    /// The trust bundle's CA certificates.
    anchors: Vec<(Certificate, CertificateDer<'static>)>,
    crls: Vec<webpki::CertRevocationList<'static>>,
    path: &'t std::path::Path,
}

impl<'t> Trust<'t> {
    /// `crls` are read already (see [`crls_in`]); of several from one issuer only the newest
    /// (latest thisUpdate; the later one given on a tie) counts, as the others are superseded.
    pub(super) fn new(
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
    pub(super) fn chain(
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
        let der = crate::signing::cosign::pem_body(block, &["X509 CRL"])
            .ok_or_else(|| format!("CRL number {} is not valid PEM", out.len() + 1))?;
        read_crl(&der).map_err(|why| format!("CRL number {}: {why}", out.len() + 1))?;
        out.push(der);
        rest = &rest[i + j + end.len()..];
    }
    Ok(out)
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
