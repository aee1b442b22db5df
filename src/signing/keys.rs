//! Opening signing keys: the key file (and for x509 the certificate) read, the algorithm told
//! from it when not given, passwords and passphrases asked for once, and everything checked
//! before any bundle is read.

use std::path::Path;

use anyhow::Context as _;

use super::{SignError, cosign};
use crate::error::UserError;

/// The signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    X509,
    Pgp,
    Cosign,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::X509 => "x509",
            Algorithm::Pgp => "pgp",
            Algorithm::Cosign => "cosign",
        }
    }
}

/// A secret from an environment variable, else a prompt when there is a terminal.
fn secret_from(var: &str, prompt: &str, missing: SignError) -> Result<Vec<u8>, SignError> {
    if let Some(p) = std::env::var_os(var) {
        return Ok(p.into_encoded_bytes());
    }
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return rpassword::prompt_password(prompt)
            .map(String::into_bytes)
            .map_err(|_| missing);
    }
    Err(missing)
}

/// The key password, as cosign reads it: COSIGN_PASSWORD, else a prompt on the terminal.
pub(crate) fn password() -> Result<Vec<u8>, SignError> {
    secret_from(
        "COSIGN_PASSWORD",
        "Enter password for private key: ",
        SignError::NoPassword,
    )
}

/// ALGA_PGP_PASSPHRASE, else a prompt on the terminal.
pub(crate) fn pgp_passphrase() -> Result<Vec<u8>, SignError> {
    secret_from(
        "ALGA_PGP_PASSPHRASE",
        "Enter passphrase for the OpenPGP key: ",
        SignError::NoPassphrase,
    )
}

/// The text of a file the user named; `what` says what it should be.
pub(crate) fn read_text(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        UserError::with_hint(
            format!("cannot read `{}`: {e}", path.display()),
            format!("pass {what}"),
        )
        .into()
    })
}

/// A signing key, read and checked (password, passphrase, certificate) before any work.
pub enum SigningKey {
    /// Opened once (an encrypted cosign.key costs a scrypt run).
    Cosign(p256::ecdsa::SigningKey),
    /// Unlocked once (a protected key costs an S2K run).
    Pgp(super::pgp::Unlocked),
    /// Read and checked against the certificate once.
    X509 {
        key: p256::ecdsa::SigningKey,
        cert: String,
        chain: Option<String>,
    },
}

/// The algorithm a key file is for, when not given: an OpenPGP block is pgp, a key with a
/// certificate is x509, any other key cosign.
fn detect_algorithm(key_text: &str, cert: Option<&Path>) -> Algorithm {
    if key_text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") {
        Algorithm::Pgp
    } else if cert.is_some() {
        Algorithm::X509
    } else {
        Algorithm::Cosign
    }
}

/// Reads the key (and certificate) and checks they can sign.
pub fn load_signing_key(
    algorithm: Option<Algorithm>,
    key: &Path,
    cert: Option<&Path>,
    chain: Option<&Path>,
) -> anyhow::Result<SigningKey> {
    let key_text = read_text(key, "the private key file")?;
    let algorithm = algorithm.unwrap_or_else(|| detect_algorithm(&key_text, cert));
    if algorithm != Algorithm::X509 && (cert.is_some() || chain.is_some()) {
        return Err(UserError::with_hint(
            format!(
                "`--cert` and `--chain` are for x509, not `{}`",
                algorithm.name()
            ),
            "drop them, or sign with `--algorithm x509`",
        )
        .into());
    }
    Ok(match algorithm {
        Algorithm::Cosign => {
            // A plain PKCS#8 or SEC1 key has no password to ask for.
            let password = if cosign::is_encrypted(&key_text) {
                password()?
            } else {
                Vec::new()
            };
            SigningKey::Cosign(
                cosign::load_private(&key_text, &password)
                    .with_context(|| format!("cannot open the signing key `{}`", key.display()))?,
            )
        }
        Algorithm::Pgp => {
            // Unlocked now, so that a wrong passphrase fails before packing.
            let passphrase = if super::pgp::needs_passphrase(&key_text)? {
                Some(pgp_passphrase()?)
            } else {
                None
            };
            SigningKey::Pgp(
                super::pgp::unlock(&key_text, passphrase.as_deref())
                    .with_context(|| format!("cannot open the signing key `{}`", key.display()))?,
            )
        }
        Algorithm::X509 => {
            let cert = cert.ok_or_else(|| {
                UserError::with_hint(
                    "x509 signing needs the publisher certificate",
                    "pass `--cert publisher.pem` (from `alga keys generate --algorithm x509`)",
                )
            })?;
            let cert_text = read_text(cert, "the publisher certificate (PEM)")?;
            let chain_text = chain
                .map(|c| read_text(c, "the intermediate certificates (PEM)"))
                .transpose()?;
            SigningKey::X509 {
                key: super::x509_key(&key_text, &cert_text)?,
                cert: cert_text,
                chain: chain_text,
            }
        }
    })
}
