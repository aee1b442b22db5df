//! OpenPGP (v4 keys, sequoia's pure-Rust backend): detached, ASCII-armored binary signatures
//! that `gpgv` and `sqv` verify.

use std::io::Write;

use sequoia_openpgp as openpgp;

use openpgp::cert::prelude::*;
use openpgp::packet::signature::SignatureBuilder;
use openpgp::parse::Parse;
use openpgp::parse::stream::{
    DetachedVerifierBuilder, MessageLayer, MessageStructure, VerificationError, VerificationHelper,
};
use openpgp::policy::StandardPolicy;
use openpgp::serialize::SerializeInto;
use openpgp::serialize::stream::{Armorer, Message, Signer};
use openpgp::types::SignatureType;

use super::SignError;
use crate::bundle::FileHasher;

fn key_err(e: impl std::fmt::Display) -> SignError {
    SignError::Key(e.to_string())
}

/// A new signing key: (armored secret key, armored public certificate); the secret key
/// material is encrypted when a passphrase is given.
pub fn generate(userid: &str, passphrase: Option<&[u8]>) -> Result<(String, String), SignError> {
    let (cert, _revocation) = CertBuilder::general_purpose(Some(userid))
        .set_profile(openpgp::Profile::RFC4880)
        .map_err(key_err)?
        .set_password(passphrase.map(openpgp::crypto::Password::from))
        .generate()
        .map_err(key_err)?;
    let secret = cert.as_tsk().armored().to_vec().map_err(key_err)?;
    let public = cert.armored().to_vec().map_err(key_err)?;
    Ok((
        String::from_utf8(secret).map_err(key_err)?,
        String::from_utf8(public).map_err(key_err)?,
    ))
}

/// The armored public certificate of an armored secret key (for the SIGNATURE file).
pub fn public_of(secret: &str) -> Result<String, SignError> {
    let cert = Cert::from_bytes(secret.as_bytes()).map_err(key_err)?;
    String::from_utf8(cert.armored().to_vec().map_err(key_err)?).map_err(key_err)
}

/// The first usable secret signing (sub)key of an armored secret key, possibly encrypted.
fn signing_key(
    secret: &str,
) -> Result<
    openpgp::packet::Key<openpgp::packet::key::SecretParts, openpgp::packet::key::UnspecifiedRole>,
    SignError,
> {
    let cert = Cert::from_bytes(secret.as_bytes())
        .map_err(|e| SignError::Key(format!("not an OpenPGP secret key: {e}")))?;
    let policy = StandardPolicy::new();
    let key = cert
        .keys()
        .secret()
        .with_policy(&policy, None)
        .supported()
        .alive()
        .revoked(false)
        .for_signing()
        .next()
        .ok_or_else(|| SignError::Key("the key has no usable secret signing key".into()))?;
    Ok(key.key().clone())
}

/// Whether the key's signing key is passphrase-protected (so the caller knows to ask).
pub fn needs_passphrase(secret: &str) -> Result<bool, SignError> {
    Ok(!signing_key(secret)?.has_unencrypted_secret())
}

/// A secret key ready to sign: the signing (sub)key decrypted, and the public certificate.
pub struct Unlocked {
    key: openpgp::packet::Key<
        openpgp::packet::key::SecretParts,
        openpgp::packet::key::UnspecifiedRole,
    >,
    /// The armored public certificate (for the SIGNATURE file).
    pub public: String,
}

/// Opens an armored secret key, decrypting its signing key with `passphrase` when protected.
pub fn unlock(secret: &str, passphrase: Option<&[u8]>) -> Result<Unlocked, SignError> {
    let mut key = signing_key(secret)?;
    if !key.has_unencrypted_secret() {
        let password = openpgp::crypto::Password::from(passphrase.ok_or(SignError::NoPassphrase)?);
        key = key
            .decrypt_secret(&password)
            .map_err(|_| SignError::WrongPassphrase)?;
    }
    Ok(Unlocked {
        key,
        public: public_of(secret)?,
    })
}

/// A detached, armored signature of `data` with the key's signing-capable (sub)key, decrypted
/// with `passphrase` when it is protected.
#[cfg(test)]
pub fn sign(secret: &str, passphrase: Option<&[u8]>, data: &[u8]) -> Result<String, SignError> {
    let unlocked = unlock(secret, passphrase)?;
    sign_hashing(&unlocked, |hasher| hasher.feed(data).map_err(key_err))
        .map(|((), armored)| armored)
}

/// A detached signature (armored, SHA-256) of what `feed` gives the hasher it is handed, which
/// also tells the SHA-256 of those bytes; gives what `feed` returned too. For a v4 key the
/// signature's own hash context is that hasher: the signed hash is the SHA-256 of the data
/// followed by the signature's trailer, so the data is hashed once for both.
pub fn sign_hashing<T>(
    unlocked: &Unlocked,
    feed: impl FnOnce(&mut dyn FileHasher) -> Result<T, SignError>,
) -> Result<(T, String), SignError> {
    let key = unlocked.key.clone();
    let version = key.version();
    let mut keypair = key.into_keypair().map_err(key_err)?;
    if version != 4 {
        // Later versions hash a salt before the data: the stream signer does it, beside a hash of
        // the data alone.
        return sign_streaming(keypair, feed);
    }
    let mut hasher = SignatureHash(
        openpgp::types::HashAlgorithm::SHA256
            .context()
            .map_err(key_err)?
            .for_signature(version),
    );
    let fed = feed(&mut hasher)?;
    let sig = SignatureBuilder::new(SignatureType::Binary)
        .sign_hash(&mut keypair, hasher.0)
        .map_err(key_err)?;
    let mut armor = openpgp::armor::Writer::new(Vec::new(), openpgp::armor::Kind::Signature)
        .map_err(key_err)?;
    openpgp::serialize::Serialize::serialize(&openpgp::Packet::from(sig), &mut armor)
        .map_err(key_err)?;
    let armored = armor.finalize().map_err(key_err)?;
    Ok((fed, String::from_utf8(armored).map_err(key_err)?))
}

/// A v4 signature's hash context, hashing the data for the signature and for its digest.
struct SignatureHash(openpgp::crypto::hash::Context);

impl FileHasher for SignatureHash {
    fn feed(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.0.update(data);
        Ok(())
    }

    fn sha256(&self) -> [u8; 32] {
        let mut digest = [0u8; 32];
        // A copy: the context itself goes on to hash the signature's trailer. (A SHA-256 context
        // does not fail; if it did, the zero digest would fail the digest check of verify.)
        let _ = self.0.clone().digest(&mut digest);
        digest
    }
}

/// [`sign_hashing`] through sequoia's stream signer, the data hashed a second time for its digest.
fn sign_streaming<T>(
    keypair: openpgp::crypto::KeyPair,
    feed: impl FnOnce(&mut dyn FileHasher) -> Result<T, SignError>,
) -> Result<(T, String), SignError> {
    let mut out = Vec::new();
    let fed = {
        let message = Message::new(&mut out);
        let message = Armorer::new(message)
            .kind(openpgp::armor::Kind::Signature)
            .build()
            .map_err(key_err)?;
        let signer = Signer::new(message, keypair)
            .map_err(key_err)?
            .hash_algo(openpgp::types::HashAlgorithm::SHA256)
            .map_err(key_err)?
            .detached()
            .build()
            .map_err(key_err)?;
        let mut hasher = StreamHash {
            signer,
            sha256: sha2::Sha256::default(),
        };
        let fed = feed(&mut hasher)?;
        hasher.signer.finalize().map_err(key_err)?;
        fed
    };
    Ok((fed, String::from_utf8(out).map_err(key_err)?))
}

/// Feeds sequoia's stream signer, and hashes the data for its digest.
struct StreamHash<'a> {
    signer: Message<'a>,
    sha256: sha2::Sha256,
}

impl FileHasher for StreamHash<'_> {
    fn feed(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.sha256.feed(data)?;
        self.signer.write_all(data)
    }

    fn sha256(&self) -> [u8; 32] {
        self.sha256.sha256()
    }
}

/// Every certificate in an armored or binary keyring.
pub fn certs(keyring: &[u8]) -> Vec<Cert> {
    certs_of(keyring)
}

/// The certificates of armored `blocks`, copies merged by fingerprint; blocks that hold only
/// signatures (revocation certificates) add them to the certificate whose key made them.
pub fn merge_keyring(blocks: &[&str]) -> Vec<Cert> {
    use openpgp::Packet;
    let mut certs: Vec<Cert> = Vec::new();
    let mut loose = Vec::new();
    for block in blocks {
        let found = certs_of(block.as_bytes());
        if found.is_empty() {
            if let Ok(pile) = openpgp::PacketPile::from_bytes(block.as_bytes()) {
                loose.extend(pile.into_children().filter_map(|p| match p {
                    Packet::Signature(sig) => Some(sig),
                    _ => None,
                }));
            }
            continue;
        }
        for cert in found {
            match certs
                .iter()
                .position(|c| c.fingerprint() == cert.fingerprint())
            {
                Some(i) => {
                    let old = certs.swap_remove(i);
                    certs.push(old.clone().merge_public(cert).unwrap_or(old));
                }
                None => certs.push(cert),
            }
        }
    }
    for sig in loose {
        for cert in certs.iter_mut() {
            let by_this = sig
                .get_issuers()
                .iter()
                .any(|issuer| issuer.aliases(openpgp::KeyHandle::from(cert.fingerprint())));
            if by_this && let Ok((merged, _)) = cert.clone().insert_packets(sig.clone()) {
                *cert = merged;
            }
        }
    }
    certs
}

/// Every certificate in one armored block or binary keyring, skipping what does not parse.
fn certs_of(bytes: &[u8]) -> Vec<Cert> {
    openpgp::cert::CertParser::from_bytes(bytes)
        .map(|p| p.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

/// Why a detached signature was not accepted.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Good signature by the certificate with this fingerprint.
    Good(String),
    /// No certificate in the keyring made it.
    UnknownSigner,
    /// A certificate in the keyring made it, but it or its signing key is not usable now under
    /// the standard policy (revoked, expired, not for signing): the reason.
    Unusable(String),
    Bad,
}

struct Helper {
    certs: Vec<Cert>,
    outcome: Option<Outcome>,
    /// The key that made a good signature.
    signer_key: Option<openpgp::Fingerprint>,
}

impl VerificationHelper for Helper {
    fn get_certs(&mut self, _ids: &[openpgp::KeyHandle]) -> openpgp::Result<Vec<Cert>> {
        Ok(self.certs.clone())
    }

    fn check(&mut self, structure: MessageStructure) -> openpgp::Result<()> {
        let mut outcome = Outcome::Bad;
        for layer in structure {
            if let MessageLayer::SignatureGroup { results } = layer {
                for r in results {
                    match r {
                        Ok(good) => {
                            outcome = Outcome::Good(good.ka.cert().fingerprint().to_hex());
                            self.signer_key = Some(good.ka.key().fingerprint());
                            break;
                        }
                        Err(VerificationError::MissingKey { .. }) if outcome == Outcome::Bad => {
                            outcome = Outcome::UnknownSigner;
                        }
                        Err(
                            VerificationError::UnboundKey { error, .. }
                            | VerificationError::BadKey { error, .. },
                        ) => {
                            outcome = Outcome::Unusable(error.to_string());
                        }
                        Err(_) => {}
                    }
                }
            }
        }
        let good = matches!(outcome, Outcome::Good(_));
        self.outcome = Some(outcome);
        if good {
            Ok(())
        } else {
            Err(anyhow::anyhow!("no good signature"))
        }
    }
}

/// Checks a detached signature (armored or binary) over `data` against `certs`.
#[cfg(test)]
pub fn verify(certs: Vec<Cert>, signature: &[u8], data: &[u8]) -> Outcome {
    verify_reader(certs, signature, data)
}

/// Checks a detached signature (armored or binary) over the bytes `data` reads, as they
/// stream, against `certs`.
pub fn verify_reader(
    certs: Vec<Cert>,
    signature: &[u8],
    data: impl std::io::Read + Send + Sync,
) -> Outcome {
    let policy = StandardPolicy::new();
    let helper = Helper {
        certs,
        outcome: None,
        signer_key: None,
    };
    let Ok(builder) = DetachedVerifierBuilder::from_bytes(signature) else {
        return Outcome::Bad;
    };
    let mut verifier = match builder.with_policy(&policy, None, helper) {
        Ok(v) => v,
        Err(_) => return Outcome::Bad,
    };
    let _ = verifier.verify_reader(data);
    let helper = verifier.into_helper();
    match (helper.outcome, helper.signer_key) {
        (Some(Outcome::Good(fp)), Some(key)) => {
            // The signature's own creation time is the signer's claim: the certificate and the
            // key that made it must also be usable now.
            let cert = helper.certs.iter().find(|c| c.fingerprint().to_hex() == fp);
            match cert.map(|c| usable_now(c, &key, &policy)) {
                Some(Ok(())) => Outcome::Good(fp),
                Some(Err(why)) => Outcome::Unusable(why),
                None => Outcome::Bad,
            }
        }
        (Some(Outcome::Good(_)), None) | (None, _) => Outcome::Bad,
        (Some(outcome), _) => outcome,
    }
}

/// Whether `cert` and its key `key` may sign now under `policy`: neither revoked nor expired,
/// and the key flagged for signing.
fn usable_now(
    cert: &Cert,
    key: &openpgp::Fingerprint,
    policy: &StandardPolicy,
) -> Result<(), String> {
    use openpgp::types::RevocationStatus;
    let valid = cert
        .with_policy(policy, None)
        .map_err(|e| format!("the certificate is not valid now: {e}"))?;
    if let RevocationStatus::Revoked(_) = valid.revocation_status() {
        return Err("the certificate is revoked".into());
    }
    valid
        .alive()
        .map_err(|e| format!("the certificate is not alive now: {e}"))?;
    let ka = valid
        .keys()
        .key_handle(key.clone())
        .next()
        .ok_or_else(|| format!("the signing key {key} is not valid now"))?;
    if let RevocationStatus::Revoked(_) = ka.revocation_status() {
        return Err(format!("the signing key {key} is revoked"));
    }
    ka.alive()
        .map_err(|e| format!("the signing key {key} is not alive now: {e}"))?;
    if !ka.for_signing() {
        return Err(format!("the key {key} is not flagged for signing"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify() {
        let (secret, public) = generate("Test <t@example.com>", None).unwrap();
        assert!(secret.contains("BEGIN PGP PRIVATE KEY BLOCK"));
        assert!(public.contains("BEGIN PGP PUBLIC KEY BLOCK"));
        let sig = sign(&secret, None, b"data").unwrap();
        assert!(sig.contains("BEGIN PGP SIGNATURE"));
        let certs_ = certs(public.as_bytes());
        assert!(matches!(
            verify(certs_.clone(), sig.as_bytes(), b"data"),
            Outcome::Good(_)
        ));
        assert_eq!(verify(certs_, sig.as_bytes(), b"datA"), Outcome::Bad);
        let (_, other) = generate("Other <o@example.com>", None).unwrap();
        assert_eq!(
            verify(certs(other.as_bytes()), sig.as_bytes(), b"data"),
            Outcome::UnknownSigner
        );
    }

    /// A key of `profile`: (armored secret key, certificates).
    fn key_of(profile: openpgp::Profile) -> (String, Vec<Cert>) {
        let (cert, _) = CertBuilder::general_purpose(Some("P <p@example.com>"))
            .set_profile(profile)
            .unwrap()
            .generate()
            .unwrap();
        let secret = String::from_utf8(cert.as_tsk().armored().to_vec().unwrap()).unwrap();
        (secret, vec![cert])
    }

    #[test]
    fn one_hashing_gives_the_digest_and_the_signature_for_each_key_version() {
        use sha2::Digest;
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
        let sha256: [u8; 32] = sha2::Sha256::digest(&data).into();
        for (profile, version) in [
            (openpgp::Profile::RFC4880, 4),
            (openpgp::Profile::RFC9580, 6),
        ] {
            let (secret, certs_) = key_of(profile);
            let unlocked = unlock(&secret, None).unwrap();
            assert_eq!(unlocked.key.version(), version);
            let (digest, armored) = sign_hashing(&unlocked, |hasher| {
                for part in data.chunks(4096) {
                    hasher.feed(part).unwrap();
                }
                Ok(hasher.sha256())
            })
            .unwrap();
            assert_eq!(digest, sha256, "v{version}");
            assert!(
                matches!(
                    verify(certs_.clone(), armored.as_bytes(), &data),
                    Outcome::Good(_)
                ),
                "v{version}"
            );
            assert_eq!(
                verify(certs_, armored.as_bytes(), &data[1..]),
                Outcome::Bad,
                "v{version}"
            );
        }
    }
}
