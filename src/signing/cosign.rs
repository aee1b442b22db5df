//! cosign-compatible keys and signatures: ECDSA P-256 over SHA-256, `cosign.key` in cosign's
//! encrypted format (scrypt + NaCl secretbox over the PKCS#8 key), `cosign.pub` as SPKI PEM,
//! base64 DER signatures, and sigstore bundle v0.3 with a public-key hint.

use base64::Engine as _;
use crypto_secretbox::aead::Aead;
use crypto_secretbox::{KeyInit, Nonce, XSalsa20Poly1305};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2_10::{Digest, Sha256};

use super::SignError;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// PEM labels cosign writes (current and older releases).
const KEY_LABELS: [&str; 2] = [
    "ENCRYPTED SIGSTORE PRIVATE KEY",
    "ENCRYPTED COSIGN PRIVATE KEY",
];

#[derive(Serialize, Deserialize)]
struct EncryptedKey {
    kdf: Kdf,
    cipher: Cipher,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    params: KdfParams,
    salt: String,
}

#[derive(Serialize, Deserialize)]
#[allow(non_snake_case)]
struct KdfParams {
    N: u64,
    r: u32,
    p: u32,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    nonce: String,
}

/// cosign's scrypt cost: N = 2^16, r = 8, p = 1.
const LOG_N: u8 = 16;

fn derive(password: &[u8], salt: &[u8], log_n: u8, r: u32, p: u32) -> Result<[u8; 32], SignError> {
    let params = scrypt::Params::new(log_n, r, p, 32)
        .map_err(|e| SignError::Key(format!("bad scrypt parameters: {e}")))?;
    let mut key = [0u8; 32];
    scrypt::scrypt(password, salt, &params, &mut key).map_err(|e| SignError::Key(e.to_string()))?;
    Ok(key)
}

pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let body = B64.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ascii"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The body of the first PEM block with one of `labels`.
pub(crate) fn pem_body(text: &str, labels: &[&str]) -> Option<Vec<u8>> {
    for label in labels {
        let begin = format!("-----BEGIN {label}-----");
        let end = format!("-----END {label}-----");
        if let Some(i) = text.find(&begin) {
            let rest = &text[i + begin.len()..];
            let j = rest.find(&end)?;
            let b64: String = rest[..j].chars().filter(|c| !c.is_whitespace()).collect();
            return B64.decode(b64).ok();
        }
    }
    None
}

/// A new key pair: (`cosign.key` text, `cosign.pub` text).
pub fn generate(password: &[u8]) -> Result<(String, String), SignError> {
    let sk = SigningKey::random(&mut OsRng);
    let der = sk
        .to_pkcs8_der()
        .map_err(|e| SignError::Key(e.to_string()))?;
    let mut salt = [0u8; 32];
    OsRng.fill_bytes(&mut salt);
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let key = derive(password, &salt, LOG_N, 8, 1)?;
    let ciphertext = XSalsa20Poly1305::new(&key.into())
        .encrypt(Nonce::from_slice(&nonce), der.as_bytes())
        .map_err(|_| SignError::Key("encryption failed".into()))?;
    let doc = EncryptedKey {
        kdf: Kdf {
            name: "scrypt".into(),
            params: KdfParams {
                N: 1 << LOG_N,
                r: 8,
                p: 1,
            },
            salt: B64.encode(salt),
        },
        cipher: Cipher {
            name: "nacl/secretbox".into(),
            nonce: B64.encode(nonce),
        },
        ciphertext: B64.encode(ciphertext),
    };
    let json = serde_json::to_vec(&doc).expect("key document serializes");
    let public = public_pem(sk.verifying_key())?;
    Ok((pem(KEY_LABELS[0], &json), public))
}

fn public_pem(vk: &VerifyingKey) -> Result<String, SignError> {
    vk.to_public_key_pem(LineEnding::LF)
        .map_err(|e| SignError::Key(e.to_string()))
}

/// Whether `text` holds a password-protected cosign key (rather than a plain PKCS#8 PEM).
pub fn is_encrypted(text: &str) -> bool {
    KEY_LABELS
        .iter()
        .any(|label| text.contains(&format!("-----BEGIN {label}-----")))
}

/// Decrypts a cosign private key (or reads an unencrypted P-256 PEM key, PKCS#8 or SEC1).
pub fn load_private(text: &str, password: &[u8]) -> Result<SigningKey, SignError> {
    if let Some(json) = pem_body(text, &KEY_LABELS) {
        let doc: EncryptedKey = serde_json::from_slice(&json)
            .map_err(|e| SignError::Key(format!("not a cosign key document: {e}")))?;
        if doc.kdf.name != "scrypt" || doc.cipher.name != "nacl/secretbox" {
            return Err(SignError::Key(format!(
                "unsupported key encryption `{}` / `{}`",
                doc.kdf.name, doc.cipher.name
            )));
        }
        let KdfParams { N: n, r, p } = doc.kdf.params;
        // cosign writes N = 2^15 (older releases) or 2^16; the caps keep a hostile key file
        // from asking for more memory than the machine has (128 * r * N bytes).
        if !n.is_power_of_two()
            || !(2..=1 << 20).contains(&n)
            || !(1..=32).contains(&r)
            || !(1..=16).contains(&p)
        {
            return Err(SignError::Key(format!(
                "unsupported scrypt parameters N={n} r={r} p={p} (N must be a power of two up to 2^20, r at most 32, p at most 16)"
            )));
        }
        let log_n = n.trailing_zeros() as u8;
        let salt = B64
            .decode(&doc.kdf.salt)
            .map_err(|_| SignError::Key("bad salt".into()))?;
        let nonce = B64
            .decode(&doc.cipher.nonce)
            .map_err(|_| SignError::Key("bad nonce".into()))?;
        if nonce.len() != 24 {
            return Err(SignError::Key("bad nonce length".into()));
        }
        let ct = B64
            .decode(&doc.ciphertext)
            .map_err(|_| SignError::Key("bad ciphertext".into()))?;
        let key = derive(password, &salt, log_n, r, p)?;
        let der = XSalsa20Poly1305::new(&key.into())
            .decrypt(Nonce::from_slice(&nonce), ct.as_slice())
            .map_err(|_| SignError::WrongPassword)?;
        return key_from_pkcs8(&der).map_err(SignError::Key);
    }
    key_from_pem(text).map_err(|why| {
        SignError::Key(format!(
            "expected an `ENCRYPTED SIGSTORE PRIVATE KEY` (cosign.key) or a P-256 `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1) PEM: {why}"
        ))
    })
}

/// A P-256 private key in PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) PEM.
pub(crate) fn key_from_pem(text: &str) -> Result<SigningKey, String> {
    if let Some(der) = pem_body(text, &["PRIVATE KEY"]) {
        key_from_pkcs8(&der)
    } else if let Some(der) = pem_body(text, &["EC PRIVATE KEY"]) {
        key_from_sec1(&der)
    } else {
        Err("no `PRIVATE KEY` or `EC PRIVATE KEY` PEM block".into())
    }
}

/// A P-256 private key from PKCS#8 DER.
pub(crate) fn key_from_pkcs8(der: &[u8]) -> Result<SigningKey, String> {
    use p256::pkcs8::der::Decode;
    use p256::pkcs8::{AssociatedOid, ObjectIdentifier, PrivateKeyInfo};
    const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    let info = PrivateKeyInfo::from_der(der).map_err(|e| format!("not a PKCS#8 key: {e}"))?;
    info.algorithm
        .assert_oids(EC_PUBLIC_KEY, p256::NistP256::OID)
        .map_err(|_| "not an ECDSA P-256 key".to_string())?;
    key_from_sec1(info.private_key)
}

/// A P-256 private key from SEC1 DER (`EC PRIVATE KEY`). The public key is derived from the
/// secret once, and must equal the copy the key may carry; reading the key through
/// `SigningKey::from_pkcs8_der` derives it twice (a scalar multiplication each).
pub(crate) fn key_from_sec1(der: &[u8]) -> Result<SigningKey, String> {
    use p256::pkcs8::AssociatedOid;
    use p256::pkcs8::der::Decode;
    let sec1 = sec1::EcPrivateKey::from_der(der).map_err(|e| format!("not an EC key: {e}"))?;
    if let Some(params) = sec1.parameters
        && params.named_curve() != Some(p256::NistP256::OID)
    {
        return Err("not a P-256 key".into());
    }
    let secret = p256::SecretKey::from_slice(sec1.private_key)
        .map_err(|_| "the secret is not a P-256 scalar".to_string())?;
    let key = SigningKey::from(secret);
    if let Some(public) = sec1.public_key {
        let carried = VerifyingKey::from_sec1_bytes(public)
            .map_err(|_| "its public key is not a P-256 point".to_string())?;
        if carried != *key.verifying_key() {
            return Err("its public key does not belong to its secret".into());
        }
    }
    Ok(key)
}

/// Every P-256 public key (SPKI PEM) in `text`.
pub fn load_public_keys(text: &str) -> Vec<VerifyingKey> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("-----BEGIN PUBLIC KEY-----") {
        let block = &rest[i..];
        let Some(j) = block.find("-----END PUBLIC KEY-----") else {
            break;
        };
        let end = j + "-----END PUBLIC KEY-----".len();
        if let Ok(k) = VerifyingKey::from_public_key_pem(&block[..end]) {
            keys.push(k);
        }
        rest = &block[end..];
    }
    keys
}

/// The signature (DER) of `data`.
#[cfg(test)]
pub fn sign(key: &SigningKey, data: &[u8]) -> Vec<u8> {
    use p256::ecdsa::signature::Signer;
    let sig: Signature = key.sign(data);
    sig.to_der().as_bytes().to_vec()
}

#[cfg(test)]
pub fn verify(key: &VerifyingKey, data: &[u8], der: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    Signature::from_der(der).is_ok_and(|sig| key.verify(data, &sig).is_ok())
}

/// The signature (DER) of data whose SHA-256 is `digest`: the same bytes as a signature of the
/// data (RFC 6979 nonces derive from the digest).
pub fn sign_digest(key: &SigningKey, digest: &[u8; 32]) -> Result<Vec<u8>, SignError> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let sig: Signature = key
        .sign_prehash(digest)
        .map_err(|e| SignError::Key(e.to_string()))?;
    Ok(sig.to_der().as_bytes().to_vec())
}

/// [`verify`] for data whose SHA-256 is `digest`.
pub fn verify_digest(key: &VerifyingKey, digest: &[u8; 32], der: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    Signature::from_der(der).is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok())
}

/// The public key in PEM and its hint (base64 SHA-256 of the SPKI DER), as cosign writes it.
pub fn public_parts(key: &VerifyingKey) -> Result<(String, String), SignError> {
    let der = key
        .to_public_key_der()
        .map_err(|e| SignError::Key(e.to_string()))?;
    Ok((public_pem(key)?, B64.encode(Sha256::digest(der.as_bytes()))))
}

/// A sigstore bundle v0.3 for a key-signed blob (no transparency log entry).
pub fn sigstore_bundle(digest: &[u8], der_sig: &[u8], hint: &str) -> serde_json::Value {
    serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "publicKey": { "hint": hint },
            "tlogEntries": [],
            "timestampVerificationData": {}
        },
        "messageSignature": {
            "messageDigest": { "algorithm": "SHA2_256", "digest": B64.encode(digest) },
            "signature": B64.encode(der_sig)
        }
    })
}

pub fn public_from_pem(text: &str) -> Option<VerifyingKey> {
    load_public_keys(text).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_round_trip_and_signatures() {
        let (private, public) = generate(b"pw").unwrap();
        assert!(private.starts_with("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----"));
        assert!(matches!(
            load_private(&private, b"nope"),
            Err(SignError::WrongPassword)
        ));
        let sk = load_private(&private, b"pw").unwrap();
        let vk = public_from_pem(&public).unwrap();
        let sig = sign(&sk, b"data");
        assert!(verify(&vk, b"data", &sig));
        assert!(!verify(&vk, b"datA", &sig));
        assert!(!verify(&vk, b"data", &sig[..sig.len() - 1]));
    }

    #[test]
    fn private_keys_are_read_once_and_checked() {
        use p256::pkcs8::der::{Decode, Encode};
        let sk = SigningKey::random(&mut OsRng);
        let pkcs8 = sk.to_pkcs8_der().unwrap();
        let read = key_from_pkcs8(pkcs8.as_bytes()).unwrap();
        assert_eq!(read.to_bytes(), sk.to_bytes());
        assert_eq!(read.verifying_key(), sk.verifying_key());
        let pem = sk.to_pkcs8_pem(LineEnding::LF).unwrap();
        assert_eq!(load_private(&pem, b"").unwrap().to_bytes(), sk.to_bytes());
        let sec1_pem = p256::SecretKey::from(sk.as_nonzero_scalar())
            .to_sec1_pem(LineEnding::LF)
            .unwrap();
        assert!(sec1_pem.contains("BEGIN EC PRIVATE KEY"));
        assert_eq!(
            load_private(&sec1_pem, b"").unwrap().to_bytes(),
            sk.to_bytes()
        );

        // A key that carries another key's public half is refused.
        let info = p256::pkcs8::PrivateKeyInfo::from_der(pkcs8.as_bytes()).unwrap();
        let mut sec1 = sec1::EcPrivateKey::from_der(info.private_key).unwrap();
        assert!(
            sec1.public_key.is_some(),
            "PKCS#8 from p256 carries the public key"
        );
        let other = SigningKey::random(&mut OsRng);
        let other_point = other.verifying_key().to_encoded_point(false);
        sec1.public_key = Some(other_point.as_bytes());
        let forged = sec1.to_der().unwrap();
        let err = key_from_sec1(&forged).unwrap_err();
        assert!(err.contains("does not belong"), "{err}");
        // Without the public half, it is derived.
        sec1.public_key = None;
        let bare = key_from_sec1(&sec1.to_der().unwrap()).unwrap();
        assert_eq!(bare.verifying_key(), sk.verifying_key());

        // Not P-256, or not EC at all.
        let mut info = p256::pkcs8::PrivateKeyInfo::from_der(pkcs8.as_bytes()).unwrap();
        let p384 = p256::pkcs8::ObjectIdentifier::new_unwrap("1.3.132.0.34");
        let p384_any = p256::pkcs8::der::asn1::AnyRef::from(&p384);
        info.algorithm.parameters = Some(p384_any);
        let err = key_from_pkcs8(&info.to_der().unwrap()).unwrap_err();
        assert!(err.contains("P-256"), "{err}");
        assert!(key_from_pkcs8(b"not der").unwrap_err().contains("PKCS#8"));
        assert!(
            load_private(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                b""
            )
            .is_err()
        );
    }
}
