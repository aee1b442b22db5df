//! Flags of `alga sign`, `alga verify` and `alga keys`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Bundle to sign.
    pub bundle: PathBuf,

    /// Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign).
    #[arg(long, visible_alias = "alg", value_enum)]
    pub algorithm: Option<SignAlgorithm>,

    /// Private key file (cosign: password from COSIGN_PASSWORD; pgp: passphrase, if any, from
    /// ALGA_PGP_PASSPHRASE).
    #[arg(long)]
    pub key: Option<PathBuf>,

    /// Publisher certificate, PEM; may be followed by intermediates (x509).
    #[arg(long)]
    pub cert: Option<PathBuf>,

    /// Intermediate certificates, PEM (x509).
    #[arg(long, requires = "cert")]
    pub chain: Option<PathBuf>,

    /// Also write the peer tools' sidecar files.
    #[arg(long)]
    pub export: bool,

    /// x509: ask this RFC 3161 time-stamping authority to stamp the signature, so that it
    /// verifies after the certificate expires (the token goes into the CMS).
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
}

/// `--sign` and its companions, for commands that sign a bundle on the way (`pack`,
/// `extension publish`).
#[derive(Debug, Args)]
pub struct SignOnTheWayArgs {
    /// Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an
    /// x509 key with `--cert`), as `alga sign --key` does.
    #[arg(long, value_name = "KEY")]
    pub sign: Option<PathBuf>,

    /// With `--sign`: the signature algorithm (default: from the key file and `--cert`).
    #[arg(long, value_enum, requires = "sign")]
    pub sign_algorithm: Option<SignAlgorithm>,

    /// With `--sign`: the publisher certificate (x509).
    #[arg(long, requires = "sign")]
    pub cert: Option<PathBuf>,

    /// With `--sign`: intermediate certificates (x509).
    #[arg(long, requires = "cert")]
    pub chain: Option<PathBuf>,
}

impl SignOnTheWayArgs {
    /// The signing key, read and its password checked, when `--sign` is given: called before
    /// anything is written or sent, so that a bad key costs nothing.
    pub fn load_key(&self) -> anyhow::Result<Option<crate::signing::keys::SigningKey>> {
        let Some(path) = &self.sign else {
            return Ok(None);
        };
        Ok(Some(crate::signing::keys::load_signing_key(
            self.sign_algorithm.map(Into::into),
            path,
            self.cert.as_deref(),
            self.chain.as_deref(),
        )?))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignAlgorithm {
    X509,
    Pgp,
    Cosign,
}

impl From<SignAlgorithm> for crate::signing::keys::Algorithm {
    fn from(a: SignAlgorithm) -> Self {
        match a {
            SignAlgorithm::X509 => Self::X509,
            SignAlgorithm::Pgp => Self::Pgp,
            SignAlgorithm::Cosign => Self::Cosign,
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Bundle to verify.
    pub bundle: PathBuf,

    /// SIGNATURE file (default: next to the bundle), or a peer tool's signature (.p7s, .asc,
    /// .sig, .sigstore.json).
    #[arg(long)]
    pub signature: Option<PathBuf>,

    /// Trusted signers: CA certificates and public keys (PEM) or OpenPGP certificates; a file, or
    /// the PEM text itself (as SIGNING_TRUST_BUNDLE holds it).
    #[arg(long, env = "SIGNING_TRUST_BUNDLE", hide_env_values = true)]
    pub trust: Option<String>,

    /// x509: check the certificates at this time instead of now, on purpose (RFC 3339, or
    /// YYYY-MM-DD for midnight UTC). Without it, only a timestamp from a trusted time-stamping
    /// authority in the CMS moves the time; the signer's own signingTime never does.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<time::OffsetDateTime>,

    /// x509: a certificate revocation list (PEM or DER) to check the chain against; repeatable.
    /// CRLs in the trust bundle (`X509 CRL` blocks) are used too.
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Generate a key pair (and for x509 a development CA).
    Generate(KeysGenerateArgs),
}

#[derive(Debug, Args)]
pub struct KeysGenerateArgs {
    /// Kind of key.
    #[arg(long, visible_alias = "alg", value_enum)]
    pub algorithm: SignAlgorithm,

    /// Folder for the key files.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,

    /// Signer name (x509 common name, OpenPGP user id).
    #[arg(long)]
    pub name: Option<String>,

    /// x509: issue the publisher certificate from this CA certificate instead of a new CA.
    #[arg(long, requires = "ca_key")]
    pub ca: Option<PathBuf>,

    /// x509: the private key of `--ca`.
    #[arg(long, requires = "ca")]
    pub ca_key: Option<PathBuf>,

    /// x509: days the publisher certificate is valid (a new CA: at least 3650).
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub days: u32,

    /// x509: first day the publisher certificate is valid (YYYY-MM-DD, UTC; default now).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub not_before: Option<time::OffsetDateTime>,

    /// x509: last day the publisher certificate is valid (YYYY-MM-DD, UTC; overrides `--days`).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub not_after: Option<time::OffsetDateTime>,
}

/// A `YYYY-MM-DD` date, as midnight UTC.
pub fn parse_date(s: &str) -> Result<time::OffsetDateTime, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &format)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| format!("`{s}` is not a date like 2027-01-31"))
}

/// An RFC 3339 time (`2027-01-31T12:00:00Z`), or a `YYYY-MM-DD` date as midnight UTC.
pub fn parse_time(s: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
        .or_else(|_| parse_date(s))
        .map_err(|_| {
            format!("`{s}` is not a time like 2027-01-31T12:00:00Z or a date like 2027-01-31")
        })
}
